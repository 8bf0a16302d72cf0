#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  // A few connections apart from the pool, on PostgreSQL, for short statements of their own
  // transaction that are made while the caller may hold every pool session (the shared rate
  // limits inside a sign-in, change notices): leasing from the pool there would wait for
  // ever on a session the caller itself holds. The pool itself on SQLite (nothing there
  // needs it: its rate limits are in memory).
  soci::connection_pool& side_pool() { return side_pool_ ? *side_pool_ : *pool_; }
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
  // On PostgreSQL both do nothing: every commit tells the other servers itself (below).
  void announce_changes();
  bool other_process_wrote();

  // PostgreSQL's change notices (issue 18; store/pg_notify.hpp listens to them). Every write
  // transaction committed through this Database sends one on the notice channel, delivered to
  // the other servers' listeners at commit. A process whose typed events travel too
  // (send_typed_notices, which `serve` turns on) marks its commits as "counted only": its
  // events say which pages changed. Any other process (the CLI) marks them "everything".
  void send_typed_notices() { typed_notices_.store(true, std::memory_order_release); }
  bool sends_typed_notices() const { return typed_notices_.load(std::memory_order_acquire); }
  // Sends the cache keys one change touched to the other servers (after its commit).
  void notify_keys(std::vector<std::string> const& keys);
  // Who sent a notice: random per Database, so that a process ignores its own.
  std::string const& origin() const { return origin_; }
  // libpq's keyword form of the PostgreSQL URL (empty on SQLite), for a connection of one's own.
  std::string const& postgres_conninfo() const { return conninfo_; }
  // Another server's commit was noticed: what was read before it is outdated.
  void count_foreign_commit() { commits_.fetch_add(2, std::memory_order_acq_rel); }

 private:
  friend class WriteTransaction;
  Database(std::unique_ptr<soci::connection_pool> pool, std::size_t size, Dialect dialect);
  std::unique_ptr<soci::connection_pool> pool_;
  std::unique_ptr<soci::connection_pool> side_pool_;
  std::size_t pool_size_;
  Dialect dialect_;
  std::string origin_;
  std::string conninfo_;
  std::atomic<bool> typed_notices_{false};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> announced_at_{0};
  std::optional<long long> seen_seq_;  // the polling thread's
};

// A write transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE). Two
// deferred transactions that both read, then write, deadlock in SQLite: the second to write
// fails at once with SQLITE_BUSY, whatever the busy timeout. Taking the lock first makes
// concurrent writers queue up behind busy_timeout instead. Rolls back unless committed.
// On PostgreSQL it takes the writers' advisory lock instead, moves the Database's commits()
// counter around its commit (PostgreSQL has no commit hook) and sends the change notice.
class WriteTransaction {
 public:
  explicit WriteTransaction(soci::session& sql);
  ~WriteTransaction();
  WriteTransaction(WriteTransaction const&) = delete;
  WriteTransaction& operator=(WriteTransaction const&) = delete;
  void commit();

 private:
  soci::session& sql_;
  Database* postgres_ = nullptr;  // the Database a PostgreSQL session belongs to
  bool done_ = false;
};

// A transaction that claims jobs (outbox rows, due articles, queued analyses) on one server
// while others may claim the same queue. SQLite: BEGIN IMMEDIATE, its one writer at a time.
// PostgreSQL: a plain BEGIN without the writers' advisory lock, so claims never wait behind
// the newsroom's writes; the claim's SELECT ends in claim_lock_clause() (FOR UPDATE SKIP
// LOCKED), so two servers claiming at once each get other rows. It sends no change notice: a
// claim changes no page. Rolls back unless committed.
class ClaimTransaction {
 public:
  explicit ClaimTransaction(soci::session& sql);
  ~ClaimTransaction();
  ClaimTransaction(ClaimTransaction const&) = delete;
  ClaimTransaction& operator=(ClaimTransaction const&) = delete;
  void commit();

 private:
  soci::session& sql_;
  bool done_ = false;
};

// The end of a claim's SELECT: " FOR UPDATE SKIP LOCKED" on PostgreSQL (rows another claim
// holds are passed over, https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE),
// nothing on SQLite, whose claims are one writer at a time. The one place this differs.
std::string claim_lock_clause(soci::session& sql);

// Runs a script of several statements (a migration). SOCI prepares one statement at a
// time, so this goes to the engine's own multi-statement call (store/sqlite/, or libpq's
// PQexec on PostgreSQL).
void exec_script(soci::session& sql, std::string const& script);

}  // namespace dossier::store
