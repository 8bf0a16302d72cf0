#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed.hpp"
#include "site/fragment_cache.hpp"

namespace soci {
class session;
}
namespace dossier::store {
class Database;
}

namespace dossier::feeds {

using Clock = std::function<UnixTime()>;

// Syndication read models: RSS/Atom feeds, sitemaps and the news sitemap. Holds no HTTP
// types; the handlers turn these values into XML.
class FeedService {
 public:
  FeedService(store::Database& db, Clock clock, FeedOptions options);

  // The site's feed; a category's, tag's or author's by slug (nullopt when there is none).
  Feed site_feed();
  std::optional<Feed> feed(Scope scope, std::string const& slug);

  // Article sitemap file n covers the ids ((n - 1) * per_file, n * per_file], so each holds
  // at most per_file URLs and reading one is a single index range. The index lists only the
  // files that hold a public article.
  SitemapIndex sitemap_index(int per_file = kSitemapMaxUrls);
  // File n's articles; nullopt when it holds none (it is then not in the index).
  std::optional<std::vector<SitemapEntry>> article_sitemap(int n, int per_file = kSitemapMaxUrls);
  // Home, /latest, every archive with a public article, and the static pages.
  std::vector<SitemapEntry> pages_sitemap();
  // Articles published in the last two days (Google News sitemaps).
  NewsSitemap news_sitemap();

 private:
  Feed fill(soci::session& sql, Feed feed);
  std::optional<Feed> read_feed(Scope scope, std::string const& slug);
  // An empty feed says it changed now (fill): the time is set on each request, not kept.
  Feed dated(Feed feed) const;
  store::Database& db_;
  Clock clock_;
  FeedOptions options_;
  // Feeds by scope and slug, kept in memory until the next write to the database
  // (site/fragment_cache.hpp): they change with articles, not with requests.
  site::FragmentCache<std::string, Feed> feeds_;
};

}  // namespace dossier::feeds
