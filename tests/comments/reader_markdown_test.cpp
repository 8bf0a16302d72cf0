// The readers' Markdown subset: exact output for what it keeps, and a corpus of hostile inputs
// (tests/fixtures/comments/xss_corpus.txt) of which nothing dangerous may come through.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "comments/reader_markdown.hpp"
#include "core/strings.hpp"
#include "support/test_paths.hpp"

namespace dossier::comments {
namespace {

struct Exact {
  char const* markdown;
  char const* html;
};

TEST(ReaderMarkdownTest, KeepsTheSubsetExactly) {
  Exact const cases[] = {
      {"Plain text.", "<p>Plain text.</p>\n"},
      {"One\n\nTwo", "<p>One</p>\n<p>Two</p>\n"},
      {"*soft* and **strong** and _under_",
       "<p><em>soft</em> and <strong>strong</strong> and <em>under</em></p>\n"},
      {"Use `x < y` here", "<p>Use <code>x &lt; y</code> here</p>\n"},
      {"> quoted\n\nmine", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>mine</p>\n"},
      {"> outer\n> > inner",
       "<blockquote>\n<p>outer</p>\n<blockquote>\n<p>inner</p>\n</blockquote>\n</blockquote>\n"},
      {"[the report](https://example.org/r?a=1&b=2)",
       "<p><a href=\"https://example.org/r?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">the "
       "report</a></p>\n"},
      {"[write](mailto:desk@example.org)",
       "<p><a href=\"mailto:desk@example.org\" rel=\"nofollow ugc noopener\">write</a></p>\n"},
      {"line one  \nline two", "<p>line one<br>\nline two</p>\n"},
      {"# Heading\n\n- item", "<p>Heading</p>\n<p>item</p>\n"},
      {"Tom & Jerry \"quoted\" 'single'",
       "<p>Tom &amp; Jerry &quot;quoted&quot; &#39;single&#39;</p>\n"},
      {"[bad](javascript:alert(1))", "<p>bad</p>\n"},
      {"a <b>bold</b> c", "<p>a bold c</p>\n"},
      {"![a map](https://example.org/m.png)", "<p>a map</p>\n"},
  };
  for (auto const& c : cases)
    EXPECT_EQ(render_reader_markdown(c.markdown).html, c.html) << c.markdown;
}

TEST(ReaderMarkdownTest, CountsOnlyRealLinks) {
  EXPECT_EQ(render_reader_markdown("[a](https://a.example) [b](http://b.example)").link_count, 2);
  EXPECT_EQ(render_reader_markdown("[a](javascript:x) ![i](https://i.example/i.png)").link_count,
            0);
}

TEST(ReaderMarkdownTest, CountsEachAddressOnce) {
  struct Case {
    char const* markdown;
    int links;
    int bare;
  };
  for (auto const& c : std::initializer_list<Case>{
           {"[a](https://a.example)", 1, 0},  // the address inside the link is the link
           {"[https://a.example](https://a.example)", 1, 0},
           {"<https://a.example>", 1, 0},
           {"see https://a.example and http://b.example", 0, 2},
           {"[a](https://a.example) and https://b.example", 1, 1},
           {"[x](javascript:alert(1)) https://a.example", 0, 1},
           {"`https://a.example` in code", 0, 1},  // shown as text: a reader can copy it
       }) {
    auto r = render_reader_markdown(c.markdown);
    EXPECT_EQ(r.link_count, c.links) << c.markdown;
    EXPECT_EQ(r.bare_address_count, c.bare) << c.markdown;
  }
}

TEST(ReaderMarkdownTest, VeryDeepQuotesAreFlattened) {
  std::string deep(200, '>');
  deep += " bottom";
  auto html = render_reader_markdown(deep).html;
  std::size_t opened = 0;
  for (auto at = html.find("<blockquote>"); at != std::string::npos;
       at = html.find("<blockquote>", at + 1))
    ++opened;
  EXPECT_EQ(opened, kMaxQuoteDepth);
  EXPECT_NE(html.find("bottom"), std::string::npos);
}

std::vector<std::string> corpus() {
  std::ifstream in(std::filesystem::path(::dossier::test::test_dir()) /
                   "fixtures/comments/xss_corpus.txt");
  std::vector<std::string> cases;
  std::string line;
  std::string current;
  bool header = true;
  while (std::getline(in, line)) {
    if (header && line.starts_with("#")) continue;
    header = false;
    if (line == "%%") {
      cases.push_back(current);
      current.clear();
    } else {
      current += line + "\n";
    }
  }
  if (!current.empty()) cases.push_back(current);
  return cases;
}

// Every '<' in the output must open one of the tags the renderer itself writes: all text is
// escaped, so anything else would be a reader's HTML coming through.
void expect_only_safe_tags(std::string const& html, std::string const& input) {
  static std::regex const allowed(
      R"(^</?(p|em|strong|code|blockquote)>$|^<br>$|^</a>$|^<a href="(https?://|mailto:)[^"<>]*" rel="nofollow ugc noopener">$)");
  for (auto at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    auto end = html.find('>', at);
    ASSERT_NE(end, std::string::npos) << input;
    auto tag = html.substr(at, end - at + 1);
    EXPECT_TRUE(std::regex_match(tag, allowed)) << "tag " << tag << " from:\n" << input;
  }
}

TEST(ReaderMarkdownTest, NothingFromTheXssCorpusComesThrough) {
  auto cases = corpus();
  ASSERT_GE(cases.size(), 45U) << "the corpus file was read";
  for (auto const& input : cases) {
    auto out = render_reader_markdown(input);
    auto lower = to_lower(out.html);
    expect_only_safe_tags(out.html, input);
    // No element but the subset's, even as a prefix.
    for (char const* element : {"<script", "<img", "<svg", "<iframe", "<style", "<object", "<form",
                                "<math", "<body", "<div", "<b ", "<b>"})
      EXPECT_EQ(lower.find(element), std::string::npos) << element << " from:\n" << input;
    // Escaped text may spell "javascript:" or "onload=" as words; inside a tag, never.
    static std::regex const hostile_attribute(
        R"(<[^>]*(javascript:|vbscript:|data:|\son[a-z]+\s*=|style\s*=))");
    EXPECT_FALSE(std::regex_search(lower, hostile_attribute)) << input << "\n->\n" << out.html;
    EXPECT_EQ(out.html.find("&amp;#"), std::string::npos) << "entities are not double-decoded";
  }
}

}  // namespace
}  // namespace dossier::comments
