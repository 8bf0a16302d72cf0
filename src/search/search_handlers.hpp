#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace dossier::publishing {
class SiteHandlers;
}

namespace dossier::search {

class SearchIndex;

struct SearchContext {
  SearchIndex& index;
  publishing::SiteHandlers& site;  // the layout around the results page
};

// GET /search (the results page) and GET /api/search (JSON, the same parameters: q, sort =
// relevance|newest, page, per_page, facets = 0|1). Neither is cached: a publish is found
// at once.
class SearchHandlers {
 public:
  explicit SearchHandlers(SearchContext ctx) : ctx_(ctx) {}

  http::Response page(http::Request const& req, http::Params const& p);
  http::Response api(http::Request const& req, http::Params const& p);

 private:
  SearchContext ctx_;
};

}  // namespace dossier::search
