#include "media/media_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "store/row.hpp"

namespace dossier::media {

namespace {

constexpr char const* kColumns =
    "id, file, mime, width, height, bytes, alt, caption, credit, variants, original_name,"
    " uploaded_by, created_at";

std::string variants_json(std::vector<ImageVariant> const& variants) {
  auto list = nlohmann::json::array();
  for (auto const& v : variants)
    list.push_back({{"file", v.file}, {"mime", v.mime}, {"width", v.width}, {"height", v.height}});
  return list.dump();
}

std::vector<ImageVariant> variants_of(std::string const& text) {
  std::vector<ImageVariant> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (auto const& v : j) {
    if (!v.is_object()) continue;
    out.push_back(
        {v.value("file", ""), v.value("mime", ""), v.value("width", 0), v.value("height", 0)});
  }
  return out;
}

Media media_from(soci::row const& r) {
  Media m;
  m.id = store::row_int(r, 0);
  m.file = store::row_text(r, 1);
  m.mime = store::row_text(r, 2);
  m.width = static_cast<int>(store::row_int(r, 3));
  m.height = static_cast<int>(store::row_int(r, 4));
  m.bytes = store::row_int(r, 5);
  m.alt = store::row_text(r, 6);
  m.caption = store::row_text(r, 7);
  m.credit = store::row_text(r, 8);
  m.variants = variants_of(store::row_text(r, 9));
  m.original_name = store::row_text(r, 10);
  if (r.get_indicator(11) == soci::i_ok) m.uploaded_by = store::row_int(r, 11);
  m.created_at = store::row_int(r, 12);
  return m;
}

std::string like_pattern(std::string const& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

Id MediaStore::insert(soci::session& sql, Media const& m, UnixTime now) {
  long long id = 0;
  long long created = now;
  auto variants = variants_json(m.variants);
  long long uploader = m.uploaded_by.value_or(0);
  auto uploader_ind = m.uploaded_by ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO media (file, mime, width, height, bytes, alt, caption, credit, variants,"
         " original_name, uploaded_by, created_at)"
         " VALUES (:f, :m, :w, :h, :b, :a, :c, :cr, :v, :o, :u, :t) RETURNING id",
      soci::use(m.file), soci::use(m.mime), soci::use(m.width), soci::use(m.height),
      soci::use(m.bytes), soci::use(m.alt), soci::use(m.caption), soci::use(m.credit),
      soci::use(variants), soci::use(m.original_name), soci::use(uploader, uploader_ind),
      soci::use(created), soci::into(id);
  return id;
}

std::optional<Media> MediaStore::find(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns << " FROM media WHERE id = :id", soci::use(id));
  for (auto const& r : rows) return media_from(r);
  return std::nullopt;
}

std::vector<Media> MediaStore::list(soci::session& sql, MediaQuery const& q) {
  auto pattern = like_pattern(q.text);
  long long limit = q.per_page, offset = static_cast<long long>(q.page - 1) * q.per_page;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns
                   << " FROM media"
                   // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's
                   // does not.
                   << " WHERE (:t1 = '' OR lower(original_name) LIKE lower(:p1) ESCAPE '\\' OR "
                      "lower(alt) LIKE lower(:p2)"
                      " ESCAPE '\\' OR lower(caption) LIKE lower(:p3) ESCAPE '\\' OR lower(credit) "
                      "LIKE lower(:p4) ESCAPE '\\')"
                      " ORDER BY id DESC LIMIT :l OFFSET :o",
       soci::use(q.text), soci::use(pattern), soci::use(pattern), soci::use(pattern),
       soci::use(pattern), soci::use(limit), soci::use(offset));
  std::vector<Media> out;
  for (auto const& r : rows) out.push_back(media_from(r));
  return out;
}

long long MediaStore::count(soci::session& sql, MediaQuery const& q) {
  auto pattern = like_pattern(q.text);
  long long n = 0;
  sql << "SELECT COUNT(*) FROM media WHERE (:t1 = '' OR lower(original_name) LIKE lower(:p1) "
         "ESCAPE '\\' OR"
         " lower(alt) LIKE lower(:p2) ESCAPE '\\' OR lower(caption) LIKE lower(:p3) ESCAPE '\\' OR "
         "lower(credit) LIKE lower(:p4) ESCAPE "
         "'\\')",
      soci::use(q.text), soci::use(pattern), soci::use(pattern), soci::use(pattern),
      soci::use(pattern), soci::into(n);
  return n;
}

void MediaStore::update_text(soci::session& sql, Id id, std::string const& alt,
                             std::string const& caption, std::string const& credit) {
  sql << "UPDATE media SET alt = :a, caption = :c, credit = :cr WHERE id = :id", soci::use(alt),
      soci::use(caption), soci::use(credit), soci::use(id);
}

ImageUses MediaStore::uses(soci::session& sql, Id id) {
  ImageUses out;
  long long limit = kMaxUsesListed;
  soci::rowset<soci::row> articles =
      (sql.prepare << "SELECT id, title FROM article_images WHERE media_id = :id ORDER BY id"
                      " LIMIT :l",
       soci::use(id), soci::use(limit));
  for (auto const& r : articles)
    out.articles.emplace_back(store::row_int(r, 0), store::row_text(r, 1));
  soci::rowset<soci::row> people =
      (sql.prepare << "SELECT id, name FROM profile_images WHERE media_id = :id ORDER BY id"
                      " LIMIT :l",
       soci::use(id), soci::use(limit));
  for (auto const& r : people)
    out.profiles.emplace_back(store::row_int(r, 0), store::row_text(r, 1));
  return out;
}

void MediaStore::remove(soci::session& sql, Id id) {
  sql << "DELETE FROM media WHERE id = :id", soci::use(id);
}

std::vector<Id> MediaStore::all_ids(soci::session& sql) {
  std::vector<Id> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM media ORDER BY id", soci::into(id));
  st.execute(false);
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace dossier::media
