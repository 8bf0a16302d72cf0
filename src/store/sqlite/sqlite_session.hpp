#pragma once

#include <string>

namespace soci {
class session;
}

namespace dossier::store::sqlite {

// Process-wide settings, before the first connection opens: connections are used by one
// thread at a time (the pool hands each to one worker), so SQLite's per-connection mutexes
// and its malloc statistics lock are pure cost (https://sqlite.org/threadsafe.html).
void configure_library();
// Per-connection settings every SQLite session needs: WAL, foreign keys, busy timeout, and
// the search index's tokenizer.
void configure(soci::session& sql, int busy_timeout_ms);
void exec_script(soci::session& sql, std::string const& script);
// The session's sqlite3* (as void*, so callers need not see SOCI's sqlite3 backend).
void* native_connection(soci::session& sql);

}  // namespace dossier::store::sqlite
