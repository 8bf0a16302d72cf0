#pragma once

#include <string>

namespace soci {
class session;
}

namespace dossier::store::sqlite {

// Per-connection settings every SQLite session needs: WAL, foreign keys, busy timeout.
void configure(soci::session& sql, int busy_timeout_ms);
void exec_script(soci::session& sql, std::string const& script);

}  // namespace dossier::store::sqlite
