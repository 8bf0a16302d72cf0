#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clients/client.hpp"

namespace soci {
class session;
}

namespace dossier::clients {

struct StoredMember {
  Member member;
  std::string password_hash;  // empty = none
};

// Whose a sign-in link or a reader session is: a client member's or a confirmed newsletter
// subscriber's; exactly one of the two ids is set (the tables' CHECK), the other is 0.
struct ReaderRef {
  Id member_id = 0;
  Id subscriber_id = 0;
};

struct LinkRow {
  Id member_id = 0;      // 0 for a subscriber's link
  Id subscriber_id = 0;  // 0 for a member's link
  UnixTime expires_at = 0;
  bool used = false;
};

struct ReaderSessionRow {
  std::string token_hash;
  Id member_id = 0;      // 0 for a subscriber's session
  Id subscriber_id = 0;  // 0 for a member's session
  std::string csrf_token;
  UnixTime created_at = 0;
  UnixTime last_seen_at = 0;
  std::string remote_address;
  std::string user_agent;
};

// SQL for organisations, members, grants, sign-in links and reader sessions. Callers hold the
// transaction when several statements must go together.
class ClientStore {
 public:
  static Id insert_client(soci::session& sql, Client const& c, UnixTime now);
  static void update_client(soci::session& sql, Id id, std::optional<int> seats,
                            std::optional<UnixTime> until, std::string const& note);
  static std::optional<Client> find_client(soci::session& sql, Id id);
  // By name, without regard to case (the column's collation).
  static std::optional<Client> find_client_by_name(soci::session& sql, std::string const& name);
  static bool slug_taken(soci::session& sql, std::string const& slug);
  // Every organisation by name, with its active members and live grants counted.
  static std::vector<Client> all_clients(soci::session& sql);

  static Id insert_member(soci::session& sql, Id client_id, std::string const& email,
                          std::string const& name, UnixTime now);
  static std::optional<StoredMember> find_member(soci::session& sql, Id id);
  static std::optional<StoredMember> find_member_by_email(soci::session& sql,
                                                          std::string const& email);
  // Active members first, then removed ones; by name within each.
  static std::vector<Member> members_of(soci::session& sql, Id client_id);
  static long long count_active_members(soci::session& sql, Id client_id);
  static void set_member_status(soci::session& sql, Id id, MemberStatus status);
  // A removed member comes back, possibly to another organisation, under the name given.
  static void reactivate_member(soci::session& sql, Id id, Id client_id, std::string const& name);
  static void set_member_password(soci::session& sql, Id id, std::string const& hash);
  static void set_last_sign_in(soci::session& sql, Id id, UnixTime now);

  static Id insert_grant(soci::session& sql, Id client_id, publishing::Grant const& g,
                         UnixTime now);
  // Revokes the live grants of one scope and target; returns how many.
  static long long revoke_grants(soci::session& sql, Id client_id, publishing::GrantScope scope,
                                 Id target, UnixTime now);
  // Revokes one live grant of the organisation; false when there is none with that id.
  static bool revoke_grant(soci::session& sql, Id client_id, Id grant_id, UnixTime now);
  static std::vector<GrantRecord> live_grants(soci::session& sql, Id client_id);

  static void insert_link(soci::session& sql, std::string const& token_hash, ReaderRef who,
                          UnixTime now, UnixTime expires_at);
  static std::optional<LinkRow> find_link(soci::session& sql, std::string const& token_hash);
  // Marks the link used if it was not; true only for the one call that did (single use
  // under concurrency: the UPDATE's own WHERE decides).
  static bool use_link(soci::session& sql, std::string const& token_hash, UnixTime now);
  // Uses every unused link of the member or the subscriber.
  static void use_links_of(soci::session& sql, ReaderRef who, UnixTime now);

  static void insert_session(soci::session& sql, ReaderSessionRow const& s);
  static std::optional<ReaderSessionRow> find_session(soci::session& sql,
                                                      std::string const& token_hash);
  static void touch_session(soci::session& sql, std::string const& token_hash, UnixTime now);
  static void delete_session(soci::session& sql, std::string const& token_hash);
  static void delete_sessions_of(soci::session& sql, Id member_id);
  // Sessions idle since before `idle_before` or created before `created_before`, and links
  // expired before `links_before`.
  static long long delete_expired(soci::session& sql, UnixTime idle_before, UnixTime created_before,
                                  UnixTime links_before);
};

}  // namespace dossier::clients
