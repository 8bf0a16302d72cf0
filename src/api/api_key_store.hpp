#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/api_access.hpp"

namespace soci {
class session;
}

namespace dossier::api {

// A key as the table holds it: the stored key and the hash of its secret.
struct StoredKey {
  ApiKey key;
  std::string token_hash;
};

// SQL on api_keys. Scopes are kept as their names separated by spaces.
class ApiKeyStore {
 public:
  static Id insert(soci::session& sql, ApiKey const& key, std::string const& token_hash);
  static std::optional<StoredKey> find(soci::session& sql, Id id);
  static std::optional<StoredKey> find_by_hash(soci::session& sql, std::string const& token_hash);
  // Every key, newest first, revoked ones included.
  static std::vector<ApiKey> all(soci::session& sql);
  // Revokes a live key; false when there is no live key with that id.
  static bool revoke(soci::session& sql, Id id, UnixTime now);
  // Writes last_used_at when it is older than `stale_before` (or unset): one UPDATE whose
  // WHERE decides, so servers and threads racing on one key write it once.
  static void touch(soci::session& sql, Id id, UnixTime now, UnixTime stale_before);
};

}  // namespace dossier::api
