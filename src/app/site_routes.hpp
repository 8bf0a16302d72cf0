#pragma once

#include <filesystem>

#include "http/router.hpp"

namespace dossier::publishing {
class SiteHandlers;
}
namespace dossier::feeds {
class FeedHandlers;
}
namespace dossier::http {
class StaticAssets;
}
namespace dossier::search {
class SearchHandlers;
}

namespace dossier::newsletter {
class NewsletterHandlers;
}
namespace dossier::insight {
class InsightHandlers;
}
namespace dossier::comments {
class CommentHandlers;
}

namespace dossier::wordpress {
class LegacyUrlHandler;
}

namespace dossier::app {

// The newsletter's public routes (subscribe, confirm, preferences, unsubscribe). Added before
// add_site_routes, whose last route matches any single-segment path.
void add_newsletter_routes(http::Router& router, newsletter::NewsletterHandlers& newsletter);
// Readers' comments: posting (and previewing) under an article.
void add_comment_routes(http::Router& router, comments::CommentHandlers& comments);
// Insight: entity pages, /quotes, and the JSON API (read-only; analysis runs in the jobs).
void add_insight_routes(http::Router& router, insight::InsightHandlers& insight);

// The public site's route table: one line per route (STYLE.md, Flow).
void add_site_routes(http::Router& router, publishing::SiteHandlers& site,
                     feeds::FeedHandlers& syndication, search::SearchHandlers& search,
                     http::StaticAssets const& assets, std::filesystem::path const& media_dir);

// Answers one request: the matching route, else 405 (known path, other method) or the
// theme's 404; an exception inside a handler becomes the theme's 500 page, logged.
// With `legacy` (an imported WordPress site's old addresses), a GET or HEAD that would answer
// 404, and the home page asked with one of WordPress's query forms (`/?p=123`), answer 301 to
// the current page when the address is an old one (wordpress/legacy_url_handler.hpp).
http::Response dispatch(http::Router const& router, publishing::SiteHandlers& site,
                        http::Request const& req, wordpress::LegacyUrlHandler* legacy = nullptr);

}  // namespace dossier::app
