#include "store/database.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "store/sqlite/sqlite_session.hpp"

namespace dossier::store {

Database::Database(std::unique_ptr<soci::connection_pool> pool, std::size_t size, Dialect dialect)
    : pool_(std::move(pool)), pool_size_(size), dialect_(dialect) {}

Database::~Database() = default;

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
  return std::unique_ptr<Database>(new Database(std::move(pool), size, Dialect::Sqlite));
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
