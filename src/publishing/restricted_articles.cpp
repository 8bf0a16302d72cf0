#include "publishing/restricted_articles.hpp"

#include "publishing/restricted_article_store.hpp"

namespace dossier::publishing {

std::vector<RestrictedArticle> restricted_published(soci::session& sql, int limit) {
  auto out = RestrictedArticleStore::newest(sql, limit);
  RestrictedArticleStore::terms(sql, out);
  return out;
}

std::optional<RestrictedArticle> restricted_by_slug(soci::session& sql, std::string const& slug) {
  if (slug.empty()) return std::nullopt;
  return RestrictedArticleStore::one(sql, slug, 0);
}

std::optional<RestrictedArticle> restricted_by_id(soci::session& sql, Id id) {
  if (id <= 0) return std::nullopt;
  return RestrictedArticleStore::one(sql, "", id);
}

}  // namespace dossier::publishing
