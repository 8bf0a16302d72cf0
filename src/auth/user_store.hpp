#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/authors.hpp"
#include "auth/user.hpp"

namespace soci {
class session;
}

namespace dossier::auth {

struct StoredUser {
  User user;
  std::string password_hash;  // empty = none set yet
};

struct SessionRow {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;
  UnixTime created_at = 0;
  UnixTime last_seen_at = 0;
  std::string remote_address;
  std::string user_agent;
};

struct PasswordTokenRow {
  Id user_id = 0;
  TokenPurpose purpose = TokenPurpose::SetPassword;
  UnixTime expires_at = 0;
  bool used = false;
};

// SQL for accounts, sessions, password links and the audit log. Callers hold the
// transaction when several statements must go together.
class UserStore {
 public:
  static std::optional<StoredUser> find_by_email(soci::session& sql, std::string const& email);
  static std::optional<StoredUser> find_by_id(soci::session& sql, Id id);
  static std::vector<User> all(soci::session& sql);
  static bool slug_taken(soci::session& sql, std::string const& slug);
  // A byline without an account: no password, and NULL for an empty email (the column is
  // unique, and many bylines have none).
  static Id insert_byline(soci::session& sql, Byline const& b, UnixTime now);
  static Id insert(soci::session& sql, User const& u, std::string const& password_hash,
                   UnixTime now);
  static void set_password_hash(soci::session& sql, Id id, std::string const& hash);
  static void set_status(soci::session& sql, Id id, UserStatus status);
  static void set_role(soci::session& sql, Id id, Role role);
  static void set_profile(soci::session& sql, Id id, std::string const& name,
                          std::string const& bio, std::optional<Id> photo_media_id);
  // Administrators who can sign in: enabled, with an email address and a password. An admin
  // invited but without a password yet, or a disabled one, cannot run the newsroom.
  static long long count_usable_admins(soci::session& sql);
  static bool media_exists(soci::session& sql, Id media_id);

  static void insert_session(soci::session& sql, SessionRow const& s);
  static std::optional<SessionRow> find_session(soci::session& sql, std::string const& token_hash);
  static void touch_session(soci::session& sql, std::string const& token_hash, UnixTime now);
  static void delete_session(soci::session& sql, std::string const& token_hash);
  static void delete_sessions_of(soci::session& sql, Id user_id);
  // Sessions idle since before `idle_before` or created before `created_before`.
  static long long delete_expired_sessions(soci::session& sql, UnixTime idle_before,
                                           UnixTime created_before);

  static void insert_password_token(soci::session& sql, std::string const& token_hash, Id user_id,
                                    TokenPurpose purpose, UnixTime now, UnixTime expires_at);
  static std::optional<PasswordTokenRow> find_password_token(soci::session& sql,
                                                             std::string const& token_hash);
  static void use_password_tokens_of(soci::session& sql, Id user_id, UnixTime now);

  static void audit(soci::session& sql, UnixTime at, std::optional<Id> user_id,
                    std::string const& action, std::string const& target,
                    std::string const& detail = {});
};

}  // namespace dossier::auth
