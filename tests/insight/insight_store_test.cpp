// Insight's own state and SQL over a real SQLite file: when an article was analysed lives in
// insight's insight_state table (written by every analysis, copied from the old articles column
// by migration 0010 on an existing data directory), and the quotation reads bind their values
// (an article's quotations, a speaker's, a search) and return exactly the right rows.
#include <gtest/gtest.h>

#include <algorithm>

#include <soci/soci.h>

#include "insight/insight_read_store.hpp"
#include "insight/insight_service.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/site_stack.hpp"
#include "support/temp_dir.hpp"

namespace dossier::insight {
namespace {

constexpr UnixTime kNow = 1'790'000'000;  // 2026-09-21
constexpr UnixTime kLater = kNow + 600;
// The last migration before insight kept its own state (0010_insight_state.sql).
constexpr int kBeforeInsightState = 9;

class InsightStoreTest : public test::SiteStack, public ::testing::Test {
 protected:
  InsightStoreTest() : SiteStack("dossier-insight-store", kNow) {
    insight_ = std::make_unique<InsightService>(*db_, clock(), Lexicon::embedded());
    soci::session sql(db_->pool());
    sql << "INSERT INTO users (email, name, slug, role, created_at) VALUES"
           " ('desk@example.org', 'Desk', 'desk', 'editor', 0)";
    sql << "SELECT id FROM users", soci::into(author_);
  }

  publishing::Id add(std::string const& title, std::string const& body, UnixTime at,
                     publishing::ArticleStatus status = publishing::ArticleStatus::Published) {
    publishing::ArticleInput in;
    in.title = title;
    in.body_markdown = body;
    in.author_id = author_;
    in.status = status;
    if (status == publishing::ArticleStatus::Published) in.published_at = at;
    auto id = *publishing_->add_article(in);
    insight_->queue(id);
    return id;
  }

  std::optional<long long> analyzed_at(Id article) {
    soci::session sql(db_->pool());
    long long at = 0;
    sql << "SELECT analyzed_at FROM insight_state WHERE article_id = :a", soci::use(article),
        soci::into(at);
    if (!sql.got_data()) return std::nullopt;
    return at;
  }

  Id entity(std::string const& slug) {
    auto e = insight_->find_entity(EntityKind::Person, slug);
    EXPECT_TRUE(e) << slug;
    return e ? e->id : 0;
  }

  std::unique_ptr<InsightService> insight_;
  long long author_ = 0;
};

bool has_column(soci::session& sql, std::string const& table, std::string const& column) {
  long long n = 0;
  if (sql.get_backend_name() == "postgresql")
    sql << "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = :t"
           " AND column_name = :c",
        soci::use(table), soci::use(column), soci::into(n);
  else
    sql << "SELECT COUNT(*) FROM pragma_table_info(:t) WHERE name = :c", soci::use(table),
        soci::use(column), soci::into(n);
  return n > 0;
}

std::vector<std::string> texts(std::vector<StoredQuote> const& quotes) {
  std::vector<std::string> out;
  for (auto const& q : quotes) out.push_back(q.text);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(InsightStoreTest, AnalysisWritesInsightStateAndNeverTheArticlesTable) {
  auto id = add("Talks resume", "Foreign Minister Elena Marsh of Canada spoke.", kNow - 60);
  EXPECT_FALSE(analyzed_at(id)) << "queued, not analysed yet";
  insight_->process_queue(10);
  EXPECT_EQ(analyzed_at(id), kNow);
  soci::session sql(db_->pool());
  EXPECT_FALSE(has_column(sql, "articles", "analyzed_at")) << "the old column is gone";

  // A re-analysis moves the time on.
  InsightService later(
      *db_, [] { return kLater; }, Lexicon::embedded());
  ASSERT_TRUE(later.analyze_article(id).ok());
  EXPECT_EQ(analyzed_at(id), kLater);
  EXPECT_TRUE(later.for_article(id)) << "the article's box reads insight_state";
  EXPECT_EQ(later.queue_unanalysed(), 0) << "an analysed article is not queued again";
}

TEST_F(InsightStoreTest, QueueUnanalysedQueuesOnlyArticlesWithoutState) {
  auto done = add("First", "Elena Marsh said nothing.", kNow - 60);
  insight_->process_queue(10);
  auto fresh = add("Second", "Nothing at all.", kNow - 30);
  insight_->process_queue(10);  // both analysed now
  {
    soci::session sql(db_->pool());
    sql << "DELETE FROM insight_state WHERE article_id = :a", soci::use(fresh);
  }
  EXPECT_EQ(insight_->queue_unanalysed(), 1);
  soci::session sql(db_->pool());
  std::vector<long long> queued(10);
  sql << "SELECT article_id FROM insight_queue", soci::into(queued);
  EXPECT_EQ(queued, std::vector<long long>{fresh});
  EXPECT_NE(done, fresh);
}

TEST(InsightStateMigration, CopiesAnalyzedAtFromTheArticlesColumnAndDropsIt) {
  test::TempDir dir("dossier-insight-migration");
  auto db = store::Database::open({"sqlite:" + (dir.path() / "t.db").string(), 5000, 2});
  ASSERT_TRUE(db) << db.error().message;
  soci::session sql((*db)->pool());
  // A data directory as the previous release left it: analyzed_at on the articles.
  std::vector<store::Migration> before;
  for (auto const& m : store::embedded_migrations())
    if (m.version <= kBeforeInsightState) before.push_back(m);
  ASSERT_TRUE(store::migrate(sql, before));
  sql << "INSERT INTO users (email, name, slug, role, created_at) VALUES"
         " ('desk@example.org', 'Desk', 'desk', 'editor', 0)";
  sql << "INSERT INTO articles (id, slug, kind, title, author_id, created_at, updated_at,"
         " analyzed_at) VALUES (1, 'analysed', 'news', 'Analysed', 1, 0, 0, 1700000000),"
         " (2, 'never', 'news', 'Never analysed', 1, 0, 0, NULL)";

  auto report = store::migrate(sql, store::embedded_migrations());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_GT(report->to_version, kBeforeInsightState);
  long long rows = 0, at = 0, article = 0;
  sql << "SELECT COUNT(*) FROM insight_state", soci::into(rows);
  EXPECT_EQ(rows, 1);
  sql << "SELECT article_id, analyzed_at FROM insight_state", soci::into(article), soci::into(at);
  EXPECT_EQ(article, 1);
  EXPECT_EQ(at, 1'700'000'000);
  EXPECT_FALSE(has_column(sql, "articles", "analyzed_at"));
  long long visible = 0;
  sql << "SELECT COUNT(*) FROM public_articles", soci::into(visible);
  EXPECT_EQ(visible, 0) << "the view still works (both articles are drafts)";

  // Only the article never analysed is queued.
  InsightService insight(
      **db, [] { return kNow; }, Lexicon::embedded());
  EXPECT_EQ(insight.queue_unanalysed(), 1);
  sql << "SELECT article_id FROM insight_queue", soci::into(article);
  EXPECT_EQ(article, 2);
}

constexpr char const* kMarsh =
    "Foreign Minister Elena Marsh of Canada spoke in Ottawa.\n\n"
    "\"We agreed on more than we expected,\" Marsh said.";
constexpr char const* kOkafor =
    "Trade Minister Daniel Okafor of Nigeria spoke in Abuja.\n\n"
    "\"The quotas stay,\" Okafor said. \"Talks go on,\" he added.";

TEST_F(InsightStoreTest, QuotesOfAnArticleAndOfASpeakerAreBoundAndExact) {
  auto marsh = add("Marsh speaks", kMarsh, kNow - 300);
  auto okafor = add("Okafor speaks", kOkafor, kNow - 200);
  auto draft =
      add("Draft quoting Marsh", "Foreign Minister Elena Marsh said: \"This is not public yet.\"",
          kNow - 100, publishing::ArticleStatus::Draft);
  insight_->process_queue(10);
  soci::session sql(db_->pool());

  auto of_marsh_article = InsightReadStore::quotes_of_article(sql, marsh, 50);
  EXPECT_EQ(texts(of_marsh_article),
            std::vector<std::string>{"We agreed on more than we expected,"});
  ASSERT_EQ(of_marsh_article.size(), 1u);
  EXPECT_EQ(of_marsh_article[0].article.id, marsh);
  EXPECT_EQ(texts(InsightReadStore::quotes_of_article(sql, okafor, 50)),
            (std::vector<std::string>{"Talks go on,", "The quotas stay,"}));
  EXPECT_TRUE(InsightReadStore::quotes_of_article(sql, draft, 50).empty())
      << "a draft's quotations are never read";
  EXPECT_TRUE(InsightReadStore::quotes_of_article(sql, okafor + 1000, 50).empty());
  EXPECT_EQ(InsightReadStore::quotes_of_article(sql, okafor, 1).size(), 1u) << "the limit binds";

  auto by_marsh = InsightReadStore::quotes_of_speaker(sql, entity("elena-marsh"), 50);
  EXPECT_EQ(texts(by_marsh), std::vector<std::string>{"We agreed on more than we expected,"})
      << "her draft quotation is left out";
  ASSERT_TRUE(by_marsh[0].speaker);
  EXPECT_EQ(by_marsh[0].speaker->slug, "elena-marsh");
  auto by_okafor = InsightReadStore::quotes_of_speaker(sql, entity("daniel-okafor"), 50);
  EXPECT_EQ(by_okafor.size(), 2u);
  for (auto const& q : by_okafor) EXPECT_EQ(q.article.id, okafor);

  // Quotations about Okafor by others: none (both are his own).
  EXPECT_TRUE(InsightReadStore::quotes_about(sql, entity("daniel-okafor"), 500, 50).empty());
}

TEST_F(InsightStoreTest, QuoteSearchTreatsSqlInTheWordsAsText) {
  add("Marsh speaks", kMarsh, kNow - 300);
  add("Okafor speaks", kOkafor, kNow - 200);
  insight_->process_queue(10);
  long long total = 0;
  EXPECT_EQ(insight_->quotes({"Okafor", "", 1, 20}, total).size(), 2u);
  EXPECT_EQ(total, 2);
  for (auto const* words : {"' OR 1=1 --", "%", "_", "\\"}) {
    EXPECT_TRUE(insight_->quotes({words, "", 1, 20}, total).empty()) << words;
    EXPECT_EQ(total, 0) << words;
    EXPECT_TRUE(insight_->quotes({"", words, 1, 20}, total).empty()) << words;
  }
  EXPECT_EQ(insight_->quotes({"", "quotas", 1, 20}, total).size(), 1u);
  EXPECT_EQ(insight_->quotes({"", "", 2, 2}, total).size(), 1u) << "the offset binds";
  EXPECT_EQ(total, 3);
}

}  // namespace
}  // namespace dossier::insight
