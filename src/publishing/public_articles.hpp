#pragma once

// Publishing's named read API for the folders that show public articles elsewhere (feeds,
// sitemaps, search). They call these functions and never name publishing's tables: what
// "public" means is decided here and in the `public_articles` view (migration 0009), once.
// Every function takes the caller's session, so a caller can read several in one snapshot.
// The SQL is in public_article_store.cpp.

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"
#include "publishing/taxonomy.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// Whose public articles a list holds.
enum class PublicScope { Site, Category, Tag, Author };

// The archives that can list public articles: a category's, a tag's, an author's.
enum class ArchiveKind { Category, Tag, Author };

struct PublicTerm {
  std::string slug;
  std::string name;
};

// An article's hero image as a file (feeds announce it as an enclosure).
struct PublicImage {
  std::string file;  // relative to the media folder
  std::string mime;
  long long bytes = 0;
};

// One article of a list of the newest public articles.
struct PublicEntry {
  Id id = 0;
  std::string slug;
  std::string title;
  std::string dek;
  std::string body_html;  // empty unless the list was asked for bodies
  UnixTime published_at = 0;
  UnixTime updated_at = 0;  // never before published_at
  std::string author_name;
  std::string author_slug;
  std::vector<PublicTerm> categories;  // primary first
  std::vector<PublicTerm> tags;        // by name
  std::optional<PublicImage> hero;
};

struct NewestQuery {
  PublicScope scope = PublicScope::Site;
  Id scope_id = 0;  // the category, tag or author; unused for the site
  int limit = 20;
  bool with_bodies = false;  // lists without bodies never read them
};

struct PublicHeadline {
  std::string slug;
  std::string title;
  UnixTime published_at = 0;
};

// Something a reader can visit, with the time it last changed: an article or page (its
// update, never before its publication), or an archive (its newest public article).
struct PublicLink {
  std::string slug;
  UnixTime modified_at = 0;
};

// What a search index holds of one public article.
struct PublicText {
  std::string title;
  std::string dek;
  std::string author_name;
  Id author_id = 0;
  ArticleKind kind = ArticleKind::News;
  std::string body_markdown;
  std::vector<Id> category_ids;
  std::vector<Id> tag_ids;
  std::vector<std::string> term_names;  // its categories' names, then its tags'
};

// A category with the number of the given articles it holds.
struct CategoryCount {
  std::string slug;
  std::string name;
  long long count = 0;
};

// Lists of public articles, pages excepted. Each reads one index range and stops at its
// limit, so none grows with the archive (tests/publishing/public_article_store_test.cpp
// reads their SQLite plans).

// The newest public articles of one scope, newest first, each with its categories, tags
// and hero image.
std::vector<PublicEntry> newest_public(soci::session& sql, NewestQuery const& q);
// Public articles published in [from, to], newest first.
std::vector<PublicHeadline> public_published_between(soci::session& sql, UnixTime from, UnixTime to,
                                                     int limit);
// The publication time of the newest public article.
std::optional<UnixTime> newest_public_published_at(soci::session& sql);
// The smallest id above `after` of a public article.
std::optional<Id> next_public_id(soci::session& sql, Id after);
// Public articles with first <= id <= last, by id.
std::vector<PublicLink> public_id_range(soci::session& sql, Id first, Id last);

// Public static pages (kind = page), by id.
std::vector<PublicLink> public_pages(soci::session& sql, int limit);
// The archives of `kind` that list at least one public article, by slug; an author's only
// while the author is active (the site shows no page for others).
std::vector<PublicLink> public_archives(soci::session& sql, ArchiveKind kind, int limit);

// An archive's subject by slug (nullopt when there is none); an author only when active.
std::optional<Category> archive_category(soci::session& sql, std::string const& slug);
std::optional<Tag> archive_tag(soci::session& sql, std::string const& slug);
std::optional<Author> archive_author(soci::session& sql, std::string const& slug);

// For search. An article's text when it is public (pages included), nullopt otherwise.
std::optional<PublicText> public_text(soci::session& sql, Id id);
// Summaries of those of `ids` that are public, newest first.
std::vector<ArticleSummary> public_summaries(soci::session& sql, std::vector<Id> const& ids);
// The categories of the given articles with how many of them each holds, most first (then
// by name), at most `limit`. It counts the ids it is given and reads no article: callers give
// public ones (search, the matches of its window, which joined public_articles).
std::vector<CategoryCount> category_counts(soci::session& sql, std::vector<Id> const& ids,
                                           int limit);
// Where a thing now lives, by id, for the old site's addresses (wordpress/legacy_url_handler):
// an article's or page's current slug and kind when it is public (nullopt otherwise: its page
// is a 404, so nothing may redirect to it), and an archive's subject's current slug under the
// same rule as archive_category, archive_tag and archive_author.
struct PublicAddress {
  std::string slug;
  ArticleKind kind = ArticleKind::News;
};
std::optional<PublicAddress> public_address(soci::session& sql, Id id);
std::optional<std::string> archive_slug(soci::session& sql, ArchiveKind kind, Id id);
// The id of the category, tag or author (any status) with this slug.
std::optional<Id> category_id(soci::session& sql, std::string const& slug);
std::optional<Id> tag_id(soci::session& sql, std::string const& slug);
std::optional<Id> author_id(soci::session& sql, std::string const& slug);
// The id of the article (any state, any visibility) with this slug: for the newsroom's and the
// CLI's tools (a grant names a report before it is published), never for a reader's page.
std::optional<Id> article_id(soci::session& sql, std::string const& slug);

}  // namespace dossier::publishing
