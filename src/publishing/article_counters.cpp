#include "publishing/article_counters.hpp"

#include "publishing/article_store.hpp"

namespace dossier::publishing {

void add_to_comment_count(soci::session& sql, Id article_id, int delta) {
  if (delta != 0) ArticleStore::add_to_comment_count(sql, article_id, delta);
}

std::optional<bool> comments_closed(soci::session& sql, Id article_id) {
  return ArticleStore::comments_closed(sql, article_id);
}

bool set_comments_closed(soci::session& sql, Id article_id, bool closed) {
  return ArticleStore::set_comments_closed(sql, article_id, closed);
}

std::optional<ArticlePlacement> placement(soci::session& sql, Id article_id) {
  auto a = ArticleStore::find_by_id(sql, article_id);
  if (!a) return std::nullopt;
  ArticlePlacement p;
  p.is_public = a->status == ArticleStatus::Published && a->visibility == Visibility::Public;
  p.kind = a->kind;
  p.author_id = a->author_id;
  for (auto const& c : ArticleStore::categories_of(sql, a->id)) p.category_ids.push_back(c.id);
  for (auto const& t : ArticleStore::tags_of(sql, a->id)) p.tag_ids.push_back(t.id);
  return p;
}

std::map<Id, ArticleRef> article_refs(soci::session& sql, std::vector<Id> const& ids) {
  std::map<Id, ArticleRef> out;
  for (auto id : ids) {
    if (out.contains(id)) continue;  // a page of comments names few articles, many times
    if (auto row = ArticleStore::title_slug_author(sql, id))
      out.emplace(id, ArticleRef{std::get<0>(*row), std::get<1>(*row), std::get<2>(*row)});
  }
  return out;
}

}  // namespace dossier::publishing
