#pragma once

// The client portal wired (clients/portal_*, request_*, audit_*, reader_feed*): its services
// and handlers, built from what the composition root hands in, and its route tables.

#include <memory>
#include <string>

#include "clients/portal_types.hpp"
#include "http/router.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::site {
class Frame;
}
namespace dossier::render {
class Theme;
}
namespace dossier::admin {
class Newsroom;
}
namespace dossier::clients {
class AuditTrail;
class PortalService;
class RequestService;
class ReaderFeeds;
class PortalHandlers;
class RequestHandlers;
class AuditHandlers;
}  // namespace dossier::clients

namespace dossier::app {

struct PortalDeps {
  store::Database& db;
  clients::Clock clock;
  site::Frame const& frame;
  render::Theme const& theme;
  admin::Newsroom& newsroom;
  std::string site_url;
  std::string site_title;
  std::string secret;  // signs the anonymous request form's time
  // From the clients folder (reader sessions, members, grants) and the reports folder (the
  // stamped PDF). Empty ones leave the portal usable: every reader anonymous, no private feed,
  // downloads answered 503, grants not made.
  clients::ViewerOf viewer;
  clients::ViewerOfMember member_viewer;
  clients::PdfSource pdf;
  clients::GrantArticle grant;
};

class Portal {
 public:
  explicit Portal(PortalDeps deps);
  ~Portal();

  clients::AuditTrail& audit() { return *audit_; }
  clients::RequestHandlers& requests() { return *request_handlers_; }

 private:
  friend void add_portal_routes(http::Router& r, Portal& portal, admin::Newsroom& newsroom);
  std::unique_ptr<clients::AuditTrail> audit_;
  std::unique_ptr<clients::PortalService> service_;
  std::unique_ptr<clients::RequestService> request_service_;
  std::unique_ptr<clients::ReaderFeeds> feeds_;
  std::unique_ptr<clients::PortalHandlers> handlers_;
  std::unique_ptr<clients::RequestHandlers> request_handlers_;
  std::unique_ptr<clients::AuditHandlers> audit_handlers_;
};

// The portal's routes for readers (/portal...) and the newsroom's (/admin/requests, the audit
// exports). Added before add_site_routes, whose last route matches any single-segment path.
void add_portal_routes(http::Router& r, Portal& portal, admin::Newsroom& newsroom);

}  // namespace dossier::app
