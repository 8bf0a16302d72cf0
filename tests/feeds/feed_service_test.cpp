// FeedService on a real SQLite database: what feeds and sitemaps list, in which order, and
// what they must never list (drafts, scheduled, restricted articles; pages in feeds).
#include <algorithm>
#include <optional>
#include <set>

#include "feeds/feed_fixture.hpp"

namespace dossier::test {
namespace {

using feeds::FeedContent;
using feeds::Scope;
using feeds::SitemapKind;
using publishing::ArticleKind;
using publishing::ArticleStatus;
using publishing::Visibility;

std::vector<std::string> titles(feeds::Feed const& f) {
  std::vector<std::string> out;
  for (auto const& e : f.entries) out.push_back(e.title);
  return out;
}

std::vector<std::string> slugs(std::vector<feeds::SitemapEntry> const& entries, SitemapKind kind) {
  std::vector<std::string> out;
  for (auto const& e : entries)
    if (e.kind == kind) out.push_back(e.slug);
  return out;
}

using FeedServiceTest = FeedSiteTest;

TEST_F(FeedServiceTest, SiteFeedIsNewestFirstAndLimitedToItems) {
  add({.title = "Oldest", .hours_ago = 50});
  add({.title = "Newest", .hours_ago = 1});
  add({.title = "Middle", .hours_ago = 10});
  add({.title = "Second", .hours_ago = 5});
  auto feed = feed_service_->site_feed();
  EXPECT_EQ(titles(feed), (std::vector<std::string>{"Newest", "Second", "Middle"}));
  EXPECT_EQ(feed.entries.front().published_at, kFeedNow - kHour);
  EXPECT_EQ(feed.site.title, "Meridian Test");
  // The feed's update time is its newest entry's (articles were saved "now").
  EXPECT_EQ(feed.updated, kFeedNow);
  EXPECT_GE(feed.entries.front().updated_at, feed.entries.front().published_at);
}

TEST_F(FeedServiceTest, EmptySiteHasAnEmptyFeedUpdatedNow) {
  auto feed = feed_service_->site_feed();
  EXPECT_TRUE(feed.entries.empty());
  EXPECT_EQ(feed.updated, kFeedNow);
}

TEST_F(FeedServiceTest, DraftsScheduledRestrictedAndPagesNeverAppear) {
  add({.title = "A draft", .status = ArticleStatus::Draft, .tag = energy_});
  add({.title = "A scheduled piece", .status = ArticleStatus::Scheduled, .tag = energy_});
  add({.title = "For clients", .visibility = Visibility::Clients, .tag = energy_});
  add({.title = "For subscribers", .visibility = Visibility::Subscribers, .tag = energy_});
  add({.title = "About us", .kind = ArticleKind::Page});
  add({.title = "Visible", .hours_ago = 2, .tag = energy_});
  use_options({FeedContent::Excerpt, 50});
  std::vector<feeds::Feed> all{
      feed_service_->site_feed(), *feed_service_->feed(Scope::Category, "europe"),
      *feed_service_->feed(Scope::Tag, "energy"), *feed_service_->feed(Scope::Author, "ada")};
  for (auto const& f : all) EXPECT_EQ(titles(f), std::vector<std::string>{"Visible"});

  auto news = feed_service_->news_sitemap();
  ASSERT_EQ(news.entries.size(), 1u);
  EXPECT_EQ(news.entries[0].title, "Visible");

  auto file = feed_service_->article_sitemap(1);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(slugs(*file, SitemapKind::Article), std::vector<std::string>{"visible"});
  // The page is in the pages sitemap, and only there.
  EXPECT_EQ(slugs(feed_service_->pages_sitemap(), SitemapKind::Page),
            std::vector<std::string>{"about-us"});
}

TEST_F(FeedServiceTest, FullContentCarriesTheBodyAndExcerptOnlyTheDek) {
  add({.title = "With a body", .dek = "The dek.", .body = "First *paragraph*."});
  auto excerpt = feed_service_->site_feed();
  ASSERT_EQ(excerpt.entries.size(), 1u);
  EXPECT_EQ(excerpt.content, FeedContent::Excerpt);
  EXPECT_EQ(excerpt.entries[0].dek, "The dek.");
  EXPECT_TRUE(excerpt.entries[0].body_html.empty());

  use_options({FeedContent::Full, 3});
  auto full = feed_service_->site_feed();
  ASSERT_EQ(full.entries.size(), 1u);
  EXPECT_EQ(full.content, FeedContent::Full);
  EXPECT_EQ(full.entries[0].body_html, "<p>First <em>paragraph</em>.</p>\n");
}

TEST_F(FeedServiceTest, HeroImageBecomesAnEnclosure) {
  add({.title = "Pictured", .hours_ago = 1, .hero = image_});
  add({.title = "Plain", .hours_ago = 2});
  auto feed = feed_service_->site_feed();
  ASSERT_EQ(feed.entries.size(), 2u);
  ASSERT_TRUE(feed.entries[0].hero.has_value());
  EXPECT_EQ(feed.entries[0].hero->file, "2026/09/pipeline.jpg");
  EXPECT_EQ(feed.entries[0].hero->mime, "image/jpeg");
  EXPECT_EQ(feed.entries[0].hero->bytes, 48'213);
  EXPECT_FALSE(feed.entries[1].hero.has_value());
}

TEST_F(FeedServiceTest, EntriesCarryAuthorCategoriesAndTags) {
  publishing::ArticleInput in;
  in.title = "Two places";
  in.body_markdown = "Text.";
  in.status = ArticleStatus::Published;
  in.author_id = ben_;
  in.published_at = kFeedNow - kHour;
  in.category_ids = {asia_, europe_};  // Asia is the primary category
  in.tag_ids = {shipping_, energy_};
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto feed = feed_service_->site_feed();
  ASSERT_EQ(feed.entries.size(), 1u);
  auto const& e = feed.entries[0];
  EXPECT_EQ(e.author_name, "Ben Analyst");
  EXPECT_EQ(e.author_slug, "ben");
  ASSERT_EQ(e.categories.size(), 2u);
  EXPECT_EQ(e.categories[0].slug, "asia");
  EXPECT_EQ(e.categories[1].slug, "europe");
  ASSERT_EQ(e.tags.size(), 2u);
  EXPECT_EQ(e.tags[0].name, "Energy");
  EXPECT_EQ(e.tags[1].name, "Shipping");
}

TEST_F(FeedServiceTest, ScopedFeedsListOnlyTheirOwnArticles) {
  add({.title = "Europe by Ada", .hours_ago = 1, .tag = energy_});
  add({.title = "Asia by Ben",
       .hours_ago = 2,
       .author = ben_,
       .category = asia_,
       .tag = shipping_});
  add({.title = "Europe by Ben", .hours_ago = 3, .author = ben_, .tag = shipping_});

  auto europe = feed_service_->feed(Scope::Category, "europe");
  ASSERT_TRUE(europe.has_value());
  EXPECT_EQ(titles(*europe), (std::vector<std::string>{"Europe by Ada", "Europe by Ben"}));
  EXPECT_EQ(europe->scope_id, europe_);
  EXPECT_EQ(europe->scope_name, "Europe");

  auto shipping = feed_service_->feed(Scope::Tag, "shipping");
  ASSERT_TRUE(shipping.has_value());
  EXPECT_EQ(titles(*shipping), (std::vector<std::string>{"Asia by Ben", "Europe by Ben"}));
  EXPECT_EQ(shipping->scope_id, shipping_);

  auto ben = feed_service_->feed(Scope::Author, "ben");
  ASSERT_TRUE(ben.has_value());
  EXPECT_EQ(titles(*ben), (std::vector<std::string>{"Asia by Ben", "Europe by Ben"}));
  EXPECT_EQ(ben->scope_id, ben_);

  EXPECT_FALSE(feed_service_->feed(Scope::Category, "nowhere").has_value());
  EXPECT_FALSE(feed_service_->feed(Scope::Tag, "nothing").has_value());
  EXPECT_FALSE(feed_service_->feed(Scope::Author, "nobody").has_value());
}

TEST_F(FeedServiceTest, ArticleSitemapsSplitByIdRangeAtTheFileLimit) {
  EXPECT_EQ(feeds::kSitemapMaxUrls, 50'000);  // sitemaps.org's limit is the default
  constexpr int kPerFile = 3;
  // Ids 1-3 public, 4-6 drafts, 7-8 public: file 2 (ids 4-6) has nothing to list.
  for (int i = 1; i <= 8; ++i) {
    bool draft = i >= 4 && i <= 6;
    add({.title = "Article " + std::to_string(i),
         .hours_ago = 100 - i,
         .status = draft ? ArticleStatus::Draft : ArticleStatus::Published});
  }
  auto index = feed_service_->sitemap_index(kPerFile);
  EXPECT_EQ(index.article_files, (std::vector<int>{1, 3}));
  // The default limit puts everything in one file.
  EXPECT_EQ(feed_service_->sitemap_index().article_files, std::vector<int>{1});

  auto first = feed_service_->article_sitemap(1, kPerFile);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(slugs(*first, SitemapKind::Article),
            (std::vector<std::string>{"article-1", "article-2", "article-3"}));
  EXPECT_FALSE(feed_service_->article_sitemap(2, kPerFile).has_value());
  auto third = feed_service_->article_sitemap(3, kPerFile);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(slugs(*third, SitemapKind::Article),
            (std::vector<std::string>{"article-7", "article-8"}));
  EXPECT_FALSE(feed_service_->article_sitemap(4, kPerFile).has_value());
  EXPECT_FALSE(feed_service_->article_sitemap(0, kPerFile).has_value());
  for (auto const& e : *first) {
    ASSERT_TRUE(e.lastmod.has_value());
    EXPECT_EQ(*e.lastmod, kFeedNow);  // updated_at: saved "now"
  }
}

TEST_F(FeedServiceTest, ManyFilesEachHoldAtMostTheLimitAndEveryArticleOnce) {
  constexpr int kPerFile = 4;
  constexpr int kArticles = 17;
  for (int i = 0; i < kArticles; ++i) add({.title = "Item " + std::to_string(i), .hours_ago = i});
  add({.title = "Hidden", .visibility = Visibility::Clients});
  auto index = feed_service_->sitemap_index(kPerFile);
  EXPECT_EQ(index.article_files.size(), 5u);  // ceil(17 / 4); the hidden one is id 18
  std::multiset<std::string> seen;
  for (int n : index.article_files) {
    auto file = feed_service_->article_sitemap(n, kPerFile);
    ASSERT_TRUE(file.has_value()) << n;
    EXPECT_LE(file->size(), static_cast<std::size_t>(kPerFile)) << n;
    for (auto const& e : *file) seen.insert(e.slug);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kArticles));
  for (auto const& slug : seen) EXPECT_EQ(seen.count(slug), 1u) << slug;
  EXPECT_EQ(seen.count("hidden"), 0u);
}

TEST_F(FeedServiceTest, PagesSitemapListsHomeArchivesAndPages) {
  add({.title = "In Europe", .hours_ago = 5, .tag = energy_});
  add({.title = "Hidden in Asia",
       .hours_ago = 1,
       .visibility = Visibility::Clients,
       .author = ben_,
       .category = asia_,
       .tag = shipping_});
  add({.title = "About", .hours_ago = 300, .kind = ArticleKind::Page});
  auto entries = feed_service_->pages_sitemap();
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].kind, SitemapKind::Home);
  EXPECT_EQ(entries[1].kind, SitemapKind::Latest);
  EXPECT_EQ(entries[0].lastmod, kFeedNow - 5 * kHour);  // the newest public article
  // Archives with a public article only: Asia, Shipping and Ben have none readers may see.
  EXPECT_EQ(slugs(entries, SitemapKind::Category), std::vector<std::string>{"europe"});
  EXPECT_EQ(slugs(entries, SitemapKind::Tag), std::vector<std::string>{"energy"});
  EXPECT_EQ(slugs(entries, SitemapKind::Author), std::vector<std::string>{"ada"});
  EXPECT_EQ(slugs(entries, SitemapKind::Page), std::vector<std::string>{"about"});
  for (auto const& e : entries) {
    ASSERT_TRUE(e.lastmod.has_value()) << e.slug;
    if (e.kind == SitemapKind::Category) EXPECT_EQ(*e.lastmod, kFeedNow - 5 * kHour);
  }
}

TEST_F(FeedServiceTest, NewsSitemapHoldsOnlyTheLastTwoDays) {
  add({.title = "One hour old", .hours_ago = 1});
  add({.title = "Nearly two days old", .hours_ago = 47});
  add({.title = "Three days old", .hours_ago = 72});
  add({.title = "Just over two days old", .hours_ago = 49});
  add({.title = "A page today", .hours_ago = 1, .kind = ArticleKind::Page});
  auto news = feed_service_->news_sitemap();
  ASSERT_EQ(news.entries.size(), 2u);
  EXPECT_EQ(news.entries[0].title, "One hour old");
  EXPECT_EQ(news.entries[0].published_at, kFeedNow - kHour);
  EXPECT_EQ(news.entries[1].title, "Nearly two days old");
  EXPECT_EQ(news.site.title, "Meridian Test");
  EXPECT_EQ(news.site.language, "en");
}

}  // namespace
}  // namespace dossier::test

namespace dossier::test {
namespace {

// Feeds are kept in memory until the next write to the database (site/fragment_cache.hpp):
// a new, edited or unpublished article shows in them at once, and the kept copy after that.
TEST_F(FeedServiceTest, KeptFeedsShowEveryChangeAtOnce) {
  auto first = add({.title = "First", .hours_ago = 5});
  auto twice = [&](auto read) {
    auto a = titles(read()), b = titles(read());
    EXPECT_EQ(a, b);
    return b;
  };
  auto site = [&] { return feed_service_->site_feed(); };
  auto europe = [&] { return *feed_service_->feed(Scope::Category, "europe"); };
  EXPECT_EQ(twice(site), (std::vector<std::string>{"First"}));
  EXPECT_EQ(twice(europe), (std::vector<std::string>{"First"}));
  add({.title = "Second", .hours_ago = 1});
  EXPECT_EQ(twice(site), (std::vector<std::string>{"Second", "First"}));
  EXPECT_EQ(twice(europe), (std::vector<std::string>{"Second", "First"}));
  {
    // Taken off the site by a statement on another connection: no event, the counter moves.
    soci::session sql(db_->pool());
    // SQLite's commit hook moves the counter for any commit; on PostgreSQL it is the
    // WriteTransaction every store's writes go through that moves it (libpq has no hook).
    std::optional<store::WriteTransaction> tx;
    if (test::on_postgres()) tx.emplace(sql);
    sql << "UPDATE articles SET status = 'draft' WHERE id = :id", soci::use(first);
    if (tx) tx->commit();
  }
  EXPECT_EQ(twice(site), (std::vector<std::string>{"Second"}));
  EXPECT_EQ(twice(europe), (std::vector<std::string>{"Second"}));
  EXPECT_FALSE(feed_service_->feed(Scope::Category, "nowhere")) << "an unknown scope stays none";
}

}  // namespace
}  // namespace dossier::test
