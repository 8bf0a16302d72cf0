#pragma once

#include "http/router.hpp"

namespace dossier::admin {
class Newsroom;
}
namespace dossier::clients {
class ClientAdminHandlers;
class SignInHandlers;
}  // namespace dossier::clients

namespace dossier::app {

struct ClientSurface {
  admin::Newsroom& newsroom;
  clients::ClientAdminHandlers& admin;
  clients::SignInHandlers& sign_in;
};

// The readers' sign-in routes (/portal/sign-in, /portal/link/{token}, /portal/sign-out) and
// the newsroom's client pages (/admin/clients). Added before add_site_routes, whose last route
// matches any single-segment path. The handlers capture copies of `s` (references only).
void add_client_routes(http::Router& r, ClientSurface const& s);

}  // namespace dossier::app
