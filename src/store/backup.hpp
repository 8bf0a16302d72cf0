#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/migrations.hpp"

namespace soci {
class session;
}

namespace dossier::store {

// Pages copied per sqlite3_backup_step call (1 MiB with 4 KiB pages): small enough for a
// progress line and for the copy to yield the disk between steps, large enough that the
// per-step overhead is lost in the copying.
constexpr int kBackupPagesPerStep = 256;
// How long a backup keeps retrying while the source or the copy is busy (SQLITE_BUSY or
// SQLITE_LOCKED in a row) before it gives up.
constexpr std::chrono::seconds kBackupBusyBudget{30};

enum class Overwrite { Refuse, Replace };

struct BackupOptions {
  Overwrite overwrite = Overwrite::Refuse;
  int pages_per_step = kBackupPagesPerStep;
  std::chrono::milliseconds busy_budget = kBackupBusyBudget;
  // Called after every step with the pages copied so far and the pages in all.
  std::function<void(long long copied, long long total)> progress;
};

struct BackupReport {
  long long pages = 0;
  long long bytes = 0;  // of the finished copy
  int steps = 0;
  int busy_retries = 0;
  std::chrono::duration<double> copy_time{};   // the online backup itself
  std::chrono::duration<double> check_time{};  // PRAGMA integrity_check on the copy
};

// Copies the database open on `source` (a SQLite session) to `destination` with SQLite's
// online backup API (https://sqlite.org/backup.html), while other connections and processes
// keep writing to it. The copy is the database as it was when the backup began: a read
// transaction holds that snapshot, which in WAL mode never blocks writers.
//
// Crash safety: the copy is written to a hidden temporary file beside `destination`, checked
// with PRAGMA integrity_check, switched to a rollback journal (so it is one self-contained
// file) and synced, and only then renamed to `destination`; any failure removes the
// temporary file. With Overwrite::Refuse an existing `destination` is a Conflict, also when
// it appears during the copy (the final rename refuses to replace it).
Result<BackupReport> backup_database(soci::session& source,
                                     std::filesystem::path const& destination,
                                     BackupOptions const& options = {});

struct DatabaseCheck {
  int schema_version = 0;
  int newest_known = 0;  // the newest migration this binary has
};

// Whether `file` is a sound Dossier database this binary can use: SQLite's integrity check
// says "ok", and its schema version is readable and not newer than `migrations`. The file
// is opened read-write (a database in WAL mode needs its -shm file), so check a copy when
// the file must stay untouched. Invalid for a damaged or foreign file, Conflict for a newer
// schema, NotFound when the file does not exist.
Result<DatabaseCheck> check_database_file(std::filesystem::path const& file,
                                          std::vector<Migration> const& migrations);

struct RestoreReport {
  DatabaseCheck check;
  // Where the replaced database was moved, if there was one.
  std::optional<std::filesystem::path> kept;
};

// Puts the backup `backup` in place as the database `target`. The caller makes sure nothing
// else has `target` open (the data directory's lock).
//
// The backup is copied beside `target` first and the copy checked (check_database_file), so
// a damaged or foreign backup is refused with nothing changed. The replaced database is
// checkpointed (the transactions in its -wal file written into it, and the -wal and -shm
// files removed) and kept as `target` + "." + `kept_suffix`; whatever -wal or -shm could not
// be removed goes with it, so no stale log is ever applied to the restored file. The swap
// itself is one atomic rename (renameat2 RENAME_EXCHANGE where the file system has it).
Result<RestoreReport> restore_database(std::filesystem::path const& backup,
                                       std::filesystem::path const& target,
                                       std::string const& kept_suffix,
                                       std::vector<Migration> const& migrations);

}  // namespace dossier::store
