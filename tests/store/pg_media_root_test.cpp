// The start-up check that every server on one database sees the same media directory
// (issue 18). The check is the same SQL on both engines, so it runs here on a real SQLite file
// (two Database objects stand for two servers); serve calls it on PostgreSQL only.
#include <gtest/gtest.h>

#include <fstream>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/pg_media_root.hpp"
#include "support/temp_dir.hpp"

namespace dossier::store {
namespace {

using namespace std::chrono_literals;

constexpr UnixTime kNow = 1'790'000'000;
constexpr auto kShortWait = 200ms;

class SharedMediaRoot : public ::testing::Test {
 protected:
  SharedMediaRoot() : dir_("dossier-media-root") {
    url_ = "sqlite:" + (dir_.path() / "t.db").string();
    auto db = open();
    soci::session sql(db->pool());
    migrate(sql, embedded_migrations(Dialect::Sqlite));
  }
  std::unique_ptr<Database> open() { return std::move(*Database::open({url_, 5000, 1})); }
  std::filesystem::path dir(std::string const& name) { return dir_.path() / name / "media"; }

  test::TempDir dir_;
  std::string url_;
};

TEST_F(SharedMediaRoot, TheFirstServerNamesTheDirectoryAndTheNextOneFindsTheSameName) {
  auto first = open();
  auto named = check_shared_media_root(*first, dir("shared"), kNow, kShortWait);
  ASSERT_TRUE(named.ok()) << named.error().message;
  std::ifstream marker(dir("shared") / kMediaRootMarker);
  std::string id;
  std::getline(marker, id);
  EXPECT_EQ(id, *named);
  auto second = open();
  auto again = check_shared_media_root(*second, dir("shared"), kNow + 60, kShortWait);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *named);
}

TEST_F(SharedMediaRoot, AServerWithAMediaRootOfItsOwnRefusesToStartNamingIt) {
  auto first = open();
  ASSERT_TRUE(check_shared_media_root(*first, dir("shared"), kNow, kShortWait).ok());
  auto second = open();
  auto own = check_shared_media_root(*second, dir("elsewhere"), kNow, kShortWait);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::Conflict);
  EXPECT_NE(own.error().message.find(dir("elsewhere").string()), std::string::npos)
      << own.error().message;
  EXPECT_NE(own.error().message.find(kMediaRootMarker), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir("elsewhere") / kMediaRootMarker))
      << "a refused server leaves no marker behind";
}

TEST_F(SharedMediaRoot, AnotherSitesMediaDirectoryIsRefused) {
  auto first = open();
  ASSERT_TRUE(check_shared_media_root(*first, dir("shared"), kNow, kShortWait).ok());
  std::filesystem::create_directories(dir("other-site"));
  std::ofstream(dir("other-site") / kMediaRootMarker) << "0123456789abcdef\n";
  auto refused = check_shared_media_root(*first, dir("other-site"), kNow, kShortWait);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("belongs to another site"), std::string::npos)
      << refused.error().message;
}

TEST_F(SharedMediaRoot, AMarkedDirectoryKeepsItsIdWhenTheDatabaseHasNone) {
  // A site copied to a new database: its media directory already carries a marker.
  std::filesystem::create_directories(dir("copied"));
  std::ofstream(dir("copied") / kMediaRootMarker) << "feedc0ffee\n";
  auto db = open();
  auto kept = check_shared_media_root(*db, dir("copied"), kNow, kShortWait);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(*kept, "feedc0ffee");
}

}  // namespace
}  // namespace dossier::store
