// Online backup and restore on real SQLite files: the copy is the snapshot of the moment the
// backup began even while another connection writes, an existing file is never replaced
// unless asked, no partial file is left behind; restore refuses damaged, foreign and newer
// files without touching the target, and keeps the replaced database with what its -wal held.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <soci/soci.h>

#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

namespace fs = std::filesystem;

constexpr int kRowsBefore = 300;

std::unique_ptr<Database> open_db(fs::path const& file, std::size_t pool = 1) {
  auto db = Database::open({"sqlite:" + file.string(), 5000, pool});
  EXPECT_TRUE(db.ok()) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

long long count_rows(fs::path const& file, std::string const& table) {
  auto db = open_db(file);
  soci::session sql(db->pool());
  long long n = 0;
  sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

std::string bytes_of(fs::path const& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Files in `dir` whose name starts with a dot: the temporary copies.
int hidden_files(fs::path const& dir) {
  int n = 0;
  for (auto const& e : fs::directory_iterator(dir))
    if (e.path().filename().string().starts_with(".")) ++n;
  return n;
}

void insert_notes(soci::session& sql, int from, int count) {
  // Rows long enough that the database spans many pages.
  std::string padding(400, 'x');
  for (int i = from; i < from + count; ++i)
    sql << "INSERT INTO notes (n, text) VALUES (:n, :t)", soci::use(i), soci::use(padding);
}

class Backup : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_db(source_, 2);
    soci::session sql(db_->pool());
    ASSERT_TRUE(migrate(sql, embedded_migrations()).ok());
    sql << "CREATE TABLE notes (n INTEGER PRIMARY KEY, text TEXT NOT NULL)";
    soci::transaction tx(sql);
    insert_notes(sql, 0, kRowsBefore);
    tx.commit();
  }

  // A finished backup of the source at `name` in the test's folder.
  fs::path backed_up(std::string const& name) {
    auto file = dir_.path() / name;
    soci::session sql(db_->pool());
    auto report = backup_database(sql, file);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return file;
  }

  test::TempDir dir_{"dossier-backup"};
  fs::path source_ = dir_.path() / "dossier.db";
  std::unique_ptr<Database> db_;
};

TEST_F(Backup, TheCopyIsTheSnapshotOfItsStartWhileAnotherConnectionWrites) {
  soci::session reader(db_->pool());
  soci::session writer(db_->pool());
  auto file = dir_.path() / "copy.db";
  BackupOptions options;
  options.pages_per_step = 4;  // many steps, with writes between them
  int writes = 0;
  long long last_total = 0;
  options.progress = [&](long long copied, long long total) {
    EXPECT_LE(copied, total);
    last_total = total;
    // Another connection commits between the steps, as a running server does.
    if (writes < 20) insert_notes(writer, kRowsBefore + 5 * writes++, 5);
  };
  auto report = backup_database(reader, file, options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(writes, 20);
  // Without a held snapshot every commit would restart the copy from its first page.
  EXPECT_LE(report->steps, report->pages / 4 + 2) << "the copy restarted";
  EXPECT_EQ(report->pages, last_total);
  EXPECT_GT(report->bytes, 0);
  EXPECT_EQ(count_rows(file, "notes"), kRowsBefore) << "exactly the rows of the start";
  EXPECT_EQ(count_rows(source_, "notes"), kRowsBefore + 100);
  auto check = check_database_file(file, embedded_migrations());
  ASSERT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(check->schema_version, embedded_migrations().back().version);
  EXPECT_EQ(hidden_files(dir_.path()), 0) << "no temporary file left";
}

TEST_F(Backup, TheCopyIsOneFileWithARollbackJournal) {
  auto file = backed_up("copy.db");
  // Bytes 18 and 19 of the header are 1 for a rollback journal, 2 for WAL
  // (https://sqlite.org/fileformat.html#file_format_version_numbers).
  auto header = bytes_of(file).substr(0, 20);
  EXPECT_EQ(header[18], 1);
  EXPECT_EQ(header[19], 1);
  EXPECT_FALSE(fs::exists(file.string() + "-wal"));
}

TEST_F(Backup, AnExistingFileIsReplacedOnlyWhenAsked) {
  auto file = dir_.path() / "copy.db";
  {
    std::ofstream out(file);
    out << "an earlier file";
  }
  soci::session sql(db_->pool());
  auto refused = backup_database(sql, file);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(bytes_of(file), "an earlier file");
  EXPECT_EQ(hidden_files(dir_.path()), 0);

  BackupOptions replace;
  replace.overwrite = Overwrite::Replace;
  ASSERT_TRUE(backup_database(sql, file, replace).ok());
  EXPECT_EQ(count_rows(file, "notes"), kRowsBefore);
}

TEST_F(Backup, AMissingFolderOrAFolderAsFileIsRefused) {
  soci::session sql(db_->pool());
  auto missing = backup_database(sql, dir_.path() / "no-such-folder" / "copy.db");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  auto folder = backup_database(sql, dir_.path());
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.error().message.find("is a folder"), std::string::npos);
}

TEST_F(Backup, DamagedForeignAndNewerFilesFailTheCheck) {
  auto good = backed_up("good.db");
  auto expect_refused = [&](fs::path const& file, ErrorKind kind, std::string const& words) {
    auto check = check_database_file(file, embedded_migrations());
    ASSERT_FALSE(check.ok()) << file;
    EXPECT_EQ(check.error().kind, kind) << check.error().message;
    EXPECT_NE(check.error().message.find(words), std::string::npos) << check.error().message;
  };
  expect_refused(dir_.path() / "absent.db", ErrorKind::NotFound, "does not exist");
  auto text = dir_.write("text.db", "This is not a database at all, but it is long enough.");
  expect_refused(text, ErrorKind::Invalid, "not a database");

  // A page of the b-tree overwritten with zeros, as a bad disk block would leave it.
  auto damaged = dir_.path() / "damaged.db";
  auto bytes = bytes_of(good);
  ASSERT_GT(bytes.size(), 6u * 4096);
  std::fill(bytes.begin() + 4 * 4096, bytes.begin() + 5 * 4096, '\0');
  std::ofstream(damaged, std::ios::binary) << bytes;
  expect_refused(damaged, ErrorKind::Invalid, "malformed");

  auto foreign = dir_.path() / "foreign.db";
  {
    auto db = open_db(foreign);
    soci::session sql(db->pool());
    sql << "CREATE TABLE recipes (name TEXT)";
  }
  expect_refused(foreign, ErrorKind::Invalid, "not a Dossier one");

  {
    auto db = open_db(good);
    soci::session sql(db->pool());
    sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'x', 0)";
  }
  expect_refused(good, ErrorKind::Conflict, "newer than this binary knows");
}

TEST_F(Backup, RestoreIntoAnEmptyPlace) {
  auto file = backed_up("copy.db");
  auto target = dir_.path() / "new" / "dossier.db";
  fs::create_directories(target.parent_path());
  auto restored = restore_database(file, target, "before-restore-T", embedded_migrations());
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_FALSE(restored->kept);
  EXPECT_EQ(count_rows(target, "notes"), kRowsBefore);
  EXPECT_EQ(hidden_files(target.parent_path()), 0);
}

TEST_F(Backup, RestoreKeepsTheReplacedDatabaseWithWhatItsLogHeld) {
  auto file = backed_up("copy.db");
  // A database as a killed server leaves it: committed rows still in its -wal. Taken by
  // copying the files while a connection that never checkpoints has them open.
  auto crashed = dir_.path() / "crashed";
  fs::create_directories(crashed);
  auto target = crashed / "dossier.db";
  {
    soci::session sql(db_->pool());
    sql << "PRAGMA wal_autocheckpoint = 0";
    insert_notes(sql, 10000, 7);
    fs::copy_file(source_, target);
    fs::copy_file(source_.string() + "-wal", target.string() + "-wal");
    sql << "PRAGMA wal_autocheckpoint = 1000";
  }
  ASSERT_GT(fs::file_size(target.string() + "-wal"), 0u);
  auto restored = restore_database(file, target, "before-restore-T", embedded_migrations());
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  ASSERT_TRUE(restored->kept);
  EXPECT_EQ(restored->kept->filename(), "dossier.db.before-restore-T");
  // No stale log beside the restored file: SQLite would apply it to the wrong database.
  EXPECT_FALSE(fs::exists(target.string() + "-wal"));
  EXPECT_FALSE(fs::exists(target.string() + "-shm"));
  EXPECT_EQ(count_rows(target, "notes"), kRowsBefore);
  EXPECT_EQ(count_rows(*restored->kept, "notes"), kRowsBefore + 7) << "the log was kept";
  EXPECT_EQ(hidden_files(crashed), 0);
}

TEST_F(Backup, ADamagedBackupIsRefusedAndNothingChanges) {
  auto good = backed_up("copy.db");
  auto damaged = dir_.path() / "damaged.db";
  auto bytes = bytes_of(good);
  std::fill(bytes.begin() + 2 * 4096, bytes.begin() + 3 * 4096, '\x5a');
  std::ofstream(damaged, std::ios::binary) << bytes;
  auto place = dir_.path() / "live";
  fs::create_directories(place);
  auto target = place / "dossier.db";
  fs::copy_file(good, target);
  auto before = bytes_of(target);
  auto refused = restore_database(damaged, target, "before-restore-T", embedded_migrations());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  EXPECT_NE(refused.error().message.find(damaged.string()), std::string::npos)
      << "names the given file, not the copy: " << refused.error().message;
  EXPECT_EQ(bytes_of(target), before);
  EXPECT_FALSE(fs::exists(place / "dossier.db.before-restore-T"));
  EXPECT_EQ(hidden_files(place), 0);
}

}  // namespace
}  // namespace dossier::store
