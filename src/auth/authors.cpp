#include "auth/authors.hpp"

#include "auth/user_store.hpp"

namespace dossier::auth {

Id add_byline(soci::session& sql, Byline const& byline, UnixTime now) {
  return UserStore::insert_byline(sql, byline, now);
}

}  // namespace dossier::auth
