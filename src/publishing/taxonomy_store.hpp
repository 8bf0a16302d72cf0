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

  static std::optional<Author> find_author(soci::session& sql, std::string const& slug);
  static std::optional<Author> author_by_id(soci::session& sql, Id id);
  static Id insert_author(soci::session& sql, Author const& a, std::string const& email,
                          UnixTime now);
};

}  // namespace dossier::publishing
