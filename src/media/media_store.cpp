#include "media/media_store.hpp"

#include <soci/soci.h>

namespace dossier::media {

Id MediaStore::insert(soci::session& sql, Media const& m, UnixTime now) {
  long long id = 0;
  long long created = now;
  sql << "INSERT INTO media (file, mime, width, height, bytes, alt, caption, credit, created_at)"
         " VALUES (:f, :m, :w, :h, :b, :a, :c, :cr, :t) RETURNING id",
      soci::use(m.file), soci::use(m.mime), soci::use(m.width), soci::use(m.height),
      soci::use(m.bytes), soci::use(m.alt), soci::use(m.caption), soci::use(m.credit),
      soci::use(created), soci::into(id);
  return id;
}

std::optional<Media> MediaStore::find(soci::session& sql, Id id) {
  Media m;
  sql << "SELECT id, file, mime, width, height, bytes, alt, caption, credit FROM media"
         " WHERE id = :id",
      soci::use(id), soci::into(m.id), soci::into(m.file), soci::into(m.mime), soci::into(m.width),
      soci::into(m.height), soci::into(m.bytes), soci::into(m.alt), soci::into(m.caption),
      soci::into(m.credit);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

}  // namespace dossier::media
