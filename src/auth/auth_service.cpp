#include "auth/auth_service.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "auth/user_store.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "mail/outbox.hpp"
#include "security/email.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::auth {

namespace msg {
constexpr char const* kBadLogin = "The email address or password is not right.";
constexpr char const* kTooManyFromAddress =
    "Too many sign-in attempts from your network. Please try again in {} minutes.";
constexpr char const* kTooManyForAccount =
    "Too many failed sign-in attempts for this account. Please try again in {} minutes, or "
    "reset your password.";
constexpr char const* kBadEmail = "Please enter a valid email address.";
constexpr char const* kEmailTaken = "An account with the email address {} already exists.";
constexpr char const* kNameMissing = "Please enter the person's name.";
constexpr char const* kNameTooLong = "The name is too long (at most {} characters).";
constexpr char const* kNoSuchUser = "There is no such account.";
constexpr char const* kLinkInvalid =
    "This link is not valid any more: it was used, replaced by a newer one, or it expired. "
    "Ask for a new one.";
constexpr char const* kLastAdmin =
    "The last administrator who can sign in cannot be disabled or demoted.";
constexpr char const* kNoSuchImage = "There is no image number {} in the media library.";
constexpr char const* kBioTooLong = "The biography is too long (at most {} characters).";
constexpr char const* kResetTooOften =
    "Too many reset requests from your network. Please try again later.";
}  // namespace msg

constexpr std::size_t kMaxNameLength = 120;
constexpr std::size_t kMaxBioLength = 4000;
constexpr int kResetsPerAddress = 5;

namespace {

// The last-administrator guard protects the admins who can sign in (the same rule as
// UserStore::count_usable_admins): removing an invited admin who never chose a password, or
// a disabled one, leaves the newsroom exactly as reachable as before.
bool is_usable_admin(StoredUser const& u) {
  return u.user.role == Role::Admin && u.user.status == UserStatus::Active &&
         !u.user.email.empty() && !u.password_hash.empty();
}

}  // namespace

AuthService::AuthService(store::Database& db, Clock clock, AuthOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      per_address_(db, "auth.sign_in_address", options_.attempts_per_address,
                   options_.attempt_window),
      per_account_(db, "auth.sign_in_account", options_.failures_per_account,
                   options_.attempt_window),
      reset_per_address_(db, "auth.reset_address", kResetsPerAddress, options_.attempt_window) {}

Result<User> AuthService::add_user(NewUser const& input) {
  auto email = security::normalize_email(input.email);
  if (!email) return invalid(msg::kBadEmail);
  auto name = std::string(trim(input.name));
  if (name.empty() || !is_valid_utf8(name)) return invalid(msg::kNameMissing);
  if (name.size() > kMaxNameLength) return invalid(fmt::format(msg::kNameTooLong, kMaxNameLength));
  std::string hash;
  if (input.password) {
    if (auto problem = password_problem(*input.password)) return invalid(*problem);
    hash = hash_password(*input.password, options_.cost);
  }
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (UserStore::find_by_email(sql, *email))
    return Error{ErrorKind::Conflict, fmt::format(msg::kEmailTaken, *email)};
  User u;
  u.email = *email;
  u.name = name;
  u.role = input.role;
  u.bio = input.bio;
  auto base = make_slug(name);
  u.slug = base;
  for (int n = 2; UserStore::slug_taken(sql, u.slug); ++n) u.slug = fmt::format("{}-{}", base, n);
  auto now = clock_();
  u.id = UserStore::insert(sql, u, hash, now);
  u.created_at = now;
  u.has_password = !hash.empty();
  UserStore::audit(sql, now, std::nullopt, "user.add", u.email, std::string(to_string(u.role)));
  tx.commit();
  return u;
}

std::vector<User> AuthService::users() {
  soci::session sql(db_.pool());
  return UserStore::all(sql);
}

std::optional<User> AuthService::user(Id id) {
  soci::session sql(db_.pool());
  auto found = UserStore::find_by_id(sql, id);
  if (!found) return std::nullopt;
  return found->user;
}

std::optional<User> AuthService::user_by_email(std::string const& email) {
  soci::session sql(db_.pool());
  auto found = UserStore::find_by_email(sql, email);
  if (!found) return std::nullopt;
  return found->user;
}

Result<Unit> AuthService::set_password(Id user_id, std::string const& password) {
  if (auto problem = password_problem(password)) return invalid(*problem);
  auto hash = hash_password(password, options_.cost);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!UserStore::find_by_id(sql, user_id)) return not_found(msg::kNoSuchUser);
  UserStore::set_password_hash(sql, user_id, hash);
  // A new password ends every session made with the old one, and every pending link.
  UserStore::delete_sessions_of(sql, user_id);
  UserStore::use_password_tokens_of(sql, user_id, clock_());
  UserStore::audit(sql, clock_(), user_id, "user.password", std::to_string(user_id));
  tx.commit();
  return Unit{};
}

Result<Unit> AuthService::set_role(Id actor_id, Id user_id, Role role) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = UserStore::find_by_id(sql, user_id);
  if (!found) return not_found(msg::kNoSuchUser);
  if (role != Role::Admin && is_usable_admin(*found) && UserStore::count_usable_admins(sql) <= 1)
    return Error{ErrorKind::Conflict, msg::kLastAdmin};
  UserStore::set_role(sql, user_id, role);
  UserStore::audit(sql, clock_(), actor_id, "user.role", found->user.email,
                   std::string(to_string(role)));
  tx.commit();
  return Unit{};
}

Result<Unit> AuthService::set_status(Id actor_id, Id user_id, UserStatus status) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = UserStore::find_by_id(sql, user_id);
  if (!found) return not_found(msg::kNoSuchUser);
  if (status == UserStatus::Disabled && is_usable_admin(*found) &&
      UserStore::count_usable_admins(sql) <= 1)
    return Error{ErrorKind::Conflict, msg::kLastAdmin};
  UserStore::set_status(sql, user_id, status);
  if (status == UserStatus::Disabled) UserStore::delete_sessions_of(sql, user_id);
  UserStore::audit(sql, clock_(), actor_id,
                   status == UserStatus::Active ? "user.enable" : "user.disable",
                   found->user.email);
  tx.commit();
  return Unit{};
}

Result<Unit> AuthService::set_profile(Id user_id, std::string const& name, std::string const& bio,
                                      std::optional<Id> photo_media_id) {
  auto clean = std::string(trim(name));
  if (clean.empty() || !is_valid_utf8(clean) || !is_valid_utf8(bio))
    return invalid(msg::kNameMissing);
  if (clean.size() > kMaxNameLength) return invalid(fmt::format(msg::kNameTooLong, kMaxNameLength));
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!UserStore::find_by_id(sql, user_id)) return not_found(msg::kNoSuchUser);
  if (photo_media_id && !UserStore::media_exists(sql, *photo_media_id))
    return invalid(fmt::format(msg::kNoSuchImage, *photo_media_id));
  if (bio.size() > kMaxBioLength) return invalid(fmt::format(msg::kBioTooLong, kMaxBioLength));
  UserStore::set_profile(sql, user_id, clean, bio, photo_media_id);
  tx.commit();
  return Unit{};
}

Result<std::string> AuthService::password_link(Id user_id, TokenPurpose purpose) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!UserStore::find_by_id(sql, user_id)) return not_found(msg::kNoSuchUser);
  auto now = clock_();
  UserStore::use_password_tokens_of(sql, user_id, now);
  auto token = security::random_token();
  auto ttl = purpose == TokenPurpose::SetPassword ? options_.set_password_link_ttl
                                                  : options_.reset_link_ttl;
  UserStore::insert_password_token(sql, security::token_hash(token), user_id, purpose, now,
                                   now + ttl.count());
  tx.commit();
  return options_.site_url + "/admin/password/" + token;
}

std::optional<User> AuthService::password_link_user(std::string const& token) {
  soci::session sql(db_.pool());
  auto row = UserStore::find_password_token(sql, security::token_hash(token));
  if (!row || row->used || row->expires_at <= clock_()) return std::nullopt;
  auto found = UserStore::find_by_id(sql, row->user_id);
  if (!found || found->user.status != UserStatus::Active) return std::nullopt;
  return found->user;
}

Result<Unit> AuthService::set_password_with_link(std::string const& token,
                                                 std::string const& password) {
  if (auto problem = password_problem(password)) return invalid(*problem);
  auto user = password_link_user(token);
  if (!user) return invalid(msg::kLinkInvalid);
  return set_password(user->id, password);
}

Result<Unit> AuthService::request_reset(std::string const& email,
                                        std::string const& remote_address) {
  auto now = clock_();
  auto address_key = "reset:" + remote_address;
  if (reset_per_address_.retry_after(address_key, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kResetTooOften};
  reset_per_address_.record(address_key, now);
  auto normalized = security::normalize_email(email);
  if (!normalized) return invalid(msg::kBadEmail);
  auto found = user_by_email(*normalized);
  if (!found || found->status != UserStatus::Active) return Unit{};
  auto link = password_link(found->id, TokenPurpose::ResetPassword);
  if (!link) return link.error();
  mail::Mail mail;
  mail.recipient = found->email;
  mail.subject = fmt::format("Reset your password for {}", options_.site_title);
  mail.text_body = fmt::format(
      "Hello {},\n\nSomeone (we hope you) asked to reset the password of your account at "
      "{}.\nChoose a new one here within {} minutes:\n\n{}\n\nIf it was not you, ignore "
      "this mail: your password stays as it is.\n",
      found->name, options_.site_title, options_.reset_link_ttl.count() / 60, *link);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  mail::Outbox::enqueue(sql, mail, now);
  UserStore::audit(sql, now, found->id, "user.reset_requested", found->email, remote_address);
  tx.commit();
  // The link goes to the account's mailbox only, never to a log: whoever reads the logs could
  // otherwise take the account over. An operator who must hand a link on makes one with
  // `dossier user passwd` (printed to their terminal, not logged).
  return Unit{};
}

Result<LoginSuccess> AuthService::login(std::string const& email, std::string const& password,
                                        std::string const& remote_address,
                                        std::string const& user_agent) {
  auto now = clock_();
  auto address_key = "ip:" + remote_address;
  if (auto wait = per_address_.retry_after(address_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyFromAddress, (wait + 59) / 60)};
  per_address_.record(address_key, now);
  auto account_key = "account:" + to_lower(trim(email));
  if (auto wait = per_account_.retry_after(account_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyForAccount, (wait + 59) / 60)};

  soci::session sql(db_.pool());
  auto found = security::normalize_email(email)
                   ? UserStore::find_by_email(sql, std::string(trim(email)))
                   : std::nullopt;
  bool ok = found && found->user.status == UserStatus::Active &&
            verify_password(found->password_hash, password);
  if (!found) {
    // Spend the time a real check takes, so the answer's delay does not tell which
    // addresses have accounts.
    static std::string const decoy = hash_password("decoy password", options_.cost);
    verify_password(decoy, password);
  }
  if (!ok) {
    per_account_.record(account_key, now);
    store::WriteTransaction tx(sql);
    UserStore::audit(sql, now, found ? std::optional(found->user.id) : std::nullopt, "login.failed",
                     std::string(trim(email)), remote_address);
    tx.commit();
    return Error{ErrorKind::Unauthorized, msg::kBadLogin};
  }
  per_account_.forget(account_key);
  SessionRow s;
  auto token = security::random_token();
  s.token_hash = security::token_hash(token);
  s.user_id = found->user.id;
  s.csrf_token = security::random_token();
  s.created_at = now;
  s.last_seen_at = now;
  s.remote_address = remote_address;
  s.user_agent = user_agent.substr(0, 300);
  store::WriteTransaction tx(sql);
  if (needs_rehash(found->password_hash, options_.cost))
    UserStore::set_password_hash(sql, found->user.id, hash_password(password, options_.cost));
  UserStore::insert_session(sql, s);
  UserStore::audit(sql, now, found->user.id, "login", found->user.email, remote_address);
  tx.commit();
  return LoginSuccess{token, found->user};
}

std::optional<SessionInfo> AuthService::authenticate(std::string const& token) {
  if (token.empty() || token.size() > 2 * security::kTokenBytes) return std::nullopt;
  auto hash = security::token_hash(token);
  soci::session sql(db_.pool());
  auto row = UserStore::find_session(sql, hash);
  if (!row) return std::nullopt;
  auto now = clock_();
  if (row->last_seen_at + options_.session_idle.count() <= now ||
      row->created_at + options_.session_absolute.count() <= now) {
    UserStore::delete_session(sql, hash);
    return std::nullopt;
  }
  auto found = UserStore::find_by_id(sql, row->user_id);
  if (!found || found->user.status != UserStatus::Active) return std::nullopt;
  if (now - row->last_seen_at >= kTouchInterval) UserStore::touch_session(sql, hash, now);
  return SessionInfo{found->user, hash, row->csrf_token};
}

void AuthService::logout(std::string const& token) {
  soci::session sql(db_.pool());
  UserStore::delete_session(sql, security::token_hash(token));
}

void AuthService::logout_everywhere(Id user_id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  UserStore::delete_sessions_of(sql, user_id);
  UserStore::audit(sql, clock_(), user_id, "logout.everywhere", std::to_string(user_id));
  tx.commit();
}

long long AuthService::delete_expired_sessions() {
  auto now = clock_();
  soci::session sql(db_.pool());
  return UserStore::delete_expired_sessions(sql, now - options_.session_idle.count(),
                                            now - options_.session_absolute.count());
}

}  // namespace dossier::auth

namespace dossier::auth {

void AuthService::record_audit(Id user_id, std::string const& action, std::string const& target,
                               std::string const& detail) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  UserStore::audit(sql, clock_(), user_id, action, target, detail);
  tx.commit();
}

}  // namespace dossier::auth
