#pragma once

// The SQL on reader_feeds (migration 0022).

#include <optional>
#include <string>

#include "clients/reader_feed.hpp"

namespace soci {
class session;
}

namespace dossier::clients {

class ReaderFeedStore {
 public:
  // Marks every live address of the member revoked at `now`; returns how many.
  static long long revoke_all(soci::session& sql, Id member_id, UnixTime now);
  static void insert(soci::session& sql, std::string const& token_hash, Id member_id, UnixTime now);
  static std::optional<UnixTime> live_since(soci::session& sql, Id member_id);
  static std::optional<Id> live_member(soci::session& sql, std::string const& token_hash);
};

}  // namespace dossier::clients
