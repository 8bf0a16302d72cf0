#pragma once

// The old site's addresses, answered with one 301 to the page that now shows the same thing
// (issue 20: "every old permalink answers 301 to the new page, without a redirect chain").
// The importer remembers, for each thing it imported, the paths and query forms WordPress
// answered for it; a request the site's routes do not know (or `/` with `?p=`, `?page_id=`,
// `?cat=`, `?tag=`, `?author=`, `?feed=`) is looked up here. The target is kept as a kind and
// an id and turned into the current URL at request time, so a slug renamed after the import
// still takes one hop.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::wordpress {

enum class LegacyTarget {
  Article,       // an article or a static page, by article id
  Category,      // by category id
  Tag,           // by tag id
  Author,        // by user id
  SiteFeed,      // /feed/ and /?feed=rss2: the site's RSS feed (id unused)
  CategoryFeed,  // /category/a/b/feed/
  TagFeed,
  AuthorFeed,
};

struct LegacyUrl {
  // A path as the old site wrote it ("/2019/03/04/talks-resume/", "/category/world/africa/")
  // or a query form on the old home ("p=123", "page_id=7", "cat=4", "feed=rss2"). Stored
  // normalized (legacy_urls.cpp: percent-decoded, lower case, no trailing slash, no host).
  std::string from;
  LegacyTarget target = LegacyTarget::Article;
  long long id = 0;
};

class LegacyUrlResolver;  // legacy_url_handler.hpp: turns a target into the current URL

// The longest old address looked up or stored; a longer one is no old address (a plain 404).
// WordPress's own links stay far below it.
constexpr std::size_t kMaxLegacyAddressBytes = 2048;

class LegacyUrls {
 public:
  explicit LegacyUrls(store::Database& db);
  // Adds (or replaces) redirects, in one transaction. Each `from` is normalized here: a path
  // or a full URL (starting with "/", "//" or a scheme) through key_for_path, anything else
  // (with or without a leading "?") through key_for_home_query. The home itself ("/",
  // "https://old.example.org/", a static front page's link) is passed over: the site's home
  // answers it. Any other `from` that gives no key,
  // or an id below 1 for a target that needs one, is an Invalid error naming it, and nothing
  // is stored.
  Result<Unit> remember(std::vector<LegacyUrl> const& urls);

  // The normalized key a path or a home query is stored under. The path rules:
  //  - a scheme and host ("https://old.example.org") or a protocol-relative host ("//host")
  //    are dropped, and so is a "#fragment";
  //  - the path is percent-decoded (RFC 3986 section 2.1; "+" stays "+") and lower-cased
  //    (ASCII letters: WordPress writes slugs in lower case and matches them so);
  //  - empty segments go ("//" is "/"), so a trailing slash is dropped;
  //  - a first segment "index.php" goes (WordPress's "PATHINFO" permalinks,
  //    /index.php/2019/03/x/);
  //  - what is left is "/" and its segments joined by "/": "/2019/03/04/talks-resume";
  //  - a query on any other path is ignored ("/x/?utm_source=y" is "/x"); on the home ("/",
  //    "/index.php") the key is key_for_home_query's.
  // nullopt for a malformed escape or a decoded NUL, an address over kMaxLegacyAddressBytes,
  // and the home without a query form (the home is no old address).
  static std::optional<std::string> key_for_path(std::string_view path);
  // The query rules: the first of p, page_id, cat, tag, author and feed present, in that
  // order (WordPress's own precedence for a single post over archives), other parameters
  // ignored; "p=123" for a number (decimal, above 0: WordPress's ids), "tag=slug" for a tag
  // (form-decoded, lower case), "feed=rss2" for every feed type WordPress answers (rss2, rss,
  // rdf, atom; they all become the site's RSS feed). nullopt when none is present or its
  // value is not of that form.
  static std::optional<std::string> key_for_home_query(std::string_view query);
  // The target, when this path or home query is an old address.
  std::optional<LegacyUrl> find(std::string_view key);
  // How many are stored (for the importer's summary and tests).
  long long count();

 private:
  store::Database& db_;
};

}  // namespace dossier::wordpress
