#include "store/sqlite/sqlite_session.hpp"

#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "store/sqlite/stemming_tokenizer.hpp"

namespace dossier::store::sqlite {

void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Both return SQLITE_MISUSE if SQLite is already initialized; the defaults then stay.
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

void configure(soci::session& sql, int busy_timeout_ms) {
  sql << "PRAGMA journal_mode = WAL";
  sql << "PRAGMA foreign_keys = ON";
  sql << "PRAGMA synchronous = NORMAL";
  sql << fmt::format("PRAGMA busy_timeout = {}", busy_timeout_ms);
  // The search index's tokenizer lives in this binary: every connection needs it before
  // it touches (or creates) an FTS5 table.
  register_stemming_tokenizer(native_connection(sql));
}

void* native_connection(soci::session& sql) {
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

void exec_script(soci::session& sql, std::string const& script) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  char* message = nullptr;
  if (sqlite_api::sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &message) !=
      SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite_api::sqlite3_free(message);
    throw std::runtime_error("sqlite: " + text);
  }
}

}  // namespace dossier::store::sqlite
