#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "publishing/article.hpp"
#include "publishing/events.hpp"
#include "publishing/taxonomy.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The SQL condition (articles aliased "a") for what anyone may read: the only articles the
// public site, its feeds and its sitemaps ever list.
constexpr char const* kPublicFilter = "a.status = 'published' AND a.visibility = 'public'";

// The articles' SQL. Every call takes the caller's session so a service can group several
// calls in one transaction. Statements use only SQL that SQLite and PostgreSQL share.
class ArticleStore {
 public:
  static Id insert(soci::session& sql, ArticleInput const& in, std::string const& body_html,
                   int word_count, UnixTime now);
  static void update(soci::session& sql, Id id, ArticleInput const& in,
                     std::string const& body_html, int word_count, UnixTime now);
  static void set_links(soci::session& sql, Id id, std::vector<Id> const& category_ids,
                        std::vector<Id> const& tag_ids, std::optional<UnixTime> published_at);
  static void remember_old_slug(soci::session& sql, Id id, std::string const& old_slug);
  // An article's removal, in two steps so the search hook can run between them: made a draft
  // (no reader can see it: the index takes its words away), then deleted (the schema's
  // ON DELETE CASCADE takes its revisions, links, comments and analysis).
  static void make_draft(soci::session& sql, Id id);
  static void erase(soci::session& sql, Id id);

  static std::optional<Article> find_by_slug(soci::session& sql, std::string const& slug);
  static std::optional<Article> find_by_id(soci::session& sql, Id id);
  static bool slug_taken(soci::session& sql, std::string const& slug, Id except_id);
  // The current slug of a published, public article that was once reachable at old_slug.
  static std::optional<std::string> find_renamed(soci::session& sql, std::string const& old_slug);

  // Keeps listing_counts right: -1 for where an article was listed, +1 for where it is now.
  // Call in the transaction that changes the article.
  static void adjust_counts(soci::session& sql, ArticlePlacement const& where, int delta);
  // Recounts every listing from the articles (after bulk loads).
  static void rebuild_counts(soci::session& sql);

  static std::vector<ArticleSummary> list_published(soci::session& sql, ListQuery const& q);
  static long long count_published(soci::session& sql, ListQuery const& q);
  // Summaries of the given articles (any state: callers choose the ids), newest first.
  static std::vector<ArticleSummary> summaries(soci::session& sql, std::vector<Id> const& ids);
  static std::vector<ArticleSummary> most_commented(soci::session& sql, int limit);
  // Published articles sharing a category or tag with `id`, newest first. Reads at most
  // `limit + 1` rows per category and tag (their link-table index heads), so the cost does
  // not grow with the size of those archives.
  static std::vector<ArticleSummary> newest_sharing(soci::session& sql, Id id,
                                                    std::vector<Id> const& category_ids,
                                                    std::vector<Id> const& tag_ids, int limit);

  static std::vector<Category> categories_of(soci::session& sql, Id id);
  static std::vector<Tag> tags_of(soci::session& sql, Id id);

  // The columns other folders keep on an article, behind publishing/article_counters.hpp.
  static void add_to_comment_count(soci::session& sql, Id id, int delta);
  // nullopt when there is no such article.
  static std::optional<bool> comments_closed(soci::session& sql, Id id);
  // Returns whether the article exists (and so was changed).
  static bool set_comments_closed(soci::session& sql, Id id, bool closed);
  // Title, slug and author of one article in any state.
  static std::optional<std::tuple<std::string, std::string, Id>> title_slug_author(
      soci::session& sql, Id id);
};

}  // namespace dossier::publishing
