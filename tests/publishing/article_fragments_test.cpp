// The article page's parts kept in memory between changes (site/fragment_cache.hpp), with
// the page cache off: every change shows on the next request, whoever made it (the service,
// or a statement on another connection), for the article's own view and its related box.
#include <gtest/gtest.h>

#include <optional>

#include <soci/soci.h>

#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"
#include "support/site_stack.hpp"
#include "support/test_database.hpp"

namespace dossier::publishing {
namespace {

constexpr UnixTime kNow = 1'790'000'000;

class ArticleFragmentsTest : public test::SiteStack, public ::testing::Test {
 protected:
  ArticleFragmentsTest() : SiteStack("dossier-fragments", kNow) {
    soci::session sql(db_->pool());
    author_ = TaxonomyStore::insert_author(sql, {0, "ana-diaz", "Ana Díaz", "", "author"},
                                           "ana@example.org", kNow);
    world_ = TaxonomyStore::insert_category(sql, {0, std::nullopt, "world", "World", "", 0});
  }

  Id publish(std::string const& title, UnixTime at) {
    auto in = input(title, at);
    return *publishing_->add_article(in);
  }

  ArticleInput input(std::string const& title, UnixTime at) const {
    ArticleInput in;
    in.title = title;
    in.body_markdown = "First words of " + title + ".";
    in.status = ArticleStatus::Published;
    in.published_at = at;
    in.author_id = author_;
    in.category_ids = {world_};
    return in;
  }

  // The page twice: the first read fills the kept parts, the second is served from them.
  http::Response get_twice(std::string const& url) {
    auto first = get(url);
    auto second = get(url);
    EXPECT_EQ(first.status, second.status) << url;
    EXPECT_EQ(first.body, second.body) << url;
    return second;
  }

  static std::string related_of(std::string const& html) {
    auto from = html.find("<section class=\"related\"");
    if (from == std::string::npos) return {};
    return html.substr(from, html.find("</section>", from) - from);
  }

  Id author_ = 0, world_ = 0;
};

TEST_F(ArticleFragmentsTest, AnEditedArticleShowsAtOnce) {
  auto id = publish("Harbour talks resume", kNow - 3600);
  auto url = "/articles/harbour-talks-resume";
  ASSERT_NE(get(url).body.find("First words of Harbour talks resume."), std::string::npos);
  EXPECT_NE(get(url).body.find("First words"), std::string::npos) << "the second read is kept";
  auto in = input("Harbour talks resume", kNow - 3600);
  in.body_markdown = "Corrected words.";
  in.slug = "harbour-talks-resume";
  ASSERT_TRUE(publishing_->edit_article(id, in));
  auto page = get_twice(url).body;
  EXPECT_NE(page.find("Corrected words."), std::string::npos);
  EXPECT_EQ(page.find("First words"), std::string::npos);
}

TEST_F(ArticleFragmentsTest, AnUnpublishedArticleIsGoneAtOnce) {
  auto id = publish("Harbour talks resume", kNow - 3600);
  auto url = "/articles/harbour-talks-resume";
  ASSERT_EQ(get(url).status, 200);
  {
    // Another connection, a single statement and no event: the counter still moves.
    soci::session sql(db_->pool());
    // SQLite's commit hook moves the counter for any commit; on PostgreSQL it is the
    // WriteTransaction every store's writes go through that moves it (libpq has no hook).
    std::optional<store::WriteTransaction> tx;
    if (test::on_postgres()) tx.emplace(sql);
    sql << "UPDATE articles SET status = 'draft' WHERE id = :id", soci::use(id);
    if (tx) tx->commit();
  }
  EXPECT_EQ(get_twice(url).status, 404);
}

TEST_F(ArticleFragmentsTest, ARelatedArticleEditedOrUnpublishedShowsAtOnce) {
  publish("Harbour talks resume", kNow - 3600);
  auto other = publish("Ports reopen in the north", kNow - 1800);
  auto url = "/articles/harbour-talks-resume";
  auto box = related_of(get(url).body);
  ASSERT_NE(box.find("Ports reopen in the north"), std::string::npos)
      << "the newest sharing a category";
  EXPECT_EQ(related_of(get(url).body), box) << "kept between requests";

  auto in = input("Ports reopen in the south", kNow - 1800);
  in.slug = "ports-reopen-in-the-north";
  ASSERT_TRUE(publishing_->edit_article(other, in));
  box = related_of(get_twice(url).body);
  EXPECT_NE(box.find("Ports reopen in the south"), std::string::npos) << "its new title";
  EXPECT_EQ(box.find("in the north<"), std::string::npos);

  in.status = ArticleStatus::Draft;
  ASSERT_TRUE(publishing_->edit_article(other, in));
  EXPECT_EQ(related_of(get_twice(url).body), "") << "no related article left";
}

TEST_F(ArticleFragmentsTest, ANewArticleJoinsTheRelatedBoxAtOnce) {
  publish("Harbour talks resume", kNow - 3600);
  auto url = "/articles/harbour-talks-resume";
  EXPECT_EQ(related_of(get(url).body), "");
  publish("Ports reopen in the north", kNow - 1800);
  EXPECT_NE(related_of(get_twice(url).body).find("Ports reopen in the north"), std::string::npos);
}

TEST_F(ArticleFragmentsTest, TheHomePageAndArchivesShowANewOrEditedArticleAtOnce) {
  auto id = publish("Harbour talks resume", kNow - 3600);
  for (auto const* url : {"/", "/category/world", "/latest", "/author/ana-diaz"})
    ASSERT_NE(get_twice(url).body.find("Harbour talks resume"), std::string::npos) << url;
  publish("Ports reopen in the north", kNow - 1800);
  for (auto const* url : {"/", "/category/world", "/latest", "/author/ana-diaz"})
    EXPECT_NE(get_twice(url).body.find("Ports reopen in the north"), std::string::npos) << url;
  auto in = input("Harbour talks collapse", kNow - 3600);
  in.slug = "harbour-talks-resume";
  in.category_ids = {};
  ASSERT_TRUE(publishing_->edit_article(id, in));
  EXPECT_NE(get_twice("/").body.find("Harbour talks collapse"), std::string::npos);
  EXPECT_EQ(get_twice("/category/world").body.find("Harbour talks"), std::string::npos)
      << "it left the category";
  {
    soci::session sql(db_->pool());
    // SQLite's commit hook moves the counter for any commit; on PostgreSQL it is the
    // WriteTransaction every store's writes go through that moves it (libpq has no hook).
    std::optional<store::WriteTransaction> tx;
    if (test::on_postgres()) tx.emplace(sql);
    sql << "UPDATE categories SET name = 'Elsewhere' WHERE id = :id", soci::use(world_);
    sql << "UPDATE users SET status = 'disabled' WHERE id = :id", soci::use(author_);
    if (tx) tx->commit();
  }
  EXPECT_NE(get_twice("/category/world").body.find("Elsewhere"), std::string::npos);
  EXPECT_EQ(get_twice("/author/ana-diaz").status, 404) << "an inactive author has no page";
}

}  // namespace
}  // namespace dossier::publishing
