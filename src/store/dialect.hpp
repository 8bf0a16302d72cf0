#pragma once

namespace soci {
class session;
}

namespace dossier::store {

// The SQL engine behind a Database: the embedded SQLite file (the default) or a PostgreSQL
// server (issue 18). Stores whose SQL differs between the two say so in one place each.
enum class Dialect { Sqlite, Postgres };

// The engine of an open session, for stores that are handed a session and not its Database:
// the one place that asks SOCI which backend a session runs on. A store that writes several
// statements asks once and passes the answer on.
bool is_postgres(soci::session& sql);

}  // namespace dossier::store
