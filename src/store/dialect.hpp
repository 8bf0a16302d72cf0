#pragma once

namespace dossier::store {

// The SQL engine behind a Database: the embedded SQLite file (the default) or a PostgreSQL
// server (issue 18). Stores whose SQL differs between the two say so in one place each.
enum class Dialect { Sqlite, Postgres };

}  // namespace dossier::store
