#pragma once
// A fresh database, migrated to the whole PostgreSQL schema, on the test binary's one
// PostgreSQL server, whatever DOSSIER_TEST_BACKEND says: for the tests of what exists on
// PostgreSQL only (several servers on one database, issue 18). Each call makes a new database,
// so tests never see each other's rows; open it as often as there are "servers" in the test.
#include <atomic>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/test_database.hpp"

namespace dossier::test {

inline std::string migrated_postgres_database(std::string const& prefix) {
  static std::atomic<int> next{0};
  auto& server = shared_postgres();
  auto name = prefix + std::to_string(next++);
  {
    auto admin = store::Database::open({server.url("postgres"), 5000, 1});
    if (!admin) throw std::runtime_error(admin.error().message);
    soci::session sql((*admin)->pool());
    sql << "CREATE DATABASE " + name;
  }
  auto db = store::Database::open({server.url(name), 5000, 1});
  if (!db) throw std::runtime_error(db.error().message);
  soci::session sql((*db)->pool());
  auto migrated = store::migrate(sql, store::embedded_migrations(store::Dialect::Postgres));
  if (!migrated) throw std::runtime_error(migrated.error().message);
  return server.url(name);
}

}  // namespace dossier::test
