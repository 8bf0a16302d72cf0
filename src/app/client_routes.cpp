#include "app/client_routes.hpp"

#include "admin/newsroom.hpp"
#include "clients/client_admin_handlers.hpp"
#include "clients/client_sign_in_handlers.hpp"

namespace dossier::app {

void add_client_routes(http::Router& r, ClientSurface const& s) {
  using http::Params;
  using http::Request;
  using S = clients::SignInHandlers;
  auto reader = [s](auto method) {
    return [s, method](Request const& q, Params const& p) { return (s.sign_in.*method)(q, p); };
  };
  // Guards: every POST refuses another website's (http/cross_site.hpp) and checks the reader
  // session's CSRF token when there is a session; the sign-in form is rate-limited per
  // network address and per email; a link's 256-bit secret is its own proof.
  r.get("/portal/sign-in", reader(&S::sign_in_page));
  r.post("/portal/sign-in", reader(&S::sign_in));
  r.get("/portal/link/{token}", reader(&S::link_page));  // shows a button only (mail scanners)
  r.post("/portal/link/{token}", reader(&S::use_link));
  r.post("/portal/sign-out", reader(&S::sign_out));

  // The newsroom's pages: signed in to the newsroom, ManageClients (editors and admins),
  // CSRF on every POST (admin::Newsroom::guard).
  auto& gate = s.newsroom;
  auto page = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.admin.*method)(v); };
  };
  using A = clients::ClientAdminHandlers;
  using auth::Action;
  r.get("/admin/clients", gate.guard(Action::ManageClients, page(&A::browse)));
  r.post("/admin/clients", gate.guard(Action::ManageClients, page(&A::add)));
  r.get("/admin/clients/{id}", gate.guard(Action::ManageClients, page(&A::read)));
  r.post("/admin/clients/{id}", gate.guard(Action::ManageClients, page(&A::change)));
}

}  // namespace dossier::app
