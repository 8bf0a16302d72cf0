#pragma once

// The database a store, service or site test runs on. By default a migrated SQLite file in the
// test's temporary directory; with DOSSIER_TEST_BACKEND=postgresql, a fresh, migrated database
// on one real PostgreSQL server per test binary (started at first use, stopped at exit). CTest
// runs the unit tests once per backend (tests/CMakeLists.txt), so the same test proves the same
// behaviour on both.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/postgres_server.hpp"

namespace dossier::test {

inline bool on_postgres() {
  char const* backend = std::getenv("DOSSIER_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

// The binary's one PostgreSQL server.
inline PostgresServer& shared_postgres() {
  static PostgresServer server;
  if (!server.started()) throw std::runtime_error("PostgreSQL did not start: " + server.problem());
  return server;
}

// The URL of a new, empty database: SQLite in `dir`, or a fresh database on the shared server.
inline std::string fresh_database_url(std::filesystem::path const& dir) {
  if (!on_postgres()) return "sqlite:" + (dir / "t.db").string();
  static std::atomic<int> next{0};
  auto& server = shared_postgres();
  auto name = "t" + std::to_string(next++);
  auto admin = store::Database::open({server.url("postgres"), 5000, 1});
  if (!admin) throw std::runtime_error(admin.error().message);
  soci::session sql((*admin)->pool());
  sql << "CREATE DATABASE " + name;
  return server.url(name);
}

// A migrated database for one test.
inline std::unique_ptr<store::Database> open_test_database(std::filesystem::path const& dir,
                                                           std::size_t pool_size = 2) {
  auto opened = store::Database::open({fresh_database_url(dir), 5000, pool_size});
  if (!opened) throw std::runtime_error(opened.error().message);
  soci::session sql((*opened)->pool());
  auto migrated = store::migrate(sql, store::embedded_migrations((*opened)->dialect()));
  if (!migrated) throw std::runtime_error(migrated.error().message);
  return std::move(*opened);
}

}  // namespace dossier::test
