#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace dossier::security {

// At most `limit` events per key in any `window` (a sliding window of event times), in
// memory. Per process: with several servers each keeps its own count, which bounds an
// attacker's rate by limit x servers; the per-account limit still makes guessing slow.
class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // Seconds until `key` may act again; 0 when it may now.
  long long retry_after(std::string const& key, UnixTime now);
  void record(std::string const& key, UnixTime now);
  void forget(std::string const& key);

 private:
  // Beyond this many keys, keys with no event inside the window are dropped, so a flood
  // of distinct addresses cannot grow memory without bound.
  static constexpr std::size_t kPruneAbove = 100'000;
  void prune(UnixTime now);
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<UnixTime>> events_;
};

}  // namespace dossier::security
