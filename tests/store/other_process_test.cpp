// Writes by another process (issue 17: a grant or a change of visibility from the command line
// while a server runs): a process that committed announces it as it closes the database, and
// the server's poll sees it once, moving its commit counter so that kept fragments drop.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

class OtherProcessTest : public ::testing::Test {
 protected:
  OtherProcessTest() : dir_("dossier-other-process") {
    server_ = open();
    soci::session sql(server_->pool());
    EXPECT_TRUE(migrate(sql, embedded_migrations()).ok());
    // The migrations were this process's writes, before it served: nothing to announce.
    server_->announce_changes();
    server_->other_process_wrote();  // where the counter stands now
  }

  std::unique_ptr<Database> open() {
    auto opened = Database::open({"sqlite:" + (dir_.path() / "t.db").string(), 5000, 2});
    EXPECT_TRUE(opened.ok());
    return std::move(*opened);
  }

  test::TempDir dir_;
  std::unique_ptr<Database> server_;
};

TEST_F(OtherProcessTest, AWriterThatClosesIsNoticedOnce) {
  EXPECT_FALSE(server_->other_process_wrote());
  {
    auto tool = open();  // another process's connection: the CLI's
    soci::session sql(tool->pool());
    sql << "INSERT INTO settings (key, value) VALUES ('issue17', 'x')";
  }  // closed: announced
  auto before = server_->commits().load();
  EXPECT_TRUE(server_->other_process_wrote());
  EXPECT_GT(server_->commits().load(), before) << "kept fragments must drop";
  EXPECT_FALSE(server_->other_process_wrote()) << "noticed once";
}

TEST_F(OtherProcessTest, AReaderThatClosesAnnouncesNothing) {
  EXPECT_FALSE(server_->other_process_wrote());
  {
    auto tool = open();
    soci::session sql(tool->pool());
    int n = 0;
    sql << "SELECT COUNT(*) FROM settings", soci::into(n);
  }
  EXPECT_FALSE(server_->other_process_wrote());
}

TEST_F(OtherProcessTest, TheServersOwnWritesAreNotAnotherProcesss) {
  EXPECT_FALSE(server_->other_process_wrote());
  {
    soci::session sql(server_->pool());
    sql << "INSERT INTO settings (key, value) VALUES ('own', 'x')";
  }
  EXPECT_FALSE(server_->other_process_wrote());
}

}  // namespace
}  // namespace dossier::store
