#pragma once

#include <string>

namespace dossier::publishing {

// The public site's URL scheme in one place (docs/API.md), for pages, feeds and sitemaps.
inline std::string article_url(std::string const& slug) {
  return "/articles/" + slug;
}
inline std::string category_url(std::string const& slug) {
  return "/category/" + slug;
}
inline std::string tag_url(std::string const& slug) {
  return "/tag/" + slug;
}
inline std::string author_url(std::string const& slug) {
  return "/author/" + slug;
}
inline std::string page_url(std::string const& slug) {
  return "/" + slug;
}

}  // namespace dossier::publishing
