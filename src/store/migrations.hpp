#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace soci {
class session;
}

namespace dossier::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary (src/store/migrations/sqlite/*.sql), in order.
std::vector<Migration> const& embedded_migrations();

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
