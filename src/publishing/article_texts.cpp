#include "publishing/article_texts.hpp"

#include "publishing/article_store.hpp"
#include "publishing/article_text_store.hpp"

namespace dossier::publishing {

std::optional<ArticleText> article_text(soci::session& sql, Id id) {
  return ArticleTextStore::find(sql, id);
}

std::optional<ArticleLinks> article_links(soci::session& sql, Id id) {
  return ArticleTextStore::links(sql, id);
}

std::vector<Id> all_article_ids(soci::session& sql) {
  return ArticleTextStore::all_ids(sql);
}

Id newest_article_id(soci::session& sql) {
  return ArticleTextStore::max_id(sql);
}

std::vector<Id> newest_linked(soci::session& sql, ArticleLink link, Id link_id, Id except,
                              int limit) {
  return ArticleTextStore::newest_linked(sql, link, link_id, except, limit);
}

std::vector<ArticleSummary> article_summaries(soci::session& sql, std::vector<Id> const& ids) {
  return ArticleStore::summaries(sql, ids);
}

}  // namespace dossier::publishing
