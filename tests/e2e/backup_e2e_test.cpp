// Backup and restore through the real binary: a backup taken while the newsroom publishes
// holds every article acknowledged before it began and restores into a data directory a
// server runs on; restore is refused while a server runs (and so is a second server), backup
// never overwrites a file unless told to, and a damaged backup is refused with nothing changed.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Articles published before the backup starts, and after it ends.
constexpr std::size_t kArticlesBefore = 15;
constexpr std::size_t kArticlesAfter = 15;
// The publishing loop stops here whatever happens, so the test is bounded.
constexpr int kMaxArticles = 400;
constexpr auto kLoopDeadline = std::chrono::seconds(60);

std::string bytes_of(std::string const& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Every file of a folder with its size, to show that nothing changed.
std::map<std::string, std::uintmax_t> listing(std::string const& dir) {
  std::map<std::string, std::uintmax_t> files;
  for (auto const& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = e.file_size();
  return files;
}

class BackupE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-backup-e2e");
    work_ = make_temp_dir("dossier-backup-files");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override {
    remove_tree(data_);
    remove_tree(work_);
  }

  RunResult dossier(std::string const& data_dir, std::vector<std::string> const& args) {
    std::vector<std::string> argv{dossier_binary(), "--data", data_dir};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  std::string data_;
  std::string work_;
};

TEST_F(BackupE2e, ABackupTakenWhilePublishingHoldsEveryArticleAcknowledgedBeforeIt) {
  ServerProcess server(data_, {{"DOSSIER_JOBS_INTERVAL_MS", "200"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto client = NewsroomClient::sign_in_demo_admin(server.port(), data_);
  ASSERT_TRUE(client);

  struct Publish {
    std::string title;
    Clock::time_point sent, acknowledged;
  };
  std::mutex mutex;
  std::vector<Publish> done;
  std::atomic<bool> stop{false};
  std::atomic<int> refused{0};
  std::thread loop([&] {
    auto deadline = Clock::now() + kLoopDeadline;
    for (int i = 0; i < kMaxArticles && !stop && Clock::now() < deadline; ++i) {
      auto title = fmt::format("Backup loop article {}", i);
      auto sent = Clock::now();
      if (client->publish(title, "Published while a backup was taken.") != 303) {
        ++refused;
        continue;
      }
      std::lock_guard lock(mutex);
      done.push_back({title, sent, Clock::now()});
    }
  });
  auto published = [&] {
    std::lock_guard lock(mutex);
    return done.size();
  };
  auto wait_for = [&](std::size_t count) {
    auto deadline = Clock::now() + kLoopDeadline;
    while (published() < count && Clock::now() < deadline && refused < 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };

  wait_for(kArticlesBefore);
  std::vector<std::string> acknowledged_before;
  {
    std::lock_guard lock(mutex);
    for (auto const& p : done) acknowledged_before.push_back(p.title);
  }
  auto file = work_ + "/dossier-backup.db";
  auto backup_started = Clock::now();
  auto backup = dossier(data_, {"backup", file});
  auto backup_ended = Clock::now();
  // Publishes go on during the backup, and some of them are in it; those acknowledged after
  // it ended cannot be.
  wait_for(published() + kArticlesAfter);
  stop = true;
  loop.join();
  EXPECT_EQ(refused, 0) << "every publish was acknowledged";
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("integrity check ok"), std::string::npos) << backup.out;
  EXPECT_NE(backup.out.find(data_ + "/media"), std::string::npos) << "says where media are";
  ASSERT_GE(acknowledged_before.size(), kArticlesBefore);
  ASSERT_GE(done.size(), acknowledged_before.size() + kArticlesAfter);
  auto acknowledged_after = std::count_if(done.begin(), done.end(),
                                          [&](Publish const& p) { return p.sent > backup_ended; });
  ASSERT_GE(acknowledged_after, static_cast<long>(kArticlesAfter));

  // Writers do not wait for the backup: the slowest publish that overlapped it, next to the
  // slowest one overall.
  double overlapping_ms = 0, slowest_ms = 0;
  for (auto const& p : done) {
    double ms = std::chrono::duration<double, std::milli>(p.acknowledged - p.sent).count();
    slowest_ms = std::max(slowest_ms, ms);
    if (p.acknowledged > backup_started && p.sent < backup_ended)
      overlapping_ms = std::max(overlapping_ms, ms);
  }
  std::printf(
      "[ info ] backup took %.0f ms; %zu articles published before it, %zu in all; slowest "
      "publish during the backup %.1f ms, overall %.1f ms\n",
      std::chrono::duration<double, std::milli>(backup_ended - backup_started).count(),
      acknowledged_before.size(), done.size(), overlapping_ms, slowest_ms);
  EXPECT_EQ(server.terminate(), 0);

  auto restored_dir = work_ + "/restored";
  auto restored = dossier(restored_dir, {"restore", file});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("Restored"), std::string::npos) << restored.out;
  auto db = restored_dir + "/dossier.db";
  EXPECT_EQ(sqlite_value(db, "PRAGMA integrity_check"), "ok");
  auto titles = sqlite_rows(db,
                            "SELECT title FROM articles WHERE status = 'published'"
                            " AND title LIKE 'Backup loop article %'");
  for (auto const& title : acknowledged_before)
    EXPECT_EQ(titles.count(title), 1u) << title << " was acknowledged before the backup";
  EXPECT_LT(titles.size(), done.size()) << "the backup is the moment it began, not the end";

  // The restored directory serves, the last article acknowledged before the backup included.
  ServerProcess again(restored_dir);
  ASSERT_TRUE(again.started()) << again.first_line();
  auto slug = acknowledged_before.back();
  std::replace(slug.begin(), slug.end(), ' ', '-');
  std::transform(slug.begin(), slug.end(), slug.begin(), ::tolower);
  EXPECT_EQ(request(again.port(), "GET", "/articles/" + slug).value_or(HttpResponse{}).status, 200)
      << slug;
}

TEST_F(BackupE2e, RestoreAndASecondServerAreRefusedWhileAServerRuns) {
  auto file = work_ + "/backup.db";
  ASSERT_EQ(dossier(data_, {"backup", file}).exit_code, 0);
  {
    ServerProcess server(data_);
    ASSERT_TRUE(server.started()) << server.first_line();
    auto holder = fmt::format("in use by dossier serve (pid {})", server.pid());
    auto refused = dossier(data_, {"restore", file});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find(holder), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("stop the server before restoring"), std::string::npos)
        << refused.err;
    auto second = dossier(data_, {"serve", "--listen", "127.0.0.1:0"});
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find(holder), std::string::npos) << second.err;
    EXPECT_TRUE(server.running()) << "the first server is untouched";
    for (auto const& [name, size] : listing(data_))
      EXPECT_EQ(name.find("before-restore"), std::string::npos) << name;
    EXPECT_EQ(server.terminate(), 0);
  }
  auto restored = dossier(data_, {"restore", file});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("The replaced database is kept as " + data_ +
                              "/dossier.db.before-restore-"),
            std::string::npos)
      << restored.out;
  EXPECT_EQ(sqlite_value(data_ + "/dossier.db", "PRAGMA integrity_check"), "ok");
}

TEST_F(BackupE2e, BackupNeverOverwritesAFileUnlessForced) {
  auto file = work_ + "/backup.db";
  {
    std::ofstream out(file);
    out << "last week's backup";
  }
  auto refused = dossier(data_, {"backup", file});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(file + " already exists"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(bytes_of(file), "last week's backup");
  EXPECT_EQ(listing(work_).size(), 1u) << "no temporary file left";

  auto forced = dossier(data_, {"backup", "--force", file});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(sqlite_value(file, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sqlite_value(file, "SELECT COUNT(*) FROM articles"),
            sqlite_value(data_ + "/dossier.db", "SELECT COUNT(*) FROM articles"));

  // The media folder, copied on request.
  auto media = work_ + "/media";
  auto with_media = dossier(data_, {"backup", "--with-media", media, work_ + "/second.db"});
  EXPECT_EQ(with_media.exit_code, 0) << with_media.err;
  auto originals = listing(data_ + "/media");
  ASSERT_FALSE(originals.empty()) << "the demo has images";
  EXPECT_EQ(listing(media), originals);
  EXPECT_NE(
      with_media.out.find(fmt::format("Copied {} new or changed media files", originals.size())),
      std::string::npos)
      << with_media.out;
}

TEST_F(BackupE2e, ADamagedBackupIsRefusedByRestoreWithNothingChanged) {
  auto file = work_ + "/backup.db";
  ASSERT_EQ(dossier(data_, {"backup", file}).exit_code, 0);
  // A block of the file overwritten with zeros, as a failing disk leaves it.
  auto bytes = bytes_of(file);
  ASSERT_GT(bytes.size(), 4u * 4096);
  std::fill(bytes.begin() + 2 * 4096, bytes.begin() + 3 * 4096, '\0');
  auto damaged = work_ + "/damaged.db";
  std::ofstream(damaged, std::ios::binary) << bytes;
  auto text = work_ + "/notes.txt";
  std::ofstream(text) << "Not a database: a note about the backups.";

  // The restore's lock file may appear; nothing else may.
  auto before = listing(data_);
  before.erase("serve.lock");
  auto database = bytes_of(data_ + "/dossier.db");
  for (auto const& [path, words] : std::vector<std::pair<std::string, std::string>>{
           {damaged, "malformed"},
           {text, "not a database"},
           {work_ + "/missing.db", "does not exist"}}) {
    auto refused = dossier(data_, {"restore", path});
    EXPECT_EQ(refused.exit_code, 1) << path;
    EXPECT_NE(refused.err.find(path), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find(words), std::string::npos) << refused.err;
    auto after = listing(data_);
    after.erase("serve.lock");
    EXPECT_EQ(after, before) << path;
    EXPECT_EQ(bytes_of(data_ + "/dossier.db"), database) << path;
  }
}

}  // namespace
}  // namespace dossier::test
