#pragma once

#include <functional>
#include <string>
#include <vector>

#include "admin/newsroom.hpp"
#include "api/api_keys.hpp"

namespace dossier::api {

// A client organisation as the key form offers it.
struct ClientChoice {
  Id id = 0;
  std::string name;
  std::string slug;
};

struct KeyHandlersContext {
  admin::Newsroom& newsroom;
  ApiKeys& keys;
  std::function<std::vector<auth::User>()> users;      // staff accounts, for admin keys
  std::function<std::vector<ClientChoice>()> clients;  // organisations, for content keys
};

// The newsroom's integrations page (/admin/integrations): every key (never its secret),
// a form to create a content or admin key whose secret the answer shows once, and revocation
// behind a confirmation. Behind the newsroom's gate with auth::Action::ManageIntegrations.
class KeyHandlers {
 public:
  explicit KeyHandlers(KeyHandlersContext ctx) : ctx_(std::move(ctx)) {}

  http::Response browse(admin::Visit& v);
  http::Response add(admin::Visit& v);
  http::Response revoke(admin::Visit& v);

 private:
  http::Response page(admin::Visit& v, int status, std::string const& error,
                      std::string const& notice, CreatedKey const* created);
  KeyHandlersContext ctx_;
};

}  // namespace dossier::api
