#include "clients/reader_feed_store.hpp"

#include <soci/soci.h>

namespace dossier::clients {

long long ReaderFeedStore::revoke_all(soci::session& sql, Id member_id, UnixTime now) {
  long long member = member_id, at = now;
  soci::statement st = (sql.prepare << "UPDATE reader_feeds SET revoked_at = :t"
                                       " WHERE member_id = :m AND revoked_at IS NULL",
                        soci::use(at), soci::use(member));
  st.execute(true);
  return st.get_affected_rows();
}

void ReaderFeedStore::insert(soci::session& sql, std::string const& token_hash, Id member_id,
                             UnixTime now) {
  long long member = member_id, at = now;
  sql << "INSERT INTO reader_feeds (token_hash, member_id, created_at) VALUES (:h, :m, :t)",
      soci::use(token_hash), soci::use(member), soci::use(at);
}

std::optional<UnixTime> ReaderFeedStore::live_since(soci::session& sql, Id member_id) {
  long long member = member_id, at = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(created_at) FROM reader_feeds WHERE member_id = :m AND revoked_at IS NULL",
      soci::use(member), soci::into(at, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return at;
}

std::optional<Id> ReaderFeedStore::live_member(soci::session& sql, std::string const& token_hash) {
  long long member = 0;
  sql << "SELECT member_id FROM reader_feeds WHERE token_hash = :h AND revoked_at IS NULL",
      soci::use(token_hash), soci::into(member);
  if (!sql.got_data()) return std::nullopt;
  return member;
}

}  // namespace dossier::clients
