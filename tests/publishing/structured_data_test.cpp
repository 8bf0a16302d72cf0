// JSON-LD: parses, carries the fields search engines require, and cannot close its script.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "publishing/structured_data.hpp"

namespace dossier::publishing {
namespace {

SiteIdentity site() {
  return {"https://example.org",   "Meridian Institute",
          "Research on security.", "https://example.org/static/icon.svg",
          "desk@example.org",      "en"};
}

ArticleView view(ArticleKind kind) {
  ArticleView v;
  v.article.slug = "talks-resume";
  v.article.kind = kind;
  v.article.title = "Talks resume </script><script>alert(1)</script>";
  v.article.dek = "A short standfirst & more.";
  v.article.published_at = 1'790'000'000;
  v.article.updated_at = 1'790'003'600;
  v.article.word_count = 640;
  v.author = {7, "ada-reporter", "Ada Reporter", "", "author"};
  v.categories = {{1, {}, "europe", "Europe", "", 1}};
  v.tags = {{3, "energy", "Energy"}, {4, "diplomacy", "Diplomacy"}};
  media::Media hero;
  hero.file = "demo/talks.jpg";
  hero.width = 1200;
  hero.height = 675;
  hero.caption = "Delegates arrive.";
  v.hero = hero;
  return v;
}

TEST(StructuredData, NewsArticleHasTheRequiredFields) {
  auto text = article_json_ld(view(ArticleKind::News), site());
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["@context"], "https://schema.org");
  EXPECT_EQ(j["@type"], "NewsArticle");
  EXPECT_FALSE(j["headline"].get<std::string>().empty());
  EXPECT_LE(j["headline"].get<std::string>().size(), 110u);
  EXPECT_EQ(j["datePublished"], "2026-09-21T14:13:20Z");
  EXPECT_EQ(j["dateModified"], "2026-09-21T15:13:20Z");
  EXPECT_EQ(j["author"][0]["@type"], "Person");
  EXPECT_EQ(j["author"][0]["name"], "Ada Reporter");
  EXPECT_EQ(j["author"][0]["url"], "https://example.org/author/ada-reporter");
  EXPECT_EQ(j["image"][0]["url"], "https://example.org/media/demo/talks.jpg");
  EXPECT_EQ(j["publisher"]["@type"], "Organization");
  EXPECT_EQ(j["publisher"]["name"], "Meridian Institute");
  EXPECT_EQ(j["publisher"]["logo"]["url"], "https://example.org/static/icon.svg");
  EXPECT_EQ(j["mainEntityOfPage"]["@id"], "https://example.org/articles/talks-resume");
  EXPECT_EQ(j["articleSection"], "Europe");
  EXPECT_EQ(j["keywords"], "Energy, Diplomacy");
}

TEST(StructuredData, KindsMapToSchemaTypes) {
  auto type = [](ArticleKind k) {
    return nlohmann::json::parse(article_json_ld(view(k), site()))["@type"].get<std::string>();
  };
  EXPECT_EQ(type(ArticleKind::Analysis), "AnalysisNewsArticle");
  EXPECT_EQ(type(ArticleKind::Report), "Report");
}

TEST(StructuredData, NoValueCanCloseTheScriptElement) {
  auto text = article_json_ld(view(ArticleKind::News), site());
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  // The escapes still mean the original text.
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["description"], "A short standfirst & more.");
  EXPECT_NE(j["headline"].get<std::string>().find("</script>"), std::string::npos);
}

TEST(StructuredData, BreadcrumbListCountsFromHome) {
  auto j = nlohmann::json::parse(
      breadcrumb_json_ld({{"Europe", "/category/europe"}, {"Talks", "/articles/talks"}}, site()));
  EXPECT_EQ(j["@type"], "BreadcrumbList");
  ASSERT_EQ(j["itemListElement"].size(), 3u);
  EXPECT_EQ(j["itemListElement"][0]["name"], "Home");
  EXPECT_EQ(j["itemListElement"][0]["position"], 1);
  EXPECT_EQ(j["itemListElement"][2]["position"], 3);
  EXPECT_EQ(j["itemListElement"][2]["item"], "https://example.org/articles/talks");
}

TEST(StructuredData, HomeDescribesTheOrganizationAndSite) {
  auto j = nlohmann::json::parse(home_json_ld(site()));
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["@type"], "Organization");
  EXPECT_EQ(j[0]["name"], "Meridian Institute");
  EXPECT_EQ(j[0]["url"], "https://example.org/");
  EXPECT_EQ(j[0]["email"], "desk@example.org");
  EXPECT_EQ(j[1]["@type"], "WebSite");
}

}  // namespace
}  // namespace dossier::publishing
