#include "security/rate_limit_store.hpp"

#include <soci/soci.h>

namespace dossier::security {

long long RateLimitStore::retry_after(soci::session& sql, std::string const& scope,
                                      std::string const& key, UnixTime now, int limit,
                                      long long window_seconds) {
  long long since = now - window_seconds, l = limit, count = 0, oldest = 0;
  soci::indicator oldest_ind = soci::i_null;
  // The newest `limit` events inside the window decide, as in the in-memory limiter.
  sql << "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM rate_limit_events"
         " WHERE scope = :s AND key = :k AND at > :since ORDER BY at DESC LIMIT :l) AS newest",
      soci::use(scope), soci::use(key), soci::use(since), soci::use(l), soci::into(count),
      soci::into(oldest, oldest_ind);
  if (count < limit || oldest_ind != soci::i_ok) return 0;
  return oldest + window_seconds - now;
}

void RateLimitStore::record(soci::session& sql, std::string const& scope, std::string const& key,
                            UnixTime now, long long window_seconds) {
  long long t = now, expires = now + window_seconds;
  sql << "INSERT INTO rate_limit_events (scope, key, at, expires_at) VALUES (:s, :k, :t, :e)",
      soci::use(scope), soci::use(key), soci::use(t), soci::use(expires);
  sql << "DELETE FROM rate_limit_events WHERE expires_at <= :t", soci::use(t);
}

void RateLimitStore::forget(soci::session& sql, std::string const& scope, std::string const& key) {
  sql << "DELETE FROM rate_limit_events WHERE scope = :s AND key = :k", soci::use(scope),
      soci::use(key);
}

}  // namespace dossier::security
