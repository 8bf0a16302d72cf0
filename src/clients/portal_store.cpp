#include "clients/portal_store.hpp"

#include <soci/soci.h>

namespace dossier::clients {

std::optional<PortalStore::Visit> PortalStore::last_visit(soci::session& sql, Id member_id) {
  long long member = member_id, at = 0, previous = 0;
  soci::indicator previous_ind = soci::i_null;
  sql << "SELECT visited_at, previous_at FROM client_visits WHERE member_id = :m",
      soci::use(member), soci::into(at), soci::into(previous, previous_ind);
  if (!sql.got_data()) return std::nullopt;
  Visit v{at, std::nullopt};
  if (previous_ind == soci::i_ok) v.previous = previous;
  return v;
}

void PortalStore::set_visit(soci::session& sql, Id member_id, Visit const& visit) {
  long long member = member_id, at = visit.at, previous = visit.previous.value_or(0);
  soci::indicator previous_ind = visit.previous ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO client_visits (member_id, visited_at, previous_at) VALUES (:m, :t, :p)"
         " ON CONFLICT (member_id) DO UPDATE SET visited_at = excluded.visited_at,"
         " previous_at = excluded.previous_at",
      soci::use(member), soci::use(at), soci::use(previous, previous_ind);
}

}  // namespace dossier::clients
