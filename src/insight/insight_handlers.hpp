#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "insight/insight_service.hpp"
#include "publishing/site_handlers.hpp"
#include "site/fragment_cache.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::publishing {
class SiteHandlers;
struct ArticleView;
}  // namespace dossier::publishing

namespace dossier::insight {

// The readers' side of insight: entity pages, /quotes, the article page's "In this article"
// box, and the JSON API. Everything shown comes from stored analysis; nothing is analysed here.
class InsightHandlers {
 public:
  InsightHandlers(InsightService& insight, publishing::SiteHandlers& site)
      : insight_(insight), site_(site), boxes_(site.fragments()) {}

  void fill_article(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view);

  http::Response person(http::Request const& req, http::Params const& p);
  http::Response country(http::Request const& req, http::Params const& p);
  http::Response organization(http::Request const& req, http::Params const& p);
  http::Response quotes(http::Request const& req, http::Params const& p);

  http::Response api_entities(http::Request const& req, http::Params const& p);
  http::Response api_entity(http::Request const& req, http::Params const& p);
  http::Response api_quotes(http::Request const& req, http::Params const& p);
  http::Response api_article(http::Request const& req, http::Params const& p);

 private:
  http::Response entity(http::Request const& req, EntityKind kind, std::string const& slug);
  InsightService& insight_;
  publishing::SiteHandlers& site_;
  // The article page's "In this article" box by article id, as stored analysis gives it
  // (nullopt: not analysed yet), kept until the next change (site/fragment_cache.hpp).
  site::FragmentCache<Id, std::optional<ArticleInsight>> boxes_;
};

}  // namespace dossier::insight
