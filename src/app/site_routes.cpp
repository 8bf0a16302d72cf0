#include "app/site_routes.hpp"

#include <spdlog/spdlog.h>

#include "api/openapi.hpp"
#include "comments/comment_handlers.hpp"
#include "feeds/feed_handlers.hpp"
#include "http/static_files.hpp"
#include "insight/insight_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "search/search_handlers.hpp"
#include "wordpress/legacy_url_handler.hpp"

namespace dossier::app {

void add_newsletter_routes(http::Router& r, newsletter::NewsletterHandlers& newsletter) {
  using N = newsletter::NewsletterHandlers;
  auto on = [&newsletter](auto method) {
    return [&newsletter, method](http::Request const& q, http::Params const& p) {
      return (newsletter.*method)(q, p);
    };
  };
  // Guards: the links' signed tokens are their permission, and subscribing is double opt-in
  // (a forged request can only make us ask the address's owner); every POST refuses another
  // website's (http/cross_site.hpp), but for RFC 8058's one-click unsubscription, which the mail
  // provider sends.
  r.get("/subscribe", on(&N::subscribe_page));
  r.post("/subscribe", on(&N::subscribe));
  r.get("/newsletter/confirm/{token}", on(&N::confirm));
  r.get("/newsletter/unsubscribe/{token}", on(&N::unsubscribe_page));
  r.post("/newsletter/unsubscribe/{token}", on(&N::unsubscribe));  // also RFC 8058 one-click
  r.get("/newsletter/preferences/{token}", on(&N::preferences));
  r.post("/newsletter/preferences/{token}", on(&N::save_preferences));
}

void add_comment_routes(http::Router& r, comments::CommentHandlers& comments) {
  // Guards: the form's signed time and honeypot, rate limits and the spam rules
  // (comments/comment_service.hpp), for previews as for posts; every POST refuses another
  // website's (http/cross_site.hpp).
  auto on = [&comments](auto method) {
    return [&comments, method](http::Request const& q, http::Params const& p) {
      return (comments.*method)(q, p);
    };
  };
  using C = comments::CommentHandlers;
  r.get("/articles/{slug}/comments", on(&C::reply_page));
  r.post("/articles/{slug}/comments", on(&C::post));
  r.get("/articles/{slug}/comments/token", on(&C::token));  // per reader, never cached
  r.get("/articles/{slug}/comments/atom.xml", on(&C::article_feed));
  r.get("/comments/atom.xml", on(&C::site_feed));
  // Mailed links: the signed token is the only guard; a GET never changes more than the
  // confirmation it was sent for, stopping and deleting ask for a POST.
  r.get("/comments/notify/{token}", on(&C::confirm_notifications));
  r.get("/comments/stop/{token}", on(&C::stop_page));
  r.post("/comments/stop/{token}", on(&C::stop));
  r.get("/comments/delete/{token}", on(&C::delete_page));
  r.post("/comments/delete/{token}", on(&C::delete_own));
}

void add_insight_routes(http::Router& r, insight::InsightHandlers& insight) {
  auto on = [&insight](auto method) {
    return [&insight, method](http::Request const& q, http::Params const& p) {
      return (insight.*method)(q, p);
    };
  };
  using I = insight::InsightHandlers;
  r.get("/people/{slug}", on(&I::person));
  r.get("/countries/{iso2}", on(&I::country));
  r.get("/organizations/{slug}", on(&I::organization));
  r.get("/quotes", on(&I::quotes));
  r.get("/api/entities", on(&I::api_entities));
  r.get("/api/entities/{slug}", on(&I::api_entity));
  r.get("/api/quotes", on(&I::api_quotes));
  r.get("/api/articles/{slug}/insight", on(&I::api_article));
}

void add_site_routes(http::Router& r, publishing::SiteHandlers& site,
                     feeds::FeedHandlers& syndication, search::SearchHandlers& search,
                     http::StaticAssets const& assets, std::filesystem::path const& media_dir) {
  using http::Params;
  using http::Request;
  auto on = [&site](auto method) {
    return [&site, method](Request const& q, Params const& p) { return (site.*method)(q, p); };
  };
  auto feed = [&syndication](auto method) {
    return [&syndication, method](Request const& q, Params const& p) {
      return (syndication.*method)(q, p);
    };
  };
  using S = publishing::SiteHandlers;
  using F = feeds::FeedHandlers;
  // Guards: none yet; the public site is read-only apart from the newsletter form.
  r.get("/", on(&S::home));
  r.get("/latest", on(&S::latest));
  r.get("/latest/page/{n}", on(&S::latest));
  r.get("/articles/{slug}", on(&S::article));
  r.get("/category/{slug}", on(&S::category));
  r.get("/category/{slug}/page/{n}", on(&S::category));
  r.get("/tag/{slug}", on(&S::tag));
  r.get("/tag/{slug}/page/{n}", on(&S::tag));
  r.get("/author/{slug}", on(&S::author));
  r.get("/author/{slug}/page/{n}", on(&S::author));
  r.get("/feed.xml", feed(&F::site_rss));
  r.get("/atom.xml", feed(&F::site_atom));
  r.get("/category/{slug}/feed.xml", feed(&F::category_rss));
  r.get("/category/{slug}/atom.xml", feed(&F::category_atom));
  r.get("/tag/{slug}/feed.xml", feed(&F::tag_rss));
  r.get("/tag/{slug}/atom.xml", feed(&F::tag_atom));
  r.get("/author/{slug}/feed.xml", feed(&F::author_rss));
  r.get("/author/{slug}/atom.xml", feed(&F::author_atom));
  r.get("/sitemap.xml", feed(&F::sitemap_index));
  r.get("/sitemaps/pages.xml", feed(&F::pages_sitemap));
  r.get("/sitemaps/{file}", feed(&F::article_sitemap));  // articles-{n}.xml
  r.get("/news-sitemap.xml", feed(&F::news_sitemap));
  r.get("/robots.txt", feed(&F::robots));
  r.get("/search", [&search](Request const& q, Params const& p) { return search.page(q, p); });
  r.get("/api/search", [&search](Request const& q, Params const& p) { return search.api(q, p); });
  r.get("/api/openapi.json",
        [](Request const& q, Params const&) { return api::openapi_response(q); });
  r.get("/static/{file}", [&assets, &site](Request const& q, Params const& p) {
    auto res = assets.serve(p.get("file"));
    return res ? *res : site.not_found(q);
  });
  // Images a restricted article shows are its readers' only (publishing/image_access.hpp): to
  // anyone else they do not exist, and a browser keeps them privately.
  r.get("/media/{path...}", [media_dir, &site](Request const& q, Params const& p) {
    auto const& path = p.get("path");
    auto access = site.image_access(path);
    if (access->restricted &&
        !publishing::may_see_image(site.sections().viewer(q), *access, now_utc()))
      return site.not_found(q);
    auto res = http::serve_file(media_dir, path);
    if (!res) return site.not_found(q);
    if (access->restricted) {
      res->set_header("Cache-Control", "private, max-age=3600");
      res->set_header("Vary", "Cookie");
    }
    return *res;
  });
  r.get("/{slug}", on(&S::page));  // static pages (kind = page), last: it matches any name
}

namespace {

http::Response route(http::Router const& router, publishing::SiteHandlers& site,
                     http::Request const& req) {
  auto match = router.match(req.method, req.path);
  if (match.handler) {
    try {
      return (*match.handler)(req, match.params);
    } catch (std::exception const& e) {
      spdlog::error("{} {}: {}", to_string(req.method), req.target, e.what());
      return site.error(500, "Something went wrong",
                        "The page could not be shown because of an error on our side. "
                        "Please try again in a moment.");
    }
  }
  if (match.path_known) {
    auto r = http::Response::text(405, "Method not allowed\n");
    r.set_header("Allow", match.allow);
    return r;
  }
  return site.not_found(req);
}

// A lookup that fails (the database away) leaves the site's own answer: an old address is
// worth a redirect, never a 500 in place of the page or the 404 the reader would have had.
template <typename Lookup>
std::optional<http::Response> try_legacy(http::Request const& req, Lookup lookup) {
  try {
    return lookup();
  } catch (std::exception const& e) {
    spdlog::error("{} {}: old address lookup: {}", to_string(req.method), req.target, e.what());
    return std::nullopt;
  }
}

// `/tag/x/` for `/tag/x`: the router ignores empty segments, so without this one page would
// answer at two addresses. The raw path is kept (percent-escapes and all) with its query; a
// path that would start with `//` once trimmed is left alone, since `Location: //host` leaves
// the site.
std::optional<http::Response> without_trailing_slash(http::Request const& req) {
  if (req.method != http::Method::Get && req.method != http::Method::Head) return std::nullopt;
  std::string_view target = req.target;
  auto query_at = target.find('?');
  auto path = target.substr(0, query_at);
  if (path.size() < 2 || path.back() != '/') return std::nullopt;
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path.size() < 2 || path.substr(0, 2) == "//" || path.find('\\') != std::string_view::npos)
    return std::nullopt;
  std::string location(path);
  if (query_at != std::string_view::npos) location += target.substr(query_at);
  auto moved = http::Response::redirect(301, location);
  moved.set_header("Cache-Control", "public, max-age=86400");
  return moved;
}

}  // namespace

http::Response dispatch(http::Router const& router, publishing::SiteHandlers& site,
                        http::Request const& req, wordpress::LegacyUrlHandler* legacy) {
  bool may_redirect =
      legacy && (req.method == http::Method::Get || req.method == http::Method::Head);
  // WordPress answered its plain permalinks on the home page (`/?p=123`, `/?cat=4`): they are
  // looked up before the home page is rendered. The home page itself, with no query, reads
  // nothing more. A WordPress query form that is no old address gets the home page, kept out
  // of the page cache (no cache keys), so that `/?p=1` never stands in the cache for `/`.
  if (may_redirect && req.path == "/" && !req.query.empty()) {
    if (auto moved = try_legacy(req, [&] { return legacy->redirect_home(req.query); }))
      return std::move(*moved);
    auto home = route(router, site, req);
    if (wordpress::LegacyUrls::key_for_home_query(req.query)) home.cache_keys.clear();
    return home;
  }
  // An old address with WordPress's trailing slash goes to its page in one hop: the old
  // addresses first (the thing may have a new slug), then the same path without the slash.
  if (req.path.size() > 1 && req.path.back() == '/') {
    if (may_redirect)
      if (auto moved = try_legacy(req, [&] { return legacy->redirect(req.target); }))
        return std::move(*moved);
    // Only to a page that exists: an unknown address stays one 404, not a redirect to one.
    if (auto moved = without_trailing_slash(req)) {
      auto trimmed = req;
      while (trimmed.path.size() > 1 && trimmed.path.back() == '/') trimmed.path.pop_back();
      auto page = route(router, site, trimmed);
      return page.status == 404 ? page : std::move(*moved);
    }
  }
  auto response = route(router, site, req);
  // A path no route knows, or one whose route found nothing (`/old-slug/` reaches the static
  // pages' route): one indexed read of the old addresses.
  if (may_redirect && response.status == 404)
    if (auto moved = try_legacy(req, [&] { return legacy->redirect(req.target); }))
      return std::move(*moved);
  return response;
}

}  // namespace dossier::app
