// Subscribing with double opt-in over a real SQLite file: what is stored, what is queued,
// what the links do, and what is refused.
#include <gtest/gtest.h>

#include <atomic>

#include <soci/soci.h>

#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/taxonomy.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::newsletter {
namespace {

class SubscriptionTest : public ::testing::Test {
 protected:
  SubscriptionTest() : dir_("dossier-subscriptions") {
    db_ = test::open_test_database(dir_.path(), 2);
    service_ = std::make_unique<SubscriptionService>(
        *db_, [this] { return now_.load(); },
        SubscriptionOptions{"https://example.org", "Harbour Institute", "secret"});
  }

  long long count(std::string const& q) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << q, soci::into(n);
    return n;
  }

  // The token of the last queued mail's link with this path ("/newsletter/confirm/").
  std::string token_in_last_mail(std::string const& path) {
    soci::session sql(db_->pool());
    std::string body;
    sql << "SELECT text_body FROM outbox ORDER BY id DESC LIMIT 1", soci::into(body);
    auto at = body.find(path);
    if (at == std::string::npos) return {};
    at += path.size();
    return body.substr(at, body.find_first_of(" \n", at) - at);
  }

  SubscriberStatus status_of(std::string const& email) {
    soci::session sql(db_->pool());
    return SubscriberStore::find_by_email(sql, email)->status;
  }

  test::TempDir dir_;
  std::atomic<UnixTime> now_{1'790'000'000};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SubscriptionService> service_;
};

TEST_F(SubscriptionTest, ANewAddressIsPendingUntilItConfirms) {
  ASSERT_TRUE(service_->subscribe("Reader@Example.org", "192.0.2.1").ok());
  EXPECT_EQ(status_of("reader@example.org"), SubscriberStatus::Pending);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'reader@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscriptions"), 1) << "the first list by default";
  auto token = token_in_last_mail("/newsletter/confirm/");
  ASSERT_FALSE(token.empty());
  auto confirmed = service_->confirm(token);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->status, SubscriberStatus::Active);
  EXPECT_TRUE(service_->confirm(token).ok()) << "confirming twice is harmless";
}

TEST_F(SubscriptionTest, TheAnswerIsTheSameForKnownAddressesAndNoFlood) {
  ASSERT_TRUE(service_->subscribe("a@example.org", "192.0.2.1").ok());
  service_->confirm(token_in_last_mail("/newsletter/confirm/"));
  auto mails = count("SELECT COUNT(*) FROM outbox");
  EXPECT_TRUE(service_->subscribe("a@example.org", "192.0.2.2").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), mails) << "an active address is not mailed";
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(service_->subscribe("b@example.org", "192.0.2.3").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'b@example.org'"), 3)
      << "at most three confirmation mails a day to one address";
}

TEST_F(SubscriptionTest, OneNetworkAddressIsLimited) {
  for (int i = 0; i < 20; ++i)
    EXPECT_TRUE(service_->subscribe("r" + std::to_string(i) + "@example.org", "203.0.113.9").ok());
  auto limited = service_->subscribe("late@example.org", "203.0.113.9");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers WHERE email = 'late@example.org'"), 0);
}

TEST_F(SubscriptionTest, BadAddressesAreRefusedAndNothingStored) {
  for (auto const* bad :
       {"", "plain", "a@b", "a@example.org\r\nBcc: victim@example.org",
        "a@example.org\nSubject: hi", "<a@example.org>", "a b@example.org", "a@@example.org"}) {
    auto r = service_->subscribe(bad, "192.0.2.1");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(SubscriptionTest, LinksAreSignedExpireAndServeOnePurpose) {
  service_->subscribe("c@example.org", "192.0.2.1");
  auto confirm = token_in_last_mail("/newsletter/confirm/");
  EXPECT_FALSE(service_->unsubscribe(confirm).ok()) << "a confirm link cannot unsubscribe";
  auto tampered = confirm;
  tampered[0] = tampered[0] == 'c' ? 'd' : 'c';
  EXPECT_FALSE(service_->confirm(tampered).ok());
  now_ += 8 * 24 * 3600;
  EXPECT_FALSE(service_->confirm(confirm).ok()) << "expired after 7 days";
  EXPECT_EQ(status_of("c@example.org"), SubscriberStatus::Pending);
}

TEST_F(SubscriptionTest, UnsubscribingIsImmediateIdempotentAndKept) {
  service_->subscribe("d@example.org", "192.0.2.1");
  auto s = service_->confirm(token_in_last_mail("/newsletter/confirm/"));
  auto unsub = service_->link(LinkPurpose::Unsubscribe, s->id);
  auto token = unsub.substr(unsub.rfind('/') + 1);
  EXPECT_EQ(service_->unsubscribe(token)->status, SubscriberStatus::Unsubscribed);
  EXPECT_EQ(service_->unsubscribe(token)->status, SubscriberStatus::Unsubscribed);
  // Subscribing again asks for a new confirmation; until then the address stays out.
  ASSERT_TRUE(service_->subscribe("d@example.org", "192.0.2.1").ok());
  EXPECT_EQ(status_of("d@example.org"), SubscriberStatus::Unsubscribed);
  ASSERT_TRUE(service_->confirm(token_in_last_mail("/newsletter/confirm/")).ok());
  EXPECT_EQ(status_of("d@example.org"), SubscriberStatus::Active);
  auto headers = service_->list_headers(s->id);
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].first, "List-Unsubscribe");
  EXPECT_TRUE(headers[0].second.starts_with("<https://example.org/newsletter/unsubscribe/"));
  EXPECT_EQ(headers[1].second, "List-Unsubscribe=One-Click");
}

TEST_F(SubscriptionTest, PreferencesChooseListsAndBouncesStopMail) {
  service_->subscribe("e@example.org", "192.0.2.1");
  auto s = service_->confirm(token_in_last_mail("/newsletter/confirm/"));
  auto lists = service_->lists();
  ASSERT_EQ(lists.size(), 2u);
  auto manage = service_->link(LinkPurpose::Manage, s->id);
  auto updated = service_->set_lists(manage.substr(manage.rfind('/') + 1), {lists[1].id});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->list_ids, std::vector<long long>{lists[1].id});
  soci::session sql(db_->pool());
  SubscriptionService::mark_bounced(sql, s->id, now_);
  EXPECT_EQ(status_of("e@example.org"), SubscriberStatus::Bounced);
}

TEST_F(SubscriptionTest, EveryTopLevelCategoryHasItsList) {
  publishing::Category europe{1, std::nullopt, "europe", "Europe", "", 1};
  publishing::Category asia{2, std::nullopt, "asia", "Asia", "", 2};
  publishing::Category balkans{3, 1, "balkans", "Balkans", "", 0};
  EXPECT_EQ(service_->ensure_category_lists({europe, balkans, asia}), 2);
  EXPECT_EQ(service_->ensure_category_lists({europe, balkans, asia}), 0) << "made once";
  auto lists = service_->lists();
  ASSERT_EQ(lists.size(), 4u);
  EXPECT_EQ(lists[2].slug, "category-europe");
  EXPECT_EQ(lists[2].name, "Europe");
  EXPECT_EQ(lists[2].description, "New articles in Europe.");
  EXPECT_EQ(lists[3].slug, "category-asia") << "in the categories' order, after the site's lists";
}

}  // namespace
}  // namespace dossier::newsletter
