#include "api/gate.hpp"

#include <cctype>

#include <fmt/format.h>

#include "api/problem.hpp"
#include "core/strings.hpp"

namespace dossier::api {

namespace msg {
constexpr char const* kNoKey = "This API needs a key: send it as 'Authorization: Bearer KEY'.";
constexpr char const* kBadKey = "The key is unknown or has been revoked.";
constexpr char const* kAdminKeyOnContent =
    "This is an admin key; the Content API takes a content key or none.";
constexpr char const* kContentKeyOnAdmin = "The Admin API takes an admin key, not a content key.";
constexpr char const* kAdminKeyInQuery =
    "Admin keys travel only in the Authorization header, never in the URL.";
constexpr char const* kUserGone = "The staff account this key acts as is disabled or gone.";
constexpr char const* kMissingScope = "This key does not carry the scope '{}'.";
constexpr char const* kRateLimited = "Too many calls: at most {} a minute. Retry after {} s.";
}  // namespace msg

namespace {

constexpr auto kWindow = std::chrono::minutes(1);
constexpr std::string_view kBearer = "bearer";

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

GateResult refuse(http::Response response) {
  GateResult r;
  r.refusal = std::move(response);
  return r;
}

GateResult admit(ApiCaller caller) {
  GateResult r;
  r.caller = std::move(caller);
  return r;
}

}  // namespace

std::optional<std::string> bearer_token(http::Request const& req) {
  auto value = trim(req.header("authorization"));
  auto space = value.find(' ');
  if (space == std::string_view::npos || !equal_ignoring_case(value.substr(0, space), kBearer))
    return std::nullopt;
  auto token = trim(value.substr(space + 1));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

void set_cache_headers(ApiCaller const& caller, http::Response& response) {
  response.set_header("Cache-Control", caller.key ? "private, no-store" : "public, max-age=60");
  response.set_header("Vary", "Authorization");
}

KeyGate::KeyGate(ApiKeys& keys, store::Database& db, Clock clock, GateOptions options)
    : keys_(keys),
      clock_(std::move(clock)),
      rate_per_minute_(options.rate_per_minute),
      per_key_(db, "api.key", options.rate_per_minute, kWindow),
      per_address_(db, "api.address", options.rate_per_minute, kWindow) {}

std::optional<http::Response> KeyGate::count(security::RateLimiter& limiter, std::string const& who,
                                             UnixTime now) {
  if (auto wait = limiter.retry_after(who, now); wait > 0) {
    auto refusal =
        problem(429, "rate_limited", fmt::format(msg::kRateLimited, rate_per_minute_, wait));
    refusal.set_header("Retry-After", std::to_string(wait));  // RFC 9110 section 10.2.3
    return refusal;
  }
  limiter.record(who, now);
  return std::nullopt;
}

GateResult KeyGate::unauthorized(http::Request const& req, std::string detail, UnixTime now) {
  // A wrong key counts against its address's limit, so guessing is as slow as reading.
  if (auto limited = count(per_address_, req.remote_address, now)) return refuse(*limited);
  auto refusal = problem(401, "unauthorized", std::move(detail));
  // RFC 6750 section 3: a 401 names the scheme it wants.
  refusal.set_header("WWW-Authenticate", "Bearer realm=\"api\"");
  refusal.set_header("Vary", "Authorization");
  return refuse(std::move(refusal));
}

GateResult KeyGate::content(http::Request const& req) {
  auto now = clock_();
  auto token = bearer_token(req);
  if (!token) token = req.query_param(kKeyQueryParam);
  if (!token || token->empty()) {
    if (auto limited = count(per_address_, req.remote_address, now)) return refuse(*limited);
    return admit(ApiCaller{});
  }
  auto key = keys_.authenticate(*token);
  if (!key) return unauthorized(req, msg::kBadKey, now);
  if (key->kind != KeyKind::Content) return unauthorized(req, msg::kAdminKeyOnContent, now);
  if (auto limited = count(per_key_, std::to_string(key->id), now)) return refuse(*limited);
  ApiCaller caller;
  if (key->client_id && keys_.directory().client_viewer)
    if (auto viewer = keys_.directory().client_viewer(*key->client_id)) caller.viewer = *viewer;
  caller.key = std::move(key);
  return admit(std::move(caller));
}

GateResult KeyGate::admin(http::Request const& req, Scope needed) {
  auto now = clock_();
  auto token = bearer_token(req);
  if (!token) {
    if (req.query_param(kKeyQueryParam)) return unauthorized(req, msg::kAdminKeyInQuery, now);
    return unauthorized(req, msg::kNoKey, now);
  }
  auto key = keys_.authenticate(*token);
  if (!key) return unauthorized(req, msg::kBadKey, now);
  if (key->kind != KeyKind::Admin) return unauthorized(req, msg::kContentKeyOnAdmin, now);
  if (auto limited = count(per_key_, std::to_string(key->id), now)) return refuse(*limited);
  // The user is read at every call: a disabled account's keys stop at once.
  auto user =
      key->user_id && keys_.directory().user ? keys_.directory().user(*key->user_id) : std::nullopt;
  if (!user || user->status != auth::UserStatus::Active)
    return refuse(problem(403, "forbidden", msg::kUserGone));
  ApiCaller caller;
  caller.key = std::move(key);
  caller.user = std::move(user);
  caller.viewer.kind = publishing::ViewerKind::Newsroom;
  caller.viewer.email = caller.user->email;
  caller.viewer.name = caller.user->name;
  if (!caller.has(needed))
    return refuse(
        problem(403, "missing_scope", fmt::format(msg::kMissingScope, to_string(needed))));
  return admit(std::move(caller));
}

}  // namespace dossier::api
