#pragma once

#include <string>

#include "admin/newsroom.hpp"
#include "clients/catalog.hpp"
#include "clients/client_service.hpp"

namespace dossier::clients {

// The newsroom's client pages: the organisations (list, add), and one organisation (its
// contract, members, grants, sign-in links). Behind the newsroom's gate with
// auth::Action::ManageClients (app/client_routes.cpp).
class ClientAdminHandlers {
 public:
  ClientAdminHandlers(admin::Newsroom& newsroom, ClientService& clients, Catalog& catalog)
      : newsroom_(newsroom), clients_(clients), catalog_(catalog) {}

  http::Response browse(admin::Visit& v);
  http::Response add(admin::Visit& v);
  http::Response read(admin::Visit& v);
  // action = edit | add-member | remove-member | link | grant | revoke
  http::Response change(admin::Visit& v);

 private:
  http::Response list_page(admin::Visit& v, int status, std::string const& error,
                           std::string const& notice);
  http::Response client_page(admin::Visit& v, Id id, int status, std::string const& error,
                             std::string const& notice, std::string const& link = {});
  http::Response result_page(admin::Visit& v, Id id, Result<std::string> const& done);
  admin::Newsroom& newsroom_;
  ClientService& clients_;
  Catalog& catalog_;
};

// The form's seats ("" = no limit) and contract end ("" = none; YYYY-MM-DD, that day
// included), or an Invalid error saying what is wrong. Shared with the CLI's parsing rules.
Result<std::optional<int>> parse_seats(std::string const& text);
Result<std::optional<UnixTime>> parse_until(std::string const& text);
Result<std::optional<UnixTime>> parse_from(std::string const& text);

}  // namespace dossier::clients
