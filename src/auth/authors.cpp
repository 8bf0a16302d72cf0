#include "auth/authors.hpp"

#include "auth/user_store.hpp"

namespace dossier::auth {

Id add_byline(soci::session& sql, Byline const& byline, UnixTime now) {
  return UserStore::insert_byline(sql, byline, now);
}

std::optional<Id> user_id_by_email(soci::session& sql, std::string const& email) {
  if (email.empty()) return std::nullopt;
  auto found = UserStore::find_by_email(sql, email);
  if (!found) return std::nullopt;
  return found->user.id;
}

bool user_slug_taken(soci::session& sql, std::string const& slug) {
  return UserStore::slug_taken(sql, slug);
}

}  // namespace dossier::auth
