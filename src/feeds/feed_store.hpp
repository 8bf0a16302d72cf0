#pragma once

#include <optional>
#include <string>
#include <vector>

#include "feeds/feed.hpp"

namespace soci {
class session;
}

namespace dossier::feeds {

// Which entries a feed lists: the newest `limit` public articles of one scope.
struct FeedQuery {
  Scope scope = Scope::Site;
  Id scope_id = 0;
  int limit = 20;
  FeedContent content = FeedContent::Excerpt;
};

// The SQL of feeds and sitemaps. Every list query reads one index range of articles (or of
// a link table) and stops at its limit, so none grows with the size of the archive; the
// EXPLAIN QUERY PLAN test holds them to it (tests/feeds/feed_store_test.cpp). Only
// published, public articles appear, and pages (kind = page) only in the pages sitemap.
class FeedStore {
 public:
  // Newest first, each with its categories, tags and hero image.
  static std::vector<FeedEntry> newest(soci::session& sql, FeedQuery const& q);
  // Articles published in [from, to], newest first.
  static std::vector<NewsEntry> published_between(soci::session& sql, UnixTime from, UnixTime to,
                                                  int limit);
  // The smallest id above `after` of a public article (not a page).
  static std::optional<Id> next_public_id(soci::session& sql, Id after);
  // Public articles (not pages) with first <= id <= last, by id.
  static std::vector<SitemapEntry> articles_between(soci::session& sql, Id first, Id last);
  // Public static pages, by id.
  static std::vector<SitemapEntry> pages(soci::session& sql, int limit);
  // Category, tag or author archives that list at least one public article, by slug, each
  // with the publication time of its newest article.
  static std::vector<SitemapEntry> archives(soci::session& sql, SitemapKind kind, int limit);
  // The publication time of the newest public article.
  static std::optional<UnixTime> newest_published(soci::session& sql);

  // Every list query above as it is sent, with sample parameters, so a test can ask the
  // engine for its plan.
  struct PlannedQuery {
    std::string name;
    std::string sql;
    std::vector<long long> params;  // bound as :p0, :p1 ...
  };
  static std::vector<PlannedQuery> planned_queries();
};

}  // namespace dossier::feeds
