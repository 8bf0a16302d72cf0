#pragma once

// The SQL on client_requests (migration 0022), and the newsroom's addresses through the
// newsroom_contacts view auth publishes (migration 0012).

#include <optional>
#include <string>
#include <vector>

#include "clients/request_service.hpp"

namespace soci {
class session;
}

namespace dossier::clients {

class RequestStore {
 public:
  static Id insert(soci::session& sql, ClientRequest const& r);
  static std::optional<ClientRequest> find(soci::session& sql, Id id);
  static void update(soci::session& sql, ClientRequest const& r);
  enum class By { All, State, Client };
  static std::vector<ClientRequest> list(soci::session& sql, By by, std::string const& state,
                                         Id client_id, int limit);
  // Editors' and admins' addresses: who hears of a new request.
  static std::vector<std::string> desk_addresses(soci::session& sql);
};

}  // namespace dossier::clients
