#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/taxonomy.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// SQL for categories, tags and the authors' public profiles.
class TaxonomyStore {
 public:
  static std::vector<Category> all_categories(soci::session& sql);
  static std::optional<Category> find_category(soci::session& sql, std::string const& slug);
  static Id insert_category(soci::session& sql, Category const& c);

  static std::optional<Tag> find_tag(soci::session& sql, std::string const& slug);
  static Id insert_tag(soci::session& sql, Tag const& t);

  // The newsroom's management of categories and tags.
  enum class Kind { Category, Tag };
  // Every id (ascending) or slug of the authors, categories or tags: for the corpus generator,
  // which tops them up and files generated articles under them.
  enum class Terms { Authors, Categories, Tags };
  static std::vector<Id> all_ids(soci::session& sql, Terms terms);
  static std::vector<std::string> all_slugs(soci::session& sql, Terms terms);
  static std::optional<Category> category_by_id(soci::session& sql, Id id);
  static std::optional<Tag> tag_by_id(soci::session& sql, Id id);
  static void update_category(soci::session& sql, Category const& c);
  static void update_tag(soci::session& sql, Tag const& t);
  static void delete_category(soci::session& sql, Id id);
  static void delete_tag(soci::session& sql, Id id);
  static bool slug_taken(soci::session& sql, Kind kind, std::string const& slug, Id except_id);
  // Articles linked to a category or tag, in any state (deleting one would unlink them).
  static long long article_count(soci::session& sql, Kind kind, Id id);
  static long long child_count(soci::session& sql, Id category_id);
  static std::vector<Tag> tags(soci::session& sql, std::string const& name_contains, int limit);
  // Old slugs answer with a 301 to the current one.
  static void remember_slug(soci::session& sql, Kind kind, std::string const& old_slug, Id id);
  static std::optional<Id> renamed(soci::session& sql, Kind kind, std::string const& old_slug);

  static std::optional<Author> find_author(soci::session& sql, std::string const& slug);
  static std::optional<Author> author_by_id(soci::session& sql, Id id);
  static Id insert_author(soci::session& sql, Author const& a, std::string const& email,
                          UnixTime now);
};

}  // namespace dossier::publishing
