#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <soci/connection-pool.h>
#include <soci/session.h>

#include "core/result.hpp"
#include "store/dialect.hpp"

namespace dossier::store {

struct DatabaseOptions {
  std::string url;  // "sqlite:/path/to/file.db"
  int busy_timeout_ms = 5000;
  std::size_t pool_size = 4;
};

// The SOCI connection pool. Services borrow a session for the length of one unit of work:
//   soci::session sql(db.pool());
class Database {
 public:
  static Result<std::unique_ptr<Database>> open(DatabaseOptions const& options);
  ~Database();

  soci::connection_pool& pool() { return *pool_; }
  Dialect dialect() const { return dialect_; }
  std::size_t pool_size() const { return pool_size_; }
  // How many write transactions this process's connections have committed. It moves once as
  // a commit starts and once more after the commit is visible to other connections (SQLite's
  // commit and WAL hooks), so a reader that saw it unchanged across its reads knows no write
  // happened meanwhile, and anything read before a commit is outdated once it moves again.
  // Writes another process announced (below) move it too, when they are noticed.
  std::atomic<std::uint64_t> const& commits() const { return commits_; }

  // Other processes' writes (migration 0024): a process that committed anything announces it
  // once, as it closes the database (the destructor calls announce_changes); a server asks
  // other_process_wrote() every second or two, which also moves commits() so that everything
  // kept from earlier reads is dropped. Both run on one thread each; the last seen value is
  // only touched by the polling thread.
  void announce_changes();
  bool other_process_wrote();

 private:
  Database(std::unique_ptr<soci::connection_pool> pool, std::size_t size, Dialect dialect);
  std::unique_ptr<soci::connection_pool> pool_;
  std::size_t pool_size_;
  Dialect dialect_;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> announced_at_{0};
  std::optional<long long> seen_seq_;  // the polling thread's
};

// A write transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE). Two
// deferred transactions that both read, then write, deadlock in SQLite: the second to write
// fails at once with SQLITE_BUSY, whatever the busy timeout. Taking the lock first makes
// concurrent writers queue up behind busy_timeout instead. Rolls back unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(soci::session& sql);
  ~WriteTransaction();
  WriteTransaction(WriteTransaction const&) = delete;
  WriteTransaction& operator=(WriteTransaction const&) = delete;
  void commit();

 private:
  soci::session& sql_;
  bool done_ = false;
};

// Runs a script of several statements (a migration). SOCI prepares one statement at a
// time, so this goes to the engine's own multi-statement call (store/sqlite/).
void exec_script(soci::session& sql, std::string const& script);

}  // namespace dossier::store
