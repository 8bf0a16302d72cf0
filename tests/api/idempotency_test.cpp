// Idempotency keys on the Admin API's POSTs (api/idempotency.hpp) over a real SQLite file: a
// replay answers what the first request answered, without running it again; another body
// under the same key is refused; a twin arriving while the first runs is told so; 24 hours
// later the key is free. Threads: run under ThreadSanitizer too (make test-tsan).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>

#include <soci/soci.h>

#include "api/idempotency.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace dossier::api {
namespace {

constexpr UnixTime kNow = 1'790'000'000;
constexpr long long kKeyId = 7;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened =
        store::Database::open({"sqlite:" + (dir_.path() / "db.sqlite").string(), 10000, 4});
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    soci::session sql(db_->pool());
    ASSERT_TRUE(store::migrate(sql, store::embedded_migrations(store::Dialect::Sqlite)));
  }

  static http::Request post(std::string body, std::string key = "retry-1") {
    http::Request r;
    r.method = http::Method::Post;
    r.target = r.path = "/api/admin/v1/articles";
    r.body = std::move(body);
    if (!key.empty()) r.headers.emplace_back("idempotency-key", std::move(key));
    return r;
  }

  // A handler that counts its runs and answers like an article's creation.
  http::Response created() {
    ++runs_;
    http::Response r;
    r.status = 201;
    r.content_type = "application/json";
    r.body = "{\"articles\":[{\"id\":" + std::to_string(runs_.load()) + "}]}";
    r.set_header("Location", "/api/admin/v1/articles/" + std::to_string(runs_.load()));
    return r;
  }

  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::atomic<UnixTime> now_{kNow};
  std::atomic<int> runs_{0};
};

TEST_F(IdempotencyTest, WithoutTheHeaderEveryRequestRuns) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  idem.run(post("{}", ""), kKeyId, [this] { return created(); });
  idem.run(post("{}", ""), kKeyId, [this] { return created(); });
  EXPECT_EQ(runs_, 2);
}

TEST_F(IdempotencyTest, TheSameRequestAgainGetsTheFirstAnswerWithoutRunning) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  auto first = idem.run(post("{\"title\":\"A\"}"), kKeyId, [this] { return created(); });
  auto again = idem.run(post("{\"title\":\"A\"}"), kKeyId, [this] { return created(); });
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("Location"), "/api/admin/v1/articles/1");
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");
}

TEST_F(IdempotencyTest, AnotherBodyUnderTheSameKeyIsAConflict) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  idem.run(post("{\"title\":\"A\"}"), kKeyId, [this] { return created(); });
  auto other = idem.run(post("{\"title\":\"B\"}"), kKeyId, [this] { return created(); });
  EXPECT_EQ(other.status, 422);
  EXPECT_NE(other.body.find("idempotency_conflict"), std::string::npos);
  EXPECT_EQ(runs_, 1);
}

TEST_F(IdempotencyTest, KeysBelongToTheirApiKey) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  idem.run(post("{}"), kKeyId, [this] { return created(); });
  idem.run(post("{}"), kKeyId + 1, [this] { return created(); });
  EXPECT_EQ(runs_, 2);
}

TEST_F(IdempotencyTest, AMalformedKeyIsRefusedAndNothingRuns) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  for (auto key : {std::string(256, 'k'), std::string("tab\there"), std::string("\x7f")}) {
    auto r = idem.run(post("{}", key), kKeyId, [this] { return created(); });
    EXPECT_EQ(r.status, 400) << key;
  }
  auto empty = post("{}", "");
  empty.headers.emplace_back("idempotency-key", "");
  EXPECT_EQ(idem.run(empty, kKeyId, [this] { return created(); }).status, 400);
  EXPECT_EQ(runs_, 0);
  EXPECT_TRUE(valid_idempotency_key(std::string(255, 'k')));
}

TEST_F(IdempotencyTest, AServerErrorIsNotKeptSoTheRetryRuns) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  auto failed = idem.run(post("{}"), kKeyId, [this] {
    ++runs_;
    return http::Response::text(500, "boom");
  });
  EXPECT_EQ(failed.status, 500);
  auto retried = idem.run(post("{}"), kKeyId, [this] { return created(); });
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(runs_, 2);
}

TEST_F(IdempotencyTest, AKeyIsFreeAgainAfter24Hours) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  idem.run(post("{}"), kKeyId, [this] { return created(); });
  now_ += kIdempotencyLifetime.count() - 1;
  EXPECT_EQ(
      idem.run(post("{}"), kKeyId, [this] { return created(); }).header("Idempotent-Replayed"),
      "true");
  now_ += 2;
  EXPECT_EQ(idem.run(post("{}"), kKeyId, [this] { return created(); }).status, 201);
  EXPECT_EQ(runs_, 2);
  EXPECT_EQ(idem.prune(), 0);
}

TEST_F(IdempotencyTest, ATwinArrivingWhileTheFirstRunsIsToldItIsInProgress) {
  Idempotency idem(*db_, [this] { return now_.load(); });
  std::latch started(1), release(1);
  auto first = std::async(std::launch::async, [&] {
    return idem.run(post("{}"), kKeyId, [&] {
      started.count_down();
      release.wait();
      return created();
    });
  });
  started.wait();
  auto twin = idem.run(post("{}"), kKeyId, [this] { return created(); });
  release.count_down();
  EXPECT_EQ(twin.status, 409);
  EXPECT_NE(twin.body.find("in progress"), std::string::npos);
  EXPECT_EQ(first.get().status, 201);
  EXPECT_EQ(
      idem.run(post("{}"), kKeyId, [this] { return created(); }).header("Idempotent-Replayed"),
      "true");
  EXPECT_EQ(runs_, 1);
}

}  // namespace
}  // namespace dossier::api
