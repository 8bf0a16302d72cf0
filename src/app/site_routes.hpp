#pragma once

#include "http/router.hpp"

namespace dossier::publishing {
class SiteHandlers;
}
namespace dossier::http {
class StaticAssets;
}

namespace dossier::app {

// The public site's route table: one line per route (STYLE.md, Flow).
void add_site_routes(http::Router& router, publishing::SiteHandlers& site,
                     http::StaticAssets const& assets, std::filesystem::path const& media_dir);

}  // namespace dossier::app
