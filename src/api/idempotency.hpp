#pragma once

// Idempotency keys on the Admin API's POSTs (CONTRACT.md; the IETF httpapi draft "The
// Idempotency-Key HTTP Header Field"). A client that lost the answer to a POST sends it again
// with the same `Idempotency-Key` and gets the first answer (`Idempotent-Replayed: true`)
// instead of a second article. Keys belong to the API key that sent them and live 24 hours.
//
// Two identical requests at once: the first claims the key (a row in progress, committed
// before its handler runs), the second finds the claim and gets 409 `conflict` ("in progress"),
// or the stored answer once the first finished. Never two articles.

#include <chrono>
#include <functional>
#include <string_view>

#include "core/time.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::api {

inline constexpr char const* kIdempotencyHeader = "idempotency-key";
inline constexpr char const* kReplayedHeader = "Idempotent-Replayed";
// CONTRACT.md: 1 to 255 printable characters.
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
// How long a key's answer is kept and replayed (CONTRACT.md: 24 hours).
inline constexpr std::chrono::seconds kIdempotencyLifetime{std::chrono::hours(24)};

// Whether a header value may be an idempotency key: 1 to 255 printable ASCII characters.
bool valid_idempotency_key(std::string_view key);

class Idempotency {
 public:
  using Clock = std::function<UnixTime()>;
  Idempotency(store::Database& db, Clock clock);

  // Answers `req`, sent with the API key `key_id`: without an Idempotency-Key header, by
  // `handle` alone; with one, by `handle` the first time and by the stored answer afterwards
  // (same method, path and body), 422 `idempotency_conflict` for another request under the
  // same key, 409 `conflict` while the first is still running, 400 for a malformed key. An
  // answer of 500 or more is not kept: the request may be tried again.
  http::Response run(http::Request const& req, long long key_id,
                     std::function<http::Response()> const& handle);

  // Deletes the expired entries (also done by every claim); returns how many.
  long long prune();

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace dossier::api
