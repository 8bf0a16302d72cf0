// Crash safety through the real binary: a server killed with SIGKILL at a random moment of a
// writing loop, then restarted, has every write it acknowledged (the HTTP answer arrived
// before the kill) and a database that passes SQLite's integrity check. Two writers: the
// newsroom publishing articles, and the newsroom replying to readers' comments (a route with
// the session's CSRF token, independent of the public comment form's tokens and fill time).
// The moments come from a fixed seed, so a failing round can be replayed.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned kSeed = 20240611;
constexpr int kRounds = 4;
// The kill comes this long after the first acknowledged write of a round.
constexpr int kMinKillMs = 50;
constexpr int kMaxKillMs = 700;
// Bounds of one round's writing loop, whatever happens.
constexpr int kMaxWritesPerRound = 1000;
constexpr auto kRoundDeadline = std::chrono::seconds(30);

// A write's key when the server acknowledged it; no answer (the server is gone) ends the
// round's loop, and so does a refusal, which fails the test.
std::optional<std::string> acknowledged(int status, std::string const& key) {
  if (status == 0) return std::nullopt;
  EXPECT_EQ(status, 303) << key << " was refused";
  if (status != 303) return std::nullopt;
  return key;
}

class CrashE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-crash-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }

  std::string db() const { return data_ + "/dossier.db"; }

  // Rounds of: start (or restart) the server, write in a loop, kill -9 at a random moment;
  // then restart once more and compare what the database holds with what was acknowledged.
  // `write(client, round, i)` makes write number i and returns its key when acknowledged;
  // `stored()` reads every key the database holds.
  void kill_while_writing(
      std::function<std::optional<std::string>(NewsroomClient const&, int, int)> const& write,
      std::function<std::set<std::string>()> const& stored) {
    std::mt19937 random(kSeed);
    std::uniform_int_distribution<int> kill_after(kMinKillMs, kMaxKillMs);
    std::optional<NewsroomClient> client;
    std::vector<std::string> acknowledged;
    for (int round = 0; round < kRounds; ++round) {
      ServerProcess server(data_, {{"DOSSIER_JOBS_INTERVAL_MS", "100"}});
      ASSERT_TRUE(server.started())
          << "restart after round " << round - 1 << ": " << server.first_line();
      if (!client)
        client = NewsroomClient::sign_in_demo_admin(server.port(), data_);
      else
        ASSERT_TRUE(client->reconnect(server.port())) << "the session survived the kill";
      ASSERT_TRUE(client);
      check_stored(acknowledged, stored(), round);

      std::mutex mutex;
      std::vector<std::string> round_acks;
      std::atomic<bool> first{false};
      std::atomic<bool> stop{false};
      std::thread loop([&] {
        auto deadline = Clock::now() + kRoundDeadline;
        for (int i = 0; i < kMaxWritesPerRound && !stop && Clock::now() < deadline; ++i) {
          auto key = write(*client, round, i);
          if (!key) break;  // the server is gone (or refused, which the count below shows)
          std::lock_guard lock(mutex);
          round_acks.push_back(*key);
          first = true;
        }
      });
      auto deadline = Clock::now() + kRoundDeadline;
      while (!first && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      auto delay = kill_after(random);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      ::kill(server.pid(), SIGKILL);  // no chance to finish a request or close the database
      stop = true;
      loop.join();
      // ServerProcess reaps the killed process when it goes, at the end of the round.
      ASSERT_FALSE(round_acks.empty()) << "round " << round << " wrote nothing";
      std::printf("[ info ] round %d: killed %d ms into the loop, %zu writes acknowledged\n", round,
                  delay, round_acks.size());
      acknowledged.insert(acknowledged.end(), round_acks.begin(), round_acks.end());
    }
    ServerProcess last(data_);
    ASSERT_TRUE(last.started()) << last.first_line();
    check_stored(acknowledged, stored(), kRounds);
    EXPECT_EQ(last.terminate(), 0);
  }

  void check_stored(std::vector<std::string> const& acknowledged,
                    std::set<std::string> const& stored, int round) {
    EXPECT_EQ(sqlite_value(db(), "PRAGMA integrity_check"), "ok") << "after round " << round;
    int missing = 0;
    for (auto const& key : acknowledged)
      if (!stored.count(key) && missing++ < 5)
        ADD_FAILURE() << key << " was acknowledged but is missing after round " << round - 1;
    EXPECT_EQ(missing, 0);
  }

  std::string data_;
};

TEST_F(CrashE2e, EveryAcknowledgedPublishSurvivesKillNine) {
  kill_while_writing(
      [](NewsroomClient const& client, int round, int i) -> std::optional<std::string> {
        auto title = fmt::format("Crash round {} article {}", round, i);
        return acknowledged(client.publish(title, "Written just before the kill."), title);
      },
      [this] {
        return sqlite_rows(db(),
                           "SELECT title FROM articles WHERE status = 'published'"
                           " AND title LIKE 'Crash round %'");
      });
  // The search index's rows are written in the publishing transaction: none is missing.
  EXPECT_EQ(sqlite_value(db(),
                         "SELECT COUNT(*) FROM articles a WHERE a.title LIKE 'Crash round %'"
                         " AND NOT EXISTS (SELECT 1 FROM search_documents s"
                         " WHERE s.article_id = a.id)"),
            "0");
}

TEST_F(CrashE2e, EveryAcknowledgedCommentSurvivesKillNine) {
  // Replies go under a top-level comment of the demo.
  auto parent = sqlite_value(db(), "SELECT MIN(id) FROM comments WHERE parent_id IS NULL");
  ASSERT_FALSE(parent.empty());
  auto parent_id = std::stoll(parent);
  kill_while_writing(
      [parent_id](NewsroomClient const& client, int round, int i) -> std::optional<std::string> {
        auto text = fmt::format("Crash round {} reply {}", round, i);
        return acknowledged(client.reply_to_comment(parent_id, text), text);
      },
      [this] {
        return sqlite_rows(db(),
                           "SELECT body_markdown FROM comments WHERE status = 'approved'"
                           " AND body_markdown LIKE 'Crash round %'");
      });
  // The article's comment count is kept in the same transaction as the comments.
  EXPECT_EQ(sqlite_value(db(),
                         "SELECT COUNT(*) FROM articles a WHERE a.comment_count <> (SELECT COUNT(*)"
                         " FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')"),
            "0");
}

}  // namespace
}  // namespace dossier::test
