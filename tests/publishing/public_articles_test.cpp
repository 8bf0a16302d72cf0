// Publishing's named read API for other folders (publishing/public_articles.hpp), on a real
// SQLite database: no function ever yields an article a reader may not see (draft,
// scheduled, for subscribers, for clients), not even when it is the newest of every scope
// and shares every category, tag, author and word with a public one; and search, which
// reads through these functions and the public_articles view, never finds one either.
#include "publishing/public_articles.hpp"
#include <tuple>

#include "feeds/feed_fixture.hpp"
#include "publishing/article_store.hpp"
#include "search/query_parser.hpp"

namespace dossier::test {
namespace {

using publishing::ArticleKind;
using publishing::ArticleStatus;
using publishing::Visibility;

class PublicArticlesTest : public FeedSiteTest {
 protected:
  void SetUp() override {
    FeedSiteTest::SetUp();
    // The public ones are older than every hidden one, in the same category, tag and
    // author, so a list that let a hidden one through would show it first.
    visible_ = add({.title = "Visible quokka", .hours_ago = 30, .tag = energy_, .hero = image_});
    page_ = add({.title = "About quokka", .hours_ago = 30, .kind = ArticleKind::Page});
    struct Hidden {
      char const* title;
      ArticleStatus status;
      Visibility visibility;
      ArticleKind kind;
    };
    for (auto const& h : {
             Hidden{"Draft quokka", ArticleStatus::Draft, Visibility::Public, ArticleKind::News},
             Hidden{"Scheduled quokka", ArticleStatus::Scheduled, Visibility::Public,
                    ArticleKind::Analysis},
             Hidden{"Subscribers quokka", ArticleStatus::Published, Visibility::Subscribers,
                    ArticleKind::News},
             Hidden{"Clients quokka", ArticleStatus::Published, Visibility::Clients,
                    ArticleKind::Report},
             Hidden{"Clients page quokka", ArticleStatus::Published, Visibility::Clients,
                    ArticleKind::Page},
         })
      hidden_.push_back(add({.title = h.title,
                             .hours_ago = 1,
                             .status = h.status,
                             .visibility = h.visibility,
                             .kind = h.kind,
                             .tag = energy_,
                             .hero = image_}));
  }

  static bool is_hidden_title(std::string const& title) {
    return title.find("Visible") == std::string::npos && title.find("About") == std::string::npos;
  }

  publishing::Id visible_ = 0, page_ = 0;
  std::vector<publishing::Id> hidden_;
};

TEST_F(PublicArticlesTest, ListsAndRangesNeverYieldANonPublicArticle) {
  soci::session sql(db_->pool());
  using publishing::PublicScope;
  struct Scoped {
    PublicScope scope;
    publishing::Id id;
  };
  for (auto [scope, id] : {Scoped{PublicScope::Site, 0}, Scoped{PublicScope::Category, europe_},
                           Scoped{PublicScope::Tag, energy_}, Scoped{PublicScope::Author, ada_}})
    for (bool bodies : {false, true}) {
      auto entries = publishing::newest_public(sql, {scope, id, 50, bodies});
      ASSERT_EQ(entries.size(), 1u) << static_cast<int>(scope);
      EXPECT_EQ(entries[0].id, visible_);
      ASSERT_TRUE(entries[0].hero.has_value());
      EXPECT_EQ(entries[0].tags.size(), 1u);
    }

  auto news = publishing::public_published_between(sql, 0, kFeedNow, 1000);
  ASSERT_EQ(news.size(), 1u);
  EXPECT_EQ(news[0].title, "Visible quokka");
  EXPECT_EQ(publishing::newest_public_published_at(sql), kFeedNow - 30 * kHour);

  std::vector<publishing::Id> ranged;
  for (auto next = publishing::next_public_id(sql, 0); next;
       next = publishing::next_public_id(sql, *next))
    ranged.push_back(*next);
  EXPECT_EQ(ranged, std::vector<publishing::Id>{visible_});
  auto range = publishing::public_id_range(sql, 1, 1000);
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0].slug, "visible-quokka");

  auto pages = publishing::public_pages(sql, 100);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].slug, "about-quokka");

  // Each archive's time is its newest public article's, not a hidden one's.
  for (auto kind : {publishing::ArchiveKind::Category, publishing::ArchiveKind::Tag,
                    publishing::ArchiveKind::Author}) {
    auto archives = publishing::public_archives(sql, kind, 100);
    ASSERT_EQ(archives.size(), 1u) << static_cast<int>(kind);
    EXPECT_EQ(archives[0].modified_at, kFeedNow - 30 * kHour);
  }
}

TEST_F(PublicArticlesTest, SearchReadsNeverYieldANonPublicArticle) {
  soci::session sql(db_->pool());
  EXPECT_TRUE(publishing::public_text(sql, visible_).has_value());
  EXPECT_TRUE(publishing::public_text(sql, page_).has_value());
  for (auto id : hidden_) EXPECT_FALSE(publishing::public_text(sql, id).has_value()) << id;

  std::vector<publishing::Id> all = hidden_;
  all.push_back(visible_);
  auto summaries = publishing::public_summaries(sql, all);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].id, visible_);
  // The same teaser as the site's listings show (ArticleStore's summaries).
  auto listed = publishing::ArticleStore::summaries(sql, {visible_});
  ASSERT_EQ(listed.size(), 1u);
  auto const &a = summaries[0], &b = listed[0];
  EXPECT_EQ(std::tie(a.slug, a.kind, a.title, a.dek, a.published_at, a.comment_count, a.word_count,
                     a.author_name, a.author_slug, a.category_name, a.category_slug, a.hero_file,
                     a.hero_alt, a.hero_width, a.hero_height),
            std::tie(b.slug, b.kind, b.title, b.dek, b.published_at, b.comment_count, b.word_count,
                     b.author_name, b.author_slug, b.category_name, b.category_slug, b.hero_file,
                     b.hero_alt, b.hero_width, b.hero_height));
  EXPECT_EQ(a.hero_file, "2026/09/pipeline.jpg");
  EXPECT_EQ(a.category_slug, "europe");
}

TEST_F(PublicArticlesTest, SearchNeverFindsANonPublicArticleNorCountsItInAFacet) {
  auto found = [&](std::string const& q) {
    search::SearchRequest r;
    r.query = search::parse_query(q);
    r.per_page = 50;
    return search_index_->search(r);
  };
  for (auto const* q : {"quokka", "quokka category:europe", "quokka tag:energy",
                        "quokka author:ada", "quokka kind:report", "after:2020-01-01"}) {
    auto r = found(q);
    for (auto const& hit : r.hits) EXPECT_FALSE(is_hidden_title(hit.article.title)) << q;
    for (auto const& c : r.categories) EXPECT_LE(c.count, 1) << q;
    for (auto const& k : r.kinds)
      EXPECT_NE(k.label, publishing::kind_label(ArticleKind::Report)) << q;
  }
  EXPECT_EQ(found("quokka").total, 2);  // the public article and the public page
  // A rebuild reads the articles again: still only the public two.
  EXPECT_EQ(search_index_->rebuild({}), 2);
  EXPECT_EQ(found("quokka").total, 2);
  EXPECT_EQ(found("quokka kind:report").total, 0);
}

}  // namespace
}  // namespace dossier::test
