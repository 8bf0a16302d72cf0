#pragma once

#include "admin/newsroom.hpp"
#include "publishing/site_admin.hpp"

namespace dossier::publishing {

// The newsroom's settings page and its categories-and-tags page.
class SiteAdminHandlers {
 public:
  SiteAdminHandlers(admin::Newsroom& newsroom, SiteAdmin& site)
      : newsroom_(newsroom), site_(site) {}

  http::Response read_settings(admin::Visit& v);    // GET /admin/settings
  http::Response edit_settings(admin::Visit& v);    // POST /admin/settings
  http::Response browse_taxonomy(admin::Visit& v);  // GET /admin/taxonomy
  http::Response add_category(admin::Visit& v);     // POST /admin/categories
  http::Response edit_category(admin::Visit& v);    // POST /admin/categories/{id}
  http::Response edit_tag(admin::Visit& v);         // POST /admin/tags/{id}

 private:
  http::Response settings_page(admin::Visit& v, int status, SiteSettings const& s,
                               std::string const& menu, std::string const& social,
                               std::string const& error, std::string const& notice);
  http::Response taxonomy_page(admin::Visit& v, int status, std::string const& error,
                               std::string const& notice);
  admin::Newsroom& newsroom_;
  SiteAdmin& site_;
};

}  // namespace dossier::publishing
