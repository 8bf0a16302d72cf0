// Every query a public page runs is planned with an index: no full scan of articles or of
// the link tables, so page costs stay flat from 1k to 1M articles. The statements are
// captured from the real store calls with SQLite's trace hook, then EXPLAINed.
#include <gtest/gtest.h>

#include <set>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "publishing/article_store.hpp"
#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::publishing {
namespace {

using sqlite_api::sqlite3;

int collect(unsigned, void* context, void* statement, void*) {
  auto* out = static_cast<std::set<std::string>*>(context);
  if (char const* sql = sqlite_api::sqlite3_sql(static_cast<sqlite_api::sqlite3_stmt*>(statement)))
    out->insert(sql);
  return 0;
}

std::vector<std::string> plan_of(sqlite3* db, std::string const& sql) {
  std::vector<std::string> lines;
  sqlite_api::sqlite3_stmt* st = nullptr;
  if (sqlite_api::sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr) !=
      SQLITE_OK)
    return {"cannot explain: " + sql};
  while (sqlite_api::sqlite3_step(st) == SQLITE_ROW)
    lines.emplace_back(reinterpret_cast<char const*>(sqlite_api::sqlite3_column_text(st, 3)));
  sqlite_api::sqlite3_finalize(st);
  return lines;
}

// "SCAN a" or "SCAN x" without an index is a full scan of articles or a link table.
bool full_scan(std::string const& line) {
  if (!line.starts_with("SCAN ")) return false;
  if (line.find("USING INDEX") != std::string::npos ||
      line.find("USING COVERING INDEX") != std::string::npos)
    return false;
  for (auto const* table : {"SCAN a", "SCAN x", "SCAN articles", "SCAN article_categories",
                            "SCAN article_tags", "SCAN pc", "SCAN mine"})
    if (line.starts_with(table) &&
        (line.size() == std::string(table).size() || line[std::string(table).size()] == ' '))
      return true;
  return false;
}

TEST(QueryPlans, PublicListingsNeverScanTheArchive) {
  test::TempDir dir("dossier-plans");
  auto db =
      std::move(*store::Database::open({"sqlite:" + (dir.path() / "p.db").string(), 5000, 1}));
  soci::session sql(db->pool());
  ASSERT_TRUE(store::migrate(sql, store::embedded_migrations()).ok());
  auto author = TaxonomyStore::insert_author(sql, {0, "a", "A", "", "author"}, "", 1);
  auto category = TaxonomyStore::insert_category(sql, {0, {}, "c", "C", "", 1});
  auto tag = TaxonomyStore::insert_tag(sql, {0, "t", "T"});
  ArticleInput in;
  in.title = in.slug = "x";
  in.status = ArticleStatus::Published;
  in.author_id = author;
  in.published_at = 1;
  auto id = ArticleStore::insert(sql, in, "", 1, 1);
  ArticleStore::set_links(sql, id, {category}, {tag}, 1);

  std::set<std::string> statements;
  auto* handle = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  sqlite_api::sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, collect, &statements);
  for (ListQuery q :
       {ListQuery{}, ListQuery{category}, ListQuery{{}, tag}, ListQuery{{}, {}, author}}) {
    q.offset = 20;
    ArticleStore::list_published(sql, q);
    ArticleStore::count_published(sql, q);
  }
  ArticleStore::most_commented(sql, 5);
  ArticleStore::newest_sharing(sql, id, {category}, {tag}, 4);
  ArticleStore::find_by_slug(sql, "x");
  ArticleStore::find_renamed(sql, "old");
  ArticleStore::categories_of(sql, id);
  ArticleStore::tags_of(sql, id);
  sqlite_api::sqlite3_trace_v2(handle, 0, nullptr, nullptr);

  ASSERT_GE(statements.size(), 12u);
  for (auto const& s : statements) {
    for (auto const& line : plan_of(handle, s)) {
      EXPECT_FALSE(full_scan(line)) << line << "\n  in: " << s;
      EXPECT_EQ(line.find("cannot explain"), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace dossier::publishing
