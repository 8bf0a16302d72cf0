#include "feeds/feed_service.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "feeds/feed_store.hpp"
#include "publishing/site_settings.hpp"
#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"

namespace dossier::feeds {

using publishing::TaxonomyStore;

FeedService::FeedService(store::Database& db, Clock clock, FeedOptions options)
    : db_(db), clock_(std::move(clock)), options_(options) {}

Feed FeedService::fill(soci::session& sql, Feed feed) {
  feed.site = publishing::SiteSettingsStore::load(sql);
  feed.content = options_.content;
  feed.entries =
      FeedStore::newest(sql, {feed.scope, feed.scope_id, options_.items, options_.content});
  // A feed's update time is its newest change (RFC 4287 section 4.2.15); an empty feed has
  // none, so it says now.
  feed.updated = feed.entries.empty() ? clock_() : 0;
  for (auto const& e : feed.entries) feed.updated = std::max(feed.updated, e.updated_at);
  return feed;
}

Feed FeedService::site_feed() {
  soci::session sql(db_.pool());
  return fill(sql, Feed{});
}

std::optional<Feed> FeedService::feed(Scope scope, std::string const& slug) {
  soci::session sql(db_.pool());
  Feed f;
  f.scope = scope;
  switch (scope) {
    case Scope::Site: return fill(sql, std::move(f));
    case Scope::Category: {
      auto c = TaxonomyStore::find_category(sql, slug);
      if (!c) return std::nullopt;
      f.scope_id = c->id;
      f.scope_slug = c->slug;
      f.scope_name = c->name;
      f.scope_description = c->description;
      break;
    }
    case Scope::Tag: {
      auto t = TaxonomyStore::find_tag(sql, slug);
      if (!t) return std::nullopt;
      f.scope_id = t->id;
      f.scope_slug = t->slug;
      f.scope_name = t->name;
      break;
    }
    case Scope::Author: {
      auto a = TaxonomyStore::find_author(sql, slug);
      if (!a) return std::nullopt;
      f.scope_id = a->id;
      f.scope_slug = a->slug;
      f.scope_name = a->name;
      f.scope_description = a->bio;
      break;
    }
  }
  return fill(sql, std::move(f));
}

SitemapIndex FeedService::sitemap_index(int per_file) {
  per_file = std::clamp(per_file, 1, kSitemapMaxUrls);
  soci::session sql(db_.pool());
  SitemapIndex index;
  // One index seek per non-empty file: jump to the next public id, note its file, skip past
  // the file's range.
  Id after = 0;
  while (auto next = FeedStore::next_public_id(sql, after)) {
    auto file = (*next - 1) / per_file + 1;
    index.article_files.push_back(static_cast<int>(file));
    after = file * per_file;
  }
  return index;
}

std::optional<std::vector<SitemapEntry>> FeedService::article_sitemap(int n, int per_file) {
  per_file = std::clamp(per_file, 1, kSitemapMaxUrls);
  if (n < 1) return std::nullopt;
  Id first = static_cast<Id>(n - 1) * per_file + 1;
  Id last = static_cast<Id>(n) * per_file;
  soci::session sql(db_.pool());
  auto entries = FeedStore::articles_between(sql, first, last);
  if (entries.empty()) return std::nullopt;
  return entries;
}

std::vector<SitemapEntry> FeedService::pages_sitemap() {
  soci::session sql(db_.pool());
  std::vector<SitemapEntry> out;
  // Home and /latest change when an article is published.
  auto newest = FeedStore::newest_published(sql);
  out.push_back({SitemapKind::Home, "", newest});
  out.push_back({SitemapKind::Latest, "", newest});
  // One file holds at most kSitemapMaxUrls URLs; past that, the rest is left out.
  auto room = [&out] { return kSitemapMaxUrls - static_cast<int>(out.size()); };
  for (auto kind : {SitemapKind::Category, SitemapKind::Tag, SitemapKind::Author}) {
    auto part = FeedStore::archives(sql, kind, room());
    out.insert(out.end(), part.begin(), part.end());
  }
  auto pages = FeedStore::pages(sql, room());
  out.insert(out.end(), pages.begin(), pages.end());
  return out;
}

NewsSitemap FeedService::news_sitemap() {
  soci::session sql(db_.pool());
  NewsSitemap out;
  out.site = publishing::SiteSettingsStore::load(sql);
  auto now = clock_();
  out.entries =
      FeedStore::published_between(sql, now - kNewsWindowSeconds, now, kNewsSitemapMaxUrls);
  return out;
}

}  // namespace dossier::feeds
