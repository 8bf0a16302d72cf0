#pragma once

// The SQL on client_visits (migration 0022).

#include <optional>

#include "clients/portal_types.hpp"

namespace soci {
class session;
}

namespace dossier::clients {

class PortalStore {
 public:
  static std::optional<UnixTime> last_visit(soci::session& sql, Id member_id);
  static void set_visit(soci::session& sql, Id member_id, UnixTime at);
};

}  // namespace dossier::clients
