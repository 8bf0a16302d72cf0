#pragma once

#include <optional>
#include <vector>

#include "publishing/article_texts.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The SQL behind article_texts.hpp (the analyzer's reads of the articles and their links).
class ArticleTextStore {
 public:
  static std::optional<ArticleText> find(soci::session& sql, Id id);
  static std::optional<ArticleLinks> links(soci::session& sql, Id id);
  static std::vector<Id> all_ids(soci::session& sql);
  static Id max_id(soci::session& sql);
  static std::vector<Id> newest_linked(soci::session& sql, ArticleLink link, Id link_id, Id except,
                                       int limit);
};

}  // namespace dossier::publishing
