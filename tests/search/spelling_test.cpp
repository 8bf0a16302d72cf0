// "Did you mean": edit distance over code points and the choice of the closest term.
#include <gtest/gtest.h>

#include "search/spelling.hpp"

namespace dossier::search {
namespace {

TEST(SpellingDistance, CountsEditsAndSwapsOfNeighbours) {
  EXPECT_EQ(edit_distance("sanction", "sanction", 2), 0);
  EXPECT_EQ(edit_distance("sanctoin", "sanction", 2), 1);   // neighbours swapped
  EXPECT_EQ(edit_distance("santion", "sanction", 2), 1);    // one left out
  EXPECT_EQ(edit_distance("sanctions", "sanction", 2), 1);  // one added
  EXPECT_EQ(edit_distance("sanktion", "sanction", 2), 1);   // one replaced
  EXPECT_EQ(edit_distance("ab", "ba", 2), 1);
  EXPECT_EQ(edit_distance("", "abc", 5), 3);
  EXPECT_EQ(edit_distance("abc", "", 5), 3);
  EXPECT_EQ(edit_distance("", "", 0), 0);
  // Optimal string alignment edits no substring twice: "ca" to "abc" is 3, not 2.
  EXPECT_EQ(edit_distance("ca", "abc", 5), 3);
}

TEST(SpellingDistance, CountsCodePointsNotBytes) {
  EXPECT_EQ(edit_distance("kyiv", "k\xC3\xBDiv", 2), 1);  // one code point, two bytes
  EXPECT_EQ(edit_distance("k\xC3\xBDiv", "kiv", 2), 1);
  EXPECT_EQ(edit_distance("\xE6\x9D\xB1\xE4\xBA\xAC", "\xE4\xBA\xAC\xE6\x9D\xB1", 2), 1);
  // Stray bytes count as one character each and never crash.
  EXPECT_EQ(edit_distance("a\xFF"
                          "b",
                          "ab", 2),
            1);
  EXPECT_EQ(edit_distance("\xC3", "", 2), 1);
}

TEST(SpellingDistance, StopsAtMaxPlusOne) {
  EXPECT_EQ(edit_distance("abc", "xyz", 2), 3);
  EXPECT_EQ(edit_distance("abcdef", "uvwxyz", 2), 3);
  EXPECT_EQ(edit_distance("a", "abcdefgh", 2), 3);  // by the lengths alone
  EXPECT_EQ(edit_distance("abc", "xyz", 3), 3);     // exactly max is returned as it is
  EXPECT_EQ(edit_distance("ab", "ba", 0), 1);
  std::string long_a(5000, 'a'), long_b(5000, 'b');
  EXPECT_EQ(edit_distance(long_a, long_b, 2), 3);
}

TEST(SpellingClosest, PrefersFewerEditsThenMoreDocumentsThenTheAlphabet) {
  std::vector<VocabularyTerm> vocabulary = {
      {"sanction", 40}, {"section", 90}, {"station", 12}, {"sanctum", 1}};
  EXPECT_EQ(closest_term("sanctoin", vocabulary), "sanction");  // 1 edit beats 90 documents
  EXPECT_EQ(closest_term("secton", vocabulary), "section");
  std::vector<VocabularyTerm> tie = {{"port", 3}, {"post", 9}, {"part", 9}};
  EXPECT_EQ(closest_term("pxrt", tie), "part");  // tie on edits and documents: alphabetical
  std::vector<VocabularyTerm> reversed = {{"post", 9}, {"part", 9}, {"port", 3}};
  EXPECT_EQ(closest_term("pxrt", reversed), "part");  // the order of the list does not matter
  std::vector<VocabularyTerm> busier = {{"part", 2}, {"port", 30}};
  EXPECT_EQ(closest_term("pxrt", busier), "port");
}

TEST(SpellingClosest, ShortWordsAllowOneEditLongerWordsTwo) {
  std::vector<VocabularyTerm> vocabulary = {{"port", 5}, {"oil", 7}, {"harbour", 3}};
  EXPECT_EQ(closest_term("prot", vocabulary), "port");
  EXPECT_EQ(closest_term("pxrx", vocabulary), std::nullopt);  // two edits in a short word
  EXPECT_EQ(closest_term("hrabuor", vocabulary), "harbour");  // two edits in a long word
  EXPECT_EQ(closest_term("hxrbxxr", vocabulary), std::nullopt);
  // Short is counted in code points: "kýxv" is 4 of them (5 bytes), so one edit only.
  std::vector<VocabularyTerm> kyiv = {{"kyiv", 4}};
  EXPECT_EQ(closest_term("k\xC3\xBDxv", kyiv), std::nullopt);
  EXPECT_EQ(closest_term("k\xC3\xBDiv", kyiv), "kyiv");
}

TEST(SpellingClosest, NothingCloseNeverTheWordItself) {
  std::vector<VocabularyTerm> vocabulary = {{"port", 5}, {"oil", 7}};
  EXPECT_EQ(closest_term("zzzzzz", vocabulary), std::nullopt);
  EXPECT_EQ(closest_term("port", vocabulary), std::nullopt);
  EXPECT_EQ(closest_term("port", {}), std::nullopt);
  EXPECT_EQ(closest_term("", vocabulary), std::nullopt);
}

TEST(SpellingClosest, AgainstStemsALongWordMatchesByItsBeginning) {
  std::vector<VocabularyTerm> stems = {{"desalin", 3}, {"desert", 9}};
  EXPECT_EQ(closest_term("desalinaton", stems, TermForm::Stem), "desalin");
  EXPECT_EQ(closest_term("desalinaton", stems, TermForm::Word), std::nullopt);
  // Two edits on a beginning are too loose: "desali" is 2 edits from "detail".
  EXPECT_EQ(closest_term("desalinaton", {{"detail", 99}}, TermForm::Stem), std::nullopt);
  // Short stems and short words do not match by a beginning: "protest" is not "pro".
  std::vector<VocabularyTerm> short_stems = {{"pro", 50}};
  EXPECT_EQ(closest_term("protest", short_stems, TermForm::Stem), std::nullopt);
  std::vector<VocabularyTerm> stem = {{"port", 50}};
  EXPECT_EQ(closest_term("portxyz", stem, TermForm::Stem), std::nullopt);
  EXPECT_EQ(closest_term("portal", stem, TermForm::Stem), "port");  // two edits anyway
}

}  // namespace
}  // namespace dossier::search
