#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"
#include "publishing/public_articles.hpp"
#include "publishing/site_settings.hpp"

namespace dossier::feeds {

using publishing::Id;

// What a feed entry carries of the article: the whole body, or the dek as an excerpt.
enum class FeedContent { Excerpt, Full };

// Whose articles a feed lists.
enum class Scope { Site, Category, Tag, Author };

struct FeedOptions {
  FeedContent content = FeedContent::Excerpt;
  int items = 20;  // newest articles per feed
};

// sitemaps.org protocol: a sitemap file holds at most 50,000 URLs.
constexpr int kSitemapMaxUrls = 50'000;
// Google News sitemaps: at most 1,000 URLs, of articles published in the last two days.
constexpr int kNewsSitemapMaxUrls = 1'000;
constexpr UnixTime kNewsWindowSeconds = 2 * 24 * 60 * 60;

// A feed's entry is publishing's public entry as it is: its terms, and its hero image, which
// feeds announce as an enclosure (RSS 2.0 <enclosure>, Atom rel="enclosure").
using Term = publishing::PublicTerm;
using Enclosure = publishing::PublicImage;
using FeedEntry = publishing::PublicEntry;

// One feed: the site's, or one category's, tag's or author's, newest entries first.
struct Feed {
  Scope scope = Scope::Site;
  Id scope_id = 0;                // 0 for the site
  std::string scope_slug;         // empty for the site
  std::string scope_name;         // "Europe", "Kenji Morrow"; empty for the site
  std::string scope_description;  // may be empty
  publishing::SiteSettings site;
  FeedContent content = FeedContent::Excerpt;
  UnixTime updated = 0;  // the newest entry's update, or now when there is none
  std::vector<FeedEntry> entries;
};

// What a URL in a sitemap points at; the handlers turn kind and slug into the URL.
enum class SitemapKind { Home, Latest, Category, Tag, Author, Page, Article };

struct SitemapEntry {
  SitemapKind kind = SitemapKind::Article;
  std::string slug;
  std::optional<UnixTime> lastmod;
};

// The sitemap index: pages.xml, then the article files that hold at least one URL.
struct SitemapIndex {
  std::vector<int> article_files;  // numbers n of /sitemaps/articles-{n}.xml, ascending
};

struct NewsEntry {
  std::string slug;
  std::string title;
  UnixTime published_at = 0;
};

struct NewsSitemap {
  publishing::SiteSettings site;
  std::vector<NewsEntry> entries;  // newest first
};

}  // namespace dossier::feeds
