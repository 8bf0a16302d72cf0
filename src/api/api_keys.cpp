#include "api/api_keys.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "api/api_key_store.hpp"
#include "core/strings.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::api {

namespace msg {
constexpr char const* kNameMissing = "Give the key a name that says what uses it.";
constexpr char const* kNameTooLong = "A key's name is at most 100 characters.";
constexpr char const* kAdminNeedsUser = "An admin key acts as a staff account: choose one.";
constexpr char const* kNoSuchUser = "There is no such staff account.";
constexpr char const* kUserDisabled = "That staff account is disabled.";
constexpr char const* kAdminNeedsScope = "An admin key needs at least one scope.";
constexpr char const* kAdminNoClient = "Only content keys carry a client organisation's grants.";
constexpr char const* kContentNoUser = "Content keys read as readers, not as a staff account.";
constexpr char const* kContentNoScope = "Scopes are for admin keys; content keys only read.";
constexpr char const* kNoSuchClient = "There is no such client organisation.";
constexpr char const* kNoSuchKey = "There is no live key with that id.";
}  // namespace msg

ApiKeys::ApiKeys(store::Database& db, Clock clock, KeyDirectory directory)
    : db_(db), clock_(std::move(clock)), directory_(std::move(directory)) {}

Result<CreatedKey> ApiKeys::create(NewKey const& input) {
  ApiKey key;
  key.name = std::string(trim(input.name));
  if (key.name.empty()) return invalid(msg::kNameMissing);
  if (key.name.size() > kMaxKeyNameLength) return invalid(msg::kNameTooLong);
  key.kind = input.kind;
  if (input.kind == KeyKind::Admin) {
    if (!input.user_id) return invalid(msg::kAdminNeedsUser);
    auto user = directory_.user ? directory_.user(*input.user_id) : std::nullopt;
    if (!user) return invalid(msg::kNoSuchUser);
    if (user->status != auth::UserStatus::Active) return invalid(msg::kUserDisabled);
    if (input.scopes.empty()) return invalid(msg::kAdminNeedsScope);
    if (input.client_id) return invalid(msg::kAdminNoClient);
    key.user_id = input.user_id;
    for (auto s : input.scopes)
      if (std::find(key.scopes.begin(), key.scopes.end(), s) == key.scopes.end())
        key.scopes.push_back(s);
  } else {
    if (input.user_id) return invalid(msg::kContentNoUser);
    if (!input.scopes.empty()) return invalid(msg::kContentNoScope);
    if (input.client_id) {
      if (!directory_.client_viewer || !directory_.client_viewer(*input.client_id))
        return invalid(msg::kNoSuchClient);
      key.client_id = input.client_id;
    }
  }
  CreatedKey created;
  created.secret = std::string(input.kind == KeyKind::Admin ? kAdminKeyMarker : kContentKeyMarker) +
                   security::random_token().substr(0, kKeyRandomChars);
  key.prefix = created.secret.substr(0, kKeyPrefixLength);
  key.created_at = clock_();
  soci::session sql(db_.pool());
  key.id = ApiKeyStore::insert(sql, key, security::token_hash(created.secret));
  created.key = std::move(key);
  return created;
}

std::vector<ApiKey> ApiKeys::list() {
  soci::session sql(db_.pool());
  return ApiKeyStore::all(sql);
}

std::optional<ApiKey> ApiKeys::key(Id id) {
  soci::session sql(db_.pool());
  auto stored = ApiKeyStore::find(sql, id);
  if (!stored) return std::nullopt;
  return stored->key;
}

Result<Unit> ApiKeys::revoke(Id id) {
  soci::session sql(db_.pool());
  if (!ApiKeyStore::revoke(sql, id, clock_())) return not_found(msg::kNoSuchKey);
  {
    std::lock_guard lock(mutex_);
    written_.erase(id);
  }
  return Unit{};
}

std::optional<ApiKey> ApiKeys::authenticate(std::string_view secret) {
  // A text that cannot be a key costs no database read.
  if (secret.size() != kKeyLength ||
      !(secret.starts_with(kContentKeyMarker) || secret.starts_with(kAdminKeyMarker)))
    return std::nullopt;
  auto hash = security::token_hash(secret);
  std::optional<StoredKey> stored;
  {
    soci::session sql(db_.pool());
    stored = ApiKeyStore::find_by_hash(sql, hash);
  }
  // The lookup is by an index on the hash (a secret's hash leaks nothing useful through its
  // timing); the comparison that decides is made in constant time all the same.
  if (!stored || !security::constant_time_equal(stored->token_hash, hash)) return std::nullopt;
  if (stored->key.revoked_at) return std::nullopt;
  // The marker must agree with the kind stored: a key's text says what it is.
  bool admin_text = secret.starts_with(kAdminKeyMarker);
  if (admin_text != (stored->key.kind == KeyKind::Admin)) return std::nullopt;
  auto now = clock_();
  note_use(stored->key.id, now);
  return stored->key;
}

void ApiKeys::note_use(Id id, UnixTime now) {
  {
    std::lock_guard lock(mutex_);
    auto it = written_.find(id);
    if (it != written_.end() && now - it->second < kLastUsedResolution) return;
    written_[id] = now;
  }
  // Other servers share the table: the UPDATE's own WHERE keeps it to once a minute there too.
  soci::session sql(db_.pool());
  ApiKeyStore::touch(sql, id, now, now - kLastUsedResolution + 1);
}

}  // namespace dossier::api
