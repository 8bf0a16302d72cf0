// Change notices between servers on one real PostgreSQL database (issue 18): a commit through
// one Database reaches another Database's listener at once, a process's own notices are
// ignored, a rolled-back write says nothing, the typed keys travel, a lost connection is
// opened again and counts as "everything changed", and stop() is prompt.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/pg_notify.hpp"
#include "support/test_database.hpp"

namespace dossier::store {
namespace {

using namespace std::chrono_literals;

// How long a test waits for a notice that must come, and for one that must not.
constexpr auto kArrives = 5s;
constexpr auto kQuiet = 400ms;

// A fresh database on the binary's one PostgreSQL server: no schema is needed.
std::string fresh_postgres_database() {
  static std::atomic<int> next{0};
  auto& server = test::shared_postgres();
  auto name = "notify" + std::to_string(next++);
  auto admin = Database::open({server.url("postgres"), 5000, 1});
  if (!admin) throw std::runtime_error(admin.error().message);
  soci::session sql((*admin)->pool());
  sql << "CREATE DATABASE " + name;
  return server.url(name);
}

std::unique_ptr<Database> open(std::string const& url) {
  auto opened = Database::open({url, 5000, 2});
  if (!opened) throw std::runtime_error(opened.error().message);
  return std::move(*opened);
}

// What a listener was told, guarded by a mutex: the listener's thread writes, the test reads.
class Received {
 public:
  void add(ChangeNotice const& n) {
    {
      std::lock_guard lock(mutex_);
      notices_.push_back(n);
    }
    changed_.notify_all();
  }
  // Waits until at least `count` notices arrived, or `wait` passed; returns the notices.
  std::vector<ChangeNotice> wait_for(std::size_t count, std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [&] { return notices_.size() >= count; });
    return notices_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ChangeNotice> notices_;
};

void wait_listening(ChangeListener const& listener) {
  auto deadline = std::chrono::steady_clock::now() + kArrives;
  while (!listener.listening() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(listener.listening());
}

void commit_a_write(Database& db) {
  soci::session sql(db.pool());
  WriteTransaction tx(sql);
  tx.commit();
}

TEST(PgNotify, ACommitThroughOneDatabaseReachesAnothersListenerAndItsOwnIsIgnored) {
  auto url = fresh_postgres_database();
  auto a = open(url);
  auto b = open(url);
  Received heard;
  ChangeListener listener(*b, [&](ChangeNotice const& n) { heard.add(n); });
  wait_listening(listener);

  auto before = b->commits().load();
  commit_a_write(*a);  // a process without typed events (the CLI): everything changed
  auto notices = heard.wait_for(1, kArrives);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, ChangeNotice::Kind::Everything);
  EXPECT_EQ(notices[0].origin, a->origin());
  EXPECT_EQ(b->commits().load(), before + 2) << "what b read before a's commit is outdated";

  commit_a_write(*b);  // b's own commit: its listener says nothing
  EXPECT_EQ(heard.wait_for(2, kQuiet).size(), 1u);

  a->notify_keys({"article:7", "latest", "tag:harbour policy"});
  notices = heard.wait_for(2, kArrives);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].kind, ChangeNotice::Kind::Keys);
  EXPECT_EQ(notices[1].keys,
            (std::vector<std::string>{"article:7", "latest", "tag:harbour policy"}));

  // A server's commit (its typed events follow as keys) moves the counter and calls no one.
  a->send_typed_notices();
  before = b->commits().load();
  commit_a_write(*a);
  EXPECT_EQ(heard.wait_for(3, kQuiet).size(), 2u);
  EXPECT_EQ(b->commits().load(), before + 2);
}

TEST(PgNotify, ARolledBackWriteSaysNothing) {
  auto url = fresh_postgres_database();
  auto a = open(url);
  auto b = open(url);
  Received heard;
  ChangeListener listener(*b, [&](ChangeNotice const& n) { heard.add(n); });
  wait_listening(listener);
  {
    soci::session sql(a->pool());
    WriteTransaction tx(sql);
  }  // rolled back
  EXPECT_TRUE(heard.wait_for(1, kQuiet).empty());
}

TEST(PgNotify, OwnCommitsMoveTheCounterAroundTheCommit) {
  auto a = open(fresh_postgres_database());
  auto before = a->commits().load();
  commit_a_write(*a);
  EXPECT_EQ(a->commits().load(), before + 2);
}

TEST(PgNotify, ALostConnectionIsOpenedAgainAndDropsEverything) {
  auto url = fresh_postgres_database();
  auto a = open(url);
  auto b = open(url);
  Received heard;
  ChangeListener listener(*b, [&](ChangeNotice const& n) { heard.add(n); });
  wait_listening(listener);
  {
    // The server ends the listener's session (as a restart or a network cut would).
    soci::session sql(a->pool());
    sql << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'"
           " AND pid <> pg_backend_pid()";
  }
  auto notices = heard.wait_for(1, kArrives);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, ChangeNotice::Kind::Everything);
  EXPECT_EQ(listener.reconnects(), 1);
  wait_listening(listener);
  a->notify_keys({"latest"});
  notices = heard.wait_for(2, kArrives);
  ASSERT_EQ(notices.size(), 2u) << "the new connection listens again";
  EXPECT_EQ(notices[1].keys, std::vector<std::string>{"latest"});
}

TEST(PgNotify, StopIsPrompt) {
  auto b = open(fresh_postgres_database());
  ChangeListener listener(*b, [](ChangeNotice const&) {});
  wait_listening(listener);
  auto started = std::chrono::steady_clock::now();
  listener.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 200ms)
      << "stop() wakes the thread; it does not wait for the poll's timeout";
  EXPECT_FALSE(listener.listening());
}

TEST(PgNotify, PayloadsRoundTripAndStrangeOnesAreRefused) {
  auto payload = notice_payload({"ab12", ChangeNotice::Kind::Keys, {"article:1", "home"}});
  ASSERT_TRUE(payload);
  auto back = parse_notice(*payload);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->origin, "ab12");
  EXPECT_EQ(back->keys, (std::vector<std::string>{"article:1", "home"}));
  EXPECT_EQ(parse_notice("ab12 c")->kind, ChangeNotice::Kind::Commit);
  EXPECT_EQ(parse_notice("ab12 *")->kind, ChangeNotice::Kind::Everything);
  EXPECT_FALSE(parse_notice("ab12"));
  EXPECT_FALSE(parse_notice("ab12 x"));
  EXPECT_FALSE(parse_notice("ab12 cmore"));
  std::vector<std::string> many(2000, "article:123456");
  EXPECT_FALSE(notice_payload({"ab12", ChangeNotice::Kind::Keys, many}))
      << "too long for NOTIFY: the sender says everything changed instead";
  EXPECT_FALSE(notice_payload({"ab12", ChangeNotice::Kind::Keys, {"two\nlines"}}));
}

}  // namespace
}  // namespace dossier::store
