#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/password.hpp"
#include "auth/user.hpp"
#include "core/result.hpp"
#include "security/rate_limiter.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::auth {

using Clock = std::function<UnixTime()>;

struct AuthOptions {
  PasswordCost cost;
  std::chrono::seconds session_idle{std::chrono::hours(24)};
  std::chrono::seconds session_absolute{std::chrono::hours(24 * 14)};
  // Login attempts per address, and failed attempts per account, within the window.
  int attempts_per_address = 20;
  int failures_per_account = 5;
  std::chrono::seconds attempt_window{std::chrono::minutes(15)};
  std::chrono::seconds set_password_link_ttl{std::chrono::hours(24 * 7)};
  std::chrono::seconds reset_link_ttl{std::chrono::hours(1)};
  std::string site_url = "http://127.0.0.1:8080";  // for links in mail and on the CLI
  std::string site_title = "Dossier";
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::Author;
  std::optional<std::string> password;  // none: a set-password link is made instead
  std::string bio;
};

// A signed-in request's identity.
struct SessionInfo {
  User user;
  std::string token_hash;
  std::string csrf_token;
};

struct LoginSuccess {
  std::string token;  // the cookie value; never stored
  User user;
};

// Accounts, passwords, sessions and password links: the rules; SQL is in user_store.
class AuthService {
 public:
  AuthService(store::Database& db, Clock clock, AuthOptions options);

  Result<User> add_user(NewUser const& input);
  std::vector<User> users();
  std::optional<User> user(Id id);
  std::optional<User> user_by_email(std::string const& email);
  Result<Unit> set_password(Id user_id, std::string const& password);
  Result<Unit> set_role(Id actor_id, Id user_id, Role role);
  // Disabling also ends every session of the account.
  Result<Unit> set_status(Id actor_id, Id user_id, UserStatus status);
  Result<Unit> set_profile(Id user_id, std::string const& name, std::string const& bio,
                           std::optional<Id> photo_media_id);

  // A one-time link (absolute URL) to choose a password; earlier links stop working.
  Result<std::string> password_link(Id user_id, TokenPurpose purpose);
  // Who a password link belongs to, when it is valid and unused.
  std::optional<User> password_link_user(std::string const& token);
  Result<Unit> set_password_with_link(std::string const& token, std::string const& password);
  // "Forgot password": queues a mail with a reset link when the address belongs to an
  // active account; the caller answers the same either way (no account discovery).
  Result<Unit> request_reset(std::string const& email, std::string const& remote_address);

  // Checks the rate limits before hashing anything (DESIGN.md: argon2id costs ~80 ms).
  Result<LoginSuccess> login(std::string const& email, std::string const& password,
                             std::string const& remote_address, std::string const& user_agent);
  // The live session of a cookie value, or nothing when it is unknown, expired or its
  // account is disabled. Refreshes the idle clock at most once a minute.
  std::optional<SessionInfo> authenticate(std::string const& token);
  void logout(std::string const& token);
  void logout_everywhere(Id user_id);
  long long delete_expired_sessions();

  // Records a change made outside the newsroom's own pages (the Admin API) in the newsroom's
  // audit log: `action` such as "api.article.create", `detail` naming the API key that acted.
  void record_audit(Id user_id, std::string const& action, std::string const& target,
                    std::string const& detail);

  AuthOptions const& options() const { return options_; }

 private:
  static constexpr UnixTime kTouchInterval = 60;
  store::Database& db_;
  Clock clock_;
  AuthOptions options_;
  security::RateLimiter per_address_;
  security::RateLimiter per_account_;
  security::RateLimiter reset_per_address_;
};

}  // namespace dossier::auth
