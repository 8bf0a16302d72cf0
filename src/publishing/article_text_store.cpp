#include "publishing/article_text_store.hpp"

#include <soci/soci.h>

namespace dossier::publishing {

std::optional<ArticleText> ArticleTextStore::find(soci::session& sql, Id id) {
  ArticleText out;
  std::string kind;
  long long published = 0;
  soci::indicator published_ind = soci::i_null;
  sql << "SELECT title, dek, body_markdown, published_at, kind FROM articles WHERE id = :id",
      soci::use(id), soci::into(out.title), soci::into(out.dek), soci::into(out.body_markdown),
      soci::into(published, published_ind), soci::into(kind);
  if (!sql.got_data()) return std::nullopt;
  out.id = id;
  out.kind = parse_kind(kind).value_or(ArticleKind::News);
  if (published_ind == soci::i_ok) out.published_at = published;
  return out;
}

std::optional<ArticleLinks> ArticleTextStore::links(soci::session& sql, Id id) {
  ArticleLinks out;
  long long published = 0;
  soci::indicator published_ind = soci::i_null;
  sql << "SELECT title, published_at FROM articles WHERE id = :id", soci::use(id),
      soci::into(out.title), soci::into(published, published_ind);
  if (!sql.got_data()) return std::nullopt;
  out.id = id;
  if (published_ind == soci::i_ok) out.published_at = published;
  soci::rowset<long long> tags =
      (sql.prepare << "SELECT tag_id FROM article_tags WHERE article_id = :a", soci::use(id));
  for (auto t : tags) out.tag_ids.push_back(t);
  soci::rowset<long long> categories =
      (sql.prepare << "SELECT category_id FROM article_categories WHERE article_id = :a",
       soci::use(id));
  for (auto c : categories) out.category_ids.push_back(c);
  return out;
}

std::vector<Id> ArticleTextStore::all_ids(soci::session& sql) {
  std::vector<Id> out;
  soci::rowset<long long> rows = (sql.prepare << "SELECT id FROM articles ORDER BY id");
  for (auto id : rows) out.push_back(id);
  return out;
}

Id ArticleTextStore::max_id(soci::session& sql) {
  long long id = 1;
  sql << "SELECT COALESCE(MAX(id), 1) FROM articles", soci::into(id);
  return id;
}

std::vector<Id> ArticleTextStore::newest_linked(soci::session& sql, ArticleLink link, Id link_id,
                                                Id except, int limit) {
  // Two fixed statements, one per link table: the table's name is never built from a value.
  auto const* query = link == ArticleLink::Tag
                          ? "SELECT article_id FROM article_tags WHERE tag_id = :l AND"
                            " article_id <> :a ORDER BY published_at DESC LIMIT :t"
                          : "SELECT article_id FROM article_categories WHERE category_id = :l"
                            " AND article_id <> :a ORDER BY published_at DESC LIMIT :t";
  long long take = limit;
  std::vector<Id> out;
  soci::rowset<long long> rows =
      (sql.prepare << query, soci::use(link_id), soci::use(except), soci::use(take));
  for (auto id : rows) out.push_back(id);
  return out;
}

}  // namespace dossier::publishing
