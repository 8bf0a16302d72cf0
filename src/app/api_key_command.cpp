#include "app/api_key_command.hpp"

#include "auth/auth_service.hpp"
#include "clients/client_service.hpp"

namespace dossier::app {

api::KeyDirectory key_directory(auth::AuthService& auth, clients::ClientService& clients) {
  return {
      [&auth](api::Id id) { return auth.user(id); },
      [&clients](api::Id id) -> std::optional<publishing::Viewer> {
        auto client = clients.client(id);
        if (!client) return std::nullopt;
        publishing::Viewer v;
        v.kind = publishing::ViewerKind::Client;
        v.client_id = client->id;
        v.client_name = client->name;
        v.client_until = client->until;
        for (auto const& g : clients.grants(client->id)) v.grants.push_back(g.grant);
        return v;
      },
  };
}

}  // namespace dossier::app
