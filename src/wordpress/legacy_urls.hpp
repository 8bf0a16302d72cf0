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

class LegacyUrlResolver;  // legacy_urls.cpp: turns a target into the current URL

class LegacyUrls {
 public:
  explicit LegacyUrls(store::Database& db);
  // Adds (or replaces) redirects, in one transaction.
  Result<Unit> remember(std::vector<LegacyUrl> const& urls);
  // The normalized key a path or a home query is stored under; nullopt when the query form is
  // not one WordPress answers on its home page.
  static std::optional<std::string> key_for_path(std::string_view path);
  static std::optional<std::string> key_for_home_query(std::string_view query);
  // The target, when this path or home query is an old address.
  std::optional<LegacyUrl> find(std::string_view key);
  // How many are stored (for the importer's summary and tests).
  long long count();

 private:
  store::Database& db_;
};

}  // namespace dossier::wordpress
