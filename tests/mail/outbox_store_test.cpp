// The outbox table's SQL on a real SQLite file: what a claim takes, and how claimed rows go
// back to the queue (one row when a sender stops mid-batch, all of them after a crash).
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "mail/outbox_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::mail {
namespace {

constexpr UnixTime kNow = 1'790'000'000;
constexpr char const* kToken = "sender-one";

class OutboxStoreTest : public ::testing::Test {
 protected:
  OutboxStoreTest() : dir_("dossier-outbox-store") {
    db_ = test::open_test_database(dir_.path(), 1);
  }

  long long add(soci::session& sql, std::string const& to, std::optional<long long> send = {}) {
    Mail m;
    m.recipient = to;
    m.subject = "Harbour notes";
    m.text_body = "Two paragraphs of harbour notes.\n";
    m.headers = {{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    m.send_id = send;
    return OutboxStore::insert(sql, m, kNow);
  }

  std::string status(soci::session& sql, long long id) {
    std::string s;
    sql << "SELECT status FROM outbox WHERE id = :id", soci::use(id), soci::into(s);
    return s;
  }

  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(OutboxStoreTest, AClaimTakesDueRowsWithTheirHeadersAndMarksThemSending) {
  soci::session sql(db_->pool());
  auto first = add(sql, "one@example.org");
  add(sql, "two@example.org");
  auto rows = OutboxStore::claim(sql, kNow, 1, kToken);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, first);
  EXPECT_EQ(rows[0].mail.recipient, "one@example.org");
  ASSERT_EQ(rows[0].mail.headers.size(), 1u);
  EXPECT_EQ(rows[0].mail.headers[0].second, "List-Unsubscribe=One-Click");
  EXPECT_EQ(status(sql, first), "sending");
  EXPECT_TRUE(OutboxStore::claim(sql, kNow - 1, 10, kToken).empty()) << "nothing is due before now";
}

TEST_F(OutboxStoreTest, ReleasingOneClaimQueuesOnlyThatRowAndNeverASentOne) {
  soci::session sql(db_->pool());
  auto a = add(sql, "a@example.org");
  auto b = add(sql, "b@example.org");
  ASSERT_EQ(OutboxStore::claim(sql, kNow, 10, kToken).size(), 2u);
  OutboxStore::mark_sent(sql, a, "<dossier.1@example.org>", kNow);
  OutboxStore::release(sql, a, kToken);
  OutboxStore::release(sql, b, kToken);
  EXPECT_EQ(status(sql, a), "sent") << "a sent row stays sent";
  EXPECT_EQ(status(sql, b), "queued");
  EXPECT_EQ(OutboxStore::release_claims(sql, kNow), 0) << "nothing is left claimed";
}

TEST_F(OutboxStoreTest, OnlyClaimsOlderThanTheLeaseAreTakenBackAndTheirSenderCannotRenew) {
  soci::session sql(db_->pool());
  auto old_claim = add(sql, "old@example.org");
  ASSERT_EQ(OutboxStore::claim(sql, kNow, 1, "killed-server").size(), 1u);
  auto fresh_claim = add(sql, "fresh@example.org");
  ASSERT_EQ(OutboxStore::claim(sql, kNow + 100, 1, "live-server").size(), 1u);
  // Recovery at kNow + 150 with a 120 s lease: claims made at or before kNow + 30 go back.
  EXPECT_EQ(OutboxStore::release_claims(sql, kNow + 30), 1);
  EXPECT_EQ(status(sql, old_claim), "queued");
  EXPECT_EQ(status(sql, fresh_claim), "sending") << "another server's mail in flight stays its own";
  EXPECT_FALSE(OutboxStore::renew(sql, old_claim, "killed-server", kNow + 150))
      << "a sender whose claim was taken back must not send the row";
  EXPECT_TRUE(OutboxStore::renew(sql, fresh_claim, "live-server", kNow + 150));
  EXPECT_FALSE(OutboxStore::renew(sql, fresh_claim, "killed-server", kNow + 150))
      << "a claim is renewed by its own sender only";
  EXPECT_EQ(OutboxStore::release_claims(sql, kNow + 120), 0) << "a renewed claim is fresh again";
}

TEST_F(OutboxStoreTest, CountsAreKeptPerSend) {
  soci::session sql(db_->pool());
  add(sql, "a@example.org", 7);
  add(sql, "b@example.org", 7);
  add(sql, "c@example.org");
  auto claimed = OutboxStore::claim(sql, kNow, 1, kToken);
  ASSERT_EQ(claimed.size(), 1u);
  OutboxStore::mark_failed(sql, claimed[0].id, "550 no such user");
  auto of_send = OutboxStore::counts(sql, 7);
  EXPECT_EQ(of_send.failed, 1);
  EXPECT_EQ(of_send.queued, 1);
  auto all = OutboxStore::counts(sql, std::nullopt);
  EXPECT_EQ(all.queued, 2);
}

}  // namespace
}  // namespace dossier::mail
