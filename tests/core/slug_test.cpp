// make_slug and is_valid_slug: transliteration, word joining, the length cap, fallbacks.
#include <gtest/gtest.h>

#include <string>

#include "core/slug.hpp"

namespace dossier {
namespace {

TEST(MakeSlug, LowercasesAndJoinsWords) {
  EXPECT_EQ(make_slug("No Deal in Geneva, Again"), "no-deal-in-geneva-again");
  EXPECT_EQ(make_slug("G7 Summit 2026"), "g7-summit-2026");
}

TEST(MakeSlug, StripsDiacritics) {
  EXPECT_EQ(make_slug("Kýiv"), "kyiv");
  EXPECT_EQ(make_slug("Zoltán Kraków"), "zoltan-krakow");
  EXPECT_EQ(make_slug("Straße in Zürich"), "strasse-in-zurich");
}

TEST(MakeSlug, TransliteratesCyrillicToLatin) {
  EXPECT_EQ(make_slug("Москва"), "moskva");
  EXPECT_EQ(make_slug("Новости Москвы"), "novosti-moskvy");
}

TEST(MakeSlug, ApostrophesJoinWords) {
  EXPECT_EQ(make_slug("Ukraine's Grain"), "ukraines-grain");
  // The typographic apostrophe (U+2019) too, after Latin-ASCII folds it to '.
  EXPECT_EQ(make_slug("Ukraine\u2019s Grain"), "ukraines-grain");
}

TEST(MakeSlug, PunctuationRunsCollapseToOneHyphen) {
  EXPECT_EQ(make_slug("War -- and  ... Peace!?"), "war-and-peace");
  EXPECT_EQ(make_slug("a / b \\ c"), "a-b-c");
}

TEST(MakeSlug, NoLeadingOrTrailingHyphen) {
  EXPECT_EQ(make_slug("  ...Hello, world!!!  "), "hello-world");
  EXPECT_EQ(make_slug("-x-"), "x");
}

TEST(MakeSlug, LongTitleIsCutAtAWordBoundary) {
  std::string title;
  for (int i = 0; i < 30; ++i) title += "word ";
  auto slug = make_slug(title);
  EXPECT_LE(slug.size(), kMaxSlugLength);
  EXPECT_GT(slug.size(), kMaxSlugLength - 6);  // cut at the last boundary, not earlier
  EXPECT_TRUE(is_valid_slug(slug)) << slug;
  // Only whole words: the slug is the full one cut just before a hyphen.
  std::string full;
  for (int i = 0; i < 30; ++i) full += i ? "-word" : "word";
  ASSERT_TRUE(full.starts_with(slug));
  EXPECT_EQ(full[slug.size()], '-');
}

TEST(MakeSlug, OneLongWordIsCutAtTheLimit) {
  auto slug = make_slug(std::string(200, 'a'));
  EXPECT_EQ(slug, std::string(kMaxSlugLength, 'a'));
}

TEST(MakeSlug, NothingLeftGivesUntitled) {
  EXPECT_EQ(make_slug(""), "untitled");
  EXPECT_EQ(make_slug("   "), "untitled");
  EXPECT_EQ(make_slug("!!! ??? ---"), "untitled");
  EXPECT_EQ(make_slug("'''"), "untitled");
}

TEST(IsValidSlug, AcceptsCanonicalSlugs) {
  EXPECT_TRUE(is_valid_slug("a"));
  EXPECT_TRUE(is_valid_slug("kyiv-talks"));
  EXPECT_TRUE(is_valid_slug("g7-summit-2026"));
  EXPECT_TRUE(is_valid_slug(std::string(kMaxSlugLength, 'x')));
}

TEST(IsValidSlug, RejectsEverythingElse) {
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("Bad-Slug"));
  EXPECT_FALSE(is_valid_slug("bad slug"));
  EXPECT_FALSE(is_valid_slug("-leading"));
  EXPECT_FALSE(is_valid_slug("trailing-"));
  EXPECT_FALSE(is_valid_slug("double--hyphen"));
  EXPECT_FALSE(is_valid_slug("under_score"));
  EXPECT_FALSE(is_valid_slug("k\xC3\xBDiv"));
  EXPECT_FALSE(is_valid_slug("../etc"));
  EXPECT_FALSE(is_valid_slug(std::string(kMaxSlugLength + 1, 'x')));
}

TEST(IsValidSlug, MakeSlugOutputIsAlwaysValid) {
  for (auto const* title : {"Kýiv", "Москва", "!!!", "A -- B", "Ukraine's", "  x  "})
    EXPECT_TRUE(is_valid_slug(make_slug(title))) << title;
}

}  // namespace
}  // namespace dossier
