#include "wordpress/import_store.hpp"

#include <string>

#include <soci/soci.h>

namespace dossier::wordpress {

std::string_view to_string(WpKind kind) {
  switch (kind) {
    case WpKind::Author: return "author";
    case WpKind::Category: return "category";
    case WpKind::Tag: return "tag";
    case WpKind::Article: return "article";
    case WpKind::Media: return "media";
    case WpKind::Comment: return "comment";
  }
  return "article";
}

std::optional<long long> ImportStore::find(soci::session& sql, WpKind kind, WpId wp_id) {
  std::string k(to_string(kind));
  long long id = 0;
  long long wp = wp_id;
  sql << "SELECT dossier_id FROM wordpress_ids WHERE kind = :k AND wp_id = :w", soci::use(k),
      soci::use(wp), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

void ImportStore::remember(soci::session& sql, WpKind kind, WpId wp_id, long long dossier_id,
                           UnixTime now) {
  std::string k(to_string(kind));
  long long wp = wp_id;
  long long at = now;
  sql << "INSERT INTO wordpress_ids (kind, wp_id, dossier_id, imported_at)"
         " VALUES (:k, :w, :d, :t)",
      soci::use(k), soci::use(wp), soci::use(dossier_id), soci::use(at);
}

long long ImportStore::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM wordpress_ids", soci::into(n);
  return n;
}

}  // namespace dossier::wordpress
