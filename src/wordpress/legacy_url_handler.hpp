#pragma once

// The site's answer to an old WordPress address (issue 20): app/site_routes.cpp asks here when
// a GET or HEAD found no page, and before the home page is rendered for a query such as
// `/?p=123`. A hit whose thing still has a public page answers 301 to that page's current
// address, made now from the target's kind and id, so there is never a second hop; anything
// else leaves the request to the site (its 404, or the home page).

#include <optional>
#include <string>
#include <string_view>

#include "http/response.hpp"
#include "wordpress/legacy_urls.hpp"

namespace soci {
class session;
}

namespace dossier::wordpress {

// An old address moved for good (RFC 9110 section 15.4.2: 301, which browsers and search
// engines remember); a day in shared caches, like the site's other public answers, so that a
// redirect whose article was unpublished does not linger for long.
constexpr char const* kLegacyRedirectCacheControl = "public, max-age=86400";

// Turns a target into the address that shows it now, through publishing's public read API
// (publishing/public_articles.hpp): an article's `/articles/slug` or a page's `/slug` while it
// is public, an archive's `/category/slug`, `/tag/slug`, `/author/slug` (an author's while
// active), a feed's `.../feed.xml`. nullopt when the thing has no public page any more.
class LegacyUrlResolver {
 public:
  static std::optional<std::string> current_url(soci::session& sql, LegacyUrl const& url);
};

class LegacyUrlHandler {
 public:
  explicit LegacyUrlHandler(store::Database& db);
  LegacyUrlHandler(LegacyUrlHandler const&) = delete;
  LegacyUrlHandler& operator=(LegacyUrlHandler const&) = delete;

  // For a request whose route found nothing: `target` is the request target as received
  // (path and query, still percent-encoded). One indexed read on a miss.
  std::optional<http::Response> redirect(std::string_view target);
  // For the home page's query (without "?"): nullopt unless it is an old address. A query
  // with no WordPress query form reads nothing. With `feed=` beside `cat=`, `tag=` or
  // `author=` (WordPress's plain-permalink archive feeds), the answer is that archive's feed.
  std::optional<http::Response> redirect_home(std::string_view query);

 private:
  std::optional<http::Response> answer(std::string const& key, bool wants_feed,
                                       std::string_view request_path);
  store::Database& db_;
};

}  // namespace dossier::wordpress
