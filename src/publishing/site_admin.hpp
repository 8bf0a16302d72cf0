#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_settings.hpp"
#include "publishing/taxonomy.hpp"

namespace dossier {
class EventBus;
}
namespace dossier::store {
class Database;
}

namespace dossier::publishing {

class PublishingService;

constexpr int kMaxSiteLinks = 12;
constexpr std::size_t kMaxLinkLabel = 60;
constexpr std::size_t kMaxLinkUrl = 500;
constexpr std::size_t kMaxTaxonomyName = 80;
constexpr int kTagListLimit = 200;

struct TaxonomyRow {
  Id id = 0;
  std::optional<Id> parent_id;
  std::string slug;
  std::string name;
  std::string description;
  int position = 0;
  long long articles = 0;  // linked articles in any state
};

// The newsroom's site-wide pages: settings, categories and tags. Every change tells the page
// cache which pages to render again (SiteChanged) and drops the in-memory site data.
class SiteAdmin {
 public:
  SiteAdmin(store::Database& db, PublishingService& publishing, EventBus const* events);

  SiteSettings settings();
  Result<Unit> save_settings(SiteSettings settings);

  std::vector<TaxonomyRow> categories();
  std::vector<TaxonomyRow> tags(std::string const& name_contains);
  // `within` runs in the category's transaction (an importer remembering what it made).
  Result<Id> add_category(Category c, WithinWrite const& within = {});
  // A changed slug keeps the old one answering with a 301.
  Result<Unit> edit_category(Category c);
  // Refused while articles or sub-categories use it.
  Result<Unit> delete_category(Id id);
  // A tag with its own slug (the editor makes tags from names: tags_for); for imports.
  Result<Id> add_tag(Tag t, WithinWrite const& within = {});
  Result<Unit> edit_tag(Tag t);
  Result<Unit> delete_tag(Id id);

 private:
  Result<Unit> validate(Category& c, Id self);
  Result<Unit> validate(Tag& t);
  void changed(std::vector<std::string> keys);
  store::Database& db_;
  PublishingService& publishing_;
  EventBus const* events_;
};

// "Label | https://example.org" lines, as the settings form takes them; an Invalid error
// names the line that is wrong.
Result<std::vector<SiteLink>> parse_links(std::string const& text);
std::string format_links(std::vector<SiteLink> const& links);

}  // namespace dossier::publishing
