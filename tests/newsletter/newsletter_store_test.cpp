// The newsletter's SQL on a real SQLite file: searching subscribers (wildcards typed by an
// editor match themselves), counts by status, list look-ups and members, and the sends table.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <soci/soci.h>

#include "newsletter/newsletter_store.hpp"
#include "newsletter/subscriber_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace dossier::newsletter {
namespace {

constexpr UnixTime kNow = 1'790'000'000;

class NewsletterStoreTest : public ::testing::Test {
 protected:
  NewsletterStoreTest() : dir_("dossier-newsletter-store") {
    db_ = test::open_test_database(dir_.path(), 1);
  }

  long long subscriber(soci::session& sql, std::string const& email, SubscriberStatus status,
                       UnixTime at = kNow) {
    auto id = SubscriberStore::insert(sql, email, at);
    SubscriberStore::set_status(sql, id, status, at);
    return id;
  }

  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(NewsletterStoreTest, SearchTakesWildcardsLiterallyAndFiltersByStatus) {
  soci::session sql(db_->pool());
  auto underscore = subscriber(sql, "first_last@example.org", SubscriberStatus::Active);
  subscriber(sql, "firstxlast@example.org", SubscriberStatus::Active);
  auto pending = subscriber(sql, "percent%sign@example.org", SubscriberStatus::Pending);
  EXPECT_EQ(SubscriberStore::count_matching(sql, "first_last", std::nullopt), 1);
  EXPECT_EQ(SubscriberStore::find_matching(sql, "FIRST_", std::nullopt, 10, 0),
            std::vector<long long>{underscore});
  EXPECT_EQ(SubscriberStore::count_matching(sql, "%", std::nullopt), 1);
  EXPECT_EQ(SubscriberStore::count_matching(sql, "", SubscriberStatus::Active), 2);
  EXPECT_EQ(SubscriberStore::find_matching(sql, "", SubscriberStatus::Pending, 10, 0),
            std::vector<long long>{pending});
  EXPECT_EQ(SubscriberStore::find_matching(sql, "", std::nullopt, 1, 1).size(), 1u)
      << "a page of one, second row";
}

TEST_F(NewsletterStoreTest, CountsConfirmationsAndExportRows) {
  soci::session sql(db_->pool());
  subscriber(sql, "a@example.org", SubscriberStatus::Active, kNow - 100);
  subscriber(sql, "b@example.org", SubscriberStatus::Active);
  auto pending = subscriber(sql, "c@example.org", SubscriberStatus::Pending);
  SubscriberStore::set_lists(sql, pending, {1, 2});
  auto counts = SubscriberStore::count_by_status(sql);
  std::map<SubscriberStatus, long long> by_status(counts.begin(), counts.end());
  EXPECT_EQ(by_status[SubscriberStatus::Active], 2);
  EXPECT_EQ(by_status[SubscriberStatus::Pending], 1);
  EXPECT_EQ(by_status.count(SubscriberStatus::Bounced), 0u);
  auto times = SubscriberStore::confirmation_times(sql);
  std::sort(times.begin(), times.end());
  EXPECT_EQ(times, (std::vector<UnixTime>{kNow - 100, kNow}));
  auto rows = SubscriberStore::export_rows(sql);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].confirmed_at, kNow - 100);
  EXPECT_EQ(rows[2].status, "pending");
  EXPECT_FALSE(rows[2].confirmed_at);
  EXPECT_EQ(rows[2].list_slugs, "all-news weekly-digest");
}

TEST_F(NewsletterStoreTest, ListsBySlugAddedOnceAndTheirActiveMembers) {
  soci::session sql(db_->pool());
  EXPECT_TRUE(SubscriberStore::list_id(sql, "all-news"));
  EXPECT_FALSE(SubscriberStore::list_id(sql, "no-such-list"));
  NewsletterList ports{0, "category-ports", "Ports", "New articles in Ports."};
  EXPECT_TRUE(SubscriberStore::add_list_if_missing(sql, ports, 12));
  EXPECT_FALSE(SubscriberStore::add_list_if_missing(sql, ports, 12));
  auto list = *SubscriberStore::list_id(sql, "category-ports");
  auto active = subscriber(sql, "a@example.org", SubscriberStatus::Active);
  auto gone = subscriber(sql, "b@example.org", SubscriberStatus::Unsubscribed);
  SubscriberStore::set_lists(sql, active, {list});
  SubscriberStore::set_lists(sql, gone, {list});
  auto members = SubscriberStore::active_members(sql, list);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0], (std::pair<long long, std::string>{active, "a@example.org"}));
}

TEST_F(NewsletterStoreTest, ADigestDraftIsFoundOnceQueuedAndSummarised) {
  soci::session sql(db_->pool());
  EXPECT_FALSE(NewsletterStore::digest_exists(sql, kNow - 7 * 86400));
  auto draft = NewsletterStore::insert_digest_draft(
      sql, {"The week in ports", "Text of the week", "<p>The week</p>"}, kNow - 7 * 86400, kNow);
  EXPECT_TRUE(NewsletterStore::digest_exists(sql, kNow - 7 * 86400));
  auto stored = NewsletterStore::find(sql, draft);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, SendStatus::Draft);
  EXPECT_EQ(stored->content.html, "<p>The week</p>");
  NewsletterStore::set_created_by(sql, draft, std::nullopt);
  NewsletterStore::mark_queued(sql, draft, 42, kNow + 60);
  auto summary = NewsletterStore::summary(sql, draft);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->kind, SendKind::Digest);
  EXPECT_EQ(summary->status, SendStatus::Queued);
  EXPECT_EQ(summary->recipients, 42);
  EXPECT_FALSE(NewsletterStore::find(sql, draft + 1));
  // Article sends need an article (a foreign key): NewsletterAdminTest covers them.
  auto next = NewsletterStore::insert_digest_draft(sql, {"The next week", "", ""}, kNow, kNow);
  auto recent = NewsletterStore::recent(sql, 10);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].id, next) << "newest first";
  EXPECT_EQ(recent[0].status, SendStatus::Draft);
  EXPECT_EQ(NewsletterStore::recent(sql, 1).size(), 1u);
}

}  // namespace
}  // namespace dossier::newsletter
