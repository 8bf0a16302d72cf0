// The outbox delivered over SMTP to a real local server (aiosmtpd, tests/support/smtp_server.py):
// what arrives, and what happens when the server is down, answers 4yz or refuses with 5yz.
#include <gtest/gtest.h>

#include <atomic>

#include <soci/soci.h>

#include "mail/outbox_sender.hpp"
#include "mail/outbox_store.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::mail {
namespace {

class OutboxSenderTest : public ::testing::Test {
 protected:
  OutboxSenderTest() : dir_("dossier-outbox") { db_ = test::open_test_database(dir_.path(), 2); }

  SenderOptions options() {
    SenderOptions o;
    o.from = "Harbour Institute <news@example.org>";
    o.message_id_domain = "example.org";
    o.rate_per_second = 1000;
    o.max_attempts = 3;
    return o;
  }

  long long enqueue(std::string const& to, std::optional<long long> subscriber = {}) {
    Mail m;
    m.recipient = to;
    m.subject = "Ports and power: this week's analysis — Türkiye";
    m.text_body = "The week in short.\n\nRead more on the site.\n";
    m.html_body = "<p>The week in <strong>short</strong>.</p>";
    m.headers = {{"List-Unsubscribe", "<https://example.org/newsletter/unsubscribe/abc>"},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    m.subscriber_id = subscriber;
    soci::session sql(db_->pool());
    return Outbox::enqueue(sql, m, now_);
  }

  struct Row {
    std::string status;
    int attempts = 0;
    long long next_attempt_at = 0;
    std::string message_id;
    std::string last_error;
  };
  Row row(long long id) {
    soci::session sql(db_->pool());
    Row r;
    sql << "SELECT status, attempts, next_attempt_at, message_id, last_error FROM outbox WHERE id "
           "= :id",
        soci::use(id), soci::into(r.status), soci::into(r.attempts), soci::into(r.next_attempt_at),
        soci::into(r.message_id), soci::into(r.last_error);
    return r;
  }

  OutboxSender sender_for(SmtpTransport& transport) {
    return OutboxSender(
        *db_, [this] { return now_.load(); }, transport, options(),
        [this](soci::session& sql, OutboxRow const& r) {
          if (r.mail.subscriber_id)
            newsletter::SubscriptionService::mark_bounced(sql, *r.mail.subscriber_id, now_);
        });
  }

  test::TempDir dir_;
  std::atomic<UnixTime> now_{1'790'000'000};
  std::unique_ptr<store::Database> db_;
};

TEST_F(OutboxSenderTest, AQueuedMailArrivesWithItsHeadersAndBothParts) {
  test::SmtpSink sink;
  SmtpTransport transport({sink.url(), "", "", 5});
  auto sender = sender_for(transport);
  auto id = enqueue("reader@example.org");
  EXPECT_EQ(sender.run_once(), 1);
  ASSERT_TRUE(sink.wait_for(1, std::chrono::seconds(5)));
  auto mail = sink.messages().at(0);
  EXPECT_EQ(mail.mail_from, "news@example.org");
  EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"reader@example.org"});
  EXPECT_EQ(mail.subject, "Ports and power: this week's analysis — Türkiye");
  EXPECT_EQ(mail.text, "The week in short.\n\nRead more on the site.\n");
  EXPECT_EQ(mail.html, "<p>The week in <strong>short</strong>.</p>");
  EXPECT_EQ(mail.header("list-unsubscribe-post"), "List-Unsubscribe=One-Click");
  EXPECT_NE(mail.header("date"), "");
  auto stored = row(id);
  EXPECT_EQ(stored.status, "sent");
  EXPECT_EQ(mail.header("message-id"), stored.message_id);
  EXPECT_EQ(sender.run_once(), 0) << "nothing is sent twice";
  EXPECT_EQ(sink.count(), 1u);
}

TEST_F(OutboxSenderTest, AServerThatIsDownLeavesMailQueuedForLater) {
  std::string url;
  {
    test::SmtpSink gone;
    url = gone.url();
  }  // stopped: its port now refuses connections
  SmtpTransport dead({url, "", "", 5});
  auto sender = sender_for(dead);
  auto id = enqueue("reader@example.org");
  sender.run_once();
  auto r = row(id);
  EXPECT_EQ(r.status, "queued");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.next_attempt_at, now_ + OutboxSender::backoff(1));
  EXPECT_FALSE(r.last_error.empty());
  EXPECT_EQ(sender.run_once(), 0) << "not before its next attempt";

  test::SmtpSink sink;
  SmtpTransport alive({sink.url(), "", "", 5});
  auto later = sender_for(alive);
  now_ += OutboxSender::backoff(1);
  EXPECT_EQ(later.run_once(), 1);
  EXPECT_TRUE(sink.wait_for(1, std::chrono::seconds(5)));
  EXPECT_EQ(row(id).status, "sent");
}

TEST_F(OutboxSenderTest, ATemporaryRefusalIsRetriedThenDelivered) {
  test::SmtpSink sink({"--fail-first", "1"});
  SmtpTransport transport({sink.url(), "", "", 5});
  auto sender = sender_for(transport);
  auto id = enqueue("reader@example.org");
  sender.run_once();
  EXPECT_EQ(row(id).status, "queued");
  EXPECT_NE(row(id).last_error.find("451"), std::string::npos) << row(id).last_error;
  EXPECT_EQ(sink.count(), 0u);
  now_ += OutboxSender::backoff(1);
  sender.run_once();
  EXPECT_EQ(row(id).status, "sent");
  EXPECT_EQ(sink.count(), 1u);
}

TEST_F(OutboxSenderTest, APermanentRefusalFailsTheMailAndBouncesTheSubscriber) {
  long long subscriber = 0;
  {
    soci::session sql(db_->pool());
    subscriber = newsletter::SubscriberStore::insert(sql, "bounce@example.org", now_);
    newsletter::SubscriberStore::set_status(sql, subscriber, newsletter::SubscriberStatus::Active,
                                            now_);
  }
  test::SmtpSink sink({"--reject-rcpt", "bounce"});
  SmtpTransport transport({sink.url(), "", "", 5});
  auto sender = sender_for(transport);
  auto id = enqueue("bounce@example.org", subscriber);
  auto ok = enqueue("fine@example.org");
  sender.run_once();
  EXPECT_EQ(row(id).status, "failed");
  EXPECT_NE(row(id).last_error.find("550"), std::string::npos) << row(id).last_error;
  EXPECT_EQ(row(ok).status, "sent");
  soci::session sql(db_->pool());
  EXPECT_EQ(newsletter::SubscriberStore::find(sql, subscriber)->status,
            newsletter::SubscriberStatus::Bounced);
}

TEST_F(OutboxSenderTest, RepeatedTemporaryFailuresEndAsFailed) {
  test::SmtpSink sink({"--fail-first", "100"});
  SmtpTransport transport({sink.url(), "", "", 5});
  auto sender = sender_for(transport);
  auto id = enqueue("reader@example.org");
  for (int i = 1; i <= 3; ++i) {
    sender.run_once();
    now_ += OutboxSender::backoff(i);
  }
  EXPECT_EQ(row(id).status, "failed");
  EXPECT_EQ(row(id).attempts, 3);
}

TEST_F(OutboxSenderTest, ClaimsLeftByACrashedSenderAreQueuedAgainOnceTheirLeaseRanOut) {
  auto id = enqueue("reader@example.org");
  {
    soci::session sql(db_->pool());
    // A sender (on this server or another) claimed it, then died.
    EXPECT_EQ(OutboxStore::claim(sql, now_, 10, "dead-sender").size(), 1u);
  }
  EXPECT_EQ(row(id).status, "sending");
  test::SmtpSink sink;
  SmtpTransport transport({sink.url(), "", "", 5});
  auto sender = sender_for(transport);
  EXPECT_EQ(sender.recover(), 0) << "a claim inside its lease may be another server's in flight";
  EXPECT_EQ(sender.run_once(), 0) << "claimed rows are not sent by another run";
  now_ += SenderOptions::kDefaultClaimLease.count() + 1;
  EXPECT_EQ(sender.recover(), 1);
  EXPECT_EQ(sender.run_once(), 1);
  EXPECT_EQ(row(id).status, "sent");
  EXPECT_EQ(sink.count(), 1u);
}

TEST_F(OutboxSenderTest, CredentialsInTheUrlAreUsedAndAWrongPasswordBouncesNobody) {
  long long subscriber = 0;
  {
    soci::session sql(db_->pool());
    subscriber = newsletter::SubscriberStore::insert(sql, "reader@example.org", now_);
    newsletter::SubscriberStore::set_status(sql, subscriber, newsletter::SubscriberStatus::Active,
                                            now_);
  }
  test::SmtpSink sink;
  auto with = [&](std::string const& credentials) {
    auto url = sink.url();
    return url.insert(std::string("smtp://").size(), credentials + "@");
  };
  SmtpTransport wrong({with("dossier:wrong"), "", "", 5});
  auto refused = sender_for(wrong);
  auto id = enqueue("reader@example.org", subscriber);
  refused.run_once();
  EXPECT_EQ(row(id).status, "queued") << row(id).last_error;
  {
    soci::session sql(db_->pool());
    EXPECT_EQ(newsletter::SubscriberStore::find(sql, subscriber)->status,
              newsletter::SubscriberStatus::Active);
  }
  SmtpTransport right({with("dossier:secret"), "", "", 5});
  auto accepted = sender_for(right);
  now_ += OutboxSender::backoff(1);
  EXPECT_EQ(accepted.run_once(), 1);
  EXPECT_EQ(row(id).status, "sent");
  EXPECT_EQ(sink.count(), 1u);
}

TEST(OutboxBackoff, GrowsAndIsCapped) {
  EXPECT_EQ(OutboxSender::backoff(1), 30);
  EXPECT_EQ(OutboxSender::backoff(2), 120);
  EXPECT_EQ(OutboxSender::backoff(3), 480);
  EXPECT_EQ(OutboxSender::backoff(20), 6 * 3600);
}

}  // namespace
}  // namespace dossier::mail
