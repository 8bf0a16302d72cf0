#include "store/database.hpp"

#include <cctype>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "store/pg_notify.hpp"
#include "store/sqlite/sqlite_session.hpp"

namespace dossier::store {

namespace {

// The name SOCI's postgresql backend gives itself (postgresql_session_backend::get_backend_name).
constexpr std::string_view kPostgresBackend = "postgresql";

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

// Which Database each PostgreSQL connection belongs to: a WriteTransaction has only the
// session, and libpq has no commit hook to move the counter as SQLite's does.
std::mutex registry_mutex;
std::unordered_map<soci::details::session_backend const*, Database*>& registry() {
  static std::unordered_map<soci::details::session_backend const*, Database*> map;
  return map;
}

Database* postgres_database_of(soci::session& sql) {
  std::lock_guard lock(registry_mutex);
  auto it = registry().find(sql.get_backend());
  return it == registry().end() ? nullptr : it->second;
}

// 64 random bits in hex: a process's notices carry it so that the process can skip its own.
std::string random_origin() {
  std::random_device rd;
  std::uint64_t bits = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  return fmt::format("{:016x}", bits);
}

}  // namespace

Database::Database(std::unique_ptr<soci::connection_pool> pool, std::size_t size, Dialect dialect)
    : pool_(std::move(pool)), pool_size_(size), dialect_(dialect), origin_(random_origin()) {}

Database::~Database() {
  if (dialect_ == Dialect::Postgres) {
    std::lock_guard lock(registry_mutex);
    for (std::size_t i = 0; i < pool_size_; ++i) registry().erase(pool_->at(i).get_backend());
  }
  // A command that cannot announce (a database it could not migrate, a read-only file) has
  // nothing a server must see, or the server sees it at its next start.
  try {
    announce_changes();
  } catch (std::exception const&) {
  }
}

void Database::notify_keys(std::vector<std::string> const& keys) {
  if (dialect_ != Dialect::Postgres) return;
  auto payload = notice_payload({origin_, ChangeNotice::Kind::Keys, keys});
  if (!payload) payload = notice_payload({origin_, ChangeNotice::Kind::Everything, {}});
  soci::session sql(side_pool());
  std::string channel = kChangeChannel;  // SOCI binds by reference: no temporaries
  sql << "SELECT pg_notify(:c, :p)", soci::use(channel), soci::use(*payload);
}

void Database::announce_changes() {
  if (dialect_ == Dialect::Postgres) return;  // every commit was noticed as it happened
  auto now = commits_.load(std::memory_order_acquire);
  if (now == announced_at_.load(std::memory_order_acquire)) return;
  soci::session sql(*pool_);
  sql << "UPDATE store_changes SET seq = seq + 1 WHERE id = 1";
  // The announcement's own commit moved the counter: it needs no announcement of its own.
  announced_at_.store(commits_.load(std::memory_order_acquire), std::memory_order_release);
}

bool Database::other_process_wrote() {
  if (dialect_ == Dialect::Postgres) return false;  // store/pg_notify.hpp instead
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

namespace {

// One libpq keyword value, quoted (https://www.postgresql.org/docs/15/libpq-connect.html
// #LIBPQ-CONNSTRING: single quotes, with \' and \\ inside).
std::string keyword_value(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Percent-decoding of one URL part (RFC 3986 section 2.1); a malformed escape stays as it is.
std::string decoded(std::string_view part) {
  std::string out;
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '%' && i + 2 < part.size() &&
        std::isxdigit(static_cast<unsigned char>(part[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(part[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(part.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += part[i];
    }
  }
  return out;
}

// postgresql://[user[:password]@]host[:port][/dbname][?key=value&...] as libpq's keyword
// form: SOCI's postgresql backend reads its connection string as keywords and mangles the
// URI form. nullopt for a URL without a host.
std::optional<std::string> postgres_keywords(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  auto rest = url.substr(scheme + 3);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view db;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string out;
  auto add = [&out](std::string_view key, std::string const& value) {
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=" + keyword_value(value);
  };
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto who = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = who.find(':');
    add("user", decoded(who.substr(0, colon)));
    if (colon != std::string_view::npos) add("password", decoded(who.substr(colon + 1)));
  }
  auto colon = rest.rfind(':');
  auto host = rest.substr(0, colon);
  if (host.empty()) return std::nullopt;
  add("host", decoded(host));
  if (colon != std::string_view::npos) add("port", decoded(rest.substr(colon + 1)));
  if (!db.empty()) add("dbname", decoded(db));
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos)
      add(decoded(pair.substr(0, eq)), decoded(pair.substr(eq + 1)));
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return out;
}

// A PostgreSQL server (issue 18), through SOCI's postgresql backend. Its commits are counted
// by WriteTransaction and told to the other servers by NOTIFY (store/pg_notify.hpp).
Result<std::unique_ptr<soci::connection_pool>> open_postgres(std::string const& keywords,
                                                             std::size_t size, int lock_wait_ms) {
  auto pool = std::make_unique<soci::connection_pool>(size);
  try {
    for (std::size_t i = 0; i < size; ++i) {
      pool->at(i).open(soci::postgresql, keywords);
      // A writer waits for the writers' lock (and any row lock) as long as SQLite's writers
      // wait for theirs (database.busy_timeout_ms), then fails with an error rather than
      // hanging a request for ever behind a stuck transaction.
      pool->at(i) << "SET lock_timeout = " << std::max(lock_wait_ms, 1);
    }
  } catch (std::exception const& e) {
    // libpq's message names the host and the reason, never the password.
    return Error{ErrorKind::Internal, fmt::format("cannot connect to PostgreSQL: {}", e.what())};
  }
  return pool;
}

}  // namespace

// Side connections (Database::side_pool): their statements are single, short and autocommit.
constexpr std::size_t kSidePoolSize = 2;

Result<std::unique_ptr<Database>> Database::open(DatabaseOptions const& options) {
  auto size = std::max<std::size_t>(options.pool_size, 1);
  if (options.url.starts_with("postgresql://") || options.url.starts_with("postgres://")) {
    auto keywords = postgres_keywords(options.url);
    if (!keywords)
      return invalid("database.url: a PostgreSQL URL is postgresql://USER@HOST[:PORT]/DATABASE");
    auto pool = open_postgres(*keywords, size, options.busy_timeout_ms);
    if (!pool) return pool.error();
    auto side = open_postgres(*keywords, kSidePoolSize, options.busy_timeout_ms);
    if (!side) return side.error();
    auto db = std::unique_ptr<Database>(new Database(std::move(*pool), size, Dialect::Postgres));
    db->side_pool_ = std::move(*side);
    db->conninfo_ = *keywords;
    std::lock_guard lock(registry_mutex);
    for (std::size_t i = 0; i < size; ++i) registry()[db->pool().at(i).get_backend()] = db.get();
    return db;
  }
  if (!options.url.starts_with("sqlite:"))
    return invalid(fmt::format("unsupported database url '{}'", options.url));
  auto path = options.url.substr(7);
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

bool is_postgres(soci::session& sql) {
  // SOCI names a session's backend only as a string; both names fit in std::string's short
  // buffer, so asking allocates nothing. Type information would be cheaper still, but
  // Debian's libsoci does not export it for its backend classes (CMakeLists.txt, sanitizers).
  return sql.get_backend_name() == kPostgresBackend;
}

void exec_script(soci::session& sql, std::string const& script) {
  if (is_postgres(sql)) {
    // PQexec runs every statement of a string with no parameters, in the caller's transaction
    // (https://www.postgresql.org/docs/15/libpq-exec.html).
    auto* conn = static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
    PGresult* res = PQexec(conn, script.c_str());
    auto status = PQresultStatus(res);
    std::string message = PQresultErrorMessage(res);
    PQclear(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw std::runtime_error("postgresql: " + message);
    return;
  }
  sqlite::exec_script(sql, script);
}

namespace {
// Any fixed 64-bit number, the same in every Dossier process ("DOSSIER" in ASCII).
constexpr long long kWriterLock = 0x444f5353494552;
}  // namespace

WriteTransaction::WriteTransaction(soci::session& sql) : sql_(sql) {
  if (is_postgres(sql_)) {
    postgres_ = postgres_database_of(sql_);
    // One writer at a time on PostgreSQL too, across every server on the database: the stores
    // were written against SQLite's single writer (read, decide, write in one transaction),
    // and a transaction-scoped advisory lock keeps that true without a retry loop in every
    // service. Readers never take it, so reads still scale with the servers; writes in a
    // newsroom are few and short. Job claims additionally use FOR UPDATE SKIP LOCKED.
    sql_ << "BEGIN";
    sql_ << "SELECT pg_advisory_xact_lock(" << kWriterLock << ")";
  } else {
    sql_ << "BEGIN IMMEDIATE";
  }
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
  if (postgres_ == nullptr) {
    sql_ << "COMMIT";
    done_ = true;
    return;
  }
  // NOTIFY inside the transaction is delivered when it commits, and not at all when it rolls
  // back (https://www.postgresql.org/docs/15/sql-notify.html): exactly the commits.
  auto kind = postgres_->sends_typed_notices() ? ChangeNotice::Kind::Commit
                                               : ChangeNotice::Kind::Everything;
  auto payload = *notice_payload({postgres_->origin(), kind, {}});
  std::string channel = kChangeChannel;  // SOCI binds by reference: no temporaries
  sql_ << "SELECT pg_notify(:c, :p)", soci::use(channel), soci::use(payload);
  // Two steps around the commit, as SQLite's commit and WAL hooks make (Database::commits()).
  postgres_->commits_.fetch_add(1, std::memory_order_acq_rel);
  sql_ << "COMMIT";
  done_ = true;
  postgres_->commits_.fetch_add(1, std::memory_order_acq_rel);
}

ClaimTransaction::ClaimTransaction(soci::session& sql) : sql_(sql) {
  sql_ << (is_postgres(sql_) ? "BEGIN" : "BEGIN IMMEDIATE");
}

ClaimTransaction::~ClaimTransaction() {
  if (done_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // As WriteTransaction's: the connection's next BEGIN reports a broken state.
  }
}

void ClaimTransaction::commit() {
  sql_ << "COMMIT";
  done_ = true;
}

std::string claim_lock_clause(soci::session& sql) {
  return is_postgres(sql) ? " FOR UPDATE SKIP LOCKED" : "";
}

}  // namespace dossier::store
