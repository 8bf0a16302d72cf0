#include "feeds/feed_service.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/public_articles.hpp"
#include "publishing/site_settings.hpp"
#include "store/database.hpp"

namespace dossier::feeds {

namespace {

publishing::PublicScope public_scope(Scope scope) {
  switch (scope) {
    case Scope::Category: return publishing::PublicScope::Category;
    case Scope::Tag: return publishing::PublicScope::Tag;
    case Scope::Author: return publishing::PublicScope::Author;
    case Scope::Site: break;
  }
  return publishing::PublicScope::Site;
}

// Sitemap entries of one kind from publishing's links (slug and last change).
std::vector<SitemapEntry> sitemap_entries(SitemapKind kind,
                                          std::vector<publishing::PublicLink> links) {
  std::vector<SitemapEntry> out;
  out.reserve(links.size());
  for (auto& l : links) out.push_back({kind, std::move(l.slug), l.modified_at});
  return out;
}

}  // namespace

FeedService::FeedService(store::Database& db, Clock clock, FeedOptions options)
    : db_(db), clock_(std::move(clock)), options_(options), feeds_(db.commits()) {}

Feed FeedService::fill(soci::session& sql, Feed feed) {
  feed.site = publishing::SiteSettingsStore::load(sql);
  feed.content = options_.content;
  auto entries =
      publishing::newest_public(sql, {public_scope(feed.scope), feed.scope_id, options_.items,
                                      options_.content == FeedContent::Full});
  feed.entries.clear();
  feed.entries = std::move(entries);
  // A feed's update time is its newest change (RFC 4287 section 4.2.15); an empty feed has
  // none, so it says now.
  feed.updated = feed.entries.empty() ? clock_() : 0;
  for (auto const& e : feed.entries) feed.updated = std::max(feed.updated, e.updated_at);
  return feed;
}

Feed FeedService::dated(Feed feed) const {
  if (feed.entries.empty()) feed.updated = clock_();
  return feed;
}

Feed FeedService::site_feed() {
  return dated(*feeds_.get("site", [this] {
    soci::session sql(db_.pool());
    return fill(sql, Feed{});
  }));
}

std::optional<Feed> FeedService::feed(Scope scope, std::string const& slug) {
  auto key = fmt::format("{}:{}", static_cast<int>(scope), slug);
  auto kept = feeds_.get_if(key, [&] { return read_feed(scope, slug); });
  if (!kept) return std::nullopt;
  return dated(*kept);
}

std::optional<Feed> FeedService::read_feed(Scope scope, std::string const& slug) {
  soci::session sql(db_.pool());
  Feed f;
  f.scope = scope;
  switch (scope) {
    case Scope::Site: return fill(sql, std::move(f));
    case Scope::Category: {
      auto c = publishing::archive_category(sql, slug);
      if (!c) return std::nullopt;
      f.scope_id = c->id;
      f.scope_slug = c->slug;
      f.scope_name = c->name;
      f.scope_description = c->description;
      break;
    }
    case Scope::Tag: {
      auto t = publishing::archive_tag(sql, slug);
      if (!t) return std::nullopt;
      f.scope_id = t->id;
      f.scope_slug = t->slug;
      f.scope_name = t->name;
      break;
    }
    case Scope::Author: {
      auto a = publishing::archive_author(sql, slug);
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
  while (auto next = publishing::next_public_id(sql, after)) {
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
  auto entries =
      sitemap_entries(SitemapKind::Article, publishing::public_id_range(sql, first, last));
  if (entries.empty()) return std::nullopt;
  return entries;
}

std::vector<SitemapEntry> FeedService::pages_sitemap() {
  soci::session sql(db_.pool());
  std::vector<SitemapEntry> out;
  // Home and /latest change when an article is published.
  auto newest = publishing::newest_public_published_at(sql);
  out.push_back({SitemapKind::Home, "", newest});
  out.push_back({SitemapKind::Latest, "", newest});
  // One file holds at most kSitemapMaxUrls URLs; past that, the rest is left out.
  auto room = [&out] { return kSitemapMaxUrls - static_cast<int>(out.size()); };
  struct Archive {
    SitemapKind kind;
    publishing::ArchiveKind archive;
  };
  for (auto [kind, archive] : {Archive{SitemapKind::Category, publishing::ArchiveKind::Category},
                               Archive{SitemapKind::Tag, publishing::ArchiveKind::Tag},
                               Archive{SitemapKind::Author, publishing::ArchiveKind::Author}}) {
    auto part = sitemap_entries(kind, publishing::public_archives(sql, archive, room()));
    out.insert(out.end(), part.begin(), part.end());
  }
  auto pages = sitemap_entries(SitemapKind::Page, publishing::public_pages(sql, room()));
  out.insert(out.end(), pages.begin(), pages.end());
  return out;
}

NewsSitemap FeedService::news_sitemap() {
  soci::session sql(db_.pool());
  NewsSitemap out;
  out.site = publishing::SiteSettingsStore::load(sql);
  auto now = clock_();
  for (auto& h : publishing::public_published_between(sql, now - kNewsWindowSeconds, now,
                                                      kNewsSitemapMaxUrls))
    out.entries.push_back({std::move(h.slug), std::move(h.title), h.published_at});
  return out;
}

}  // namespace dossier::feeds
