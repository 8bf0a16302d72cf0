#include "clients/portal_store.hpp"

#include <soci/soci.h>

namespace dossier::clients {

std::optional<UnixTime> PortalStore::last_visit(soci::session& sql, Id member_id) {
  long long member = member_id, at = 0;
  sql << "SELECT visited_at FROM client_visits WHERE member_id = :m", soci::use(member),
      soci::into(at);
  if (!sql.got_data()) return std::nullopt;
  return at;
}

void PortalStore::set_visit(soci::session& sql, Id member_id, UnixTime at) {
  long long member = member_id, t = at;
  sql << "INSERT INTO client_visits (member_id, visited_at) VALUES (:m, :t)"
         " ON CONFLICT (member_id) DO UPDATE SET visited_at = excluded.visited_at",
      soci::use(member), soci::use(t);
}

}  // namespace dossier::clients
