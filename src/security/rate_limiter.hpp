#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::security {

// At most `limit` events per key in any `window` (a sliding window of event times).
// Made with a Database on PostgreSQL, the events are the database's (security/
// rate_limit_store.hpp), shared by every server: five failed sign-ins spread over two servers
// count as five. Otherwise in memory, per process: a SQLite file has one server (the data
// directory's lock), so its memory holds every event, and writing each attempt to the file
// would take SQLite's one write lock for nothing.
class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // `scope` names the limit in the shared table ("auth.address"): limiters with different
  // limits or windows need different scopes.
  RateLimiter(store::Database& db, std::string scope, int limit, std::chrono::seconds window);

  // Seconds until `key` may act again; 0 when it may now.
  long long retry_after(std::string const& key, UnixTime now);
  void record(std::string const& key, UnixTime now);
  void forget(std::string const& key);

 private:
  // Beyond this many keys, keys with no event inside the window are dropped, so a flood
  // of distinct addresses cannot grow memory without bound.
  static constexpr std::size_t kPruneAbove = 100'000;
  void prune(UnixTime now);
  store::Database* shared_ = nullptr;  // PostgreSQL's table, or null for memory
  std::string scope_;
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<UnixTime>> events_;
};

}  // namespace dossier::security
