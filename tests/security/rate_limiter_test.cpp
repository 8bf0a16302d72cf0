// The rate limiter: in memory, and on PostgreSQL shared by every server through the database
// (issue 18), so that five failed sign-ins spread over two servers count as five.
#include <gtest/gtest.h>

#include <chrono>

#include <soci/soci.h>

#include "security/rate_limiter.hpp"
#include "store/database.hpp"
#include "support/postgres_database.hpp"
#include "support/temp_dir.hpp"

namespace dossier::security {
namespace {

using namespace std::chrono_literals;

constexpr UnixTime kNow = 1'790'000'000;
constexpr int kLimit = 5;
constexpr auto kWindow = std::chrono::seconds(15min);

std::unique_ptr<store::Database> open(std::string const& url) {
  auto opened = store::Database::open({url, 5000, 2});
  if (!opened) throw std::runtime_error(opened.error().message);
  return std::move(*opened);
}

TEST(RateLimiter, InMemoryTheSixthEventInTheWindowWaitsForTheOldestToLeaveIt) {
  RateLimiter limiter(kLimit, kWindow);
  for (int i = 0; i < kLimit; ++i) {
    EXPECT_EQ(limiter.retry_after("203.0.113.9", kNow + i), 0);
    limiter.record("203.0.113.9", kNow + i);
  }
  EXPECT_EQ(limiter.retry_after("203.0.113.9", kNow + 10), kWindow.count() - 10);
  EXPECT_EQ(limiter.retry_after("198.51.100.4", kNow + 10), 0) << "keys count apart";
  EXPECT_EQ(limiter.retry_after("203.0.113.9", kNow + kWindow.count()), 0);
}

TEST(RateLimiter, FiveFailuresSpreadOverTwoServersCountAsFive) {
  auto url = test::migrated_postgres_database("limits");
  auto server_a = open(url);
  auto server_b = open(url);
  RateLimiter on_a(*server_a, "auth.sign_in_account", kLimit, kWindow);
  RateLimiter on_b(*server_b, "auth.sign_in_account", kLimit, kWindow);
  for (int i = 0; i < kLimit; ++i) {
    auto& limiter = i % 2 == 0 ? on_a : on_b;
    ASSERT_EQ(limiter.retry_after("editor@example.org", kNow + i), 0) << "attempt " << i + 1;
    limiter.record("editor@example.org", kNow + i);
  }
  // The oldest of the five (at kNow) leaves the window at kNow + 900.
  EXPECT_EQ(on_a.retry_after("editor@example.org", kNow + 10), kWindow.count() - 10);
  EXPECT_EQ(on_b.retry_after("editor@example.org", kNow + 10), kWindow.count() - 10);
  EXPECT_EQ(on_b.retry_after("editor@example.org", kNow + kWindow.count()), 0);

  // Another scope with the same key counts apart; forget() clears the key on every server.
  RateLimiter resets(*server_a, "auth.reset_address", kLimit, kWindow);
  EXPECT_EQ(resets.retry_after("editor@example.org", kNow + 10), 0);
  on_a.forget("editor@example.org");
  EXPECT_EQ(on_b.retry_after("editor@example.org", kNow + 10), 0);
}

TEST(RateLimiter, ExpiredEventsLeaveTheSharedTable) {
  auto url = test::migrated_postgres_database("limits");
  auto db = open(url);
  RateLimiter limiter(*db, "comments.address", kLimit, kWindow);
  for (int i = 0; i < 3; ++i) limiter.record("192.0.2." + std::to_string(i), kNow);
  limiter.record("192.0.2.77", kNow + kWindow.count());
  soci::session sql(db->pool());
  long long rows = 0;
  sql << "SELECT COUNT(*) FROM rate_limit_events", soci::into(rows);
  EXPECT_EQ(rows, 1) << "recording an event deletes every expired one";
}

TEST(RateLimiter, OnSqliteTheLimiterStaysInMemory) {
  test::TempDir dir("dossier-limits");
  auto db = open("sqlite:" + (dir.path() / "t.db").string());
  RateLimiter one(*db, "auth.sign_in_account", 1, kWindow);
  RateLimiter other(*db, "auth.sign_in_account", 1, kWindow);
  one.record("editor@example.org", kNow);
  EXPECT_GT(one.retry_after("editor@example.org", kNow), 0);
  // One process serves a SQLite file: nothing is written, so nothing is shared.
  EXPECT_EQ(other.retry_after("editor@example.org", kNow), 0);
}

}  // namespace
}  // namespace dossier::security
