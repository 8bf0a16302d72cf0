// percent_decode, html_escape, is_valid_utf8, count_words, split and trim.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/strings.hpp"

namespace dossier {
namespace {

TEST(PercentDecode, DecodesValidEscapes) {
  EXPECT_EQ(percent_decode("plain"), "plain");
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("%2F"), "/");
  EXPECT_EQ(percent_decode("%2f%41"), "/A");
  EXPECT_EQ(percent_decode("%C3%BD"), "\xC3\xBD");
  EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  EXPECT_EQ(percent_decode("%zz"), std::nullopt);
  EXPECT_EQ(percent_decode("%4"), std::nullopt);
  EXPECT_EQ(percent_decode("abc%4"), std::nullopt);
  EXPECT_EQ(percent_decode("%"), std::nullopt);
  EXPECT_EQ(percent_decode("%g1"), std::nullopt);
}

TEST(PercentDecode, RejectsDecodedNul) {
  EXPECT_EQ(percent_decode("%00"), std::nullopt);
  EXPECT_EQ(percent_decode("file%00.txt"), std::nullopt);
}

TEST(PercentDecode, PlusIsSpaceOnlyInFormMode) {
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentEncode, RoundTripsThroughDecode) {
  std::string text = "a b/c?d=e&f\xC3\xBD~";
  auto encoded = percent_encode(text);
  EXPECT_EQ(encoded.find(' '), std::string::npos);
  EXPECT_EQ(encoded.find('/'), std::string::npos);
  EXPECT_EQ(percent_decode(encoded), text);
}

TEST(HtmlEscape, EscapesAllFiveCharacters) {
  EXPECT_EQ(html_escape("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
  EXPECT_EQ(html_escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("plain text"), "plain text");
}

TEST(IsValidUtf8, AcceptsValidText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("K\xC3\xBDiv"));               // 2-byte
  EXPECT_TRUE(is_valid_utf8("\xD0\x9C\xD0\xBE\xD1\x81"));  // Cyrillic
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));              // 3-byte (euro sign)
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));          // 4-byte (emoji)
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF, the last code point
}

TEST(IsValidUtf8, RejectsOverlongEncodings) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));  // '/' in three bytes
}

TEST(IsValidUtf8, RejectsSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));  // U+DFFF
}

TEST(IsValidUtf8, RejectsTruncatedAndStrayBytes) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("ab\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(is_valid_utf8("\x80"));              // continuation byte first
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));          // lead byte without continuation
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(CountWords, CountsWhitespaceSeparatedRuns) {
  EXPECT_EQ(count_words(""), 0u);
  EXPECT_EQ(count_words("   \n\t "), 0u);
  EXPECT_EQ(count_words("one"), 1u);
  EXPECT_EQ(count_words("  one two\tthree\nfour  "), 4u);
  EXPECT_EQ(count_words("don't stop-now"), 2u);
}

TEST(Split, KeepsEmptyPartsAndTheLastOne) {
  EXPECT_EQ(split("a,b,c", ','), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string_view>{"a", "", "b", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(split("abc", ','), (std::vector<std::string_view>{"abc"}));
}

TEST(Trim, RemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(StartsWithCi, IgnoresCase) {
  EXPECT_TRUE(starts_with_ci("Content-Type: x", "content-type"));
  EXPECT_FALSE(starts_with_ci("Content", "content-type"));
  EXPECT_EQ(to_lower("GzIp"), "gzip");
}

TEST(JsonWithoutMarkup, EscapesOnlyTheMarkupCharacters) {
  EXPECT_EQ(json_without_markup(R"({"q":"</script><b>&amp;"})"),
            R"({"q":"\u003c/script\u003e\u003cb\u003e\u0026amp;"})");
  EXPECT_EQ(json_without_markup(R"({"a":[1,"b"]})"), R"({"a":[1,"b"]})");
}

}  // namespace
}  // namespace dossier

namespace dossier {
namespace {

TEST(ParseId, AcceptsPositiveDecimalsOnly) {
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_EQ(parse_id("999999999999999999"), 999999999999999999LL);
  for (auto const* bad : {"", "0", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1234567890123456789"})
    EXPECT_FALSE(parse_id(bad)) << bad;
}

}  // namespace
}  // namespace dossier
