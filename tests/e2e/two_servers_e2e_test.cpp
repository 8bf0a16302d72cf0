// Two `dossier serve` processes on one real PostgreSQL database (issue 18), each with a data
// directory of its own and one shared media directory: an edit through server A shows on
// server B's cached page within a second (LISTEN/NOTIFY), a newsletter sent while server A is
// killed with SIGKILL reaches every subscriber exactly once (claims, leases), and a scheduled
// article goes live once though both servers' jobs threads look for it.
#include <gtest/gtest.h>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <set>
#include <thread>

#include "newsroom_client.hpp"
#include "support/postgres_server.hpp"
#include "support/smtp_sink.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using namespace std::chrono_literals;

constexpr char const* kSiteUrl = "https://news.example.org";
constexpr char const* kArticleSlug = "geneva-ceasefire-talks-end-without-deal";
// The bound for a change to reach another server's cache.
constexpr auto kFreshWithin = 1s;
// Short, so that server B takes back what the killed server A had claimed within the test.
constexpr char const* kClaimLeaseSeconds = "2";

class TwoServersE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(postgres_.started()) << postgres_.problem();
    url_ = postgres_.url("postgres");
    data_a_ = make_temp_dir("dossier-two-a");
    data_b_ = make_temp_dir("dossier-two-b");
    auto init_a = run({dossier_binary(), "--data", data_a_, "init"}, env());
    ASSERT_EQ(init_a.exit_code, 0) << init_a.err;
    auto demo = run({dossier_binary(), "--data", data_a_, "demo"}, env());
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    auto init_b = run({dossier_binary(), "--data", data_b_, "init"}, env());
    ASSERT_EQ(init_b.exit_code, 0) << init_b.err;
    // The shared media directory: B's DATA/media is A's, as a shared mount would be.
    std::filesystem::remove_all(data_b_ + "/media");
    std::filesystem::create_directory_symlink(data_a_ + "/media", data_b_ + "/media");
  }
  void TearDown() override {
    remove_tree(data_a_);
    remove_tree(data_b_);
  }

  std::map<std::string, std::string> env(std::string const& smtp_url = "") const {
    return {{"DOSSIER_DATABASE_URL", url_},
            {"DOSSIER_SITE_URL", kSiteUrl},
            {"DOSSIER_JOBS_INTERVAL_MS", "100"},
            {"DOSSIER_MAIL_SMTP_URL", smtp_url},
            {"DOSSIER_MAIL_FROM", "Meridian Institute <news@news.example.org>"},
            {"DOSSIER_MAIL_RATE_PER_SECOND", "1000"},
            {"DOSSIER_MAIL_CLAIM_LEASE_S", kClaimLeaseSeconds}};
  }

  // One value from the shared database, through psql (what an operator would use).
  std::string pg_value(std::string const& query) const {
    auto r = run({"/usr/bin/psql", url_, "-Atqc", query});
    auto out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out.empty() ? r.err : out;
  }

  std::string body_of(int port, std::string const& path) const {
    return request(port, "GET", path).value_or(HttpResponse{}).body;
  }

  PostgresServer postgres_;
  std::string url_, data_a_, data_b_;
};

TEST_F(TwoServersE2e, AnEditThroughServerAIsOnServerBsCachedPageWithinASecond) {
  ServerProcess a(data_a_, env());
  ASSERT_TRUE(a.started()) << a.first_line();
  ServerProcess b(data_b_, env());
  ASSERT_TRUE(b.started()) << b.first_line();
  constexpr char const* kTitle = "Harbour pilots end their strike in Rotterdam";
  // B renders its home page and keeps it.
  ASSERT_EQ(body_of(b.port(), "/").find(kTitle), std::string::npos);
  ASSERT_EQ(body_of(b.port(), "/").find(kTitle), std::string::npos);
  auto editor = NewsroomClient::sign_in_demo_admin(a.port(), data_a_);
  ASSERT_TRUE(editor);
  auto published_at = std::chrono::steady_clock::now();
  ASSERT_EQ(editor->publish(kTitle, "The pilots' union and the port agreed on Tuesday."), 303);
  bool seen = false;
  auto waited = 0ms;
  while (!seen && std::chrono::steady_clock::now() - published_at < 3 * kFreshWithin) {
    seen = body_of(b.port(), "/").find(kTitle) != std::string::npos;
    waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - published_at);
    if (!seen) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(seen) << "server B still serves its old home page";
  EXPECT_LE(waited, kFreshWithin);
  std::printf("[ info ] the edit through A was on B's home page after %lld ms\n",
              static_cast<long long>(waited.count()));
}

TEST_F(TwoServersE2e, ANewsletterSentWhileOneServerIsKilledReachesEverySubscriberOnce) {
  constexpr int kSubscribers = 300;
  auto seeded = pg_value(
      "INSERT INTO subscribers (email, status, created_at, confirmed_at)"
      " SELECT 'reader' || i || '@example.org', 'active', 0, 0 FROM generate_series(1, " +
      std::to_string(kSubscribers) +
      ") AS i; INSERT INTO subscriptions (subscriber_id, list_id) SELECT id, 1 FROM subscribers;"
      " SELECT COUNT(*) FROM subscriptions");
  ASSERT_EQ(seeded, std::to_string(kSubscribers));
  auto queued =
      run({dossier_binary(), "--data", data_a_, "newsletter", "send", "--article", kArticleSlug},
          env());
  ASSERT_EQ(queued.exit_code, 0) << queued.err;
  SmtpSink sink({"--delay-ms", "5"});
  ServerProcess b(data_b_, env(sink.url()));
  ASSERT_TRUE(b.started()) << b.first_line();
  {
    ServerProcess a(data_a_, env(sink.url()));
    ASSERT_TRUE(a.started()) << a.first_line();
    ASSERT_TRUE(sink.wait_for(60, 30s));
    ::kill(a.pid(), SIGKILL);  // mid-send, its claims left behind
  }
  auto before = sink.count();
  EXPECT_LT(before, static_cast<std::size_t>(kSubscribers));
  for (int i = 0; i < 300; ++i) {
    if (pg_value("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')") == "0") break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(pg_value("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"),
            std::to_string(kSubscribers));
  std::map<std::string, std::set<std::string>> ids_by_recipient;
  auto messages = sink.messages();
  for (auto const& m : messages)
    for (auto const& r : m.rcpt_to) ids_by_recipient[r].insert(m.header("message-id"));
  EXPECT_EQ(ids_by_recipient.size(), static_cast<std::size_t>(kSubscribers)) << "nobody missed";
  for (auto const& [recipient, ids] : ids_by_recipient)
    EXPECT_EQ(ids.size(), 1u) << recipient << " got more than one message";
  // Only a row whose 250 reply came just before the kill may go out again (same Message-ID).
  EXPECT_LE(messages.size(), static_cast<std::size_t>(kSubscribers) + 1);
  std::printf("[ info ] %zu delivered before the kill, %zu transfers in all for %d subscribers\n",
              before, messages.size(), kSubscribers);
}

TEST_F(TwoServersE2e, AScheduledArticleGoesLiveOnce) {
  ServerProcess a(data_a_, env());
  ASSERT_TRUE(a.started()) << a.first_line();
  ServerProcess b(data_b_, env());
  ASSERT_TRUE(b.started()) << b.first_line();
  auto editor = NewsroomClient::sign_in_demo_admin(a.port(), data_a_);
  ASSERT_TRUE(editor);
  // Two seconds from now, to the minute's second: "YYYY-MM-DDTHH:MM:SS", taken as UTC.
  auto at = std::time(nullptr) + 2;
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", std::gmtime(&at));
  auto scheduled = editor->post("/admin/articles", {{"title", "Envoys sign the grain accord"},
                                                    {"kind", "news"},
                                                    {"body", "The accord was signed at noon."},
                                                    {"publish_at", when},
                                                    {"action", "schedule"}});
  ASSERT_TRUE(scheduled);
  ASSERT_EQ(scheduled->status, 303) << scheduled->body;
  auto slug = pg_value("SELECT slug FROM articles WHERE title = 'Envoys sign the grain accord'");
  ASSERT_EQ(request(b.port(), "GET", "/articles/" + slug).value_or(HttpResponse{}).status, 404);
  int on_a = 0, on_b = 0;
  for (int i = 0; i < 100 && (on_a != 200 || on_b != 200); ++i) {
    std::this_thread::sleep_for(100ms);
    on_a = request(a.port(), "GET", "/articles/" + slug).value_or(HttpResponse{}).status;
    on_b = request(b.port(), "GET", "/articles/" + slug).value_or(HttpResponse{}).status;
  }
  EXPECT_EQ(on_a, 200);
  EXPECT_EQ(on_b, 200);
  std::this_thread::sleep_for(500ms);  // both jobs threads have looked again meanwhile
  EXPECT_EQ(pg_value("SELECT COUNT(*) FROM revisions r JOIN articles a ON a.id = r.article_id"
                     " WHERE a.slug = '" +
                     slug + "' AND r.note = 'Published on schedule'"),
            "1");
}

TEST_F(TwoServersE2e, AServerWithAMediaDirectoryOfItsOwnRefusesToStart) {
  ServerProcess a(data_a_, env());
  ASSERT_TRUE(a.started()) << a.first_line();
  auto data_c = make_temp_dir("dossier-two-c");
  ASSERT_EQ(run({dossier_binary(), "--data", data_c, "init"}, env()).exit_code, 0);
  auto refused =
      run({dossier_binary(), "--data", data_c, "serve", "--listen", "127.0.0.1:0"}, env());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find(data_c + "/media"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(".dossier-media-root"), std::string::npos) << refused.err;
  remove_tree(data_c);
}

}  // namespace
}  // namespace dossier::test
