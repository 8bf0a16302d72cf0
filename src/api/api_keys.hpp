#pragma once

// The API keys' rules (api_access.hpp has the model): create (the secret is returned once and
// only its hash is kept), list, revoke, and authenticate a presented secret. SQL is in
// api_key_store.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_access.hpp"
#include "core/result.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::api {

using Clock = std::function<UnixTime()>;

// The secret's text (docs/API.md): a kind marker, then random base64url characters.
inline constexpr std::string_view kContentKeyMarker = "dsk_c_";
inline constexpr std::string_view kAdminKeyMarker = "dsk_a_";
inline constexpr std::size_t kKeyRandomChars = 32;  // 192 bits of the CSPRNG's output
inline constexpr std::size_t kKeyLength = 6 + kKeyRandomChars;
// What lists show of a key: enough to tell keys apart, far too little to guess the rest.
inline constexpr std::size_t kKeyPrefixLength = 12;
inline constexpr std::size_t kMaxKeyNameLength = 100;
// last_used_at is written at most this often per key: a busy integration would otherwise
// write to the database on every call (SQLite has one write lock for the whole file).
inline constexpr UnixTime kLastUsedResolution = 60;

// Who a key may name: the staff account an admin key acts as, and a client organisation's
// reader for a content key with grants. Functions, so the service and the gate need neither
// the auth nor the clients service's construction (app/api_key_command.hpp wires the real
// ones: the clients service's header is app/'s to include).
struct KeyDirectory {
  std::function<std::optional<auth::User>(Id)> user;
  // The organisation as a reader: ViewerKind::Client with its contract and live grants.
  std::function<std::optional<publishing::Viewer>(Id)> client_viewer;
};

struct NewKey {
  std::string name;
  KeyKind kind = KeyKind::Content;
  std::vector<Scope> scopes;    // admin keys: at least one
  std::optional<Id> user_id;    // admin keys: required, an active staff account
  std::optional<Id> client_id;  // content keys: optional
};

struct CreatedKey {
  ApiKey key;
  std::string secret;  // shown once; only its hash is stored
};

class ApiKeys {
 public:
  ApiKeys(store::Database& db, Clock clock, KeyDirectory directory);

  Result<CreatedKey> create(NewKey const& input);
  // Every key, newest first, revoked ones included (never their secrets).
  std::vector<ApiKey> list();
  std::optional<ApiKey> key(Id id);
  // NotFound when there is no live key with that id.
  Result<Unit> revoke(Id id);
  // The live key whose secret this is, or nothing (unknown, malformed or revoked). Notes the
  // use (last_used_at, at most once a minute per key).
  std::optional<ApiKey> authenticate(std::string_view secret);

  KeyDirectory const& directory() const { return directory_; }

 private:
  void note_use(Id id, UnixTime now);
  store::Database& db_;
  Clock clock_;
  KeyDirectory directory_;
  std::mutex mutex_;
  // When this process last wrote each key's last_used_at (under mutex_).
  std::map<Id, UnixTime> written_;
};

}  // namespace dossier::api
