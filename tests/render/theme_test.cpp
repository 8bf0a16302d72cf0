// Theme: every template carries its AUTOESCAPE pragma, load() enforces it, and each kind of
// template variable is escaped for its context.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <ctemplate/template.h>

#include "render/theme.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace dossier::render {
namespace {

namespace fs = std::filesystem;

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

std::string read(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path default_theme() {
  return fs::path(::dossier::test::source_dir()) / "themes" / "default";
}

TEST(ThemePragma, EveryDefaultTemplateStartsWithIt) {
  int checked = 0;
  for (auto const& entry : fs::recursive_directory_iterator(default_theme() / "templates")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tpl") continue;
    EXPECT_TRUE(has_autoescape_pragma(read(entry.path()))) << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 0) << "no templates found under " << default_theme();
}

TEST(ThemePragma, RecognizesOnlyALeadingPragma) {
  EXPECT_TRUE(has_autoescape_pragma("{{%AUTOESCAPE context=\"HTML\"}}\n<p>x</p>"));
  EXPECT_FALSE(has_autoescape_pragma("<p>{{X}}</p>"));
  EXPECT_FALSE(has_autoescape_pragma("\n{{%AUTOESCAPE context=\"HTML\"}}"));
  EXPECT_FALSE(has_autoescape_pragma(""));
}

TEST(ThemeLoad, LoadsTheDefaultTheme) {
  auto theme = Theme::load(default_theme());
  ASSERT_TRUE(theme.ok()) << theme.error().message;
  EXPECT_EQ((*theme)->dir(), default_theme());
}

TEST(ThemeLoad, RefusesADirectoryWithoutTemplates) {
  test::TempDir dir("dossier-theme");
  auto theme = Theme::load(dir.path());
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.error().kind, ErrorKind::Invalid);
}

TEST(ThemeLoad, RefusesATemplateWithoutThePragma) {
  test::TempDir dir("dossier-theme");
  dir.write("templates/good.tpl", "{{%AUTOESCAPE context=\"HTML\"}}\n<p>{{X}}</p>\n");
  dir.write("templates/partials/x.tpl", "<p>{{X}}</p>\n");
  auto theme = Theme::load(dir.path());
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(theme.error().message, "partials/x.tpl")) << theme.error().message;
}

// One template with a variable in each HTML context, rendered with hostile values.
class ThemeEscaping : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("templates/x.tpl",
               "{{%AUTOESCAPE context=\"HTML\"}}\n"
               "<p id=\"text\">{{TEXT}}</p>\n"
               "<p id=\"attr\" title=\"{{ATTR}}\">a</p>\n"
               "<a id=\"url\" href=\"{{URL}}\">u</a>\n"
               "<script>var s = \"{{JS}}\";</script>\n"
               "<div id=\"raw\">{{RAW:none}}</div>\n");
    dir_.write("templates/feed.tpl", "{{%AUTOESCAPE context=\"XML\"}}\n<title>{{TITLE}}</title>\n");
    auto theme = Theme::load(dir_.path());
    ASSERT_TRUE(theme.ok()) << theme.error().message;
    theme_ = std::move(*theme);
  }

  std::string render_with(std::string const& name, std::string const& value) {
    ctemplate::TemplateDictionary dict("test");
    dict.SetValue(name, value);
    return theme_->render("x.tpl", dict);
  }

  test::TempDir dir_{"dossier-theme"};
  std::unique_ptr<Theme> theme_;
};

TEST_F(ThemeEscaping, TextVariableIsHtmlEscaped) {
  auto out = render_with("TEXT", "<script>alert(1)</script>");
  EXPECT_FALSE(contains(out, "<script>alert")) << out;
  EXPECT_TRUE(contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;")) << out;
}

TEST_F(ThemeEscaping, AttributeValueCannotCloseItsQuote) {
  auto out = render_with("ATTR", "\" onmouseover=\"x");
  EXPECT_FALSE(contains(out, "\" onmouseover=\"")) << out;
  EXPECT_TRUE(contains(out, "&quot; onmouseover=&quot;x")) << out;
  auto tags = render_with("ATTR", "<script>alert(1)</script>");
  EXPECT_FALSE(contains(tags, "<script>alert")) << tags;
}

TEST_F(ThemeEscaping, JavascriptUrlIsNeutralized) {
  auto out = render_with("URL", "javascript:alert(1)");
  EXPECT_FALSE(contains(out, "javascript:")) << out;
  EXPECT_TRUE(contains(out, "href=\"#\"")) << out;
  // A safe URL passes through, with its & escaped for the attribute.
  auto safe = render_with("URL", "https://example.org/a?b=1&c=2");
  EXPECT_TRUE(contains(safe, "href=\"https://example.org/a?b=1&amp;c=2\"")) << safe;
}

TEST_F(ThemeEscaping, ScriptBlockVariableIsJavascriptEscaped) {
  auto out = render_with("JS", "</script><script>alert(1)//\"");
  EXPECT_FALSE(contains(out, "</script><script>")) << out;
  EXPECT_FALSE(contains(out, "<script>alert")) << out;
  EXPECT_TRUE(contains(out, "\\x3c/script\\x3e")) << out;  // ctemplate's :javascript_escape
  // Exactly one closing tag: the template's own.
  auto first = out.find("</script>");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(out.find("</script>", first + 1), std::string::npos) << out;
}

TEST_F(ThemeEscaping, NoneModifierPrintsServerRenderedHtmlAsGiven) {
  std::string html = "<h2>Title</h2><p>a &amp; <em>b</em></p><script>alert(1)</script>";
  auto out = render_with("RAW", html);
  EXPECT_TRUE(contains(out, "<div id=\"raw\">" + html + "</div>")) << out;
}

TEST_F(ThemeEscaping, XmlContextEscapesMarkup) {
  ctemplate::TemplateDictionary dict("feed");
  dict.SetValue("TITLE", "Oil & gas <b>prices</b>");
  auto out = theme_->render("feed.tpl", dict);
  EXPECT_TRUE(contains(out, "<title>Oil &amp; gas &lt;b&gt;prices&lt;/b&gt;</title>")) << out;
}

TEST_F(ThemeEscaping, UnknownTemplateThrows) {
  ctemplate::TemplateDictionary dict("none");
  EXPECT_THROW(theme_->render("missing.tpl", dict), std::runtime_error);
}

}  // namespace
}  // namespace dossier::render
