// PublishingService on a fresh, migrated SQLite file: slugs, validation, rendering at save
// time, the public read model, renames, listings, the home page and related articles.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/slug.hpp"
#include "publishing/article_store.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::publishing {
namespace {

constexpr UnixTime kNow = 1'800'000'000;
constexpr UnixTime kBase = 1'790'000'000;  // published_at of the oldest test article

class Publishing : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two connections: the service borrows one while a test may hold the other.
    db_ = test::open_test_database(dir_.path(), 2);
    soci::session sql(db_->pool());
    soci::transaction tx(sql);
    author_ = TaxonomyStore::insert_author(sql, {0, "ana-diaz", "Ana Díaz", "", "author"},
                                           "ana@example.org", kNow);
    world_ = TaxonomyStore::insert_category(sql, {0, std::nullopt, "world", "World", "", 0});
    europe_ = TaxonomyStore::insert_category(sql, {0, world_, "europe", "Europe", "", 0});
    economy_ = TaxonomyStore::insert_category(sql, {0, std::nullopt, "economy", "Economy", "", 1});
    iran_ = TaxonomyStore::insert_tag(sql, {0, "iran", "Iran"});
    oil_ = TaxonomyStore::insert_tag(sql, {0, "oil", "Oil"});
    tx.commit();
    service_ = std::make_unique<PublishingService>(*db_, [] { return kNow; });
  }

  // A valid, published, public article in no category.
  ArticleInput published(std::string title, UnixTime at) const {
    ArticleInput in;
    in.title = std::move(title);
    in.body_markdown = "Some text.";
    in.status = ArticleStatus::Published;
    in.published_at = at;
    in.author_id = author_;
    return in;
  }

  Id add(ArticleInput in) {
    auto id = service_->add_article(std::move(in));
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  std::optional<Article> stored(Id id) {
    soci::session sql(db_->pool());
    return ArticleStore::find_by_id(sql, id);
  }

  int article_count() {
    soci::session sql(db_->pool());
    int n = 0;
    sql << "SELECT COUNT(*) FROM articles", soci::into(n);
    return n;
  }

  static std::vector<std::string> slugs(std::vector<ArticleSummary> const& items) {
    std::vector<std::string> out;
    for (auto const& s : items) out.push_back(s.slug);
    return out;
  }

  test::TempDir dir_{"dossier-publishing"};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<PublishingService> service_;
  Id author_ = 0, world_ = 0, europe_ = 0, economy_ = 0, iran_ = 0, oil_ = 0;
};

TEST_F(Publishing, EmptySlugIsDerivedFromTheTitle) {
  auto id = add(published("Geneva Talks End, Again", kBase));
  auto a = stored(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->slug, "geneva-talks-end-again");
  EXPECT_EQ(a->created_at, kNow);  // the service's clock, not the system's
}

TEST_F(Publishing, SameTitleGetsANumberedSlug) {
  auto first = add(published("Oil Prices Rise", kBase));
  auto second = add(published("Oil Prices Rise", kBase + 1));
  auto third = add(published("Oil Prices Rise", kBase + 2));
  EXPECT_EQ(stored(first)->slug, "oil-prices-rise");
  EXPECT_EQ(stored(second)->slug, "oil-prices-rise-2");
  EXPECT_EQ(stored(third)->slug, "oil-prices-rise-3");
}

TEST_F(Publishing, NumberedSlugOfALongTitleIsStillValid) {
  // The title's slug is exactly kMaxSlugLength long with a hyphen where the suffix cut falls.
  std::string title = std::string(kMaxSlugLength - 6, 'a') + " bbbbb";
  ASSERT_EQ(make_slug(title).size(), kMaxSlugLength);
  auto first = add(published(title, kBase));
  auto second = add(published(title, kBase + 1));
  auto a = stored(first), b = stored(second);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->slug, b->slug);
  EXPECT_TRUE(is_valid_slug(b->slug)) << b->slug;
}

TEST_F(Publishing, ExplicitDuplicateSlugIsAConflict) {
  auto in = published("First", kBase);
  in.slug = "taken";
  add(in);
  auto dup = published("Second", kBase + 1);
  dup.slug = "taken";
  auto result = service_->add_article(dup);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(article_count(), 1);
}

TEST_F(Publishing, InvalidInputIsRefusedAndNothingIsStored) {
  struct Case {
    char const* what;
    std::function<void(ArticleInput&)> change;
    ErrorKind kind;
  };
  std::vector<Case> cases = {
      {"empty title", [](ArticleInput& in) { in.title = ""; }, ErrorKind::Invalid},
      {"blank title", [](ArticleInput& in) { in.title = " \t "; }, ErrorKind::Invalid},
      {"bad slug", [](ArticleInput& in) { in.slug = "Bad Slug"; }, ErrorKind::Invalid},
      {"slug with double hyphen", [](ArticleInput& in) { in.slug = "a--b"; }, ErrorKind::Invalid},
      {"title not UTF-8", [](ArticleInput& in) { in.title = "Bad \xC0\xAF title"; },
       ErrorKind::Invalid},
      {"body not UTF-8", [](ArticleInput& in) { in.body_markdown = "\xED\xA0\x80"; },
       ErrorKind::Invalid},
      {"published without time", [](ArticleInput& in) { in.published_at.reset(); },
       ErrorKind::Invalid},
      {"scheduled without time",
       [](ArticleInput& in) {
         in.status = ArticleStatus::Scheduled;
         in.published_at.reset();
       },
       ErrorKind::Invalid},
      {"title too long", [](ArticleInput& in) { in.title = std::string(kMaxTitleLength + 1, 'x'); },
       ErrorKind::Invalid},
      {"no author", [](ArticleInput& in) { in.author_id = 0; }, ErrorKind::Invalid},
      {"body too large",
       [](ArticleInput& in) { in.body_markdown = std::string(kMaxBodyBytes + 1, 'x'); },
       ErrorKind::TooLarge},
  };
  for (auto const& c : cases) {
    auto in = published("A valid title", kBase);
    c.change(in);
    auto result = service_->add_article(in);
    ASSERT_FALSE(result.ok()) << c.what;
    EXPECT_EQ(result.error().kind, c.kind) << c.what;
    EXPECT_FALSE(result.error().message.empty()) << c.what;
  }
  EXPECT_EQ(article_count(), 0);
  // The longest allowed title is accepted.
  EXPECT_TRUE(service_->add_article(published(std::string(kMaxTitleLength, 'x'), kBase)).ok());
}

TEST_F(Publishing, BodyIsStoredRendered) {
  auto in = published("Rendered", kBase);
  in.body_markdown = "# Background\n\nOne two three <script>x()</script>\n";
  auto a = stored(add(in));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body_markdown, in.body_markdown);
  EXPECT_NE(a->body_html.find("<h2>Background</h2>"), std::string::npos) << a->body_html;
  EXPECT_EQ(a->body_html.find("<script>"), std::string::npos) << a->body_html;
  EXPECT_GE(a->word_count, 4);
}

TEST_F(Publishing, ReadArticleShowsOnlyPublishedPublicArticles) {
  auto in = published("Public Piece", kBase);
  in.category_ids = {world_};
  in.tag_ids = {iran_};
  add(in);
  auto draft = published("Draft Piece", kBase);
  draft.status = ArticleStatus::Draft;
  add(draft);
  auto clients = published("Clients Piece", kBase);
  clients.visibility = Visibility::Clients;
  add(clients);
  auto subscribers = published("Subscribers Piece", kBase);
  subscribers.visibility = Visibility::Subscribers;
  add(subscribers);

  auto view = service_->read_article("public-piece");
  ASSERT_TRUE(view);
  EXPECT_EQ(view->article.title, "Public Piece");
  EXPECT_EQ(view->author.slug, "ana-diaz");
  ASSERT_EQ(view->categories.size(), 1u);
  EXPECT_EQ(view->categories[0].slug, "world");
  ASSERT_EQ(view->tags.size(), 1u);
  EXPECT_EQ(view->tags[0].slug, "iran");
  EXPECT_FALSE(service_->read_article("draft-piece"));
  EXPECT_FALSE(service_->read_article("clients-piece"));
  EXPECT_FALSE(service_->read_article("subscribers-piece"));
  EXPECT_FALSE(service_->read_article("no-such-piece"));
}

TEST_F(Publishing, EditChangingTheSlugKeepsTheOldOneRedirecting) {
  auto id = add(published("Old Title", kBase));
  auto edit = published("New Title", kBase);
  edit.slug = "new-title";
  auto result = service_->edit_article(id, edit);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(service_->renamed("old-title"), "new-title");
  EXPECT_FALSE(service_->read_article("old-title"));
  auto view = service_->read_article("new-title");
  ASSERT_TRUE(view);
  EXPECT_EQ(view->article.title, "New Title");
  EXPECT_EQ(view->article.updated_at, kNow);
  // The old slug stays reserved for the redirect.
  auto other = published("Other", kBase);
  other.slug = "old-title";
  auto taken = service_->add_article(other);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::Conflict);
  // An empty slug in an edit keeps the current one.
  auto keep = published("Newer Title", kBase);
  ASSERT_TRUE(service_->edit_article(id, keep).ok());
  EXPECT_EQ(stored(id)->slug, "new-title");
}

TEST_F(Publishing, RenamingBackToAnOldSlugIsNotARedirect) {
  // a -> b -> a: the article lives at "a" again, so "a" must not redirect (to itself).
  auto id = add(published("Round Trip", kBase));
  auto to_b = published("Round Trip", kBase);
  to_b.slug = "round-trip-b";
  ASSERT_TRUE(service_->edit_article(id, to_b).ok());
  auto to_a = published("Round Trip", kBase);
  to_a.slug = "round-trip";
  ASSERT_TRUE(service_->edit_article(id, to_a).ok());
  EXPECT_TRUE(service_->read_article("round-trip"));
  EXPECT_EQ(service_->renamed("round-trip-b"), "round-trip");
  EXPECT_EQ(service_->renamed("round-trip"), std::nullopt);
}

TEST_F(Publishing, EditOfAMissingArticleIsNotFound) {
  auto result = service_->edit_article(12345, published("Nothing", kBase));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::NotFound);
}

TEST_F(Publishing, EditToAnotherArticlesSlugIsAConflict) {
  add(published("Alpha", kBase));
  auto beta = add(published("Beta", kBase));
  auto edit = published("Beta", kBase);
  edit.slug = "alpha";
  auto result = service_->edit_article(beta, edit);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(stored(beta)->slug, "beta");
}

TEST_F(Publishing, BrowsePaginatesNewestFirst) {
  for (int i = 0; i < 25; ++i) add(published(fmt::format("Story {}", i), kBase + i * 60));
  auto draft = published("Unpublished", kBase + 99999);
  draft.status = ArticleStatus::Draft;
  add(draft);

  auto first = service_->browse({}, 1, 10);
  EXPECT_EQ(first.total, 25);
  EXPECT_EQ(first.page_count(), 3);
  ASSERT_EQ(first.items.size(), 10u);
  EXPECT_EQ(first.items.front().slug, "story-24");
  for (std::size_t i = 1; i < first.items.size(); ++i)
    EXPECT_GT(first.items[i - 1].published_at, first.items[i].published_at);

  auto third = service_->browse({}, 3, 10);
  EXPECT_EQ(third.page_count(), 3);
  EXPECT_EQ(third.number, 3);
  EXPECT_EQ(slugs(third.items),
            (std::vector<std::string>{"story-4", "story-3", "story-2", "story-1", "story-0"}));

  EXPECT_TRUE(service_->browse({}, 4, 10).items.empty());
}

TEST_F(Publishing, BrowseByCategoryAndTagListsOnlyThose) {
  auto w = published("World One", kBase);
  w.category_ids = {world_};
  add(w);
  auto e = published("Economy One", kBase + 10);
  e.category_ids = {economy_};
  e.tag_ids = {oil_};
  add(e);
  auto both = published("Economy And World", kBase + 20);
  both.category_ids = {economy_, world_};
  add(both);
  add(published("Uncategorized", kBase + 30));

  ListQuery world;
  world.category_id = world_;
  auto page = service_->browse(world, 1, 10);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(slugs(page.items), (std::vector<std::string>{"economy-and-world", "world-one"}));

  ListQuery oil;
  oil.tag_id = oil_;
  EXPECT_EQ(slugs(service_->browse(oil, 1, 10).items), (std::vector<std::string>{"economy-one"}));
}

TEST_F(Publishing, HomeHasLeadLatestAndSections) {
  for (int i = 0; i < 9; ++i) {
    auto in = published(fmt::format("Home {}", i), kBase + i * 60);
    in.category_ids = {i % 2 ? world_ : economy_};
    add(in);
  }
  auto europe = published("Europe Only", kBase - 60);
  europe.category_ids = {europe_};
  add(europe);

  auto home = service_->home();
  ASSERT_TRUE(home.lead);
  EXPECT_EQ(home.lead->slug, "home-8");
  ASSERT_EQ(home.latest.size(), static_cast<std::size_t>(kLatestCount));
  EXPECT_EQ(home.latest.front().slug, "home-7");
  // Sections: top-level categories by position, newest first, at most kSectionCount each.
  ASSERT_EQ(home.sections.size(), 2u);
  EXPECT_EQ(home.sections[0].category.slug, "world");
  EXPECT_EQ(home.sections[1].category.slug, "economy");
  EXPECT_EQ(slugs(home.sections[0].articles),
            (std::vector<std::string>{"home-7", "home-5", "home-3"}));
  EXPECT_EQ(home.sections[1].articles.size(), static_cast<std::size_t>(kSectionCount));
  EXPECT_EQ(home.sections[1].articles.front().category_slug, "economy");
}

TEST_F(Publishing, EmptyHomeHasNoLead) {
  auto home = service_->home();
  EXPECT_FALSE(home.lead);
  EXPECT_TRUE(home.latest.empty());
  EXPECT_TRUE(home.sections.empty());
}

TEST_F(Publishing, RelatedSharesATagOrCategoryNewestFirst) {
  auto main = published("Main", kBase + 100);
  main.category_ids = {world_};
  main.tag_ids = {iran_};
  add(main);
  auto same_tag = published("Same Tag", kBase + 10);
  same_tag.category_ids = {economy_};
  same_tag.tag_ids = {iran_};
  add(same_tag);
  auto same_category = published("Same Category", kBase + 20);
  same_category.category_ids = {world_};
  add(same_category);
  auto unrelated = published("Unrelated", kBase + 30);
  unrelated.category_ids = {economy_};
  unrelated.tag_ids = {oil_};
  add(unrelated);
  auto draft = published("Related Draft", kBase + 40);
  draft.status = ArticleStatus::Draft;
  draft.tag_ids = {iran_};
  add(draft);

  auto view = service_->read_article("main");
  ASSERT_TRUE(view);
  EXPECT_EQ(slugs(service_->newest_related(*view, kRelatedCount)),
            (std::vector<std::string>{"same-category", "same-tag"}));
}

TEST(ReadingMinutes, RoundsAndNeverGoesBelowOne) {
  EXPECT_EQ(reading_minutes(0), 1);
  EXPECT_EQ(reading_minutes(100), 1);
  EXPECT_EQ(reading_minutes(460), 2);
  EXPECT_EQ(reading_minutes(2300), 10);
}

}  // namespace
}  // namespace dossier::publishing
