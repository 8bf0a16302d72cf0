#include "security/rate_limiter.hpp"

#include <soci/soci.h>

#include "security/rate_limit_store.hpp"
#include "store/database.hpp"

namespace dossier::security {

RateLimiter::RateLimiter(store::Database& db, std::string scope, int limit,
                         std::chrono::seconds window)
    : shared_(db.dialect() == store::Dialect::Postgres ? &db : nullptr),
      scope_(std::move(scope)),
      limit_(limit),
      window_(window) {}

long long RateLimiter::retry_after(std::string const& key, UnixTime now) {
  if (shared_) {
    soci::session sql(shared_->side_pool());
    return RateLimitStore::retry_after(sql, scope_, key, now, limit_, window_.count());
  }
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - window_.count()) times.pop_front();
  if (static_cast<int>(times.size()) < limit_) return 0;
  return times.front() + window_.count() - now;
}

void RateLimiter::record(std::string const& key, UnixTime now) {
  if (shared_) {
    soci::session sql(shared_->side_pool());
    return RateLimitStore::record(sql, scope_, key, now, window_.count());
  }
  std::lock_guard lock(mutex_);
  if (events_.size() > kPruneAbove) prune(now);
  auto& times = events_[key];
  times.push_back(now);
  // Only the newest `limit_` times decide anything.
  while (static_cast<int>(times.size()) > limit_) times.pop_front();
}

void RateLimiter::forget(std::string const& key) {
  if (shared_) {
    soci::session sql(shared_->side_pool());
    return RateLimitStore::forget(sql, scope_, key);
  }
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
