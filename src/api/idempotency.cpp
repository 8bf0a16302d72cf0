#include "api/idempotency.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "api/idempotency_store.hpp"
#include "api/problem.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::api {

namespace msg {
constexpr char const* kBadKey =
    "The Idempotency-Key header must hold 1 to 255 printable ASCII characters.";
constexpr char const* kOtherRequest =
    "This Idempotency-Key was used for another request (method, path or body differ) within "
    "the last 24 hours.";
constexpr char const* kInProgress =
    "A request with this Idempotency-Key is still in progress; try again in a moment.";
}  // namespace msg

namespace {

// Headers a replay repeats: those the handler set for the client (Location), not those the
// server adds on the way out to every answer.
std::string headers_json(http::Response const& r) {
  auto a = nlohmann::json::array();
  for (auto const& [name, value] : r.headers) a.push_back({name, value});
  return a.dump();
}

http::Response replay(IdempotencyEntry const& e) {
  http::Response r;
  r.status = *e.status;
  r.content_type = e.content_type;
  r.body = e.body;
  auto headers = nlohmann::json::parse(e.headers, nullptr, false);
  if (headers.is_array())
    for (auto const& h : headers)
      if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
        r.set_header(h[0].get<std::string>(), h[1].get<std::string>());
  r.set_header(kReplayedHeader, "true");
  return r;
}

}  // namespace

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) return false;
  for (unsigned char c : key)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

Idempotency::Idempotency(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

http::Response Idempotency::run(http::Request const& req, long long key_id,
                                std::function<http::Response()> const& handle) {
  auto header = req.header(kIdempotencyHeader);
  bool sent = false;
  for (auto const& [name, value] : req.headers) sent = sent || name == kIdempotencyHeader;
  if (!sent) return handle();
  if (!valid_idempotency_key(header))
    return problem(400, "invalid_field", msg::kBadKey, {{"Idempotency-Key", msg::kBadKey}});
  std::string key(header);
  IdempotencyEntry mine;
  mine.method = std::string(http::to_string(req.method));
  mine.path = req.target;
  mine.body_hash = security::token_hash(req.body);
  mine.created_at = clock_();
  std::optional<IdempotencyEntry> earlier;
  {
    // The claim commits before the handler runs, so a concurrent twin sees it at once.
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    IdempotencyStore::prune(sql, mine.created_at - kIdempotencyLifetime.count());
    earlier = IdempotencyStore::claim(sql, key_id, key, mine);
    tx.commit();
  }
  if (earlier) {
    if (earlier->method != mine.method || earlier->path != mine.path ||
        earlier->body_hash != mine.body_hash)
      return problem(422, "idempotency_conflict", msg::kOtherRequest);
    if (!earlier->status) return problem(409, "conflict", msg::kInProgress);
    return replay(*earlier);
  }
  http::Response answer;
  try {
    answer = handle();
  } catch (...) {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    IdempotencyStore::release(sql, key_id, key);
    tx.commit();
    throw;
  }
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (answer.status >= 500)
    IdempotencyStore::release(sql, key_id, key);
  else
    IdempotencyStore::complete(sql, key_id, key, answer.status, answer.content_type,
                               headers_json(answer), answer.body);
  tx.commit();
  return answer;
}

long long Idempotency::prune() {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto n = IdempotencyStore::prune(sql, clock_() - kIdempotencyLifetime.count());
  tx.commit();
  return n;
}

}  // namespace dossier::api
