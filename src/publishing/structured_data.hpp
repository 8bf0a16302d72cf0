#pragma once

#include <string>
#include <utility>
#include <vector>

#include "publishing/publishing_service.hpp"

namespace dossier::publishing {

// schema.org JSON-LD for search engines (https://schema.org, Google's structured data
// guidelines): an article's NewsArticle / AnalysisNewsArticle / Report, a BreadcrumbList,
// and the publisher's Organization and WebSite on the home page. Returned as text that is
// safe inside <script type="application/ld+json">: every '<', '>' and '&' is \u-escaped,
// so no value can close the script element.
struct SiteIdentity {
  std::string url;  // canonical base, no trailing slash
  std::string name;
  std::string description;
  std::string logo_url;  // absolute
  std::string email;
  std::string language;
};

std::string article_json_ld(ArticleView const& view, SiteIdentity const& site);
std::string breadcrumb_json_ld(std::vector<std::pair<std::string, std::string>> const& crumbs,
                               SiteIdentity const& site);  // (name, path) after Home
std::string home_json_ld(SiteIdentity const& site);

// A JSON text made safe to embed in an HTML script element.
std::string script_safe_json(std::string const& json);

}  // namespace dossier::publishing
