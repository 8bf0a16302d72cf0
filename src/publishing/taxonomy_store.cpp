#include "publishing/taxonomy_store.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "auth/authors.hpp"

namespace dossier::publishing {

namespace {

constexpr char const* kCategoryColumns =
    "SELECT id, parent_id, slug, name, description, position FROM categories ";

}  // namespace

std::vector<Category> TaxonomyStore::all_categories(soci::session& sql) {
  std::vector<Category> out;
  Category c;
  long long parent = 0;
  soci::indicator ind = soci::i_null;
  soci::statement st = (sql.prepare << std::string(kCategoryColumns) + "ORDER BY position, name",
                        soci::into(c.id), soci::into(parent, ind), soci::into(c.slug),
                        soci::into(c.name), soci::into(c.description), soci::into(c.position));
  st.execute(false);
  while (st.fetch()) {
    c.parent_id = ind == soci::i_ok ? std::optional<Id>(parent) : std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::optional<Category> TaxonomyStore::find_category(soci::session& sql, std::string const& slug) {
  Category c;
  long long parent = 0;
  soci::indicator ind = soci::i_null;
  sql << std::string(kCategoryColumns) + "WHERE slug = :s", soci::use(slug), soci::into(c.id),
      soci::into(parent, ind), soci::into(c.slug), soci::into(c.name), soci::into(c.description),
      soci::into(c.position);
  if (!sql.got_data()) return std::nullopt;
  if (ind == soci::i_ok) c.parent_id = parent;
  return c;
}

Id TaxonomyStore::insert_category(soci::session& sql, Category const& c) {
  long long id = 0;
  long long parent = c.parent_id.value_or(0);
  auto ind = c.parent_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO categories (parent_id, slug, name, description, position)"
         " VALUES (:p, :s, :n, :d, :o) RETURNING id",
      soci::use(parent, ind), soci::use(c.slug), soci::use(c.name), soci::use(c.description),
      soci::use(c.position), soci::into(id);
  return id;
}

std::optional<Tag> TaxonomyStore::find_tag(soci::session& sql, std::string const& slug) {
  Tag t;
  sql << "SELECT id, slug, name FROM tags WHERE slug = :s", soci::use(slug), soci::into(t.id),
      soci::into(t.slug), soci::into(t.name);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

Id TaxonomyStore::insert_tag(soci::session& sql, Tag const& t) {
  long long id = 0;
  sql << "INSERT INTO tags (slug, name) VALUES (:s, :n) RETURNING id", soci::use(t.slug),
      soci::use(t.name), soci::into(id);
  return id;
}

namespace {

char const* kind_name(TaxonomyStore::Kind kind) {
  return kind == TaxonomyStore::Kind::Category ? "category" : "tag";
}

}  // namespace

std::optional<Category> TaxonomyStore::category_by_id(soci::session& sql, Id id) {
  Category c;
  long long parent = 0;
  soci::indicator ind = soci::i_null;
  sql << std::string(kCategoryColumns) + "WHERE id = :id", soci::use(id), soci::into(c.id),
      soci::into(parent, ind), soci::into(c.slug), soci::into(c.name), soci::into(c.description),
      soci::into(c.position);
  if (!sql.got_data()) return std::nullopt;
  if (ind == soci::i_ok) c.parent_id = parent;
  return c;
}

std::optional<Tag> TaxonomyStore::tag_by_id(soci::session& sql, Id id) {
  Tag t;
  sql << "SELECT id, slug, name FROM tags WHERE id = :id", soci::use(id), soci::into(t.id),
      soci::into(t.slug), soci::into(t.name);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

void TaxonomyStore::update_category(soci::session& sql, Category const& c) {
  long long parent = c.parent_id.value_or(0);
  auto ind = c.parent_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE categories SET parent_id = :p, slug = :s, name = :n, description = :d,"
         " position = :o WHERE id = :id",
      soci::use(parent, ind), soci::use(c.slug), soci::use(c.name), soci::use(c.description),
      soci::use(c.position), soci::use(c.id);
}

void TaxonomyStore::update_tag(soci::session& sql, Tag const& t) {
  sql << "UPDATE tags SET slug = :s, name = :n WHERE id = :id", soci::use(t.slug),
      soci::use(t.name), soci::use(t.id);
}

void TaxonomyStore::delete_category(soci::session& sql, Id id) {
  std::string kind = "category";
  sql << "DELETE FROM taxonomy_slugs WHERE kind = :k AND target_id = :id", soci::use(kind),
      soci::use(id);
  sql << "DELETE FROM listing_counts WHERE scope = 'category' AND scope_id = :id", soci::use(id);
  sql << "DELETE FROM categories WHERE id = :id", soci::use(id);
}

void TaxonomyStore::delete_tag(soci::session& sql, Id id) {
  std::string kind = "tag";
  sql << "DELETE FROM taxonomy_slugs WHERE kind = :k AND target_id = :id", soci::use(kind),
      soci::use(id);
  sql << "DELETE FROM listing_counts WHERE scope = 'tag' AND scope_id = :id", soci::use(id);
  sql << "DELETE FROM tags WHERE id = :id", soci::use(id);
}

bool TaxonomyStore::slug_taken(soci::session& sql, Kind kind, std::string const& slug,
                               Id except_id) {
  long long n = 0;
  if (kind == Kind::Category)
    sql << "SELECT COUNT(*) FROM categories WHERE slug = :s AND id <> :id", soci::use(slug),
        soci::use(except_id), soci::into(n);
  else
    sql << "SELECT COUNT(*) FROM tags WHERE slug = :s AND id <> :id", soci::use(slug),
        soci::use(except_id), soci::into(n);
  return n > 0;
}

long long TaxonomyStore::article_count(soci::session& sql, Kind kind, Id id) {
  long long n = 0;
  if (kind == Kind::Category)
    sql << "SELECT COUNT(*) FROM article_categories WHERE category_id = :id", soci::use(id),
        soci::into(n);
  else
    sql << "SELECT COUNT(*) FROM article_tags WHERE tag_id = :id", soci::use(id), soci::into(n);
  return n;
}

long long TaxonomyStore::child_count(soci::session& sql, Id category_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM categories WHERE parent_id = :id", soci::use(category_id),
      soci::into(n);
  return n;
}

std::vector<Tag> TaxonomyStore::tags(soci::session& sql, std::string const& name_contains,
                                     int limit) {
  std::vector<Tag> out;
  Tag t;
  long long l = limit;
  std::string pattern = "%";
  for (char c : name_contains) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += "%";
  soci::statement st =
      (sql.prepare << "SELECT id, slug, name FROM tags WHERE lower(name) LIKE lower(:p) ESCAPE '\\'"
                      " ORDER BY lower(name) LIMIT :l",
       soci::use(pattern), soci::use(l), soci::into(t.id), soci::into(t.slug), soci::into(t.name));
  st.execute(false);
  while (st.fetch()) out.push_back(t);
  return out;
}

void TaxonomyStore::remember_slug(soci::session& sql, Kind kind, std::string const& old_slug,
                                  Id id) {
  std::string k = kind_name(kind);
  sql << "DELETE FROM taxonomy_slugs WHERE kind = :k AND slug = :s", soci::use(k),
      soci::use(old_slug);
  sql << "INSERT INTO taxonomy_slugs (kind, slug, target_id) VALUES (:k, :s, :id)", soci::use(k),
      soci::use(old_slug), soci::use(id);
}

std::optional<Id> TaxonomyStore::renamed(soci::session& sql, Kind kind,
                                         std::string const& old_slug) {
  std::string k = kind_name(kind);
  long long id = 0;
  sql << "SELECT target_id FROM taxonomy_slugs WHERE kind = :k AND slug = :s", soci::use(k),
      soci::use(old_slug), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::optional<Author> TaxonomyStore::find_author(soci::session& sql, std::string const& slug) {
  Author a;
  soci::indicator file_ind = soci::i_null, alt_ind = soci::i_null, w_ind = soci::i_null,
                  h_ind = soci::i_null;
  sql << "SELECT u.id, u.slug, u.name, u.bio, u.role, m.file, m.alt, m.width, m.height"
         " FROM authors u LEFT JOIN images m ON m.id = u.photo_media_id"
         " WHERE u.slug = :s AND u.status = 'active'",
      soci::use(slug), soci::into(a.id), soci::into(a.slug), soci::into(a.name), soci::into(a.bio),
      soci::into(a.role), soci::into(a.photo_file, file_ind), soci::into(a.photo_alt, alt_ind),
      soci::into(a.photo_width, w_ind), soci::into(a.photo_height, h_ind);
  if (!sql.got_data()) return std::nullopt;
  if (file_ind != soci::i_ok) a.photo_file.clear();
  return a;
}

std::optional<Author> TaxonomyStore::author_by_id(soci::session& sql, Id id) {
  Author a;
  sql << "SELECT id, slug, name, bio, role FROM authors WHERE id = :id", soci::use(id),
      soci::into(a.id), soci::into(a.slug), soci::into(a.name), soci::into(a.bio),
      soci::into(a.role);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

Id TaxonomyStore::insert_author(soci::session& sql, Author const& a, std::string const& email,
                                UnixTime now) {
  // Authors are auth's users: the row is written by auth, asked by name.
  return auth::add_byline(sql, {a.slug, a.name, a.bio, a.role, email}, now);
}

namespace {

// The statements name fixed relations only; `authors` is the view auth publishes.
char const* relation_of(TaxonomyStore::Terms terms) {
  switch (terms) {
    case TaxonomyStore::Terms::Authors: return "authors";
    case TaxonomyStore::Terms::Categories: return "categories";
    case TaxonomyStore::Terms::Tags: return "tags";
  }
  return "tags";
}

}  // namespace

std::vector<Id> TaxonomyStore::all_ids(soci::session& sql, Terms terms) {
  std::vector<Id> out;
  long long id = 0;
  soci::statement st =
      (sql.prepare << fmt::format("SELECT id FROM {} ORDER BY id", relation_of(terms)),
       soci::into(id));
  st.execute(false);
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<std::string> TaxonomyStore::all_slugs(soci::session& sql, Terms terms) {
  std::vector<std::string> out;
  std::string slug;
  soci::statement st =
      (sql.prepare << fmt::format("SELECT slug FROM {}", relation_of(terms)), soci::into(slug));
  st.execute(false);
  while (st.fetch()) out.push_back(slug);
  return out;
}

}  // namespace dossier::publishing
