#pragma once

// SQL on api_idempotency (migration 0029): the Admin API's idempotency keys. Callers hold the
// session and the transaction; the rules are in api/idempotency.*.

#include <optional>
#include <string>

#include "core/time.hpp"

namespace soci {
class session;
}

namespace dossier::api {

struct IdempotencyEntry {
  std::string method;
  std::string path;
  std::string body_hash;
  // Set once the first request's handler answered; none while it runs.
  std::optional<int> status;
  std::string content_type;
  std::string headers;  // a JSON array of [name, value] pairs
  std::string body;
  UnixTime created_at = 0;
};

class IdempotencyStore {
 public:
  // Inserts an entry in progress unless one exists for (key_id, key); returns the entry that
  // was there before, or nullopt when this call inserted it (the caller runs the request).
  static std::optional<IdempotencyEntry> claim(soci::session& sql, long long key_id,
                                               std::string const& key,
                                               IdempotencyEntry const& entry);
  // Stores the first request's answer.
  static void complete(soci::session& sql, long long key_id, std::string const& key, int status,
                       std::string const& content_type, std::string const& headers,
                       std::string const& body);
  // Forgets an entry (a request that failed on the server's side may be tried again).
  static void release(soci::session& sql, long long key_id, std::string const& key);
  // Deletes the entries created before `before`; returns how many.
  static long long prune(soci::session& sql, UnixTime before);
};

}  // namespace dossier::api
