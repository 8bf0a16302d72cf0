// "Did you mean": edit distance over code points and the choice of the closest term.
#include <gtest/gtest.h>

#include "search/spelling.hpp"

namespace dossier::search {
namespace {

TEST(Spelling, EditDistanceCountsEditsAndSwaps) {
  EXPECT_EQ(edit_distance("sanction", "sanction", 2), 0);
  EXPECT_EQ(edit_distance("sanctoin", "sanction", 2), 1);  // neighbours swapped
  EXPECT_EQ(edit_distance("santion", "sanction", 2), 1);
  EXPECT_EQ(edit_distance("sanctions", "sanction", 2), 1);
  EXPECT_EQ(edit_distance("kyiv", "k\xC3\xBDiv", 2), 1);  // one code point, two bytes
  EXPECT_EQ(edit_distance("abc", "xyz", 2), 3);           // cut off at max + 1
  EXPECT_EQ(edit_distance("a", "abcdefgh", 2), 3);
}

TEST(Spelling, ClosestTermPrefersFewerEditsThenMoreDocuments) {
  std::vector<VocabularyTerm> vocabulary = {
      {"sanction", 40}, {"section", 90}, {"station", 12}, {"sanctum", 1}};
  EXPECT_EQ(closest_term("sanctoin", vocabulary), "sanction");
  EXPECT_EQ(closest_term("secton", vocabulary), "section");
  std::vector<VocabularyTerm> tie = {{"port", 3}, {"post", 9}, {"part", 9}};
  EXPECT_EQ(closest_term("pxrt", tie), "part");  // tie on edits and documents: alphabetical
}

TEST(Spelling, ShortWordsAllowOneEditAndNothingCloseGivesNothing) {
  std::vector<VocabularyTerm> vocabulary = {{"port", 5}, {"oil", 7}};
  EXPECT_EQ(closest_term("prot", vocabulary), "port");
  EXPECT_EQ(closest_term("pxrx", vocabulary), std::nullopt);  // two edits in a short word
  EXPECT_EQ(closest_term("zzzzzz", vocabulary), std::nullopt);
  EXPECT_EQ(closest_term("port", vocabulary), std::nullopt);  // never the word itself
}

TEST(Spelling, AgainstStemsALongWordMatchesByItsBeginning) {
  std::vector<VocabularyTerm> stems = {{"desalin", 3}, {"desert", 9}};
  EXPECT_EQ(closest_term("desalinaton", stems, TermForm::Stem), "desalin");
  EXPECT_EQ(closest_term("desalinaton", stems, TermForm::Word), std::nullopt);
  // Short stems and short words do not match by a beginning: "protest" is not "pro".
  std::vector<VocabularyTerm> short_stems = {{"pro", 50}};
  EXPECT_EQ(closest_term("protest", short_stems, TermForm::Stem), std::nullopt);
  std::vector<VocabularyTerm> stem = {{"port", 50}};
  EXPECT_EQ(closest_term("portxyz", stem, TermForm::Stem), std::nullopt);
  EXPECT_EQ(closest_term("portal", stem, TermForm::Stem), "port");  // two edits anyway
}

}  // namespace
}  // namespace dossier::search
