// WordPress content to Markdown: each construct is converted, then rendered by the site's own
// renderer (render/markdown.hpp), and the rendered HTML must hold what the WordPress post
// showed. Hostile content must come out with nothing executable.
#include <gtest/gtest.h>

#include <string>

#include "core/strings.hpp"
#include "render/markdown.hpp"
#include "wordpress/html_to_markdown.hpp"

namespace dossier::wordpress {
namespace {

std::string rendered(std::string_view html, MarkdownOptions const& options = {}) {
  return render::render_markdown(html_to_markdown(html, options)).html;
}

bool has(std::string const& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count(std::string const& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(HtmlToMarkdownTest, EmptyContentIsEmpty) {
  EXPECT_EQ(html_to_markdown(""), "");
  EXPECT_EQ(html_to_markdown(" \n\t"), "");
}

TEST(HtmlToMarkdownTest, ClassicBlankLinesSeparateParagraphsAndNewlinesBreakLines) {
  auto html = rendered("First line\nsecond line\n\nAnother paragraph");
  EXPECT_EQ(html, "<p>First line<br />\nsecond line</p>\n<p>Another paragraph</p>\n");
}

TEST(HtmlToMarkdownTest, BlockEditorNewlinesAreOnlyWhitespace) {
  auto html = rendered(
      "<!-- wp:paragraph -->\n<p>One\nsentence</p>\n<!-- /wp:paragraph -->\n\n"
      "<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->");
  EXPECT_EQ(html, "<p>One sentence</p>\n<p>Two</p>\n");
}

TEST(HtmlToMarkdownTest, InlineFormatting) {
  auto html = rendered(
      "<p><strong>bold</strong> <b>b</b> <em>it</em> <i>i</i> <del>gone</del> <code>a*b</code> "
      "E=mc<sup>2</sup> H<sub>2</sub>O<br>next</p>");
  EXPECT_TRUE(has(html, "<strong>bold</strong> <strong>b</strong>")) << html;
  EXPECT_TRUE(has(html, "<em>it</em> <em>i</em>")) << html;
  EXPECT_TRUE(has(html, "<del>gone</del>")) << html;
  EXPECT_TRUE(has(html, "<code>a*b</code>")) << html;
  EXPECT_TRUE(has(html, "E=mc²")) << html;
  EXPECT_TRUE(has(html, "H₂O")) << html;
  EXPECT_TRUE(has(html, "<br />\nnext")) << html;
}

TEST(HtmlToMarkdownTest, EmphasisWithSpacesInsideStillRenders) {
  auto html = rendered("<p>a<strong> bold </strong>b</p>");
  EXPECT_TRUE(has(html, "a <strong>bold</strong> b")) << html;
}

TEST(HtmlToMarkdownTest, EmphasisAroundPunctuationNextToLetters) {
  auto html = rendered(
      "<p><strong>\"Quoted\"</strong>text and a<em>(paren)</em>s and "
      "<b><a href=\"/x\">link</a></b>ed</p>");
  EXPECT_TRUE(has(html, "<strong>&quot;Quoted&quot;</strong>text")) << html;
  EXPECT_TRUE(has(html, "a<em>(paren)</em>s")) << html;
  EXPECT_TRUE(has(html, "<strong><a href=\"/x\">link</a></strong>ed")) << html;
}

TEST(HtmlToMarkdownTest, EmptyAnchorsGiveNothing) {
  auto html =
      rendered("<p>Text <a href=\"#top\"></a><a name=\"n\"></a><a href=\"/e\"> </a>end</p>");
  EXPECT_EQ(html, "<p>Text end</p>\n");
}

TEST(HtmlToMarkdownTest, UnclosedShortcodesStayText) {
  std::string html = "<p>";
  for (int i = 0; i < 2000; ++i) html += "[caption id=\"x\"][embed] [audio ";
  html += "end</p>";
  auto out = rendered(html);
  EXPECT_TRUE(has(out, "[caption id=&quot;x&quot;][embed] [audio [caption")) << out.substr(0, 300);
  EXPECT_TRUE(has(out, "end</p>")) << out.substr(out.size() - 300);
}

TEST(HtmlToMarkdownTest, Headings) {
  auto html = rendered("<h2>Second</h2><h3>Third <em>level</em></h3><h6>Six</h6>");
  EXPECT_TRUE(has(html, "<h2>Second</h2>")) << html;
  EXPECT_TRUE(has(html, "<h3>Third <em>level</em></h3>")) << html;
  EXPECT_TRUE(has(html, "<h6>Six</h6>")) << html;
}

TEST(HtmlToMarkdownTest, NestedListsKeepTheirShape) {
  auto html = rendered(
      "<ul>\n<li>one</li>\n<li>two\n<ol><li>first</li><li>second</li></ol></li>\n</ul>"
      "<ol start=\"4\"><li>four</li><li>five</li></ol>");
  EXPECT_EQ(count(html, "<ul>"), 1u) << html;
  EXPECT_EQ(count(html, "<ol>"), 1u) << html;
  EXPECT_TRUE(has(html, "<ol start=\"4\">")) << html;
  EXPECT_TRUE(has(html, "<li>two\n<ol>\n<li>first</li>")) << html;
  EXPECT_TRUE(has(html, "<li>five</li>")) << html;
}

TEST(HtmlToMarkdownTest, AdjacentListsStaySeparate) {
  auto html =
      rendered("<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>");
  EXPECT_EQ(count(html, "<ul>"), 2u) << html;
  EXPECT_EQ(count(html, "<ol>"), 2u) << html;
}

TEST(HtmlToMarkdownTest, NestedQuotesWithCite) {
  auto html = rendered(
      "<blockquote><p>Outer</p><blockquote><p>Inner</p></blockquote><cite>A. Writer</cite>"
      "</blockquote><p>After</p>");
  EXPECT_EQ(count(html, "<blockquote>"), 2u) << html;
  EXPECT_TRUE(has(html, "<blockquote>\n<p>Inner</p>\n</blockquote>")) << html;
  EXPECT_TRUE(has(html, "<p>— A. Writer</p>\n</blockquote>\n<p>After</p>")) << html;
}

TEST(HtmlToMarkdownTest, PreformattedCodeKeepsItsText) {
  auto html = rendered(
      "<pre class=\"wp-block-code\"><code class=\"language-python\">def f(x):\n    return x * 2\n"
      "# ```\n</code></pre>");
  EXPECT_TRUE(
      has(html, "<pre><code class=\"language-python\">def f(x):\n    return x * 2\n# ```\n"))
      << html;
}

TEST(HtmlToMarkdownTest, ClassicPreKeepsItsLineBreaks) {
  auto html = rendered("Text\n\n<pre>line one\nline two</pre>");
  EXPECT_TRUE(has(html, "<pre><code>line one\nline two\n</code></pre>")) << html;
}

TEST(HtmlToMarkdownTest, HorizontalRule) {
  auto html = rendered("<p>a</p><hr class=\"wp-block-separator\"/><p>b</p>");
  EXPECT_TRUE(has(html, "<p>a</p>\n<hr />\n<p>b</p>")) << html;
}

TEST(HtmlToMarkdownTest, LinksAndImagesAreMapped) {
  MarkdownOptions options;
  options.image_url = [](std::string_view url) -> std::string {
    if (url.starts_with("https://old.example/wp-content/uploads/"))
      return "/media/" + std::string(url.substr(39));
    return {};
  };
  options.link_url = [](std::string_view url) -> std::string {
    if (url == "https://old.example/2019/03/hello/") return "/articles/hello";
    return {};
  };
  auto html = rendered(
      "<p><a href=\"https://old.example/2019/03/hello/\">Hello</a> and "
      "<a href=\"https://elsewhere.example/a b(c)\">there</a> "
      "<img src=\"https://old.example/wp-content/uploads/2019/03/a.jpg\" alt=\"An [alt]\"></p>",
      options);
  EXPECT_TRUE(has(html, "<a href=\"/articles/hello\">Hello</a>")) << html;
  EXPECT_TRUE(has(html, "<a href=\"https://elsewhere.example/a%20b%28c%29\">there</a>")) << html;
  EXPECT_TRUE(has(html, "<img src=\"/media/2019/03/a.jpg\" alt=\"An [alt]\" />")) << html;
}

TEST(HtmlToMarkdownTest, BareAddressesBecomeLinks) {
  auto html = rendered("See https://example.com/a_b_c.");
  EXPECT_TRUE(has(html, "<a href=\"https://example.com/a_b_c\">https://example.com/a_b_c</a>."))
      << html;
}

TEST(HtmlToMarkdownTest, TablesTakeTheirHeaderFromTheadOrTheFirstRow) {
  auto with_head = rendered(
      "<figure class=\"wp-block-table\"><table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
      "<tbody><tr><td>a|b</td><td><code>x|y</code></td></tr><tr><td>only</td></tr></tbody></table>"
      "<figcaption>Table note</figcaption></figure>");
  EXPECT_TRUE(has(with_head, "<thead>\n<tr>\n<th>Name</th>\n<th>Value</th>")) << with_head;
  EXPECT_TRUE(has(with_head, "<td>a|b</td>\n<td><code>x|y</code></td>")) << with_head;
  EXPECT_TRUE(has(with_head, "<td>only</td>\n<td></td>")) << with_head;
  EXPECT_TRUE(has(with_head, "<p><em>Table note</em></p>")) << with_head;

  auto first_row =
      rendered("<table><tr><td>H1</td><td>H2</td></tr><tr><td>1</td><td>2</td></tr></table>");
  EXPECT_TRUE(has(first_row, "<th>H1</th>")) << first_row;
  EXPECT_TRUE(has(first_row, "<td>2</td>")) << first_row;
}

TEST(HtmlToMarkdownTest, FigureCaptionIsAnItalicParagraphUnderTheImage) {
  auto html = rendered(
      "<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"/a.jpg\" alt=\"A\"/>"
      "<figcaption>Photo: <strong>Ann</strong></figcaption></figure>\n<!-- /wp:image -->");
  EXPECT_EQ(
      html,
      "<p><img src=\"/a.jpg\" alt=\"A\" /></p>\n<p><em>Photo: <strong>Ann</strong></em></p>\n");
}

TEST(HtmlToMarkdownTest, CaptionShortcodeBecomesImageAndCaption) {
  auto html = rendered(
      "[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"]<a href=\"/big.jpg\">"
      "<img src=\"/small.jpg\" alt=\"Harbour\" /></a> The harbour at dawn[/caption]\n\nAfter.");
  EXPECT_TRUE(has(html, "<a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"Harbour\" /></a>"))
      << html;
  EXPECT_TRUE(has(html, "<p><em>The harbour at dawn</em></p>\n<p>After.</p>")) << html;

  auto old_style =
      rendered("[caption caption=\"Old style\"]<img src=\"/o.jpg\" alt=\"\" />[/caption]");
  EXPECT_TRUE(has(old_style, "<p><em>Old style</em></p>")) << old_style;
}

TEST(HtmlToMarkdownTest, EmbedsAudioAndVideoBecomeLinks) {
  auto html = rendered(
      "[embed]https://video.example/watch?v=1[/embed]\n\n[audio "
      "mp3=\"https://a.example/x.mp3\"][/audio]"
      "\n\n[video src=\"https://v.example/y.mp4\"]\n\n[gallery ids=\"1,2\"]");
  EXPECT_TRUE(has(html, "<a href=\"https://video.example/watch?v=1\">")) << html;
  EXPECT_TRUE(has(html, "<a href=\"https://a.example/x.mp3\">")) << html;
  EXPECT_TRUE(has(html, "<a href=\"https://v.example/y.mp4\">")) << html;
  EXPECT_TRUE(has(html, "[gallery ids=&quot;1,2&quot;]")) << html;
}

TEST(HtmlToMarkdownTest, BlockEditorEmbedUsesTheCommentsUrl) {
  auto html = rendered(
      "<!-- wp:embed {\"url\":\"https:\\/\\/video.example\\/watch?v=9\",\"type\":\"video\"} -->\n"
      "<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\n"
      "https://video.example/watch?v=9\n</div><figcaption>The clip</figcaption></figure>\n"
      "<!-- /wp:embed -->");
  EXPECT_EQ(
      html,
      "<p><a href=\"https://video.example/watch?v=9\">https://video.example/watch?v=9</a></p>\n"
      "<p><em>The clip</em></p>\n");
}

TEST(HtmlToMarkdownTest, IframesBecomeLinksToTheirSource) {
  auto html = rendered(
      "<p>Watch:</p><iframe src=\"https://player.example/1\"></iframe>"
      "<iframe src=\"javascript:alert(1)\"></iframe>");
  EXPECT_TRUE(has(html, "<a href=\"https://player.example/1\">")) << html;
  EXPECT_FALSE(has(html, "javascript")) << html;
}

TEST(HtmlToMarkdownTest, BlockEditorStructures) {
  auto html = rendered(
      "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Heading</h2>\n<!-- /wp:heading -->\n"
      "<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n"
      "<div class=\"wp-block-column\"><p>Left</p></div>\n<!-- /wp:column -->\n<!-- wp:column -->\n"
      "<div class=\"wp-block-column\"><p>Right</p></div>\n<!-- /wp:column --></div>\n"
      "<!-- /wp:columns -->\n<!-- wp:pullquote -->\n<figure "
      "class=\"wp-block-pullquote\"><blockquote>"
      "<p>Pulled</p><cite>Source</cite></blockquote></figure>\n<!-- /wp:pullquote -->\n"
      "<!-- wp:gallery -->\n<figure class=\"wp-block-gallery\"><figure class=\"wp-block-image\">"
      "<img src=\"/g1.jpg\" alt=\"g1\"/></figure><figure class=\"wp-block-image\">"
      "<img src=\"/g2.jpg\" alt=\"g2\"/><figcaption>Second</figcaption></figure></figure>\n"
      "<!-- /wp:gallery -->\n<!-- wp:list -->\n<ul><li>item</li></ul>\n<!-- /wp:list -->");
  EXPECT_TRUE(has(html, "<h2>Heading</h2>\n<p>Left</p>\n<p>Right</p>")) << html;
  EXPECT_TRUE(has(html, "<blockquote>\n<p>Pulled</p>\n<p>— Source</p>\n</blockquote>")) << html;
  EXPECT_TRUE(has(html, "<img src=\"/g1.jpg\" alt=\"g1\" />")) << html;
  EXPECT_TRUE(has(html, "<img src=\"/g2.jpg\" alt=\"g2\" /></p>\n<p><em>Second</em></p>")) << html;
  EXPECT_TRUE(has(html, "<ul>\n<li>item</li>\n</ul>")) << html;
}

TEST(HtmlToMarkdownTest, LiteralCharactersNeverBecomeMarkup) {
  auto html = rendered(
      "# not a heading\n\n- not a list\n\n+ nor this\n\n1986. A year\n\n> not a quote\n\n"
      "*stars* _under_ [brackets](x) `ticks` \\back ~~strike~~ &lt;b&gt; &amp;copy; a|b\n\n"
      "===\n\n&nbsp;spaced&nbsp;out");
  EXPECT_FALSE(has(html, "<h")) << html;
  EXPECT_FALSE(has(html, "<li>")) << html;
  EXPECT_FALSE(has(html, "<ol")) << html;
  EXPECT_FALSE(has(html, "<blockquote>")) << html;
  EXPECT_FALSE(has(html, "<em>")) << html;
  EXPECT_FALSE(has(html, "<a ")) << html;
  EXPECT_FALSE(has(html, "<code>")) << html;
  EXPECT_FALSE(has(html, "<del>")) << html;
  EXPECT_TRUE(has(html, "<p># not a heading</p>")) << html;
  EXPECT_TRUE(has(html, "<p>1986. A year</p>")) << html;
  EXPECT_TRUE(
      has(html, "*stars* _under_ [brackets](x) `ticks` \\back ~~strike~~ &lt;b&gt; &amp;copy; a|b"))
      << html;
  EXPECT_TRUE(has(html, "<p>===</p>")) << html;
  EXPECT_TRUE(has(html, "<p>spaced out</p>")) << html;
}

TEST(HtmlToMarkdownTest, NothingExecutableSurvives) {
  auto markdown = html_to_markdown(
      "<p onclick=\"alert(1)\">Hi <a href=\"javascript:alert(1)\">click</a> "
      "<a href=\" JaVa\tScRiPt:alert(2)\">tab</a> <a href=\"data:text/html,x\">data</a> "
      "<a href=\"vbscript:x\">vb</a></p><script>alert(3)</script><style>p{}</style>"
      "<img src=\"x\" onerror=\"alert(4)\"><img src=\"javascript:alert(5)\" alt=\"js\">"
      "<object data=\"x.swf\"></object><embed src=\"x.swf\"><form><input value=\"v\"></form>"
      "<svg onload=\"alert(6)\"></svg><p>&lt;script&gt;alert(7)&lt;/script&gt;</p>");
  auto html = render::render_markdown(markdown).html;
  auto lower = to_lower(html);
  EXPECT_FALSE(has(lower, "<script")) << html;
  EXPECT_FALSE(has(lower, "javascript")) << html;
  EXPECT_FALSE(has(lower, "vbscript")) << html;
  EXPECT_FALSE(has(lower, "data:")) << html;
  EXPECT_FALSE(has(lower, "onerror")) << html;
  EXPECT_FALSE(has(lower, "onclick")) << html;
  EXPECT_FALSE(has(lower, "alert(3)")) << html;
  EXPECT_FALSE(has(lower, "<style")) << html;
  EXPECT_FALSE(has(lower, "<svg")) << html;
  // No raw HTML in the Markdown: every angle bracket is escaped.
  for (auto at = markdown.find('<'); at != std::string::npos; at = markdown.find('<', at + 1))
    EXPECT_TRUE(at > 0 && markdown[at - 1] == '\\') << markdown;
  EXPECT_TRUE(has(html, "<p>&lt;script&gt;alert(7)&lt;/script&gt;</p>")) << html;
  // The links' text stays; the escaped script is shown as text.
  EXPECT_TRUE(has(html, "Hi click tab data vb")) << html;
  EXPECT_TRUE(has(html, "&lt;script&gt;alert(7)&lt;/script&gt;")) << html;
}

TEST(HtmlToMarkdownTest, DeepNestingIsWrittenAsText) {
  // 200 levels: beyond the converter's depth bound, within what libxml2 builds a tree for.
  std::string html;
  for (int i = 0; i < 40; ++i) html += "<div><blockquote><ul><li><em>";
  html += "deep <b>text</b><script>alert(1)</script>";
  auto markdown = html_to_markdown(html);
  auto out = render::render_markdown(markdown).html;
  EXPECT_TRUE(has(out, "deep text")) << markdown;
  EXPECT_FALSE(has(out, "alert")) << out;
}

TEST(HtmlToMarkdownTest, TenThousandNestedDivsProduceNothingExecutable) {
  std::string html = "<p>Before</p>";
  for (int i = 0; i < 10000; ++i) html += "<div onmouseover=\"alert(1)\">";
  html += "<script>alert(2)</script><a href=\"javascript:alert(3)\">x</a>";
  auto out = render::render_markdown(html_to_markdown(html)).html;
  EXPECT_TRUE(has(out, "<p>Before</p>")) << out;
  auto lower = to_lower(out);
  EXPECT_FALSE(has(lower, "<script")) << out;
  EXPECT_FALSE(has(lower, "javascript")) << out;
  EXPECT_FALSE(has(lower, "onmouseover")) << out;
}

}  // namespace
}  // namespace dossier::wordpress
