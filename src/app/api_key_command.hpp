#pragma once

#include <string>
#include <vector>

#include "api/api_keys.hpp"
#include "api/key_handlers.hpp"
#include "app/app.hpp"

namespace dossier::auth {
class AuthService;
}
namespace dossier::clients {
class ClientService;
}

namespace dossier::app {

// `dossier api-key create|list|revoke`: the API's keys from the shell. create prints the
// secret once (scripts and tests read it from standard output).
struct ApiKeyCommand {
  enum class Verb { Create, List, Revoke } verb = Verb::List;
  std::string name;
  std::string kind = "content";     // content | admin
  std::string user;                 // admin keys: the staff account's email
  std::vector<std::string> scopes;  // admin keys: articles:write ...
  std::string client;               // content keys: the organisation's slug (or name)
  long long id = 0;                 // revoke
};
int run_api_key(GlobalOptions const& g, ApiKeyCommand const& command);

// The accounts and organisations keys name, from the auth and clients services (the clients
// service's header is the composition root's to include, not api/'s).
api::KeyDirectory key_directory(auth::AuthService& auth, clients::ClientService& clients);
// The organisations the key form offers, by name.
std::vector<api::ClientChoice> client_choices(clients::ClientService& clients);

}  // namespace dossier::app
