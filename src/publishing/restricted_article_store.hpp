#pragma once

// The SQL behind restricted_articles.hpp: publishing's own tables (articles,
// article_categories, article_tags, categories) and the authors view auth publishes.

#include <optional>
#include <string>
#include <vector>

#include "publishing/restricted_articles.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

class RestrictedArticleStore {
 public:
  // Newest first; the rows' facts carry no categories or tags yet (terms() fills them).
  static std::vector<RestrictedArticle> newest(soci::session& sql, int limit);
  // By slug or id (exactly one of the two is used: an empty slug means by id).
  static std::optional<RestrictedArticle> one(soci::session& sql, std::string const& slug, Id id);
  // Fills the category and tag ids of the given articles' facts.
  static void terms(soci::session& sql, std::vector<RestrictedArticle>& articles);
};

}  // namespace dossier::publishing
