#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/article.hpp"

namespace dossier::publishing {

// Where an article showed on the public site: enough to know which pages list it.
struct ArticlePlacement {
  bool is_public = false;  // published and visibility public
  ArticleKind kind = ArticleKind::News;
  Id author_id = 0;
  std::vector<Id> category_ids;
  std::vector<Id> tag_ids;
};

// Published after every committed change to an article's content or place (add, edit,
// publish, unpublish, delete), with its placement before and after (nullopt: it did not
// exist / no longer exists). Listeners: the page cache and the analysis queue (app/). A change
// to what only its comment section shows is comments::ArticleCommentsChanged instead, so a
// comment never queues the article for re-analysis.
struct ArticleChanged {
  Id id = 0;
  std::optional<ArticlePlacement> before;
  std::optional<ArticlePlacement> after;
};

// Published after the newsroom changes what many pages show (site settings, a category's or
// a tag's name): the page-cache keys of the pages to render again.
struct SiteChanged {
  std::vector<std::string> cache_keys;
};

}  // namespace dossier::publishing
