#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "store/sqlite/sqlite_session.hpp"
#include "store/sqlite/stemming_tokenizer.hpp"

namespace dossier::store {

namespace fs = std::filesystem;

namespace {

// The pause between two attempts while the source or the copy is busy.
constexpr int kBusyPauseMs = 10;
// How long a connection of this file waits for a lock before SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 5000;
// Lines of a failed integrity check quoted in the error message.
constexpr std::size_t kReportedProblems = 3;

Error internal(std::string message) {
  return {ErrorKind::Internal, std::move(message)};
}

// A connection of our own, outside the pool: to the copy being written, or to a file
// being checked.
using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;

Result<Connection> open_connection(fs::path const& file, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Connection db(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK)
    return internal(fmt::format("cannot open {}: {}", file.string(),
                                raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

// Runs one statement and returns its rows' first column as text.
Result<std::vector<std::string>> column_of(sqlite3* db, char const* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    return Error{ErrorKind::Invalid, sqlite3_errmsg(db)};
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, sqlite3_finalize);
  std::vector<std::string> rows;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    auto const* text = sqlite3_column_text(raw, 0);
    rows.emplace_back(text ? reinterpret_cast<char const*>(text) : "");
  }
  if (rc != SQLITE_DONE) return Error{ErrorKind::Invalid, sqlite3_errmsg(db)};
  return rows;
}

fs::path with_suffix(fs::path const& file, std::string const& suffix) {
  return fs::path(file.string() + suffix);
}

// The files SQLite keeps beside a database while it is in use.
constexpr char const* kCompanions[] = {"-journal", "-wal", "-shm"};

// A hidden file beside `target` (".NAME.TAG-XXXXXX", created empty by mkstemp, so two
// commands never share one), removed with its journal files unless released.
class TempFile {
 public:
  static Result<TempFile> beside(fs::path const& target, std::string const& tag) {
    auto folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    auto pattern =
        (folder / fmt::format(".{}.{}-XXXXXX", target.filename().string(), tag)).string();
    int fd = mkstemp(pattern.data());
    if (fd < 0)
      return internal(
          fmt::format("cannot create a file in {}: {}", folder.string(), std::strerror(errno)));
    ::close(fd);
    return TempFile(pattern);
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove(path_, ec);
    for (auto const* companion : kCompanions) fs::remove(with_suffix(path_, companion), ec);
  }
  fs::path const& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  explicit TempFile(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// fsync of a file, or of a folder (which makes the renames inside it durable).
Result<Unit> sync_path(fs::path const& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    return internal(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0)
    return internal(fmt::format("cannot sync {}: {}", path.string(), std::strerror(saved)));
  return Unit{};
}

Result<Unit> sync_folder_of(fs::path const& file) {
  return sync_path(file.has_parent_path() ? file.parent_path() : fs::path("."),
                   O_RDONLY | O_DIRECTORY);
}

// rename(2) that fails with EEXIST rather than replace `to`. Some file systems lack
// RENAME_NOREPLACE; link(2) then unlink(2) gives the same guarantee there.
int rename_no_replace(fs::path const& from, fs::path const& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::link(from.c_str(), to.c_str()) != 0) return -1;
  ::unlink(from.c_str());
  return 0;
}

// SQLite's full check of a database file (https://sqlite.org/pragma.html#pragma_integrity_check).
Result<Unit> check_integrity(sqlite3* db, fs::path const& file) {
  // The search index's FTS5 tables name this binary's tokenizer; a check that reaches them
  // must find it.
  try {
    sqlite::register_stemming_tokenizer(db);
  } catch (std::exception const& e) {
    return internal(e.what());
  }
  auto rows = column_of(db, "PRAGMA integrity_check");
  if (!rows)
    return invalid(
        fmt::format("{} is not a usable SQLite database: {}", file.string(), rows.error().message));
  if (rows->size() == 1 && rows->front() == "ok") return Unit{};
  std::string problems;
  for (std::size_t i = 0; i < rows->size() && i < kReportedProblems; ++i)
    problems += (i ? "; " : "") + (*rows)[i];
  return invalid(fmt::format("{} fails SQLite's integrity check: {}", file.string(), problems));
}

// Holds a read transaction on the source for the length of the copy. In WAL mode this pins
// the snapshot the backup started from: other connections' commits no longer restart the
// copy (https://sqlite.org/c3ref/backup_finish.html, "sqlite3_backup_step()"), and readers
// never block writers in WAL mode (https://sqlite.org/wal.html), so writers go on at full
// speed. The cost is that checkpoints cannot pass the snapshot: the -wal file grows by what
// is written during the copy, and shrinks at the next checkpoint after it.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(sqlite3* db) : db_(db) {}
  ~ReadSnapshot() { end(); }
  ReadSnapshot(ReadSnapshot const&) = delete;
  ReadSnapshot& operator=(ReadSnapshot const&) = delete;

  Result<Unit> begin() {
    auto mode = column_of(db_, "PRAGMA journal_mode");
    if (!mode) return internal(mode.error().message);
    // In rollback-journal mode a held read lock would block every writer for the whole
    // copy: there the copy takes its lock one step at a time and restarts after a write.
    if (mode->empty() || mode->front() != "wal") return Unit{};
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return internal(sqlite3_errmsg(db_));
    open_ = true;
    // A deferred transaction takes its snapshot at its first read.
    auto read = column_of(db_, "SELECT COUNT(*) FROM sqlite_master");
    if (!read) return internal(read.error().message);
    return Unit{};
  }
  void end() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    open_ = false;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

// The online backup proper: copies every page of `source` into the empty `copy`.
Result<Unit> copy_pages(sqlite3* source, sqlite3* copy, BackupOptions const& options,
                        BackupReport& report) {
  auto* backup = sqlite3_backup_init(copy, "main", source, "main");
  if (!backup) return internal(fmt::format("cannot start the backup: {}", sqlite3_errmsg(copy)));
  int rc = SQLITE_OK;
  std::optional<std::chrono::steady_clock::time_point> busy_since;
  while (true) {
    rc = sqlite3_backup_step(backup, std::max(1, options.pages_per_step)) & 0xff;
    ++report.steps;
    if (rc == SQLITE_OK || rc == SQLITE_DONE) {
      busy_since.reset();
      report.pages = sqlite3_backup_pagecount(backup);
      if (options.progress)
        options.progress(report.pages - sqlite3_backup_remaining(backup), report.pages);
      if (rc == SQLITE_DONE) break;
      continue;
    }
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    auto now = std::chrono::steady_clock::now();
    if (!busy_since) busy_since = now;
    if (now - *busy_since > options.busy_budget) break;
    ++report.busy_retries;
    sqlite3_sleep(kBusyPauseMs);
  }
  // finish releases the backup's locks and reports an error of the last step, if any.
  int finished = sqlite3_backup_finish(backup);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return Error{
        ErrorKind::Conflict,
        fmt::format("the database stayed locked for more than {} s; try again",
                    std::chrono::duration_cast<std::chrono::seconds>(options.busy_budget).count())};
  if (rc != SQLITE_DONE || finished != SQLITE_OK)
    return internal(fmt::format("the backup failed: {}", sqlite3_errmsg(copy)));
  return Unit{};
}

}  // namespace

Result<BackupReport> backup_database(soci::session& source, fs::path const& destination,
                                     BackupOptions const& options) {
  std::error_code ec;
  if (fs::is_directory(destination, ec))
    return invalid(
        fmt::format("{} is a folder; give the backup file's name", destination.string()));
  if (options.overwrite == Overwrite::Refuse && fs::exists(destination, ec))
    return Error{ErrorKind::Conflict, fmt::format("{} already exists", destination.string())};
  auto folder = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    return not_found(fmt::format("the folder {} does not exist", folder.string()));

  auto temp = TempFile::beside(destination, "partial");
  if (!temp) return temp.error();
  BackupReport report;
  auto started = std::chrono::steady_clock::now();
  {
    auto copy = open_connection(temp->path(), SQLITE_OPEN_READWRITE);
    if (!copy) return copy.error();
    // The copy is synced once, after its check and before its rename; a crash before that
    // leaves only a temporary file nobody reads. Syncs during the copy would only compete
    // for the disk with the server's own.
    sqlite3_exec(copy->get(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
    auto* db = static_cast<sqlite3*>(sqlite::native_connection(source));
    ReadSnapshot snapshot(db);
    if (auto begun = snapshot.begin(); !begun) return begun.error();
    if (auto copied = copy_pages(db, copy->get(), options, report); !copied) return copied.error();
    snapshot.end();
    // The copy carries the source's header, WAL mode included. A rollback journal makes it
    // one self-contained file that can be opened read-only or sent anywhere as it is.
    auto mode = column_of(copy->get(), "PRAGMA journal_mode = DELETE");
    if (!mode || mode->empty() || mode->front() != "delete")
      return internal(fmt::format("cannot finish the copy {}: {}", temp->path().string(),
                                  mode ? "journal mode unchanged" : mode.error().message));
  }
  report.copy_time = std::chrono::steady_clock::now() - started;

  auto check_started = std::chrono::steady_clock::now();
  {
    auto copy = open_connection(temp->path(), SQLITE_OPEN_READWRITE);
    if (!copy) return copy.error();
    if (auto sound = check_integrity(copy->get(), temp->path()); !sound)
      return internal(fmt::format("the copy is damaged, nothing was written to {}: {}",
                                  destination.string(), sound.error().message));
  }
  report.check_time = std::chrono::steady_clock::now() - check_started;

  if (auto synced = sync_path(temp->path(), O_RDONLY); !synced) return synced.error();
  if (options.overwrite == Overwrite::Replace) {
    // A log left beside the file being replaced would be applied to the new one.
    for (auto const* companion : kCompanions) fs::remove(with_suffix(destination, companion), ec);
    if (::rename(temp->path().c_str(), destination.c_str()) != 0)
      return internal(fmt::format("cannot rename {} to {}: {}", temp->path().string(),
                                  destination.string(), std::strerror(errno)));
  } else if (rename_no_replace(temp->path(), destination) != 0) {
    if (errno == EEXIST)
      return Error{ErrorKind::Conflict,
                   fmt::format("{} appeared during the backup; nothing was written to it",
                               destination.string())};
    return internal(fmt::format("cannot rename {} to {}: {}", temp->path().string(),
                                destination.string(), std::strerror(errno)));
  }
  temp->release();
  if (auto synced = sync_folder_of(destination); !synced) return synced.error();
  report.bytes = static_cast<long long>(fs::file_size(destination, ec));
  return report;
}

Result<DatabaseCheck> check_database_file(fs::path const& file,
                                          std::vector<Migration> const& migrations) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    return not_found(fmt::format("{} does not exist", file.string()));
  auto db = open_connection(file, SQLITE_OPEN_READWRITE);
  if (!db) return invalid(db.error().message);
  if (auto sound = check_integrity(db->get(), file); !sound) return sound.error();
  auto has_table = column_of(
      db->get(),
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has_table || has_table->empty() || has_table->front() != "1")
    return invalid(fmt::format(
        "{} is a SQLite database but not a Dossier one (it has no schema_migrations table)",
        file.string()));
  auto version = column_of(db->get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version || version->empty())
    return invalid(fmt::format("cannot read the schema version of {}", file.string()));
  DatabaseCheck check;
  check.schema_version = std::atoi(version->front().c_str());
  check.newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (check.schema_version < 1)
    return invalid(
        fmt::format("{} has no schema version: it is not a Dossier database", file.string()));
  if (check.schema_version > check.newest_known)
    return Error{ErrorKind::Conflict,
                 fmt::format("{} has schema version {}, newer than this binary knows ({}); "
                             "upgrade dossier first",
                             file.string(), check.schema_version, check.newest_known)};
  return check;
}

namespace {

// Writes the replaced database's -wal into it and removes its -wal and -shm files: SQLite
// does both when the last connection to a WAL database closes cleanly
// (https://sqlite.org/wal.html#persistence_of_wal_mode). A damaged database is left as it is.
void checkpoint(fs::path const& database) {
  auto db = open_connection(database, SQLITE_OPEN_READWRITE);
  if (!db) return;
  sqlite3_exec(db->get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
}

Error io_error(std::string const& what, fs::path const& from, fs::path const& to) {
  return internal(fmt::format("cannot {} {} to {}: {}", what, from.string(), to.string(),
                              std::strerror(errno)));
}

}  // namespace

Result<RestoreReport> restore_database(fs::path const& backup, fs::path const& target,
                                       std::string const& kept_suffix,
                                       std::vector<Migration> const& migrations) {
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec))
    return not_found(fmt::format("{} does not exist", backup.string()));
  auto temp = TempFile::beside(target, "restore");
  if (!temp) return temp.error();
  fs::copy_file(backup, temp->path(), fs::copy_options::overwrite_existing, ec);
  if (ec)
    return internal(fmt::format("cannot copy {} to {}: {}", backup.string(), temp->path().string(),
                                ec.message()));
  // A file copied from a live database in WAL mode has committed transactions in its -wal:
  // bring it along, and fold it into the copy below.
  if (auto wal = with_suffix(backup, "-wal"); fs::is_regular_file(wal, ec)) {
    fs::copy_file(wal, with_suffix(temp->path(), "-wal"), fs::copy_options::overwrite_existing, ec);
    if (ec) return internal(fmt::format("cannot copy {}: {}", wal.string(), ec.message()));
  }
  {
    auto copy = open_connection(temp->path(), SQLITE_OPEN_READWRITE);
    if (!copy) return invalid(fmt::format("{} is not a SQLite database", backup.string()));
    auto mode = column_of(copy->get(), "PRAGMA journal_mode = DELETE");
    if (!mode)
      return invalid(fmt::format("{} is not a usable SQLite database: {}", backup.string(),
                                 mode.error().message));
  }
  auto check = check_database_file(temp->path(), migrations);
  if (!check) {
    // Name the file the operator gave, not our copy of it.
    auto message = check.error().message;
    if (auto at = message.find(temp->path().string()); at != std::string::npos)
      message.replace(at, temp->path().string().size(), backup.string());
    return Error{check.error().kind, message};
  }
  if (auto synced = sync_path(temp->path(), O_RDONLY); !synced) return synced.error();

  RestoreReport report;
  report.check = *check;
  bool replacing = fs::exists(target, ec);
  auto kept = with_suffix(target, "." + kept_suffix);
  if (replacing) {
    if (fs::exists(kept, ec))
      return Error{ErrorKind::Conflict, fmt::format("{} already exists", kept.string())};
    checkpoint(target);
  }
  // Whatever -wal and -shm are left belong to the replaced database: they go with it (or,
  // without one, away), since SQLite would apply a stale -wal to the restored file.
  for (auto const* companion : {"-wal", "-shm"}) {
    auto file = with_suffix(target, companion);
    if (!fs::exists(file, ec)) continue;
    if (!replacing) {
      fs::remove(file, ec);
    } else if (::rename(file.c_str(), with_suffix(kept, companion).c_str()) != 0) {
      return io_error("move", file, with_suffix(kept, companion));
    }
  }
  if (!replacing) {
    if (::rename(temp->path().c_str(), target.c_str()) != 0)
      return io_error("rename", temp->path(), target);
    temp->release();
  } else if (::renameat2(AT_FDCWD, temp->path().c_str(), AT_FDCWD, target.c_str(),
                         RENAME_EXCHANGE) == 0) {
    // The old database now has the temporary name, which must not be removed: give it the
    // kept one.
    auto old = temp->path();
    temp->release();
    if (::rename(old.c_str(), kept.c_str()) != 0) return io_error("rename", old, kept);
    report.kept = kept;
  } else {
    // No atomic exchange on this file system: two renames, with the lock still held.
    if (::rename(target.c_str(), kept.c_str()) != 0) return io_error("rename", target, kept);
    if (::rename(temp->path().c_str(), target.c_str()) != 0) {
      auto error = io_error("rename", temp->path(), target);
      ::rename(kept.c_str(), target.c_str());
      return error;
    }
    temp->release();
    report.kept = kept;
  }
  if (auto synced = sync_folder_of(target); !synced) return synced.error();
  return report;
}

}  // namespace dossier::store
