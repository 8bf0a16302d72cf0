#pragma once

// The gate both APIs pass (api_gate.hpp has the contract): keys through ApiKeys, a rate limit
// per key and, for anonymous Content API calls, per network address.

#include <chrono>
#include <optional>
#include <string>

#include "api/api_gate.hpp"
#include "api/api_keys.hpp"
#include "security/rate_limiter.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::api {

inline constexpr int kDefaultRatePerMinute = 600;
// The query parameter a Content API key may travel in (as Ghost's does); app/ redacts it from
// logs (RFC 6750 section 5.3: URLs with bearer tokens end up in logs).
inline constexpr char const* kKeyQueryParam = http::kApiKeyQueryParam;

struct GateOptions {
  int rate_per_minute = kDefaultRatePerMinute;  // api.rate_per_minute
};

class KeyGate : public ApiGate {
 public:
  // With a PostgreSQL database the limits are counted in its shared table (every server sees
  // every call); on SQLite in this process's memory (security/rate_limiter.hpp says why).
  KeyGate(ApiKeys& keys, store::Database& db, Clock clock, GateOptions options = {});

  GateResult content(http::Request const& req) override;
  GateResult admin(http::Request const& req, Scope needed) override;

 private:
  // A refusal when the limiter has no room for `who` now; else records the call.
  std::optional<http::Response> count(security::RateLimiter& limiter, std::string const& who,
                                      UnixTime now);
  GateResult unauthorized(http::Request const& req, std::string detail, UnixTime now);
  ApiKeys& keys_;
  Clock clock_;
  int rate_per_minute_;
  security::RateLimiter per_key_;
  security::RateLimiter per_address_;
};

// The caching headers every API response carries (docs/API.md): a keyed answer is the
// caller's alone (`private, no-store`), an anonymous Content API read may be kept a minute by
// any cache; `Vary: Authorization` either way, as the same URL answers differently per key.
void set_cache_headers(ApiCaller const& caller, http::Response& response);

// The key's text in `Authorization: Bearer KEY` (RFC 6750 section 2.1; the scheme's name is
// case-insensitive, RFC 9110 section 11.1), or nothing.
std::optional<std::string> bearer_token(http::Request const& req);

}  // namespace dossier::api
