#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/public_articles.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The SQL behind public_articles.hpp. Every query reads the `public_articles` view
// (migration 0009), and authors and images through the views their owners publish
// (`authors`, `images`: migration 0014). SQLite flattens views into the query, so each list
// is one index range of articles (or of a link table) that stops at its limit; the EXPLAIN
// QUERY PLAN test holds them to it (tests/publishing/public_article_store_test.cpp). Pages
// (kind = page) are left out of every list but `pages`. `categories_of` and `tags_of` give
// the terms of a whole list at once.
class PublicArticleStore {
 public:
  // Newest first, without categories and tags.
  static std::vector<PublicEntry> newest(soci::session& sql, NewestQuery const& q);
  // The categories (primary first) and tags (by name) of the given articles, as
  // (article id, term) pairs ordered by article.
  static std::vector<std::pair<Id, PublicTerm>> categories_of(soci::session& sql,
                                                              std::vector<Id> const& ids);
  static std::vector<std::pair<Id, PublicTerm>> tags_of(soci::session& sql,
                                                        std::vector<Id> const& ids);
  static std::vector<PublicHeadline> published_between(soci::session& sql, UnixTime from,
                                                       UnixTime to, int limit);
  static std::optional<UnixTime> newest_published(soci::session& sql);
  static std::optional<Id> next_id(soci::session& sql, Id after);
  static std::vector<PublicLink> id_range(soci::session& sql, Id first, Id last);
  static std::vector<PublicLink> pages(soci::session& sql, int limit);
  static std::vector<PublicLink> archives(soci::session& sql, ArchiveKind kind, int limit);

  // Search's reads: one article's text, summaries of public articles, category counts, and
  // the ids behind slugs.
  static std::optional<PublicText> text(soci::session& sql, Id id);
  static std::vector<ArticleSummary> summaries(soci::session& sql, std::vector<Id> const& ids);
  static std::vector<CategoryCount> category_counts(soci::session& sql, std::vector<Id> const& ids,
                                                    int limit);
  enum class SlugTable { Categories, Tags, Authors };
  static std::optional<Id> id_by_slug(soci::session& sql, SlugTable table, std::string const& slug);

  // The old site's redirects: a public article's slug and kind, an archive subject's slug
  // (an author's only while active), each by id through its primary key.
  static std::optional<PublicAddress> address(soci::session& sql, Id id);
  static std::optional<std::string> slug_by_id(soci::session& sql, ArchiveKind kind, Id id);

  // Every list query above as it is sent, with sample parameters, so a test can ask the
  // engine for its plan.
  struct PlannedQuery {
    std::string name;
    std::string sql;
    std::vector<long long> params;  // bound by position to ?1, ?2 ...
  };
  static std::vector<PlannedQuery> planned_queries();
};

}  // namespace dossier::publishing
