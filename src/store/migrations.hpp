#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/dialect.hpp"

namespace soci {
class session;
}

namespace dossier::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary for one dialect (src/store/migrations/sqlite/*.sql
// or src/store/migrations/postgresql/*.sql), in order. Both lists have the same versions: a
// version is one change of the schema, written once per engine. SQLite by default because
// most callers are SQLite-only tools and tests (backup, restore); the server passes its
// database's dialect.
std::vector<Migration> const& embedded_migrations(Dialect dialect = Dialect::Sqlite);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
};

// Brings the schema up to the newest of `migrations`, each in its own transaction.
// Refuses (Conflict) a database whose schema is newer than the newest migration: an older
// binary must never write to a schema it does not know.
Result<MigrationReport> migrate(soci::session& sql, std::vector<Migration> const& migrations);

int schema_version(soci::session& sql);

}  // namespace dossier::store
