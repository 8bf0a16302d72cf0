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
  struct Visit {
    UnixTime at = 0;                   // the member's current (latest) visit began
    std::optional<UnixTime> previous;  // the one before began
  };
  static std::optional<Visit> last_visit(soci::session& sql, Id member_id);
  static void set_visit(soci::session& sql, Id member_id, Visit const& visit);
};

}  // namespace dossier::clients
