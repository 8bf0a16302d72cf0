// `dossier db copy`'s store part (issue 18): every row of one database into a new, empty one,
// SQLite to SQLite and SQLite to PostgreSQL and back, on real files and a real server.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/copy.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

// A published date past 2038 and a byte count past 2^31: 64-bit values must stay 64-bit.
constexpr long long kFarFuture = 4102444800;  // 2100-01-01
constexpr long long kBigFile = 5'000'000'000;

std::unique_ptr<Database> open_url(std::string const& url) {
  auto db = Database::open({url, 5000, 2});
  if (!db) throw std::runtime_error(db.error().message);
  return std::move(*db);
}

std::unique_ptr<Database> migrated(std::string const& url) {
  auto db = open_url(url);
  soci::session sql(db->pool());
  auto done = migrate(sql, embedded_migrations(db->dialect()));
  if (!done) throw std::runtime_error(done.error().message);
  return db;
}

// A small site that needs everything the copy does: a cycle of keys (a user's photo is a
// media row another user uploaded), rows pointing at their own table (a reply, a
// sub-category), NULLs, quotes and non-ASCII text, 64-bit integers and a REAL that only
// round-trips with every digit.
void fill_site(Database& db) {
  soci::session sql(db.pool());
  WriteTransaction tx(sql);
  sql << "INSERT INTO users (id, email, name, slug, role, created_at) VALUES"
         " (1, 'ed@example.org', 'Edith O''Neill', 'edith', 'admin', 1700000000)";
  sql << "INSERT INTO media (id, file, mime, width, height, bytes, created_at, uploaded_by) "
         "VALUES (7, 'a.jpg', 'image/jpeg', 800, 600, "
      << kBigFile << ", 1700000001, 1)";
  sql << "INSERT INTO users (id, email, name, slug, created_at, photo_media_id) VALUES"
         " (2, 'zoe@example.org', 'Zoë Müller', 'zoe', 1700000002, 7)";
  sql << "UPDATE users SET photo_media_id = 7 WHERE id = 1";
  sql << "INSERT INTO categories (id, parent_id, slug, name) VALUES (3, NULL, 'world', 'World')";
  sql << "INSERT INTO categories (id, parent_id, slug, name) VALUES (2, 3, 'asia', 'Asia')";
  sql << "INSERT INTO articles (id, slug, kind, title, status, author_id, hero_media_id,"
         " published_at, created_at, updated_at, body_markdown) VALUES (10, 'one', 'news',"
         " 'Talks in \"Geneva\"', 'published', 2, 7, "
      << kFarFuture << ", 1700000003, 1700000004, 'Body with ‘quotes’\nand lines')";
  sql << "INSERT INTO article_categories (article_id, category_id) VALUES (10, 2)";
  sql << "INSERT INTO comments (id, article_id, parent_id, author_name, author_email,"
         " body_markdown, body_html, created_at) VALUES (5, 10, NULL, 'A', 'a@example.org',"
         " 'first', '<p>first</p>', 1700000005)";
  sql << "INSERT INTO comments (id, article_id, parent_id, author_name, author_email,"
         " body_markdown, body_html, created_at) VALUES (4, 10, 5, 'B', 'b@example.org',"
         " 'reply', '<p>reply</p>', 1700000006)";
  sql << "INSERT INTO figures (id, article_id, position, text, value, what) VALUES"
         " (1, 10, 0, 'a third', 0.30000000000000004, 'share')";
  tx.commit();
}

// The copyable tables of a database (not views, FTS5 tables or schema_migrations).
std::vector<std::string> tables_of(Database& db) {
  soci::session sql(db.pool());
  std::vector<std::string> names(512);
  if (db.dialect() == Dialect::Sqlite)
    sql << "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
           " AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name",
        soci::into(names);
  else
    sql << "SELECT table_name FROM information_schema.tables WHERE table_schema ="
           " current_schema() AND table_type = 'BASE TABLE' AND table_name <>"
           " 'schema_migrations' ORDER BY table_name",
        soci::into(names);
  return names;
}

std::string text_of(soci::row const& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "NULL";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return "'" + row.get<std::string>(i) + "'";
    case soci::dt_double: return fmt::format("{}", row.get<double>(i));
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    default: return "?";
  }
}

// Every row of every table, as text, sorted: two databases with equal dumps hold the same.
std::map<std::string, std::multiset<std::string>> dump(Database& db) {
  std::map<std::string, std::multiset<std::string>> out;
  soci::session sql(db.pool());
  for (auto const& table : tables_of(db)) {
    auto& rows = out[table];
    soci::rowset<soci::row> rs = (sql.prepare << "SELECT * FROM \"" + table + "\"");
    for (auto const& row : rs) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i)
        line += row.get_properties(i).get_name() + "=" + text_of(row, i) + ";";
      rows.insert(line);
    }
  }
  return out;
}

long long count(Database& db, std::string const& table) {
  soci::session sql(db.pool());
  long long n = 0;
  sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

TEST(DatabaseCopy, SqliteToSqliteCopiesEveryRowOfEveryTable) {
  test::TempDir dir("copy");
  auto source = migrated("sqlite:" + (dir.path() / "a.db").string());
  fill_site(*source);
  auto target = open_url("sqlite:" + (dir.path() / "b.db").string());
  ASSERT_TRUE(prepare_copy_target(*target).ok());
  std::vector<CopyProgress> seen;
  CopyOptions options;
  options.batch_rows = 2;  // several batches per table
  options.progress = [&](CopyProgress const& p) { seen.push_back(p); };
  auto report = copy_database(*source, *target, options);
  ASSERT_TRUE(report.ok()) << report.error().message;

  EXPECT_EQ(dump(*source), dump(*target));
  EXPECT_EQ(report->schema_version, embedded_migrations().back().version);
  // Every table both sides have is in the report, with equal counts.
  EXPECT_EQ(report->tables.size(), tables_of(*source).size());
  for (auto const& t : report->tables) EXPECT_EQ(t.source_rows, t.target_rows) << t.table;
  // The FTS5 table and its shadow tables, and the views, are left for the target to rebuild.
  std::set<std::string> skipped;
  for (auto const& s : report->skipped) skipped.insert(s.table);
  for (auto name : {"search_index", "search_index_data", "search_vocabulary", "public_articles",
                    "schema_migrations"})
    EXPECT_TRUE(skipped.count(name)) << name;
  // Parents before children: users and media (a cycle) before articles, articles before
  // comments; progress reached the total.
  std::vector<std::string> order;
  for (auto const& t : report->tables) order.push_back(t.table);
  auto at = [&](std::string const& n) { return std::find(order.begin(), order.end(), n); };
  EXPECT_LT(at("users"), at("articles"));
  EXPECT_LT(at("media"), at("articles"));
  EXPECT_LT(at("articles"), at("comments"));
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().rows_done, seen.back().rows);
  EXPECT_EQ(seen.back().rows, report->rows);

  // The target works as a site: a new comment takes a fresh id, and foreign keys hold.
  soci::session sql(target->pool());
  sql << "INSERT INTO comments (article_id, author_name, author_email, body_markdown,"
         " body_html, created_at) VALUES (10, 'C', 'c@example.org', 'x', 'x', 1)";
  long long problems = 0;
  sql << "SELECT COUNT(*) FROM pragma_foreign_key_check", soci::into(problems);
  EXPECT_EQ(problems, 0);
}

TEST(DatabaseCopy, ANonEmptyTargetIsRefusedAndKeptAsItWas) {
  test::TempDir dir("copy");
  auto source = migrated("sqlite:" + (dir.path() / "a.db").string());
  fill_site(*source);
  auto target = migrated("sqlite:" + (dir.path() / "b.db").string());
  {
    soci::session sql(target->pool());
    sql << "INSERT INTO tags (id, slug, name) VALUES (1, 'kept', 'Kept')";
  }
  auto before = dump(*target);
  ASSERT_TRUE(prepare_copy_target(*target).ok());
  auto report = copy_database(*source, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::Conflict);
  EXPECT_NE(report.error().message.find("not empty (rows in tags)"), std::string::npos)
      << report.error().message;
  EXPECT_EQ(dump(*target), before);

  // Tables that are not a Dossier schema: refused before any migration runs.
  auto foreign = open_url("sqlite:" + (dir.path() / "c.db").string());
  {
    soci::session sql(foreign->pool());
    sql << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)";
  }
  auto prepared = prepare_copy_target(*foreign);
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.error().message.find("not a Dossier schema"), std::string::npos);
  EXPECT_EQ(tables_of(*foreign), std::vector<std::string>{"notes"});
}

TEST(DatabaseCopy, ASchemaOlderOrNewerThanTheBinaryIsRefused) {
  test::TempDir dir("copy");
  auto all = embedded_migrations();
  ASSERT_GE(all.size(), 2u);
  auto older = open_url("sqlite:" + (dir.path() / "old.db").string());
  {
    soci::session sql(older->pool());
    ASSERT_TRUE(migrate(sql, {all.begin(), all.end() - 1}).ok());
  }
  auto target = migrated("sqlite:" + (dir.path() / "t.db").string());
  auto report = copy_database(*older, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::Conflict);
  EXPECT_NE(report.error().message.find("older than this binary's"), std::string::npos)
      << report.error().message;

  auto newer = migrated("sqlite:" + (dir.path() / "new.db").string());
  fill_site(*newer);
  {
    soci::session sql(newer->pool());
    sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'x', 0)";
  }
  report = copy_database(*newer, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("newer than this binary knows"), std::string::npos);
  // Nothing reached the target.
  EXPECT_EQ(count(*target, "users"), 0);
  // A target at an older schema is refused by prepare, not migrated under the copy.
  auto prepared = prepare_copy_target(*older);
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.error().message.find("older than this binary's"), std::string::npos);
}

TEST(DatabaseCopy, SqliteToPostgresAndBackKeepsEveryRow) {
  if (embedded_migrations(Dialect::Postgres).empty() ||
      embedded_migrations(Dialect::Postgres).back().version !=
          embedded_migrations(Dialect::Sqlite).back().version)
    GTEST_SKIP() << "this binary has no complete PostgreSQL schema yet";
  test::PostgresServer server;
  ASSERT_TRUE(server.started()) << server.problem();
  {
    auto admin = open_url(server.url("postgres"));
    soci::session sql(admin->pool());
    sql << "CREATE DATABASE copied";
  }
  test::TempDir dir("copy");
  auto source = migrated("sqlite:" + (dir.path() / "a.db").string());
  fill_site(*source);
  auto pg = open_url(server.url("copied"));
  ASSERT_TRUE(prepare_copy_target(*pg).ok());
  auto there = copy_database(*source, *pg);
  ASSERT_TRUE(there.ok()) << there.error().message;
  EXPECT_EQ(count(*pg, "users"), 2);
  EXPECT_EQ(count(*pg, "comments"), 2);

  // The sequences moved past the copied ids: a new row does not collide.
  {
    soci::session sql(pg->pool());
    long long id = 0;
    sql << "INSERT INTO comments (article_id, author_name, author_email, body_markdown,"
           " body_html, created_at) VALUES (10, 'C', 'c@example.org', 'x', 'x', 1) RETURNING id",
        soci::into(id);
    EXPECT_GT(id, 5);
    sql << "DELETE FROM comments WHERE id = " + std::to_string(id);
  }
  // A second copy into the now full database is refused.
  auto again = copy_database(*source, *pg);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);

  auto back = open_url("sqlite:" + (dir.path() / "back.db").string());
  ASSERT_TRUE(prepare_copy_target(*back).ok());
  auto home = copy_database(*pg, *back);
  ASSERT_TRUE(home.ok()) << home.error().message;
  EXPECT_EQ(dump(*source), dump(*back));
}

}  // namespace
}  // namespace dossier::store
