#include "security/rate_limiter.hpp"

namespace dossier::security {

long long RateLimiter::retry_after(std::string const& key, UnixTime now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - window_.count()) times.pop_front();
  if (static_cast<int>(times.size()) < limit_) return 0;
  return times.front() + window_.count() - now;
}

void RateLimiter::record(std::string const& key, UnixTime now) {
  std::lock_guard lock(mutex_);
  if (events_.size() > kPruneAbove) prune(now);
  auto& times = events_[key];
  times.push_back(now);
  // Only the newest `limit_` times decide anything.
  while (static_cast<int>(times.size()) > limit_) times.pop_front();
}

void RateLimiter::forget(std::string const& key) {
  std::lock_guard lock(mutex_);
  events_.erase(key);
}

void RateLimiter::prune(UnixTime now) {
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || it->second.back() <= now - window_.count())
      it = events_.erase(it);
    else
      ++it;
  }
}

}  // namespace dossier::security
