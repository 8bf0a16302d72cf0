#include "store/database.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_session.hpp"

namespace dossier::store {

namespace {

// SQLite's own default for checkpointing the WAL (https://sqlite.org/wal.html#ckpt): a
// connection's WAL hook replaces the automatic checkpoint, so the hook below does it itself.
constexpr int kWalCheckpointPages = 1000;

int count_commit(void* counter) {
  static_cast<std::atomic<std::uint64_t>*>(counter)->fetch_add(1, std::memory_order_acq_rel);
  return 0;  // zero lets the commit go ahead
}

// Called after a commit is visible to other connections and its write lock released
// (https://sqlite.org/c3ref/wal_hook.html), with the pages the WAL now holds.
int count_visible_commit(void* counter, sqlite_api::sqlite3* db, char const* name, int pages) {
  static_cast<std::atomic<std::uint64_t>*>(counter)->fetch_add(1, std::memory_order_acq_rel);
  // As sqlite3_wal_autocheckpoint(1000) would: a passive checkpoint that never waits.
  if (pages >= kWalCheckpointPages)
    sqlite_api::sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return SQLITE_OK;
}

}  // namespace

Database::Database(std::unique_ptr<soci::connection_pool> pool, std::size_t size, Dialect dialect)
    : pool_(std::move(pool)), pool_size_(size), dialect_(dialect) {}

Database::~Database() {
  // A command that cannot announce (a database it could not migrate, a read-only file) has
  // nothing a server must see, or the server sees it at its next start.
  try {
    announce_changes();
  } catch (std::exception const&) {
  }
}

void Database::announce_changes() {
  auto now = commits_.load(std::memory_order_acquire);
  if (now == announced_at_.load(std::memory_order_acquire)) return;
  soci::session sql(*pool_);
  sql << "UPDATE store_changes SET seq = seq + 1 WHERE id = 1";
  // The announcement's own commit moved the counter: it needs no announcement of its own.
  announced_at_.store(commits_.load(std::memory_order_acquire), std::memory_order_release);
}

bool Database::other_process_wrote() {
  long long seq = 0;
  {
    soci::session sql(*pool_);
    sql << "SELECT seq FROM store_changes WHERE id = 1", soci::into(seq);
  }
  bool moved = seen_seq_ && *seen_seq_ != seq;
  seen_seq_ = seq;
  // Two steps, as a commit makes: readers that compare before and after see a write.
  if (moved) commits_.fetch_add(2, std::memory_order_acq_rel);
  return moved;
}

Result<std::unique_ptr<Database>> Database::open(DatabaseOptions const& options) {
  if (!options.url.starts_with("sqlite:"))
    return invalid(fmt::format("unsupported database url '{}'", options.url));
  auto path = options.url.substr(7);
  auto size = std::max<std::size_t>(options.pool_size, 1);
  sqlite::configure_library();
  auto pool = std::make_unique<soci::connection_pool>(size);
  try {
    for (std::size_t i = 0; i < size; ++i) {
      auto& s = pool->at(i);
      // SOCI's sqlite3 backend takes "db=PATH" plus options; the path may hold spaces.
      s.open(soci::sqlite3, fmt::format("db=\"{}\" timeout={}", path,
                                        std::max(1, options.busy_timeout_ms / 1000)));
      sqlite::configure(s, options.busy_timeout_ms);
    }
  } catch (std::exception const& e) {
    return Error{ErrorKind::Internal, fmt::format("cannot open database {}: {}", path, e.what())};
  }
  auto db = std::unique_ptr<Database>(new Database(std::move(pool), size, Dialect::Sqlite));
  for (std::size_t i = 0; i < size; ++i) {
    auto* conn = static_cast<sqlite_api::sqlite3*>(sqlite::native_connection(db->pool().at(i)));
    sqlite_api::sqlite3_commit_hook(conn, &count_commit, &db->commits_);
    sqlite_api::sqlite3_wal_hook(conn, &count_visible_commit, &db->commits_);
  }
  return db;
}

void exec_script(soci::session& sql, std::string const& script) {
  sqlite::exec_script(sql, script);
}

WriteTransaction::WriteTransaction(soci::session& sql) : sql_(sql) {
  sql_ << "BEGIN IMMEDIATE";
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // A destructor must not throw; the connection's next BEGIN reports a broken state.
  }
}

void WriteTransaction::commit() {
  sql_ << "COMMIT";
  done_ = true;
}

}  // namespace dossier::store
