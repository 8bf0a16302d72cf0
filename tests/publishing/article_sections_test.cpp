// The article page's sections (publishing/article_sections.hpp): what other modules register
// appears on a reader's article page, in the order registered; what is not registered does
// not appear; previews show none.
#include <gtest/gtest.h>

#include <ctemplate/template.h>
#include <soci/soci.h>

#include "publishing/article_sections.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/taxonomy_store.hpp"
#include "support/site_stack.hpp"

namespace dossier::publishing {
namespace {

constexpr UnixTime kNow = 1'790'000'000;  // 2026-09-21

// A section that adds one line to the "In this article" box (its FIGURE list), so the page
// shows which sections ran and in which order.
SectionFiller figure(std::string text) {
  return [text = std::move(text)](ctemplate::TemplateDictionary& d, ArticleView const&) {
    d.AddSectionDictionary("INSIGHT")
        ->AddSectionDictionary("HAS_FIGURES")
        ->AddSectionDictionary("FIGURE")
        ->SetValue("TEXT", text);
  };
}

class ArticleSectionsTest : public ::testing::Test, protected test::SiteStack {
 protected:
  ArticleSectionsTest() : SiteStack("dossier-sections", kNow) {
    soci::session sql(db_->pool());
    author_ = TaxonomyStore::insert_author(sql, {0, "ada", "Ada Reporter", "", "author"}, "", kNow);
  }

  // The article page of a site whose article page has exactly `sections`.
  http::Response article_page(std::vector<std::pair<std::string, SectionFiller>> sections) {
    SiteHandlers handlers({*publishing_, *frame_, 10});
    for (auto& [name, filler] : sections) handlers.sections().add(name, filler);
    http::Params p;
    p.set("slug", "harbour-reopens");
    return handlers.article({}, p);
  }

  void SetUp() override {
    ArticleInput in;
    in.title = "Harbour reopens";
    in.body_markdown = "The harbour reopened on Monday.";
    in.status = ArticleStatus::Published;
    in.author_id = author_;
    in.published_at = kNow - 60;
    auto id = publishing_->add_article(in);
    ASSERT_TRUE(id.ok()) << id.error().message;
    id_ = *id;
  }

  Id author_ = 0;
  Id id_ = 0;
};

TEST_F(ArticleSectionsTest, SectionsRunInTheOrderTheyWereAdded) {
  ArticleSections sections;
  std::vector<std::string> ran;
  sections.add("comments", [&](ctemplate::TemplateDictionary&, ArticleView const&) {
    ran.push_back("comments");
  });
  sections.add("insight", [&](ctemplate::TemplateDictionary&, ArticleView const&) {
    ran.push_back("insight");
  });
  ctemplate::TemplateDictionary d("article");
  sections.fill(d, ArticleView{});
  EXPECT_EQ(ran, (std::vector<std::string>{"comments", "insight"}));
  EXPECT_EQ(sections.names(), (std::vector<std::string>{"comments", "insight"}));
}

TEST_F(ArticleSectionsTest, ARegisteredSectionFillsTheArticlePageInOrder) {
  auto r = article_page({{"first", figure("Figure from the first section")},
                         {"second", figure("Figure from the second section")}});
  ASSERT_EQ(r.status, 200);
  auto first = r.body.find("Figure from the first section");
  auto second = r.body.find("Figure from the second section");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
}

TEST_F(ArticleSectionsTest, AnUnregisteredSectionDoesNotAppear) {
  auto r = article_page({{"first", figure("Figure from the first section")}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Figure from the first section"), std::string::npos);
  EXPECT_EQ(r.body.find("Figure from the second section"), std::string::npos);
  auto bare = article_page({});
  ASSERT_EQ(bare.status, 200);
  EXPECT_NE(bare.body.find("Harbour reopens"), std::string::npos);
  EXPECT_EQ(bare.body.find("In this article"), std::string::npos);
}

TEST_F(ArticleSectionsTest, APreviewRunsNoSection) {
  SiteHandlers handlers({*publishing_, *frame_, 10});
  bool ran = false;
  handlers.sections().add("comments",
                          [&](ctemplate::TemplateDictionary&, ArticleView const&) { ran = true; });
  auto view = publishing_->read_any(id_);
  ASSERT_TRUE(view);
  auto r = handlers.preview(*view);
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(ran);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST_F(ArticleSectionsTest, TheSiteStackWiresCommentsThenInsightLikeServe) {
  EXPECT_EQ(site_->sections().names(), (std::vector<std::string>{"comments", "insight"}));
}

}  // namespace
}  // namespace dossier::publishing
