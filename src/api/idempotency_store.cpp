#include "api/idempotency_store.hpp"

#include <soci/soci.h>

namespace dossier::api {

std::optional<IdempotencyEntry> IdempotencyStore::claim(soci::session& sql, long long key_id,
                                                        std::string const& key,
                                                        IdempotencyEntry const& entry) {
  IdempotencyEntry found;
  long long status = 0, created = 0;
  soci::indicator status_ind = soci::i_null;
  sql << "SELECT method, path, body_hash, status, content_type, headers, body, created_at"
         " FROM api_idempotency WHERE key_id = :k AND idempotency_key = :i",
      soci::use(key_id), soci::use(key), soci::into(found.method), soci::into(found.path),
      soci::into(found.body_hash), soci::into(status, status_ind), soci::into(found.content_type),
      soci::into(found.headers), soci::into(found.body), soci::into(created);
  if (sql.got_data()) {
    if (status_ind == soci::i_ok) found.status = static_cast<int>(status);
    found.created_at = created;
    return found;
  }
  long long at = entry.created_at;
  sql << "INSERT INTO api_idempotency (key_id, idempotency_key, method, path, body_hash,"
         " created_at) VALUES (:k, :i, :m, :p, :h, :t)",
      soci::use(key_id), soci::use(key), soci::use(entry.method), soci::use(entry.path),
      soci::use(entry.body_hash), soci::use(at);
  return std::nullopt;
}

void IdempotencyStore::complete(soci::session& sql, long long key_id, std::string const& key,
                                int status, std::string const& content_type,
                                std::string const& headers, std::string const& body) {
  long long s = status;
  sql << "UPDATE api_idempotency SET status = :s, content_type = :c, headers = :h, body = :b"
         " WHERE key_id = :k AND idempotency_key = :i",
      soci::use(s), soci::use(content_type), soci::use(headers), soci::use(body), soci::use(key_id),
      soci::use(key);
}

void IdempotencyStore::release(soci::session& sql, long long key_id, std::string const& key) {
  sql << "DELETE FROM api_idempotency WHERE key_id = :k AND idempotency_key = :i",
      soci::use(key_id), soci::use(key);
}

long long IdempotencyStore::prune(soci::session& sql, UnixTime before) {
  long long t = before;
  soci::statement st =
      (sql.prepare << "DELETE FROM api_idempotency WHERE created_at < :t", soci::use(t));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace dossier::api
