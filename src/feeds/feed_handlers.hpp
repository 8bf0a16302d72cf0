#pragma once

#include <functional>
#include <string>

#include "feeds/feed.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace dossier::render {
class Theme;
}

namespace dossier::feeds {

class FeedService;

// The site's themed 404 page (publishing::SiteHandlers::not_found).
using NotFound = std::function<http::Response(http::Request const&)>;

struct FeedContext {
  FeedService& feeds;
  render::Theme const& theme;
  std::string site_url;  // canonical base, no trailing slash
  NotFound not_found;
};

// Syndication routes: RSS 2.0 and Atom 1.0 feeds of the site and of each category, tag and
// author; the sitemap index and its files; the Google News sitemap; robots.txt. Each turns
// a view from FeedService into XML through the theme's feeds/ templates (XML auto-escaping).
class FeedHandlers {
 public:
  explicit FeedHandlers(FeedContext ctx) : ctx_(std::move(ctx)) {}

  http::Response site_rss(http::Request const& req, http::Params const& p);
  http::Response site_atom(http::Request const& req, http::Params const& p);
  http::Response category_rss(http::Request const& req, http::Params const& p);
  http::Response category_atom(http::Request const& req, http::Params const& p);
  http::Response tag_rss(http::Request const& req, http::Params const& p);
  http::Response tag_atom(http::Request const& req, http::Params const& p);
  http::Response author_rss(http::Request const& req, http::Params const& p);
  http::Response author_atom(http::Request const& req, http::Params const& p);

  http::Response sitemap_index(http::Request const& req, http::Params const& p);
  http::Response pages_sitemap(http::Request const& req, http::Params const& p);
  // /sitemaps/{file}: "articles-{n}.xml".
  http::Response article_sitemap(http::Request const& req, http::Params const& p);
  http::Response news_sitemap(http::Request const& req, http::Params const& p);
  http::Response robots(http::Request const& req, http::Params const& p);

 private:
  enum class Format { Rss, Atom };
  http::Response feed(Format format, Scope scope, http::Request const& req, http::Params const& p);
  FeedContext ctx_;
};

}  // namespace dossier::feeds
