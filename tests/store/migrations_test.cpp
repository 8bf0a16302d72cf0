// Schema migrations on a real SQLite file: fresh install, no-op rerun, upgrade, refusal of a
// newer schema, rollback of a failing step; and the per-connection pragmas.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

class Migrations : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open({"sqlite:" + (dir_.path() / "test.db").string(), 5000, 1});
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  static int newest_embedded() { return embedded_migrations().back().version; }

  static bool table_exists(soci::session& sql, std::string const& name) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :n", soci::use(name),
        soci::into(n);
    return n == 1;
  }

  test::TempDir dir_{"dossier-migrations"};
  std::unique_ptr<Database> db_;
};

TEST_F(Migrations, EmbeddedMigrationsAreOrderedAndNonEmpty) {
  auto const& all = embedded_migrations();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().version, 1);
  for (std::size_t i = 1; i < all.size(); ++i)
    EXPECT_LT(all[i - 1].version, all[i].version) << all[i].name;
  for (auto const& m : all) EXPECT_FALSE(m.sql.empty()) << m.name;
}

TEST_F(Migrations, FreshDatabaseReachesTheNewestVersion) {
  soci::session sql(db_->pool());
  EXPECT_EQ(schema_version(sql), 0);
  auto report = migrate(sql, embedded_migrations());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, newest_embedded());
  EXPECT_EQ(schema_version(sql), newest_embedded());

  // The tables exist and take rows.
  for (auto const* t : {"users", "articles", "categories", "tags", "article_slugs"})
    EXPECT_TRUE(table_exists(sql, t)) << t;
  sql << "INSERT INTO users (name, slug, created_at) VALUES ('Ana', 'ana', 1)";
  sql << "INSERT INTO articles (slug, kind, title, author_id, created_at, updated_at)"
         " VALUES ('a', 'news', 'A', 1, 1, 1)";
  std::string title;
  sql << "SELECT title FROM articles WHERE slug = 'a'", soci::into(title);
  EXPECT_EQ(title, "A");
}

TEST_F(Migrations, RunningAgainIsANoOp) {
  soci::session sql(db_->pool());
  ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
  auto again = migrate(sql, embedded_migrations());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->from_version, newest_embedded());
  EXPECT_EQ(again->to_version, newest_embedded());
  int rows = 0;
  sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows);
  EXPECT_EQ(rows, static_cast<int>(embedded_migrations().size()));
}

TEST_F(Migrations, UpgradesFromAnOlderVersion) {
  soci::session sql(db_->pool());
  ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
  auto newer = embedded_migrations();
  newer.push_back({999, "test_add", "CREATE TABLE t_extra (x INTEGER);"});
  auto report = migrate(sql, newer);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->from_version, newest_embedded());
  EXPECT_EQ(report->to_version, 999);
  EXPECT_EQ(schema_version(sql), 999);
  EXPECT_TRUE(table_exists(sql, "t_extra"));
  std::string name;
  sql << "SELECT name FROM schema_migrations WHERE version = 999", soci::into(name);
  EXPECT_EQ(name, "test_add");
}

TEST_F(Migrations, RefusesASchemaNewerThanTheBinary) {
  soci::session sql(db_->pool());
  ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
  sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (5000, 'future', 1)";
  auto newer = embedded_migrations();
  newer.push_back({4000, "would_apply", "CREATE TABLE t_should_not_exist (x INTEGER);"});
  auto report = migrate(sql, newer);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::Conflict);
  EXPECT_NE(report.error().message.find("5000"), std::string::npos) << report.error().message;
  EXPECT_EQ(schema_version(sql), 5000);
  EXPECT_FALSE(table_exists(sql, "t_should_not_exist"));
}

TEST_F(Migrations, FailingMigrationRollsBack) {
  soci::session sql(db_->pool());
  ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
  auto bad = embedded_migrations();
  // The first statement succeeds, the second fails: the whole step must be undone.
  bad.push_back({999, "broken", "CREATE TABLE t_half (x INTEGER); CREATE TABLEX nonsense;"});
  EXPECT_ANY_THROW(migrate(sql, bad));
  EXPECT_EQ(schema_version(sql), newest_embedded());
  EXPECT_FALSE(table_exists(sql, "t_half"));
  // And the session is usable afterwards: a fixed migration applies.
  bad.back().sql = "CREATE TABLE t_half (x INTEGER);";
  auto fixed = migrate(sql, bad);
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;
  EXPECT_EQ(fixed->to_version, 999);
  EXPECT_TRUE(table_exists(sql, "t_half"));
}

TEST_F(Migrations, PooledSessionsHaveForeignKeysAndWal) {
  soci::session sql(db_->pool());
  int foreign_keys = 0;
  sql << "PRAGMA foreign_keys", soci::into(foreign_keys);
  EXPECT_EQ(foreign_keys, 1);
  std::string journal;
  sql << "PRAGMA journal_mode", soci::into(journal);
  EXPECT_EQ(journal, "wal");
  // And the foreign keys are enforced: an article with no such author is refused.
  ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
  EXPECT_ANY_THROW(sql << "INSERT INTO articles (slug, kind, title, author_id, created_at,"
                          " updated_at) VALUES ('x', 'news', 'X', 42, 1, 1)");
}

TEST(DatabaseOpen, RefusesAnUnsupportedUrl) {
  auto db = Database::open({"mysql://localhost/x", 5000, 1});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::Invalid);
}

}  // namespace
}  // namespace dossier::store
