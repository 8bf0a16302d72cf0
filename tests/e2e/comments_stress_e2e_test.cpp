// Comments under load, through the real binary over HTTP: 8 readers post comments for 20 s
// (each with a token of their own, fetched a second ahead as a person's browser would when
// they start writing), an editor approves them through the newsroom's moderation form, and
// readers fetch the article pages meanwhile. Afterwards the server still answers and stops
// cleanly on SIGTERM, and every article's comment counter equals its approved rows.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr int kPosters = 8;
constexpr int kPageReaders = 2;
constexpr auto kRunFor = std::chrono::seconds(20);
// The server's fill-time rule, in whole seconds: a token is used once this has passed, plus a
// margin, since it was fetched.
constexpr int kMinFillSeconds = 1;
constexpr auto kTokenAge = std::chrono::milliseconds(1000 * kMinFillSeconds + 50);
// Each poster writes as a new person every this many comments: a person's first comment waits
// for the editor, and once one is approved the next ones are published at once (trusted
// commenters), so both ways of changing a counter run side by side.
constexpr int kCommentsPerPerson = 3;
// High enough that the per-address and per-email limits never refuse a post in this test.
constexpr char const* kGenerousLimit = "100000";

std::vector<std::string> lines_of(std::string const& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

struct Tally {
  std::atomic<long> published{0};  // 303: a trusted commenter's, shown at once
  std::atomic<long> awaiting{0};   // 200: waits for the editor
  std::atomic<long> refused{0};    // anything else
  std::atomic<long> tokens{0};
  std::atomic<long> pages{0};
  std::atomic<long> page_errors{0};
  std::atomic<long> approvals{0};  // moderation posts that approved at least one comment
  std::atomic<long> moderation_errors{0};
  std::mutex mutex;
  std::vector<std::string> samples;  // the first few unexpected answers, for the failure message
  void sample(std::string text) {
    std::lock_guard lock(mutex);
    if (samples.size() < 5) samples.push_back(std::move(text));
  }
};

TEST(CommentsStressE2e, PostingModeratingAndReadingAtOnceKeepCountersTrue) {
  auto data = make_temp_dir("dossier-comments-stress");
  ASSERT_EQ(run({dossier_binary(), "--data", data, "init"}).exit_code, 0);
  auto demo = run({dossier_binary(), "--data", data, "demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  std::smatch login;
  auto login_text = run({"/bin/cat", data + "/demo-login.txt"}).out;
  ASSERT_TRUE(std::regex_search(login_text, login,
                                std::regex("Sign in as (\\S+) with the password (\\S+)")))
      << login_text;
  std::string const email = login[1], password = login[2];
  auto db = data + "/dossier.db";
  auto articles = lines_of(run({"/usr/bin/sqlite3", db,
                                "SELECT slug FROM articles WHERE status = 'published' AND kind <> "
                                "'page' ORDER BY id LIMIT 6;"})
                               .out);
  ASSERT_GE(articles.size(), 3u);

  ServerProcess server(data,
                       {{"DOSSIER_COMMENTS_MIN_FILL_SECONDS", std::to_string(kMinFillSeconds)},
                        {"DOSSIER_COMMENTS_PER_ADDRESS_PER_HOUR", kGenerousLimit},
                        {"DOSSIER_COMMENTS_PER_EMAIL_PER_HOUR", kGenerousLimit},
                        // ServerProcess reads only the first line of the server's stdout, where
                        // the access log goes too: thousands of requests would fill the pipe and
                        // block the server.
                        {"DOSSIER_SERVER_ACCESS_LOG", "false"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  int const port = server.port();

  // The editor signs in through the newsroom's form.
  auto login_page = request(port, "GET", "/admin/login").value_or(HttpResponse{});
  auto signed_in = request(port, "POST", "/admin/login",
                           {{"Cookie", cookie_named(login_page, "dossier_login")},
                            {"Content-Type", "application/x-www-form-urlencoded"}},
                           "_csrf=" + url_encode(hidden_field(login_page.body, "_csrf")) +
                               "&email=" + url_encode(email) + "&password=" + url_encode(password))
                       .value_or(HttpResponse{});
  auto session = cookie_named(signed_in, "dossier_session");
  ASSERT_FALSE(session.empty()) << signed_in.status;
  auto queue =
      request(port, "GET", "/admin/comments", {{"Cookie", session}}).value_or(HttpResponse{});
  auto csrf = hidden_field(queue.body, "_csrf");
  ASSERT_FALSE(csrf.empty()) << queue.body.substr(0, 500);

  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kPosters; ++t) {
    threads.emplace_back([&, t] {
      struct Ready {
        std::string token;
        std::string article;
        std::chrono::steady_clock::time_point fetched;
      };
      std::deque<Ready> ready;
      long n = 0;
      while (!stop) {
        auto const& article = articles[(t + n) % articles.size()];
        auto path = "/articles/" + article;
        auto got = request(port, "GET", path + "/comments/token").value_or(HttpResponse{});
        if (got.status == 200) {
          ++tally.tokens;
          ready.push_back({nlohmann::json::parse(got.body).value("token", ""), path,
                           std::chrono::steady_clock::now()});
        }
        if (ready.empty() || std::chrono::steady_clock::now() - ready.front().fetched < kTokenAge) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          ++n;
          continue;
        }
        auto use = ready.front();
        ready.pop_front();
        auto who = "reader" + std::to_string(t) + "-" + std::to_string(n / kCommentsPerPerson);
        auto r = request(port, "POST", use.article + "/comments",
                         {{"Content-Type", "application/x-www-form-urlencoded"}},
                         "name=" + who + "&email=" + who + "%40example.org&action=post&body=" +
                             url_encode("Comment " + std::to_string(n) + " from " + who +
                                        ": the *annex* matters.") +
                             "&token=" + url_encode(use.token))
                     .value_or(HttpResponse{});
        if (r.status == 303) {
          ++tally.published;
        } else if (r.status == 200) {
          ++tally.awaiting;
        } else {
          ++tally.refused;
          tally.sample("post " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
        }
        ++n;
      }
    });
  }
  for (int t = 0; t < kPageReaders; ++t) {
    threads.emplace_back([&, t] {
      for (long n = t; !stop; ++n) {
        auto r = request(port, "GET", "/articles/" + articles[n % articles.size()])
                     .value_or(HttpResponse{});
        if (r.status == 200 && r.body.find("id=\"comment-form\"") != std::string::npos)
          ++tally.pages;
        else
          ++tally.page_errors;
      }
    });
  }
  threads.emplace_back([&] {
    std::regex checkbox("name=\"id\" value=\"(\\d+)\"");
    while (!stop) {
      auto page = request(port, "GET", "/admin/comments?status=pending", {{"Cookie", session}})
                      .value_or(HttpResponse{});
      if (page.status != 200) {
        ++tally.moderation_errors;
        tally.sample("moderation page " + std::to_string(page.status));
        continue;
      }
      std::string body = "_csrf=" + url_encode(csrf) + "&action=approve&status=pending";
      int ids = 0;
      for (std::sregex_iterator it(page.body.begin(), page.body.end(), checkbox), end; it != end;
           ++it, ++ids)
        body += "&id=" + (*it)[1].str();
      if (ids == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      auto done =
          request(port, "POST", "/admin/comments",
                  {{"Cookie", session}, {"Content-Type", "application/x-www-form-urlencoded"}},
                  body)
              .value_or(HttpResponse{});
      if (done.status == 303) {
        ++tally.approvals;
      } else {
        ++tally.moderation_errors;
        tally.sample("approve " + std::to_string(done.status) + ": " + done.body.substr(0, 300));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  std::this_thread::sleep_for(kRunFor);
  stop = true;
  for (auto& t : threads) t.join();

  auto samples = [&] {
    std::string out;
    for (auto const& s : tally.samples) out += s + "\n";
    return out;
  }();
  auto posted = tally.published + tally.awaiting;
  std::printf(
      "stress: %ld tokens, %ld comments posted (%ld published at once, %ld awaiting), %ld "
      "refused; %ld approval posts; %ld article pages read (%ld failed)\n",
      tally.tokens.load(), posted, tally.published.load(), tally.awaiting.load(),
      tally.refused.load(), tally.approvals.load(), tally.pages.load(), tally.page_errors.load());
  EXPECT_GT(posted, 0);
  EXPECT_EQ(tally.refused, 0) << samples;
  EXPECT_GT(tally.approvals, 0);
  EXPECT_EQ(tally.moderation_errors, 0) << samples;
  EXPECT_GT(tally.pages, 0);
  EXPECT_EQ(tally.page_errors, 0);

  auto home = request(port, "GET", "/").value_or(HttpResponse{});
  EXPECT_EQ(home.status, 200) << "the server still answers";
  EXPECT_EQ(server.terminate(), 0) << "and stops cleanly";

  auto sql = [&](std::string const& query) { return run({"/usr/bin/sqlite3", db, query}).out; };
  EXPECT_EQ(sql("SELECT COUNT(*) FROM articles a WHERE a.comment_count <> (SELECT COUNT(*) FROM "
                "comments c WHERE c.article_id = a.id AND c.status = 'approved');"),
            "0\n")
      << sql("SELECT id, comment_count, (SELECT COUNT(*) FROM comments c WHERE c.article_id = "
             "a.id AND c.status = 'approved') FROM articles a;");
  constexpr long kDemoComments = 7;
  EXPECT_EQ(sql("SELECT COUNT(*) FROM comments;"), std::to_string(kDemoComments + posted) + "\n")
      << "every accepted post is one row";
  std::printf("stress: rows after the run: %s",
              sql("SELECT status || ' ' || COUNT(*) FROM comments GROUP BY status;").c_str());
  remove_tree(data);
}

}  // namespace
}  // namespace dossier::test
