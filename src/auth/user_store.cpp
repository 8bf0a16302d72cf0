#include "auth/user_store.hpp"

#include <soci/soci.h>

#include "store/row.hpp"

namespace dossier::auth {

namespace {

constexpr char const* kUserColumns =
    "id, COALESCE(email, ''), name, slug, bio, role, status, COALESCE(password_hash, ''),"
    " photo_media_id, created_at";

StoredUser user_from(soci::row const& r) {
  StoredUser s;
  s.user.id = store::row_int(r, 0);
  s.user.email = store::row_text(r, 1);
  s.user.name = store::row_text(r, 2);
  s.user.slug = store::row_text(r, 3);
  s.user.bio = store::row_text(r, 4);
  s.user.role = parse_role(store::row_text(r, 5)).value_or(Role::Contributor);
  s.user.status = store::row_text(r, 6) == "active" ? UserStatus::Active : UserStatus::Disabled;
  s.password_hash = store::row_text(r, 7);
  s.user.has_password = !s.password_hash.empty();
  if (r.get_indicator(8) == soci::i_ok) s.user.photo_media_id = store::row_int(r, 8);
  s.user.created_at = store::row_int(r, 9);
  return s;
}

std::optional<StoredUser> first_user(soci::rowset<soci::row>& rows) {
  for (auto const& r : rows) return user_from(r);
  return std::nullopt;
}

std::string_view purpose_name(TokenPurpose p) {
  return p == TokenPurpose::SetPassword ? "set" : "reset";
}

}  // namespace

std::optional<StoredUser> UserStore::find_by_email(soci::session& sql, std::string const& email) {
  // Emails are compared without case: people type them both ways.
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kUserColumns << " FROM users WHERE lower(email) = lower(:e)",
       soci::use(email));
  return first_user(rows);
}

std::optional<StoredUser> UserStore::find_by_id(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kUserColumns << " FROM users WHERE id = :id", soci::use(id));
  return first_user(rows);
}

std::vector<User> UserStore::all(soci::session& sql) {
  std::vector<User> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kUserColumns << " FROM users ORDER BY lower(name), id");
  for (auto const& r : rows) out.push_back(user_from(r).user);
  return out;
}

bool UserStore::slug_taken(soci::session& sql, std::string const& slug) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM users WHERE slug = :s", soci::use(slug), soci::into(n);
  return n > 0;
}

Id UserStore::insert(soci::session& sql, User const& u, std::string const& password_hash,
                     UnixTime now) {
  long long id = 0;
  long long created = now;
  std::string role(to_string(u.role));
  auto hash_ind = password_hash.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO users (email, name, slug, bio, role, password_hash, status, created_at)"
         " VALUES (:e, :n, :s, :b, :r, :h, 'active', :t) RETURNING id",
      soci::use(u.email), soci::use(u.name), soci::use(u.slug), soci::use(u.bio), soci::use(role),
      soci::use(password_hash, hash_ind), soci::use(created), soci::into(id);
  return id;
}

Id UserStore::insert_byline(soci::session& sql, Byline const& b, UnixTime now) {
  long long id = 0;
  long long created = now;
  auto email_ind = b.email.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO users (email, name, slug, bio, role, created_at)"
         " VALUES (:e, :n, :s, :b, :r, :t) RETURNING id",
      soci::use(b.email, email_ind), soci::use(b.name), soci::use(b.slug), soci::use(b.bio),
      soci::use(b.role), soci::use(created), soci::into(id);
  return id;
}

void UserStore::set_password_hash(soci::session& sql, Id id, std::string const& hash) {
  sql << "UPDATE users SET password_hash = :h WHERE id = :id", soci::use(hash), soci::use(id);
}

void UserStore::set_status(soci::session& sql, Id id, UserStatus status) {
  std::string s = status == UserStatus::Active ? "active" : "disabled";
  sql << "UPDATE users SET status = :s WHERE id = :id", soci::use(s), soci::use(id);
}

void UserStore::set_role(soci::session& sql, Id id, Role role) {
  std::string r(to_string(role));
  sql << "UPDATE users SET role = :r WHERE id = :id", soci::use(r), soci::use(id);
}

void UserStore::set_profile(soci::session& sql, Id id, std::string const& name,
                            std::string const& bio, std::optional<Id> photo_media_id) {
  long long photo = photo_media_id.value_or(0);
  auto photo_ind = photo_media_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE users SET name = :n, bio = :b, photo_media_id = :p WHERE id = :id",
      soci::use(name), soci::use(bio), soci::use(photo, photo_ind), soci::use(id);
}

long long UserStore::count_usable_admins(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'"
         " AND COALESCE(email, '') <> '' AND COALESCE(password_hash, '') <> ''",
      soci::into(n);
  return n;
}

// Through `images`, the view media publishes (0014_read_contracts.sql): auth sits below media
// and never names its table.
bool UserStore::media_exists(soci::session& sql, Id media_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM images WHERE id = :id", soci::use(media_id), soci::into(n);
  return n > 0;
}

void UserStore::insert_session(soci::session& sql, SessionRow const& s) {
  long long created = s.created_at, seen = s.last_seen_at, user = s.user_id;
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
         " remote_address, user_agent) VALUES (:h, :u, :c, :t, :s, :a, :g)",
      soci::use(s.token_hash), soci::use(user), soci::use(s.csrf_token), soci::use(created),
      soci::use(seen), soci::use(s.remote_address), soci::use(s.user_agent);
}

std::optional<SessionRow> UserStore::find_session(soci::session& sql,
                                                  std::string const& token_hash) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT user_id, csrf_token, created_at, last_seen_at, remote_address,"
                      " user_agent FROM sessions WHERE token_hash = :h",
       soci::use(token_hash));
  for (auto const& r : rows) {
    SessionRow s;
    s.token_hash = token_hash;
    s.user_id = store::row_int(r, 0);
    s.csrf_token = store::row_text(r, 1);
    s.created_at = store::row_int(r, 2);
    s.last_seen_at = store::row_int(r, 3);
    s.remote_address = store::row_text(r, 4);
    s.user_agent = store::row_text(r, 5);
    return s;
  }
  return std::nullopt;
}

void UserStore::touch_session(soci::session& sql, std::string const& token_hash, UnixTime now) {
  long long t = now;
  sql << "UPDATE sessions SET last_seen_at = :t WHERE token_hash = :h", soci::use(t),
      soci::use(token_hash);
}

void UserStore::delete_session(soci::session& sql, std::string const& token_hash) {
  sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void UserStore::delete_sessions_of(soci::session& sql, Id user_id) {
  sql << "DELETE FROM sessions WHERE user_id = :u", soci::use(user_id);
}

long long UserStore::delete_expired_sessions(soci::session& sql, UnixTime idle_before,
                                             UnixTime created_before) {
  long long idle = idle_before, created = created_before;
  soci::statement st = (sql.prepare << "DELETE FROM sessions WHERE last_seen_at < :i"
                                       " OR created_at < :c",
                        soci::use(idle), soci::use(created));
  st.execute(true);
  return st.get_affected_rows();
}

void UserStore::insert_password_token(soci::session& sql, std::string const& token_hash, Id user_id,
                                      TokenPurpose purpose, UnixTime now, UnixTime expires_at) {
  long long created = now, expires = expires_at;
  std::string p(purpose_name(purpose));
  sql << "INSERT INTO password_tokens (token_hash, user_id, purpose, created_at, expires_at)"
         " VALUES (:h, :u, :p, :c, :e)",
      soci::use(token_hash), soci::use(user_id), soci::use(p), soci::use(created),
      soci::use(expires);
}

std::optional<PasswordTokenRow> UserStore::find_password_token(soci::session& sql,
                                                               std::string const& token_hash) {
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT user_id, purpose, expires_at, used_at"
                                                 " FROM password_tokens WHERE token_hash = :h",
                                  soci::use(token_hash));
  for (auto const& r : rows) {
    PasswordTokenRow t;
    t.user_id = store::row_int(r, 0);
    t.purpose =
        store::row_text(r, 1) == "set" ? TokenPurpose::SetPassword : TokenPurpose::ResetPassword;
    t.expires_at = store::row_int(r, 2);
    t.used = r.get_indicator(3) == soci::i_ok;
    return t;
  }
  return std::nullopt;
}

void UserStore::use_password_tokens_of(soci::session& sql, Id user_id, UnixTime now) {
  long long t = now;
  sql << "UPDATE password_tokens SET used_at = :t WHERE user_id = :u AND used_at IS NULL",
      soci::use(t), soci::use(user_id);
}

void UserStore::audit(soci::session& sql, UnixTime at, std::optional<Id> user_id,
                      std::string const& action, std::string const& target,
                      std::string const& detail) {
  long long t = at;
  long long u = user_id.value_or(0);
  auto u_ind = user_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (:t, :u, :a, :g, :d)",
      soci::use(t), soci::use(u, u_ind), soci::use(action), soci::use(target), soci::use(detail);
}

}  // namespace dossier::auth
