// render_markdown: CommonMark + GFM output, the H1 demotion, and safe mode.
#include <gtest/gtest.h>

#include <string>

#include "render/markdown.hpp"

namespace dossier::render {
namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

TEST(Markdown, RendersHeadings) {
  auto out = render_markdown("## Background\n\n### Detail\n");
  EXPECT_TRUE(contains(out.html, "<h2>Background</h2>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<h3>Detail</h3>")) << out.html;
}

TEST(Markdown, DemotesH1ToH2) {
  // The page title is the only <h1>.
  auto out = render_markdown("# Top\n\ntext\n");
  EXPECT_TRUE(contains(out.html, "<h2>Top</h2>")) << out.html;
  EXPECT_FALSE(contains(out.html, "<h1")) << out.html;
}

TEST(Markdown, RendersBlockQuotesAndLists) {
  auto out = render_markdown("> quoted\n\n- one\n- two\n\n1. first\n2. second\n");
  EXPECT_TRUE(contains(out.html, "<blockquote>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<ol>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<li>second</li>")) << out.html;
}

TEST(Markdown, RendersGfmTables) {
  auto out = render_markdown("| Country | Votes |\n|---|---:|\n| Iran | 3 |\n");
  EXPECT_TRUE(contains(out.html, "<table>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<th>Country</th>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<td>Iran</td>")) << out.html;
}

TEST(Markdown, RendersLinksStrikethroughAndAutolinks) {
  auto out = render_markdown(
      "[the report](https://example.org/r) ~~withdrawn~~ see https://example.com/x now\n");
  EXPECT_TRUE(contains(out.html, "<a href=\"https://example.org/r\">the report</a>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<del>withdrawn</del>")) << out.html;
  EXPECT_TRUE(contains(out.html, "<a href=\"https://example.com/x\">https://example.com/x</a>"))
      << out.html;
}

TEST(Markdown, DropsRawHtml) {
  auto out = render_markdown(
      "Hello <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n"
      "<iframe src=\"https://evil.example\"></iframe>\n\ninline <b onclick=\"x()\">bold</b>\n");
  EXPECT_FALSE(contains(out.html, "<script")) << out.html;
  EXPECT_FALSE(contains(out.html, "<img")) << out.html;
  EXPECT_FALSE(contains(out.html, "onerror")) << out.html;
  EXPECT_FALSE(contains(out.html, "<iframe")) << out.html;
  EXPECT_FALSE(contains(out.html, "onclick")) << out.html;
  EXPECT_TRUE(contains(out.html, "Hello")) << out.html;
}

TEST(Markdown, DropsJavascriptLinks) {
  for (auto const* md :
       {"[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>"}) {
    auto out = render_markdown(md);
    auto lower = out.html;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_FALSE(contains(lower, "href=\"javascript:")) << md << " -> " << out.html;
    EXPECT_FALSE(contains(lower, "href=\"vbscript:")) << md << " -> " << out.html;
    EXPECT_FALSE(contains(lower, "href=\"data:")) << md << " -> " << out.html;
  }
}

TEST(Markdown, EscapesTextSpecialCharacters) {
  auto out = render_markdown("5 < 6 & \"quotes\"\n");
  EXPECT_TRUE(contains(out.html, "5 &lt; 6 &amp; &quot;quotes&quot;")) << out.html;
}

TEST(Markdown, CountsWordsOfThePlainText) {
  auto out = render_markdown("## Two words\n\nThree more **words** [here](https://x.example)\n");
  EXPECT_EQ(out.word_count, 6);
  EXPECT_FALSE(contains(out.plain_text, "**"));
  EXPECT_FALSE(contains(out.plain_text, "https://x.example"));
  EXPECT_EQ(render_markdown("").word_count, 0);
}

}  // namespace
}  // namespace dossier::render
