#include "store/migrations.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/time.hpp"
#include "store/database.hpp"
#include "store/dialect.hpp"

namespace dossier::store {

namespace {

// Whether schema_migrations exists. Asked first, rather than left to CREATE TABLE IF NOT
// EXISTS alone: PostgreSQL answers that statement on an existing table with a NOTICE
// ("relation ... already exists, skipping",
// https://www.postgresql.org/docs/15/sql-createtable.html), which libpq prints on stderr, and
// every start of a server migrates.
bool has_migrations_table(soci::session& sql) {
  int found = 0;
  if (is_postgres(sql))
    sql << "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END",
        soci::into(found);
  else
    sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        soci::into(found);
  return found == 1;
}

void ensure_migrations_table(soci::session& sql) {
  if (has_migrations_table(sql)) return;
  // IF NOT EXISTS still: two processes starting on a new database at once may both get here.
  sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
}

}  // namespace

int schema_version(soci::session& sql) {
  ensure_migrations_table(sql);
  int version = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

Result<MigrationReport> migrate(soci::session& sql, std::vector<Migration> const& migrations) {
  MigrationReport report;
  report.from_version = schema_version(sql);
  int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (report.from_version > newest_known) {
    return Error{ErrorKind::Conflict,
                 fmt::format("the database schema is version {}, newer than this binary knows "
                             "({}); upgrade dossier before using this data directory",
                             report.from_version, newest_known)};
  }
  report.to_version = report.from_version;
  for (auto const& m : migrations) {
    if (m.version <= report.from_version) continue;
    soci::transaction tx(sql);
    exec_script(sql, m.sql);
    long long applied_at = now_utc();
    sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(m.version), soci::use(m.name), soci::use(applied_at);
    tx.commit();
    report.to_version = m.version;
  }
  return report;
}

}  // namespace dossier::store
