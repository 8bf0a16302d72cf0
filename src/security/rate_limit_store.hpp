#pragma once

#include <string>

#include "core/time.hpp"

namespace soci {
class session;
}

namespace dossier::security {

// The rate_limit_events table's SQL (migration 0025), and the only file that names it: the
// events of the rate limits every server on a PostgreSQL database shares. Each call is one
// statement on its own (no transaction, no writers' lock: an attempt must not wait behind
// the newsroom's writes, and two servers counting at once may each let one more through).
class RateLimitStore {
 public:
  // Seconds until `key` may act again under `limit` events per `window_seconds`; 0 when now.
  static long long retry_after(soci::session& sql, std::string const& scope, std::string const& key,
                               UnixTime now, int limit, long long window_seconds);
  // One event, kept for `window_seconds`; every expired event of any scope goes at the same
  // time (each row is deleted once, so the cost stays one row per event).
  static void record(soci::session& sql, std::string const& scope, std::string const& key,
                     UnixTime now, long long window_seconds);
  static void forget(soci::session& sql, std::string const& scope, std::string const& key);
};

}  // namespace dossier::security
