// Every list query of publishing's public-articles API (feeds, sitemaps, search's lookups), as
// sent, through SQLite's EXPLAIN QUERY PLAN: each must read an index range of the articles (or
// of a link table) through the public_articles view, never walk the table, and never sort a
// whole archive to find its head. The corpus reaches a million articles.
#include <gtest/gtest.h>

#include <map>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/public_article_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::publishing {
namespace {

std::vector<std::string> plan_of(soci::session& sql, PublicArticleStore::PlannedQuery const& q) {
  std::vector<std::string> lines;
  int id = 0, parent = 0, unused = 0;
  std::string detail;
  auto params = q.params;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(parent));
  st.exchange(soci::into(unused));
  st.exchange(soci::into(detail));
  for (std::size_t i = 0; i < params.size(); ++i) st.exchange(soci::use(params[i]));
  st.alloc();
  st.prepare("EXPLAIN QUERY PLAN " + q.sql);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) lines.push_back(detail);
  return lines;
}

std::string joined(std::vector<std::string> const& lines) {
  std::string out;
  for (auto const& l : lines) out += l + "\n";
  return out;
}

// The link tables are aliased `x` in every query; the articles are read through the
// public_articles view, which SQLite flattens, so its plan lines name the table `articles`.
// The taxonomy tables (categories, tags, authors) are listed whole on purpose and may be
// scanned.
bool scans_articles_or_links(std::string const& line) {
  for (auto const* table :
       {"SCAN a", "SCAN x", "SCAN articles", "SCAN article_categories", "SCAN article_tags"}) {
    std::string t(table);
    if (line.rfind(t, 0) == 0 && (line.size() == t.size() || line[t.size()] == ' ')) return true;
  }
  return false;
}

class PublicArticleStorePlans : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open({"sqlite:" + (dir_.path() / "plans.db").string(), 5000, 1});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    soci::session sql(db_->pool());
    ASSERT_TRUE(store::migrate(sql, store::embedded_migrations()).ok());
  }
  test::TempDir dir_{"dossier-public-plans"};
  std::unique_ptr<store::Database> db_;
};

TEST_F(PublicArticleStorePlans, NoListQueryScansArticlesOrLinkTables) {
  soci::session sql(db_->pool());
  auto queries = PublicArticleStore::planned_queries();
  ASSERT_GE(queries.size(), 20u);
  for (auto const& q : queries) {
    auto plan = plan_of(sql, q);
    ASSERT_FALSE(plan.empty()) << q.name;
    for (auto const& line : plan) {
      EXPECT_FALSE(scans_articles_or_links(line)) << q.name << ":\n" << joined(plan);
      // A whole-result sort would read every matching row before the LIMIT; sorting only
      // the ties of an index order ("RIGHT PART") stops at the limit. Category counts are
      // ordered by count, which no index holds: they sort the categories of the ids they
      // are given (a search's window, at most 500 articles), never an archive.
      if (q.name != "category counts")
        EXPECT_EQ(line.find("USE TEMP B-TREE FOR ORDER BY"), std::string::npos) << q.name << ":\n"
                                                                                << joined(plan);
    }
  }
}

// Each scope's query starts from its own index: the one whose leading column it fixes.
TEST_F(PublicArticleStorePlans, EachQueryReadsTheRangeOfItsOwnIndex) {
  soci::session sql(db_->pool());
  std::map<std::string, std::string> expected{
      {"site feed", "SEARCH articles USING INDEX"},
      {"category feed", "SEARCH x USING INDEX article_categories_by_time (category_id=?)"},
      {"tag feed", "SEARCH x USING INDEX article_tags_by_time (tag_id=?)"},
      {"author feed", "(author_id=?"},
      {"news sitemap", "published_at>? AND published_at<?)"},
      {"next sitemap file", "id>?)"},
      {"article sitemap file", "id>? AND id<?)"},
      {"pages sitemap: pages", "SEARCH articles USING INDEX articles_pages"},
      {"pages sitemap: categories", "SEARCH x USING INDEX article_categories_by_time"},
      {"pages sitemap: tags", "SEARCH x USING INDEX article_tags_by_time"},
      {"pages sitemap: authors", "(author_id=?"},
      {"entry categories", "(article_id=?)"},
      {"entry tags", "(article_id=?)"},
      {"public summaries", "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)"},
      {"category counts", "(article_id=?)"},
  };
  int checked = 0;
  for (auto const& q : PublicArticleStore::planned_queries()) {
    auto name = q.name.substr(0, q.name.find(" (full)"));
    auto it = expected.find(name);
    if (it == expected.end()) continue;
    auto plan = joined(plan_of(sql, q));
    EXPECT_NE(plan.find(it->second), std::string::npos) << q.name << ":\n" << plan;
    // The site feed, the news sitemap and the sitemap files read an index that starts with
    // the public state (status), never the whole table by rowid.
    if (name == "site feed" || name == "news sitemap" || name == "next sitemap file" ||
        name == "article sitemap file")
      EXPECT_NE(plan.find("(status=?"), std::string::npos) << q.name << ":\n" << plan;
    ++checked;
  }
  EXPECT_EQ(checked, 19);  // feeds twice (excerpt and full), the rest once
}

}  // namespace
}  // namespace dossier::publishing
