#include "publishing/public_articles.hpp"

#include <map>

#include "publishing/article_store.hpp"
#include "publishing/public_article_store.hpp"
#include "publishing/taxonomy_store.hpp"

namespace dossier::publishing {

std::vector<PublicEntry> newest_public(soci::session& sql, NewestQuery const& q) {
  auto entries = PublicArticleStore::newest(sql, q);
  if (entries.empty()) return entries;
  // Two queries for the whole list, not two an entry.
  std::map<Id, PublicEntry*> by_id;
  std::vector<Id> ids;
  for (auto& e : entries) {
    by_id[e.id] = &e;
    ids.push_back(e.id);
  }
  for (auto& [article, term] : PublicArticleStore::categories_of(sql, ids))
    by_id.at(article)->categories.push_back(std::move(term));
  for (auto& [article, term] : PublicArticleStore::tags_of(sql, ids))
    by_id.at(article)->tags.push_back(std::move(term));
  return entries;
}

std::vector<PublicHeadline> public_published_between(soci::session& sql, UnixTime from, UnixTime to,
                                                     int limit) {
  return PublicArticleStore::published_between(sql, from, to, limit);
}

std::optional<UnixTime> newest_public_published_at(soci::session& sql) {
  return PublicArticleStore::newest_published(sql);
}

std::optional<Id> next_public_id(soci::session& sql, Id after) {
  return PublicArticleStore::next_id(sql, after);
}

std::vector<PublicLink> public_id_range(soci::session& sql, Id first, Id last) {
  return PublicArticleStore::id_range(sql, first, last);
}

std::vector<PublicLink> public_pages(soci::session& sql, int limit) {
  return PublicArticleStore::pages(sql, limit);
}

std::vector<PublicLink> public_archives(soci::session& sql, ArchiveKind kind, int limit) {
  return PublicArticleStore::archives(sql, kind, limit);
}

std::optional<Category> archive_category(soci::session& sql, std::string const& slug) {
  return TaxonomyStore::find_category(sql, slug);
}

std::optional<Tag> archive_tag(soci::session& sql, std::string const& slug) {
  return TaxonomyStore::find_tag(sql, slug);
}

std::optional<Author> archive_author(soci::session& sql, std::string const& slug) {
  return TaxonomyStore::find_author(sql, slug);
}

std::optional<PublicText> public_text(soci::session& sql, Id id) {
  return PublicArticleStore::text(sql, id);
}

std::vector<ArticleSummary> public_summaries(soci::session& sql, std::vector<Id> const& ids) {
  return PublicArticleStore::summaries(sql, ids);
}

std::vector<CategoryCount> category_counts(soci::session& sql, std::vector<Id> const& ids,
                                           int limit) {
  return PublicArticleStore::category_counts(sql, ids, limit);
}

std::optional<PublicAddress> public_address(soci::session& sql, Id id) {
  return PublicArticleStore::address(sql, id);
}

std::optional<std::string> archive_slug(soci::session& sql, ArchiveKind kind, Id id) {
  return PublicArticleStore::slug_by_id(sql, kind, id);
}

std::optional<Id> category_id(soci::session& sql, std::string const& slug) {
  return PublicArticleStore::id_by_slug(sql, PublicArticleStore::SlugTable::Categories, slug);
}

std::optional<Id> tag_id(soci::session& sql, std::string const& slug) {
  return PublicArticleStore::id_by_slug(sql, PublicArticleStore::SlugTable::Tags, slug);
}

std::optional<Id> author_id(soci::session& sql, std::string const& slug) {
  return PublicArticleStore::id_by_slug(sql, PublicArticleStore::SlugTable::Authors, slug);
}

std::optional<Id> article_id(soci::session& sql, std::string const& slug) {
  auto a = ArticleStore::find_by_slug(sql, slug);
  if (!a) return std::nullopt;
  return a->id;
}

}  // namespace dossier::publishing
