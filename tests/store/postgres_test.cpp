// The store on a real PostgreSQL server (issue 18's first step): the tests start Debian's
// postgresql 15 in a temporary directory (support/postgres_server.hpp); the database opens
// through SOCI's postgresql backend with a postgresql:// URL, and a write transaction commits
// or rolls back there as on SQLite.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/postgres_server.hpp"

namespace dossier::store {
namespace {

TEST(PostgresStore, OpensAPostgresqlUrlAndCommitsOrRollsBack) {
  test::PostgresServer server;
  ASSERT_TRUE(server.started()) << server.problem();
  auto opened = Database::open({server.url(), 5000, 2});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& db = **opened;
  EXPECT_EQ(db.dialect(), Dialect::Postgres);
  soci::session sql(db.pool());
  sql << "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)";
  {
    WriteTransaction tx(sql);
    sql << "INSERT INTO notes (body) VALUES ('kept')";
    tx.commit();
  }
  {
    WriteTransaction tx(sql);
    sql << "INSERT INTO notes (body) VALUES ('dropped')";
  }  // not committed: rolled back
  // Another connection of the pool sees the committed row only.
  soci::session other(db.pool());
  std::string bodies;
  soci::rowset<std::string> rows = (other.prepare << "SELECT body FROM notes ORDER BY id");
  for (auto const& b : rows) bodies += b + ";";
  EXPECT_EQ(bodies, "kept;");
}

TEST(PostgresStore, TheUrlsPartsReachTheServer) {
  test::PostgresServer server;
  ASSERT_TRUE(server.started()) << server.problem();
  // A password with an escaped character (trust authentication ignores it) and a parameter
  // libpq knows: the URL is read whole, not cut at its first odd character.
  auto url = "postgresql://dossier:p%40ss%27word@127.0.0.1:" + std::to_string(server.port()) +
             "/postgres?application_name=dossier-test";
  auto opened = Database::open({url, 5000, 1});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  soci::session sql((*opened)->pool());
  std::string name;
  sql << "SELECT current_setting('application_name')", soci::into(name);
  EXPECT_EQ(name, "dossier-test");
  auto no_host = Database::open({"postgresql:///postgres", 5000, 1});
  ASSERT_FALSE(no_host.ok());
  EXPECT_NE(no_host.error().message.find("postgresql://USER@HOST"), std::string::npos);
}

TEST(PostgresStore, AServerThatIsNotThereIsAClearError) {
  int port = 0;
  {
    test::PostgresServer server;  // started and stopped: its port is free again
    ASSERT_TRUE(server.started()) << server.problem();
    port = server.port();
  }
  auto opened =
      Database::open({"postgresql://dossier@127.0.0.1:" + std::to_string(port) + "/x", 5000, 1});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("cannot connect to PostgreSQL"), std::string::npos)
      << opened.error().message;
  auto wrong = Database::open({"mysql://somewhere/x", 5000, 1});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("unsupported database url"), std::string::npos);
}

// Every start migrates, and libpq prints each NOTICE the server sends on stderr: a start on a
// migrated database must send none (CREATE TABLE IF NOT EXISTS on an existing table does, as
// "relation ... already exists, skipping").
void collect_notice(void* notices, char const* message) {
  static_cast<std::vector<std::string>*>(notices)->push_back(message);
}

TEST(PostgresStore, MigratingAMigratedDatabaseSendsNoNotice) {
  test::PostgresServer server;
  ASSERT_TRUE(server.started()) << server.problem();
  auto opened = Database::open({server.url(), 5000, 1});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  soci::session sql((*opened)->pool());
  auto first = migrate(sql, embedded_migrations(Dialect::Postgres));
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::vector<std::string> notices;
  auto* conn = static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
  PQsetNoticeProcessor(conn, collect_notice, &notices);
  auto again = migrate(sql, embedded_migrations(Dialect::Postgres));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->from_version, first->to_version);
  EXPECT_EQ(schema_version(sql), first->to_version);
  EXPECT_TRUE(notices.empty()) << notices.front();
  // The processor still hears what the server does send.
  sql << "DO $$ BEGIN RAISE NOTICE 'heard'; END $$";
  EXPECT_EQ(notices.size(), 1u);
}

}  // namespace
}  // namespace dossier::store
