#include "app/portal_routes.hpp"

#include "admin/newsroom.hpp"
#include "clients/audit_handlers.hpp"
#include "clients/audit_trail.hpp"
#include "clients/portal_handlers.hpp"
#include "clients/portal_service.hpp"
#include "clients/reader_feed.hpp"
#include "clients/request_handlers.hpp"
#include "clients/request_service.hpp"

namespace dossier::app {

namespace {

// Who in the newsroom answers requests and reads the audit: those who manage the clients
// (editors and admins).
constexpr auth::Action kClientDesk = auth::Action::ManageClients;

}  // namespace

Portal::Portal(PortalDeps deps) {
  if (!deps.viewer) deps.viewer = [](http::Request const&) { return publishing::Viewer{}; };
  audit_ = std::make_unique<clients::AuditTrail>(deps.db, deps.clock);
  service_ = std::make_unique<clients::PortalService>(deps.db, deps.clock, deps.pdf);
  request_service_ = std::make_unique<clients::RequestService>(
      deps.db, deps.clock, clients::RequestOptions{deps.secret, deps.site_url, deps.site_title},
      deps.grant);
  feeds_ = std::make_unique<clients::ReaderFeeds>(deps.db, deps.clock);
  handlers_ = std::make_unique<clients::PortalHandlers>(
      clients::PortalContext{*service_, *request_service_, *feeds_, deps.frame, deps.theme,
                             deps.viewer, deps.member_viewer, deps.site_url});
  request_handlers_ = std::make_unique<clients::RequestHandlers>(
      clients::RequestContext{*request_service_, deps.frame, deps.newsroom, deps.viewer, deps.clock,
                              deps.site_url, deps.db});
  audit_handlers_ = std::make_unique<clients::AuditHandlers>(*audit_, deps.newsroom);
}

Portal::~Portal() = default;

void add_portal_routes(http::Router& r, Portal& portal, admin::Newsroom& gate) {
  using http::Params;
  using http::Request;
  auto& readers = *portal.handlers_;
  auto& requests = *portal.request_handlers_;
  auto& audit = *portal.audit_handlers_;
  auto on = [&readers](auto method) {
    return
        [&readers, method](Request const& q, Params const& p) { return (readers.*method)(q, p); };
  };
  using P = clients::PortalHandlers;
  using Q = clients::RequestHandlers;
  // Guards: the reader's session (ViewerOf) decides what each page shows; every POST refuses
  // another website's (http/cross_site.hpp) and checks the reader session's CSRF token, or
  // for an anonymous access request the form's signed time and honeypot; requests are
  // rate-limited per address. Every answer is private, no-store.
  r.get("/portal", on(&P::home));
  r.get("/portal/reports/{file}", on(&P::download));  // SLUG.pdf: full access only, audited
  r.get("/portal/feed/{file}", on(&P::feed));         // TOKEN.xml: the token is the guard
  r.post("/portal/feed", on(&P::renew_feed));
  r.post("/portal/feed/revoke", on(&P::revoke_feed));
  r.post("/portal/commissions", on(&P::commission));  // client members only
  r.get("/portal/requests",
        [&requests](Request const& q, Params const& p) { return requests.request_form(q, p); });
  r.post("/portal/requests",
         [&requests](Request const& q, Params const& p) { return requests.request_access(q, p); });

  auto desk = [&requests](auto method) {
    return [&requests, method](admin::Visit& v) { return (requests.*method)(v); };
  };
  auto exports = [&audit](auto method) {
    return [&audit, method](admin::Visit& v) { return (audit.*method)(v); };
  };
  using A = clients::AuditHandlers;
  r.get("/admin/requests", gate.guard(kClientDesk, desk(&Q::queue)));
  r.get("/admin/requests/{id}", gate.guard(kClientDesk, desk(&Q::item)));
  r.post("/admin/requests/{id}", gate.guard(kClientDesk, desk(&Q::change)));
  r.get("/admin/clients/{id}/audit.csv", gate.guard(kClientDesk, exports(&A::client_csv)));
  r.get("/admin/articles/{id}/audit.csv", gate.guard(kClientDesk, exports(&A::article_csv)));
}

}  // namespace dossier::app
