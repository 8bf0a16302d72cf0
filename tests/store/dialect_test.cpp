// store::is_postgres, the one question a store asks about its session's engine: it agrees with
// the Database the session came from, on the pool and on the side pool, on both engines
// (CTest runs this binary once per backend, tests/support/test_database.hpp).
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/dialect.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::store {
namespace {

TEST(Dialect, ASessionKnowsTheEngineOfItsDatabase) {
  test::TempDir dir{"dossier-dialect"};
  auto db = test::open_test_database(dir.path());
  bool postgres = db->dialect() == Dialect::Postgres;
  EXPECT_EQ(postgres, test::on_postgres());
  soci::session pooled(db->pool());
  EXPECT_EQ(is_postgres(pooled), postgres);
  soci::session side(db->side_pool());
  EXPECT_EQ(is_postgres(side), postgres);
}

}  // namespace
}  // namespace dossier::store
