#include "api/api_key_store.hpp"

#include <sstream>

#include <soci/soci.h>

#include "store/row.hpp"

namespace dossier::api {

namespace {

constexpr char const* kColumns =
    "id, name, kind, prefix, scopes, user_id, client_id, created_at, last_used_at, revoked_at,"
    " token_hash";

std::optional<long long> optional_int(soci::row const& r, std::size_t column) {
  if (r.get_indicator(column) != soci::i_ok) return std::nullopt;
  return store::row_int(r, column);
}

std::string scopes_text(std::vector<Scope> const& scopes) {
  std::string out;
  for (auto s : scopes) {
    if (!out.empty()) out += ' ';
    out += to_string(s);
  }
  return out;
}

std::vector<Scope> scopes_of(std::string const& text) {
  std::vector<Scope> out;
  std::istringstream words(text);
  std::string word;
  // A name this build does not know (written by a newer one) grants nothing here.
  while (words >> word)
    if (auto s = parse_scope(word)) out.push_back(*s);
  return out;
}

StoredKey key_from(soci::row const& r) {
  StoredKey s;
  s.key.id = store::row_int(r, 0);
  s.key.name = store::row_text(r, 1);
  s.key.kind = store::row_text(r, 2) == "admin" ? KeyKind::Admin : KeyKind::Content;
  s.key.prefix = store::row_text(r, 3);
  s.key.scopes = scopes_of(store::row_text(r, 4));
  s.key.user_id = optional_int(r, 5);
  s.key.client_id = optional_int(r, 6);
  s.key.created_at = store::row_int(r, 7);
  s.key.last_used_at = optional_int(r, 8);
  s.key.revoked_at = optional_int(r, 9);
  s.token_hash = store::row_text(r, 10);
  return s;
}

std::optional<StoredKey> first(soci::rowset<soci::row>& rows) {
  for (auto const& r : rows) return key_from(r);
  return std::nullopt;
}

}  // namespace

Id ApiKeyStore::insert(soci::session& sql, ApiKey const& key, std::string const& token_hash) {
  long long id = 0;
  long long created = key.created_at;
  std::string kind = key.kind == KeyKind::Admin ? "admin" : "content";
  std::string scopes = scopes_text(key.scopes);
  long long user = key.user_id.value_or(0);
  long long client = key.client_id.value_or(0);
  auto user_ind = key.user_id ? soci::i_ok : soci::i_null;
  auto client_ind = key.client_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO api_keys (name, kind, prefix, token_hash, scopes, user_id, client_id,"
         " created_at) VALUES (:n, :k, :p, :h, :s, :u, :c, :t) RETURNING id",
      soci::use(key.name), soci::use(kind), soci::use(key.prefix), soci::use(token_hash),
      soci::use(scopes), soci::use(user, user_ind), soci::use(client, client_ind),
      soci::use(created), soci::into(id);
  return id;
}

std::optional<StoredKey> ApiKeyStore::find(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns << " FROM api_keys WHERE id = :id", soci::use(id));
  return first(rows);
}

std::optional<StoredKey> ApiKeyStore::find_by_hash(soci::session& sql,
                                                   std::string const& token_hash) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns << " FROM api_keys WHERE token_hash = :h",
       soci::use(token_hash));
  return first(rows);
}

std::vector<ApiKey> ApiKeyStore::all(soci::session& sql) {
  std::vector<ApiKey> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns << " FROM api_keys ORDER BY id DESC");
  for (auto const& r : rows) out.push_back(key_from(r).key);
  return out;
}

bool ApiKeyStore::revoke(soci::session& sql, Id id, UnixTime now) {
  long long at = now;
  soci::statement st = (sql.prepare << "UPDATE api_keys SET revoked_at = :t"
                                       " WHERE id = :id AND revoked_at IS NULL",
                        soci::use(at), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void ApiKeyStore::touch(soci::session& sql, Id id, UnixTime now, UnixTime stale_before) {
  long long at = now, before = stale_before;
  sql << "UPDATE api_keys SET last_used_at = :t"
         " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :before)",
      soci::use(at), soci::use(id), soci::use(before);
}

}  // namespace dossier::api
