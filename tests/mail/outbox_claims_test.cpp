// Several servers' senders on one outbox (issue 18): claims made at the same time from
// different connections, on PostgreSQL (FOR UPDATE SKIP LOCKED) and on SQLite (one writer),
// never take one row twice, and on PostgreSQL a claim does not wait behind the newsroom's
// writers' lock. Threads: run under ThreadSanitizer too (make test-tsan).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <latch>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <soci/soci.h>

#include "mail/outbox.hpp"
#include "mail/outbox_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/postgres_database.hpp"
#include "support/temp_dir.hpp"

namespace dossier::mail {
namespace {

using namespace std::chrono_literals;

constexpr UnixTime kNow = 1'790'000'000;
constexpr int kMails = 240;
constexpr int kServers = 2;
constexpr int kSendersPerServer = 2;
constexpr int kBatch = 7;
constexpr auto kSending = 2ms;

std::unique_ptr<store::Database> open(std::string const& url) {
  auto opened = store::Database::open({url, 10000, kSendersPerServer});
  if (!opened) throw std::runtime_error(opened.error().message);
  return std::move(*opened);
}

void fill(store::Database& db) {
  soci::session sql(db.pool());
  store::WriteTransaction tx(sql);
  for (int i = 0; i < kMails; ++i) {
    Mail m;
    m.recipient = "reader" + std::to_string(i) + "@example.org";
    m.subject = "Harbour notes";
    m.text_body = "The harbour notes of the week.\n";
    OutboxStore::insert(sql, m, kNow);
  }
  tx.commit();
}

// One sender: claims batch after batch until the queue is empty.
void claim_all(store::Database& db, std::vector<long long>& mine, std::string const& token) {
  while (true) {
    std::vector<OutboxRow> rows;
    {
      soci::session sql(db.pool());
      rows = OutboxStore::claim(sql, kNow, kBatch, token);
    }
    if (rows.empty()) return;
    for (auto const& r : rows) mine.push_back(r.id);
    std::this_thread::sleep_for(kSending);  // as a sender delivers its batch
  }
}

// Every sender claims batch after batch until the queue is empty; each keeps its own list.
void claim_from_every_server(std::vector<std::unique_ptr<store::Database>>& servers) {
  std::vector<std::vector<long long>> claimed(kServers * kSendersPerServer);
  std::vector<std::thread> senders;
  std::latch start(kServers * kSendersPerServer);
  for (int s = 0; s < kServers; ++s)
    for (int t = 0; t < kSendersPerServer; ++t) {
      auto& mine = claimed[s * kSendersPerServer + t];
      senders.emplace_back([&db = *servers[s], &mine, &start, token = std::to_string(s * 10 + t)] {
        start.arrive_and_wait();
        // A thread's exception would end the whole binary: the row count shows it instead.
        try {
          claim_all(db, mine, token);
        } catch (std::exception const& e) {
          ADD_FAILURE() << "a claim failed: " << e.what();
        }
      });
    }
  for (auto& t : senders) t.join();
  std::multiset<long long> all;
  int busy_senders = 0;
  for (auto const& list : claimed) {
    all.insert(list.begin(), list.end());
    busy_senders += list.empty() ? 0 : 1;
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(std::set<long long>(all.begin(), all.end()).size(), all.size())
      << "a row was claimed twice";
  EXPECT_GE(busy_senders, 2) << "the senders ran side by side";
}

TEST(OutboxClaims, ClaimsFromTwoPostgresServersNeverOverlap) {
  auto url = test::migrated_postgres_database("claims");
  std::vector<std::unique_ptr<store::Database>> servers;
  for (int i = 0; i < kServers; ++i) servers.push_back(open(url));
  fill(*servers[0]);
  claim_from_every_server(servers);
}

TEST(OutboxClaims, ClaimsFromTwoConnectionsToOneSqliteFileNeverOverlap) {
  test::TempDir dir("dossier-claims");
  auto url = "sqlite:" + (dir.path() / "t.db").string();
  std::vector<std::unique_ptr<store::Database>> servers;
  for (int i = 0; i < kServers; ++i) servers.push_back(open(url));
  {
    soci::session sql(servers[0]->pool());
    store::migrate(sql, store::embedded_migrations(store::Dialect::Sqlite));
  }
  fill(*servers[0]);
  claim_from_every_server(servers);
}

TEST(OutboxClaims, OnPostgresAClaimDoesNotWaitForTheWritersLock) {
  auto url = test::migrated_postgres_database("claims");
  auto newsroom = open(url);
  auto mail_server = open(url);
  fill(*newsroom);
  soci::session writer(newsroom->pool());
  std::optional<store::WriteTransaction> long_write;
  long_write.emplace(writer);  // holds the writers' advisory lock
  auto claim = std::async(std::launch::async, [&] {
    soci::session sql(mail_server->pool());
    return OutboxStore::claim(sql, kNow, kBatch, "sender").size();
  });
  auto status = claim.wait_for(5s);
  long_write.reset();  // rolled back: a claim that did wait may now end
  EXPECT_EQ(status, std::future_status::ready) << "a claim waited for the newsroom's write";
  EXPECT_EQ(claim.get(), static_cast<std::size_t>(kBatch));
}

}  // namespace
}  // namespace dossier::mail
