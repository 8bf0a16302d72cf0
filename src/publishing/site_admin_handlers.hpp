#pragma once

#include "admin/newsroom.hpp"
#include "publishing/site_admin.hpp"

namespace dossier::publishing {

// The newsroom's settings page and its categories-and-tags page.
class SiteAdminHandlers {
 public:
  SiteAdminHandlers(admin::Newsroom& newsroom, SiteAdmin& site)
      : newsroom_(newsroom), site_(site) {}

  http::Response settings(admin::Visit& v);
  http::Response save_settings(admin::Visit& v);
  http::Response taxonomy(admin::Visit& v);
  http::Response add_category(admin::Visit& v);
  http::Response change_category(admin::Visit& v);
  http::Response change_tag(admin::Visit& v);

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
