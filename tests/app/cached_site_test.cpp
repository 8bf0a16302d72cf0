// The page cache in front of the real site handlers: a change shows at once on every page
// it touches, and every unrelated page keeps its cached copy and its ETag.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "app/cached_site.hpp"
#include "app/site_routes.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/static_files.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/site_stack.hpp"

namespace dossier {
namespace {

using publishing::ArticleInput;
using publishing::ArticleStatus;
using publishing::Id;

constexpr UnixTime kNow = 1'790'000'000;

class CachedSiteTest : public ::testing::Test, protected test::SiteStack {
 protected:
  CachedSiteTest() : SiteStack("dossier-cache", kNow) {}

  void SetUp() override {
    soci::session sql(db_->pool());
    using publishing::TaxonomyStore;
    ada_ = TaxonomyStore::insert_author(sql, {0, "ada", "Ada Reporter", "", "author"}, "", kNow);
    ben_ = TaxonomyStore::insert_author(sql, {0, "ben", "Ben Analyst", "", "author"}, "", kNow);
    europe_ = TaxonomyStore::insert_category(sql, {0, {}, "europe", "Europe", "", 1});
    asia_ = TaxonomyStore::insert_category(sql, {0, {}, "asia", "Asia", "", 2});
    energy_ = TaxonomyStore::insert_tag(sql, {0, "energy", "Energy"});
    shipping_ = TaxonomyStore::insert_tag(sql, {0, "shipping", "Shipping"});
    events_.subscribe<publishing::ArticleChanged>([this](publishing::ArticleChanged const& c) {
      if (auto keys = app::cache_keys_for(c); !keys.empty()) cache_.invalidate(keys);
    });
    cached_ = std::make_unique<app::CachedSite>(
        &cache_, [this](http::Request const& r) { return app::dispatch(router_, *site_, r); });

    x_ = add("Gas deal signed in Warsaw", ada_, europe_, energy_, 3);
    y_ = add("Pipeline talks stall in Vienna", ada_, europe_, energy_, 2);
    z_ = add("Strait patrols double", ben_, asia_, shipping_, 1);
  }

  ArticleInput input(std::string title, Id author, Id category, Id tag, int hours_ago) {
    ArticleInput in;
    in.title = std::move(title);
    in.body_markdown = "Body text.";
    in.status = ArticleStatus::Published;
    in.author_id = author;
    in.published_at = kNow - hours_ago * 3600;
    in.category_ids = {category};
    in.tag_ids = {tag};
    return in;
  }
  Id add(std::string title, Id author, Id category, Id tag, int hours_ago) {
    return *publishing_->add_article(input(std::move(title), author, category, tag, hours_ago));
  }

  http::Response get(std::string const& target) {
    http::Request req;
    req.method = http::Method::Get;
    req.target = req.path = target;
    if (auto hit = cached_->lookup(req)) return *hit;
    return cached_->handle(req);
  }
  static std::string body_of(http::Response const& r) {
    return r.shared_body ? *r.shared_body : r.body;
  }

  render::PageCache cache_{64 << 20};
  std::unique_ptr<app::CachedSite> cached_;
  Id ada_ = 0, ben_ = 0, europe_ = 0, asia_ = 0, energy_ = 0, shipping_ = 0, x_ = 0, y_ = 0, z_ = 0;
};

std::vector<std::string> const kTouchedByY = {
    "/",
    "/latest",
    "/articles/pipeline-talks-stall-in-vienna",
    "/tag/energy",
    "/category/europe",
    "/author/ada",
    "/articles/gas-deal-signed-in-warsaw"};  // lists Y as related
std::vector<std::string> const kUnrelatedToY = {"/articles/strait-patrols-double", "/category/asia",
                                                "/tag/shipping", "/author/ben"};

TEST_F(CachedSiteTest, SecondRequestIsAHitWithTheSameEtag) {
  auto first = get("/category/europe");
  ASSERT_EQ(first.status, 200);
  auto hits = cache_.stats().hits;
  auto second = get("/category/europe");
  EXPECT_EQ(cache_.stats().hits, hits + 1);
  EXPECT_EQ(second.header("ETag"), first.header("ETag"));
  EXPECT_EQ(body_of(second), body_of(first));
}

TEST_F(CachedSiteTest, AnEditShowsAtOnceWhereverTheArticleAppearsAndNowhereElse) {
  std::map<std::string, std::string> etags;
  for (auto const& group : {kTouchedByY, kUnrelatedToY})
    for (auto const& t : group) {
      auto r = get(t);
      ASSERT_EQ(r.status, 200) << t;
      etags[t] = std::string(r.header("ETag"));
    }
  for (auto const& t : kTouchedByY)
    ASSERT_NE(body_of(get(t)).find("Pipeline talks stall in Vienna"), std::string::npos) << t;

  auto in = input("Pipeline talks resume in Vienna", ada_, europe_, energy_, 2);
  in.slug = "pipeline-talks-stall-in-vienna";
  ASSERT_TRUE(publishing_->edit_article(y_, in).ok());

  for (auto const& t : kTouchedByY) {
    EXPECT_EQ(cache_.find(t), nullptr) << t << " should have been invalidated";
    auto r = get(t);
    EXPECT_NE(body_of(r).find("Pipeline talks resume in Vienna"), std::string::npos) << t;
    EXPECT_NE(r.header("ETag"), etags[t]) << t;
  }
  for (auto const& t : kUnrelatedToY) {
    EXPECT_NE(cache_.find(t), nullptr) << t << " should still be cached";
    EXPECT_EQ(get(t).header("ETag"), etags[t]) << t;
  }
}

TEST_F(CachedSiteTest, PublishingAnArticleInvalidatesItsArchivesOnly) {
  auto europe = get("/category/europe");
  auto asia = get("/category/asia");
  add("Port strike spreads", ben_, asia_, shipping_, 0);
  EXPECT_EQ(get("/category/europe").header("ETag"), europe.header("ETag"));
  auto asia_after = get("/category/asia");
  EXPECT_NE(asia_after.header("ETag"), asia.header("ETag"));
  EXPECT_NE(body_of(asia_after).find("Port strike spreads"), std::string::npos);
  EXPECT_NE(body_of(get("/")).find("Port strike spreads"), std::string::npos);
}

TEST_F(CachedSiteTest, EditingADraftInvalidatesNothing) {
  auto draft = input("Unfinished piece", ada_, europe_, energy_, 0);
  draft.status = ArticleStatus::Draft;
  draft.published_at.reset();
  auto id = *publishing_->add_article(draft);
  for (auto const& t : kTouchedByY) get(t);
  auto pages = cache_.stats().pages;
  draft.title = "Still unfinished";
  ASSERT_TRUE(publishing_->edit_article(id, draft).ok());
  EXPECT_EQ(cache_.stats().pages, pages);
}

TEST_F(CachedSiteTest, UnpublishingRemovesTheArticleFromEveryListAtOnce) {
  for (auto const& t : kTouchedByY) get(t);
  auto in = input("Pipeline talks stall in Vienna", ada_, europe_, energy_, 2);
  in.slug = "pipeline-talks-stall-in-vienna";
  in.status = ArticleStatus::Draft;
  ASSERT_TRUE(publishing_->edit_article(y_, in).ok());
  EXPECT_EQ(get("/articles/pipeline-talks-stall-in-vienna").status, 404);
  for (auto const& t : {"/", "/latest", "/tag/energy", "/category/europe", "/author/ada"})
    EXPECT_EQ(body_of(get(t)).find("Pipeline talks stall in Vienna"), std::string::npos) << t;
}

TEST_F(CachedSiteTest, ConditionalAndCompressedHitsAndSessionBypass) {
  auto first = get("/latest");
  http::Request req;
  req.method = http::Method::Get;
  req.target = req.path = "/latest";
  req.headers = {{"if-none-match", std::string(first.header("ETag"))}};
  auto not_modified = cached_->lookup(req);
  ASSERT_TRUE(not_modified.has_value());
  EXPECT_EQ(not_modified->status, 304);
  req.headers = {{"accept-encoding", "gzip"}};
  auto zipped = cached_->lookup(req);
  ASSERT_TRUE(zipped.has_value());
  EXPECT_EQ(zipped->header("Content-Encoding"), "gzip");
  EXPECT_NE(zipped->header("ETag"), first.header("ETag"));
  req.headers = {{"cookie", "theme=dark; dossier_session=abc"}};
  EXPECT_FALSE(cached_->lookup(req).has_value());
}

// A page (kind Page, e.g. About) names only itself and the site settings: nothing but its own
// "article:ID" key can take a stale copy out of the cache when it is edited.
TEST_F(CachedSiteTest, EditingAPageShowsAtOnceThoughOnlyItsOwnKeyNamesIt) {
  auto in = input("About us", ada_, europe_, energy_, 5);
  in.kind = publishing::ArticleKind::Page;
  in.slug = "about";
  in.category_ids.clear();
  in.tag_ids.clear();
  in.body_markdown = "We report on the energy trade.";
  auto id = *publishing_->add_article(in);
  auto first = get("/about");
  ASSERT_EQ(first.status, 200);
  ASSERT_NE(body_of(first).find("We report on the energy trade."), std::string::npos);
  auto hits = cache_.stats().hits;
  auto second = get("/about");
  ASSERT_EQ(cache_.stats().hits, hits + 1) << "the second visit is served from the cache";
  EXPECT_EQ(second.header("ETag"), first.header("ETag"));
  auto cached = cache_.find("/about");
  ASSERT_NE(cached, nullptr);
  EXPECT_EQ(cached->keys, (std::vector<std::string>{"site", "article:" + std::to_string(id)}));

  in.body_markdown = "We report on the energy trade and on shipping.";
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  EXPECT_EQ(cache_.find("/about"), nullptr) << "the edit must drop the cached page";
  auto after = get("/about");
  EXPECT_NE(body_of(after).find("and on shipping."), std::string::npos);
  EXPECT_NE(after.header("ETag"), first.header("ETag"));
}

TEST_F(CachedSiteTest, NotFoundPagesAreNotCached) {
  auto pages = cache_.stats().pages;
  EXPECT_EQ(get("/articles/nothing-here").status, 404);
  EXPECT_EQ(cache_.stats().pages, pages);
}

}  // namespace
}  // namespace dossier
