// The database's commit counter, which the site's in-memory fragments follow: it moves on
// every committed write of any connection of the pool (a transaction or a single statement),
// never on a read, and the WAL hook that counts commits still checkpoints the WAL.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <soci/soci.h>

#include "store/database.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

class CommitCounterTest : public ::testing::Test {
 protected:
  CommitCounterTest() : dir_("dossier-commits") {
    auto opened = Database::open({"sqlite:" + (dir_.path() / "t.db").string(), 5000, 2});
    EXPECT_TRUE(opened.ok());
    db_ = std::move(*opened);
    soci::session sql(db_->pool());
    sql << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
  }

  std::uint64_t commits() const { return db_->commits().load(); }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(CommitCounterTest, EveryWriteMovesItAndNoReadDoes) {
  auto start = commits();
  {
    soci::session sql(db_->pool());
    sql << "INSERT INTO notes (body) VALUES ('one')";
  }
  auto after_statement = commits();
  EXPECT_GT(after_statement, start) << "a single statement commits on its own";
  {
    soci::session sql(db_->pool());
    WriteTransaction tx(sql);
    sql << "UPDATE notes SET body = 'two'";
    tx.commit();
  }
  auto after_transaction = commits();
  EXPECT_GT(after_transaction, after_statement);
  {
    soci::session sql(db_->pool());
    soci::transaction snapshot(sql);
    std::string body;
    sql << "SELECT body FROM notes", soci::into(body);
    EXPECT_EQ(body, "two");
    snapshot.commit();
  }
  EXPECT_EQ(commits(), after_transaction) << "reads change nothing";
  {
    soci::session sql(db_->pool());
    WriteTransaction tx(sql);
    sql << "UPDATE notes SET body = 'three'";
  }  // rolled back
  EXPECT_EQ(commits(), after_transaction) << "a rolled-back change changes nothing";
}

TEST_F(CommitCounterTest, TheWalIsStillCheckpointed) {
  // Writes of well over the 1000 pages after which SQLite checkpoints: had the hook taken
  // the automatic checkpoint away, the WAL would hold all of them.
  constexpr int kWrites = 400;
  std::string big(16 * 1024, 'x');
  soci::session sql(db_->pool());
  for (int i = 0; i < kWrites; ++i) sql << "INSERT INTO notes (body) VALUES (:b)", soci::use(big);
  int busy = 0, log = 0, done = 0;
  sql << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log), soci::into(done);
  EXPECT_LT(log, 1500) << "frames in the WAL since its last reset";
}

}  // namespace
}  // namespace dossier::store
