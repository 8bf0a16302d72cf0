// The public site's frame (site/frame.hpp) with the default theme and no database: the
// layout shows the masthead it is given, marks the current category, and the error pages
// still render (with the fallback masthead) when the masthead's source fails.
#include <gtest/gtest.h>

#include <stdexcept>

#include <ctemplate/template.h>

#include "http/static_files.hpp"
#include "render/theme.hpp"
#include "site/frame.hpp"
#include "support/test_paths.hpp"

namespace dossier::site {
namespace {

constexpr UnixTime kNow = 1'790'000'000;  // 2026-09-21

class FrameTest : public ::testing::Test {
 protected:
  FrameTest() {
    auto theme = render::Theme::load(std::filesystem::path(test::source_dir()) / "themes/default");
    if (!theme) throw std::runtime_error(theme.error().message);
    theme_ = std::move(*theme);
    assets_ = http::StaticAssets::load(theme_->dir() / "assets");
    masthead_.language = "fr";
    masthead_.title = "Le Quotidien Test";
    masthead_.tagline = "Nouvelles du port";
    masthead_.copyright_start_year = 2020;
    masthead_.nav = {{"port", "Le port", "/category/port", false},
                     {"quais", "Les quais", "/category/quais", true}};
    masthead_.social_links = {{"Fediverse", "https://social.example/@quotidien"}};
    fallback_.title = "Fallback title";
    fallback_.language = "en";
  }

  Frame frame(std::function<Masthead()> source) {
    return Frame({*theme_, assets_, "https://example.org", [] { return kNow; }, std::move(source),
                  fallback_});
  }

  std::unique_ptr<render::Theme> theme_;
  http::StaticAssets assets_;
  Masthead masthead_;
  Masthead fallback_;
};

TEST_F(FrameTest, APageShowsTheMastheadItIsGiven) {
  auto f = frame([this] { return masthead_; });
  PageMeta meta{"Tides", "", "/category/port", "port"};
  auto r = f.page(200, meta, "message.tpl", [](ctemplate::TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE", "High tide");
    d.SetValue("MESSAGE_TEXT", "At noon.");
  });
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("lang=\"fr\""), std::string::npos);
  EXPECT_NE(r.body.find("<title>Tides | Le Quotidien Test</title>"), std::string::npos);
  EXPECT_NE(r.body.find("Nouvelles du port"), std::string::npos);  // the tagline as description
  EXPECT_NE(r.body.find("https://example.org/category/port"), std::string::npos);
  EXPECT_NE(r.body.find("Les quais"), std::string::npos);
  EXPECT_NE(r.body.find("aria-current"), std::string::npos);
  EXPECT_NE(r.body.find("2020–2026"), std::string::npos);
  EXPECT_NE(r.body.find("https://social.example/@quotidien"), std::string::npos);
  EXPECT_NE(r.body.find("High tide"), std::string::npos);
}

TEST_F(FrameTest, NotFoundIsTheThemedPageWithoutCaching) {
  auto f = frame([this] { return masthead_; });
  auto r = f.not_found({});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_NE(r.body.find("Page not found"), std::string::npos);
  EXPECT_NE(r.body.find("Le Quotidien Test"), std::string::npos);
  EXPECT_NE(r.body.find("noindex"), std::string::npos);
}

TEST_F(FrameTest, AnErrorPageRendersWhenTheMastheadFails) {
  auto f = frame([]() -> Masthead { throw std::runtime_error("database is locked"); });
  auto r = f.error(500, "Something went wrong", "Try again.");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("Something went wrong"), std::string::npos);
  EXPECT_NE(r.body.find("Fallback title"), std::string::npos);
}

}  // namespace
}  // namespace dossier::site
