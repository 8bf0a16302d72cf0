// The window query of a search, as sent, through SQLite's EXPLAIN QUERY PLAN: with a MATCH,
// FTS5 is the outer loop and each match reads its article by primary key through the
// public_articles view (flattened by SQLite); without one, the newest public articles are
// one range of the (status, visibility, published_at) index. Either way no plan walks the
// articles or sorts all of them, so a search costs the same at 1k and 1M articles.
#include <gtest/gtest.h>

#include <set>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "search/search_fixture.hpp"
#include "search/search_store.hpp"
#include "search/search_terms_store.hpp"

namespace dossier {
namespace {

int collect(unsigned, void* context, void* statement, void*) {
  auto* out = static_cast<std::set<std::string>*>(context);
  if (char const* sql = sqlite_api::sqlite3_sql(static_cast<sqlite_api::sqlite3_stmt*>(statement)))
    out->insert(sql);
  return 0;
}

std::string plan_of(sqlite_api::sqlite3* db, std::string const& sql) {
  std::string out;
  sqlite_api::sqlite3_stmt* st = nullptr;
  if (sqlite_api::sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr) !=
      SQLITE_OK)
    return "cannot explain: " + sql;
  while (sqlite_api::sqlite3_step(st) == SQLITE_ROW)
    out +=
        std::string(reinterpret_cast<char const*>(sqlite_api::sqlite3_column_text(st, 3))) + "\n";
  sqlite_api::sqlite3_finalize(st);
  return out;
}

using SearchPlans = test::SearchFixture;

TEST_F(SearchPlans, TheWindowReadsMatchesThenArticlesByKeyOrOneIndexRange) {
  // SQLite's query plans of the FTS5 window; PostgreSQL's window is another statement
  // (pg_search_store.cpp).
  if (test::on_postgres()) GTEST_SKIP() << "SQLite's plans only";
  soci::session sql(db_->pool());
  auto* handle = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  struct Case {
    char const* name;
    search::MatchConditions conditions;
    char const* expected;  // the line the plan must hold
  };
  constexpr UnixTime kFrom = 1'600'000'000, kTo = 1'800'000'000;
  for (auto const& c : {
           Case{"words", {"\"sanction\"", {}, {}}, "SEARCH articles USING INTEGER PRIMARY KEY"},
           Case{"words and dates",
                {"\"sanction\"", kTo, kFrom},
                "SEARCH articles USING INTEGER PRIMARY KEY"},
           Case{"dates only",
                {"", kTo, kFrom},
                "INDEX articles_listing (status=? AND visibility=? AND published_at"},
       }) {
    std::set<std::string> statements;
    sqlite_api::sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, collect, &statements);
    search::SearchStore::window(sql, c.conditions, 501);
    sqlite_api::sqlite3_trace_v2(handle, 0, nullptr, nullptr);
    // FTS5 runs statements of its own on its shadow tables; the window is the one that
    // reads the view.
    std::erase_if(statements,
                  [](auto const& s) { return s.find("public_articles") == std::string::npos; });
    ASSERT_EQ(statements.size(), 1u) << c.name;
    auto plan = plan_of(handle, *statements.begin());
    EXPECT_NE(plan.find(c.expected), std::string::npos) << c.name << ":\n" << plan;
    EXPECT_EQ(plan.find("SCAN articles"), std::string::npos) << c.name << ":\n" << plan;
    EXPECT_EQ(plan.find("USE TEMP B-TREE FOR ORDER BY"), std::string::npos) << c.name << ":\n"
                                                                            << plan;
    // FTS5 first: the MATCH is the outer loop, never run once per article.
    if (!c.conditions.match.empty())
      EXPECT_EQ(plan.rfind("SCAN s VIRTUAL TABLE", 0), 0u) << c.name << ":\n" << plan;
  }
}

// "Did you mean"'s candidates and a prefix's terms, read as both engines read them (one
// statement, search_terms_store.cpp): one range of search_terms' primary key, in its order, so
// the ORDER BY sorts nothing and the read stops at its limit.
TEST_F(SearchPlans, AVocabularyRangeIsOneRangeOfThePrimaryKeyInItsOrder) {
  if (test::on_postgres()) GTEST_SKIP() << "SQLite's plans only";
  soci::session sql(db_->pool());
  auto* handle = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  std::set<std::string> statements;
  sqlite_api::sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, collect, &statements);
  auto terms = search::SearchTermsStore::terms_between(sql, "sa", "sb", 20);
  sqlite_api::sqlite3_trace_v2(handle, 0, nullptr, nullptr);
  EXPECT_FALSE(terms.empty());  // the corpus has words in "sa": "sanction"
  for (std::size_t i = 1; i < terms.size(); ++i) EXPECT_LT(terms[i - 1].term, terms[i].term);
  ASSERT_EQ(statements.size(), 1u);
  auto plan = plan_of(handle, *statements.begin());
  EXPECT_NE(plan.find("SEARCH search_terms USING PRIMARY KEY (term>? AND term<?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace dossier
