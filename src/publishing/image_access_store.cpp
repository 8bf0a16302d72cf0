#include "publishing/image_access_store.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_store.hpp"
#include "store/dialect.hpp"
#include "store/row.hpp"

namespace dossier::publishing {

namespace {
// Whether `haystack` holds `needle`, in each engine's words (SQLite's instr, PostgreSQL's
// strpos: LIKE would read _ and % in a file name as wildcards): the one SQL difference here.
std::string holds(soci::session& sql, char const* haystack, char const* needle) {
  return fmt::format("{}({}, {}) > 0", store::is_postgres(sql) ? "strpos" : "instr", haystack,
                     needle);
}
}  // namespace

std::optional<Id> ImageAccessStore::image_of(soci::session& sql, std::string const& file) {
  long long id = 0;
  sql << "SELECT id FROM images WHERE file = :f", soci::use(file), soci::into(id);
  if (sql.got_data()) return id;
  // A variant: its name is a JSON string in the original's list (media_store.cpp).
  std::string quoted = "\"" + file + "\"";
  sql << "SELECT id FROM images WHERE " + holds(sql, "variants", ":q") + " LIMIT 1",
      soci::use(quoted), soci::into(id);
  if (sql.got_data()) return id;
  return std::nullopt;
}

std::vector<AccessFacts> ImageAccessStore::restricted_showing(soci::session& sql, Id image,
                                                              std::string const& file) {
  // The (status, visibility, id) index holds the few restricted articles; each is read once.
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, status, visibility, published_at FROM articles"
                      " WHERE status IN ('draft', 'scheduled', 'published')"
                      " AND visibility IN ('subscribers', 'clients')"
                      " AND (hero_media_id = :image OR "
                   << holds(sql, "body_markdown", ":file") << ")",
       soci::use(image, "image"), soci::use(file, "file"));
  std::vector<AccessFacts> out;
  for (auto const& r : rows) {
    AccessFacts f;
    f.id = store::row_int(r, 0);
    f.status = parse_status(store::row_text(r, 1)).value_or(ArticleStatus::Draft);
    f.visibility = parse_visibility(store::row_text(r, 2)).value_or(Visibility::Clients);
    if (r.get_indicator(3) == soci::i_ok) f.published_at = store::row_int(r, 3);
    out.push_back(std::move(f));
  }
  for (auto& f : out) {
    for (auto const& c : ArticleStore::categories_of(sql, f.id)) f.category_ids.push_back(c.id);
    for (auto const& t : ArticleStore::tags_of(sql, f.id)) f.tag_ids.push_back(t.id);
  }
  return out;
}

bool ImageAccessStore::public_hero(soci::session& sql, Id image) {
  int found = 0;
  sql << "SELECT EXISTS (SELECT 1 FROM articles WHERE hero_media_id = :image"
         " AND status = 'published' AND visibility = 'public')",
      soci::use(image), soci::into(found);
  return found != 0;
}

}  // namespace dossier::publishing
