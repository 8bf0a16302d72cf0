#pragma once

#include <optional>
#include <string>

#include "clients/client.hpp"
#include "core/result.hpp"
#include "publishing/article.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::publishing {
class PublishingService;
class EditorialService;
}  // namespace dossier::publishing

namespace dossier::clients {

// What clients asks publishing about articles, categories and tags, by name: slugs to ids for
// grants, ids to titles for the newsroom's pages, and an article's visibility. Every call goes
// through publishing's public headers; nothing here names its tables.
class Catalog {
 public:
  Catalog(store::Database& db, publishing::PublishingService& publishing,
          publishing::EditorialService& editorial)
      : db_(db), publishing_(publishing), editorial_(editorial) {}

  // The article (in any state), category or tag a slug names; NotFound naming it otherwise.
  Result<Id> target_id(publishing::GrantScope scope, std::string const& slug);
  // The article's id, in any state.
  std::optional<Id> article_id(std::string const& slug);
  // "Article: Title", "Category: Name", "Tag: Name", "Everything not public".
  std::string label(publishing::Grant const& grant);
  // Sets an article's visibility through PublishingService::edit_article, so its event drops
  // the cached pages and the search index and feeds follow.
  Result<Unit> set_visibility(std::string const& slug, publishing::Visibility visibility);

 private:
  store::Database& db_;
  publishing::PublishingService& publishing_;
  publishing::EditorialService& editorial_;
};

}  // namespace dossier::clients
