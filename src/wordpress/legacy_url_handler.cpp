#include "wordpress/legacy_url_handler.hpp"

#include <soci/soci.h>

#include "core/strings.hpp"
#include "publishing/public_articles.hpp"
#include "publishing/urls.hpp"
#include "store/database.hpp"
#include "wordpress/legacy_url_store.hpp"

namespace dossier::wordpress {

namespace {

constexpr std::string_view kFeedFile = "/feed.xml";

std::optional<std::string> archive_url(soci::session& sql, publishing::ArchiveKind kind,
                                       long long id, bool feed) {
  auto slug = publishing::archive_slug(sql, kind, id);
  if (!slug) return std::nullopt;
  std::string url;
  switch (kind) {
    case publishing::ArchiveKind::Category: url = publishing::category_url(*slug); break;
    case publishing::ArchiveKind::Tag: url = publishing::tag_url(*slug); break;
    case publishing::ArchiveKind::Author: url = publishing::author_url(*slug); break;
  }
  if (feed) url += kFeedFile;
  return url;
}

// The archive feed a home query's `feed=` asks for beside `cat=`, `tag=` or `author=`.
LegacyTarget as_feed(LegacyTarget target) {
  switch (target) {
    case LegacyTarget::Category: return LegacyTarget::CategoryFeed;
    case LegacyTarget::Tag: return LegacyTarget::TagFeed;
    case LegacyTarget::Author: return LegacyTarget::AuthorFeed;
    default: return target;
  }
}

bool asks_for_feed(std::string_view query) {
  for (auto pair : split(query, '&'))
    if (pair.starts_with("feed=") && LegacyUrls::key_for_home_query(pair)) return true;
  return false;
}

}  // namespace

std::optional<std::string> LegacyUrlResolver::current_url(soci::session& sql,
                                                          LegacyUrl const& url) {
  using publishing::ArchiveKind;
  switch (url.target) {
    case LegacyTarget::Article: {
      auto address = publishing::public_address(sql, url.id);
      if (!address) return std::nullopt;
      return address->kind == publishing::ArticleKind::Page
                 ? publishing::page_url(address->slug)
                 : publishing::article_url(address->slug);
    }
    case LegacyTarget::Category: return archive_url(sql, ArchiveKind::Category, url.id, false);
    case LegacyTarget::Tag: return archive_url(sql, ArchiveKind::Tag, url.id, false);
    case LegacyTarget::Author: return archive_url(sql, ArchiveKind::Author, url.id, false);
    case LegacyTarget::SiteFeed: return std::string(kFeedFile);
    case LegacyTarget::CategoryFeed: return archive_url(sql, ArchiveKind::Category, url.id, true);
    case LegacyTarget::TagFeed: return archive_url(sql, ArchiveKind::Tag, url.id, true);
    case LegacyTarget::AuthorFeed: return archive_url(sql, ArchiveKind::Author, url.id, true);
  }
  return std::nullopt;
}

LegacyUrlHandler::LegacyUrlHandler(store::Database& db) : db_(db) {}

std::optional<http::Response> LegacyUrlHandler::redirect(std::string_view target) {
  auto key = LegacyUrls::key_for_path(target);
  if (!key) return std::nullopt;
  auto query_at = target.find('?');
  auto path = target.substr(0, query_at);
  bool wants_feed = query_at != std::string_view::npos && !key->starts_with('/') &&
                    asks_for_feed(target.substr(query_at + 1));
  return answer(*key, wants_feed, path);
}

std::optional<http::Response> LegacyUrlHandler::redirect_home(std::string_view query) {
  auto key = LegacyUrls::key_for_home_query(query);
  if (!key) return std::nullopt;
  return answer(*key, asks_for_feed(query), "/");
}

std::optional<http::Response> LegacyUrlHandler::answer(std::string const& key, bool wants_feed,
                                                       std::string_view request_path) {
  soci::session sql(db_.pool());
  auto found = LegacyUrlStore::find(sql, key);
  if (!found) return std::nullopt;
  if (wants_feed) found->target = as_feed(found->target);
  auto url = LegacyUrlResolver::current_url(sql, *found);
  // Never to itself (a loop), and only to this site: the slugs come from the database.
  if (!url || *url == request_path || !http::is_local_path(*url)) return std::nullopt;
  auto r = http::Response::redirect(301, std::move(*url));
  r.set_header("Cache-Control", kLegacyRedirectCacheControl);
  return r;
}

}  // namespace dossier::wordpress
