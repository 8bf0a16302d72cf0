#include "clients/client_store.hpp"

#include <soci/soci.h>

#include "store/row.hpp"

namespace dossier::clients {

namespace {

constexpr char const* kClientColumns =
    "c.id, c.name, c.slug, c.seats, c.until_at, c.note, c.created_at";
constexpr char const* kMemberColumns =
    "id, client_id, email, name, COALESCE(password_hash, ''), status, created_at, last_sign_in_at";

std::optional<long long> optional_int(soci::row const& r, std::size_t column) {
  if (r.get_indicator(column) != soci::i_ok) return std::nullopt;
  return store::row_int(r, column);
}

Client client_from(soci::row const& r) {
  Client c;
  c.id = store::row_int(r, 0);
  c.name = store::row_text(r, 1);
  c.slug = store::row_text(r, 2);
  if (auto seats = optional_int(r, 3)) c.seats = static_cast<int>(*seats);
  c.until = optional_int(r, 4);
  c.note = store::row_text(r, 5);
  c.created_at = store::row_int(r, 6);
  return c;
}

StoredMember member_from(soci::row const& r) {
  StoredMember s;
  s.member.id = store::row_int(r, 0);
  s.member.client_id = store::row_int(r, 1);
  s.member.email = store::row_text(r, 2);
  s.member.name = store::row_text(r, 3);
  s.password_hash = store::row_text(r, 4);
  s.member.has_password = !s.password_hash.empty();
  s.member.status =
      store::row_text(r, 5) == "active" ? MemberStatus::Active : MemberStatus::Removed;
  s.member.created_at = store::row_int(r, 6);
  s.member.last_sign_in_at = optional_int(r, 7);
  return s;
}

std::optional<Client> first_client(soci::rowset<soci::row>& rows) {
  for (auto const& r : rows) return client_from(r);
  return std::nullopt;
}

std::optional<StoredMember> first_member(soci::rowset<soci::row>& rows) {
  for (auto const& r : rows) return member_from(r);
  return std::nullopt;
}

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

Id ClientStore::insert_client(soci::session& sql, Client const& c, UnixTime now) {
  long long id = 0, created = now;
  int seats = c.seats.value_or(0);
  long long until = c.until.value_or(0);
  auto seats_ind = c.seats ? soci::i_ok : soci::i_null;
  auto until_ind = c.until ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO clients (name, slug, seats, until_at, note, created_at)"
         " VALUES (:n, :s, :seats, :u, :note, :t) RETURNING id",
      soci::use(c.name), soci::use(c.slug), soci::use(seats, seats_ind),
      soci::use(until, until_ind), soci::use(c.note), soci::use(created), soci::into(id);
  return id;
}

void ClientStore::update_client(soci::session& sql, Id id, std::optional<int> seats,
                                std::optional<UnixTime> until, std::string const& note) {
  int s = seats.value_or(0);
  long long u = until.value_or(0);
  auto seats_ind = seats ? soci::i_ok : soci::i_null;
  auto until_ind = until ? soci::i_ok : soci::i_null;
  sql << "UPDATE clients SET seats = :s, until_at = :u, note = :n WHERE id = :id",
      soci::use(s, seats_ind), soci::use(u, until_ind), soci::use(note), soci::use(id);
}

std::optional<Client> ClientStore::find_client(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kClientColumns << " FROM clients c WHERE c.id = :id",
       soci::use(id));
  return first_client(rows);
}

std::optional<Client> ClientStore::find_client_by_name(soci::session& sql,
                                                       std::string const& name) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kClientColumns << " FROM clients c WHERE c.name = :n",
       soci::use(name));
  return first_client(rows);
}

bool ClientStore::slug_taken(soci::session& sql, std::string const& slug) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM clients WHERE slug = :s", soci::use(slug), soci::into(n);
  return n > 0;
}

std::vector<Client> ClientStore::all_clients(soci::session& sql) {
  std::vector<Client> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kClientColumns
                   << ", (SELECT COUNT(*) FROM client_members m"
                      " WHERE m.client_id = c.id AND m.status = 'active'),"
                      " (SELECT COUNT(*) FROM client_grants g"
                      " WHERE g.client_id = c.id AND g.revoked_at IS NULL)"
                      " FROM clients c ORDER BY c.name, c.id");
  for (auto const& r : rows) {
    auto c = client_from(r);
    c.active_members = store::row_int(r, 7);
    c.live_grants = store::row_int(r, 8);
    out.push_back(std::move(c));
  }
  return out;
}

Id ClientStore::insert_member(soci::session& sql, Id client_id, std::string const& email,
                              std::string const& name, UnixTime now) {
  long long id = 0, created = now;
  sql << "INSERT INTO client_members (client_id, email, name, status, created_at)"
         " VALUES (:c, :e, :n, 'active', :t) RETURNING id",
      soci::use(client_id), soci::use(email), soci::use(name), soci::use(created), soci::into(id);
  return id;
}

std::optional<StoredMember> ClientStore::find_member(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kMemberColumns << " FROM client_members WHERE id = :id",
       soci::use(id));
  return first_member(rows);
}

std::optional<StoredMember> ClientStore::find_member_by_email(soci::session& sql,
                                                              std::string const& email) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kMemberColumns << " FROM client_members WHERE email = :e",
       soci::use(email));
  return first_member(rows);
}

std::vector<Member> ClientStore::members_of(soci::session& sql, Id client_id) {
  std::vector<Member> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kMemberColumns
                                              << " FROM client_members WHERE client_id = :c"
                                                 " ORDER BY status = 'removed', lower(name), email",
                                  soci::use(client_id));
  for (auto const& r : rows) out.push_back(member_from(r).member);
  return out;
}

long long ClientStore::count_active_members(soci::session& sql, Id client_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM client_members WHERE client_id = :c AND status = 'active'",
      soci::use(client_id), soci::into(n);
  return n;
}

void ClientStore::set_member_status(soci::session& sql, Id id, MemberStatus status) {
  std::string s = status == MemberStatus::Active ? "active" : "removed";
  sql << "UPDATE client_members SET status = :s WHERE id = :id", soci::use(s), soci::use(id);
}

void ClientStore::reactivate_member(soci::session& sql, Id id, Id client_id,
                                    std::string const& name) {
  sql << "UPDATE client_members SET status = 'active', client_id = :c, name = :n WHERE id = :id",
      soci::use(client_id), soci::use(name), soci::use(id);
}

void ClientStore::set_member_password(soci::session& sql, Id id, std::string const& hash) {
  auto ind = hash.empty() ? soci::i_null : soci::i_ok;
  sql << "UPDATE client_members SET password_hash = :h WHERE id = :id", soci::use(hash, ind),
      soci::use(id);
}

void ClientStore::set_last_sign_in(soci::session& sql, Id id, UnixTime now) {
  long long t = now;
  sql << "UPDATE client_members SET last_sign_in_at = :t WHERE id = :id", soci::use(t),
      soci::use(id);
}

Id ClientStore::insert_grant(soci::session& sql, Id client_id, publishing::Grant const& g,
                             UnixTime now) {
  long long id = 0, created = now, target = g.target;
  long long from = g.from.value_or(0), until = g.until.value_or(0);
  auto from_ind = g.from ? soci::i_ok : soci::i_null;
  auto until_ind = g.until ? soci::i_ok : soci::i_null;
  std::string scope(to_string(g.scope));
  sql << "INSERT INTO client_grants (client_id, scope, target_id, from_at, until_at, created_at)"
         " VALUES (:c, :s, :t, :f, :u, :now) RETURNING id",
      soci::use(client_id), soci::use(scope), soci::use(target), soci::use(from, from_ind),
      soci::use(until, until_ind), soci::use(created), soci::into(id);
  return id;
}

long long ClientStore::revoke_grants(soci::session& sql, Id client_id, publishing::GrantScope scope,
                                     Id target, UnixTime now) {
  long long t = now, tid = target;
  std::string s(to_string(scope));
  soci::statement st =
      (sql.prepare << "UPDATE client_grants SET revoked_at = :now WHERE client_id = :c"
                      " AND scope = :s AND target_id = :t AND revoked_at IS NULL",
       soci::use(t), soci::use(client_id), soci::use(s), soci::use(tid));
  return affected(st);
}

bool ClientStore::revoke_grant(soci::session& sql, Id client_id, Id grant_id, UnixTime now) {
  long long t = now;
  soci::statement st = (sql.prepare << "UPDATE client_grants SET revoked_at = :now WHERE id = :g"
                                       " AND client_id = :c AND revoked_at IS NULL",
                        soci::use(t), soci::use(grant_id), soci::use(client_id));
  return affected(st) == 1;
}

std::vector<GrantRecord> ClientStore::live_grants(soci::session& sql, Id client_id) {
  std::vector<GrantRecord> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, scope, target_id, from_at, until_at, created_at"
                      " FROM client_grants WHERE client_id = :c AND revoked_at IS NULL"
                      " ORDER BY id",
       soci::use(client_id));
  for (auto const& r : rows) {
    auto scope = parse_scope(store::row_text(r, 1));
    if (!scope) continue;  // the CHECK constraint makes this unreachable
    GrantRecord g;
    g.id = store::row_int(r, 0);
    g.client_id = client_id;
    g.grant.scope = *scope;
    g.grant.target = store::row_int(r, 2);
    g.grant.from = optional_int(r, 3);
    g.grant.until = optional_int(r, 4);
    g.created_at = store::row_int(r, 5);
    out.push_back(std::move(g));
  }
  return out;
}

void ClientStore::insert_link(soci::session& sql, std::string const& token_hash, ReaderRef who,
                              UnixTime now, UnixTime expires_at) {
  long long created = now, expires = expires_at, member = who.member_id,
            subscriber = who.subscriber_id;
  // The id that is 0 is stored as NULL: the CHECK wants exactly one owner.
  sql << "INSERT INTO client_links (token_hash, member_id, subscriber_id, created_at, expires_at)"
         " VALUES (:h, NULLIF(:m, 0), NULLIF(:s, 0), :c, :e)",
      soci::use(token_hash), soci::use(member), soci::use(subscriber), soci::use(created),
      soci::use(expires);
}

std::optional<LinkRow> ClientStore::find_link(soci::session& sql, std::string const& token_hash) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT COALESCE(member_id, 0), expires_at, used_at,"
                      " COALESCE(subscriber_id, 0)"
                      " FROM client_links WHERE token_hash = :h",
       soci::use(token_hash));
  for (auto const& r : rows) {
    LinkRow l;
    l.member_id = store::row_int(r, 0);
    l.expires_at = store::row_int(r, 1);
    l.used = r.get_indicator(2) == soci::i_ok;
    l.subscriber_id = store::row_int(r, 3);
    return l;
  }
  return std::nullopt;
}

bool ClientStore::use_link(soci::session& sql, std::string const& token_hash, UnixTime now) {
  long long t = now;
  soci::statement st = (sql.prepare << "UPDATE client_links SET used_at = :t"
                                       " WHERE token_hash = :h AND used_at IS NULL",
                        soci::use(t), soci::use(token_hash));
  return affected(st) == 1;
}

void ClientStore::use_links_of(soci::session& sql, ReaderRef who, UnixTime now) {
  long long t = now;
  if (who.member_id != 0)
    sql << "UPDATE client_links SET used_at = :t WHERE member_id = :m AND used_at IS NULL",
        soci::use(t), soci::use(who.member_id);
  else
    sql << "UPDATE client_links SET used_at = :t WHERE subscriber_id = :s AND used_at IS NULL",
        soci::use(t), soci::use(who.subscriber_id);
}

void ClientStore::insert_session(soci::session& sql, ReaderSessionRow const& s) {
  long long created = s.created_at, seen = s.last_seen_at, member = s.member_id,
            subscriber = s.subscriber_id;
  sql << "INSERT INTO client_sessions (token_hash, member_id, subscriber_id, csrf_token,"
         " created_at, last_seen_at, remote_address, user_agent)"
         " VALUES (:h, NULLIF(:m, 0), NULLIF(:b, 0), :c, :t, :s, :a, :g)",
      soci::use(s.token_hash), soci::use(member), soci::use(subscriber), soci::use(s.csrf_token),
      soci::use(created), soci::use(seen), soci::use(s.remote_address), soci::use(s.user_agent);
}

std::optional<ReaderSessionRow> ClientStore::find_session(soci::session& sql,
                                                          std::string const& token_hash) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT COALESCE(member_id, 0), csrf_token, created_at, last_seen_at,"
                      " remote_address, user_agent, COALESCE(subscriber_id, 0)"
                      " FROM client_sessions WHERE token_hash = :h",
       soci::use(token_hash));
  for (auto const& r : rows) {
    ReaderSessionRow s;
    s.token_hash = token_hash;
    s.member_id = store::row_int(r, 0);
    s.csrf_token = store::row_text(r, 1);
    s.created_at = store::row_int(r, 2);
    s.last_seen_at = store::row_int(r, 3);
    s.remote_address = store::row_text(r, 4);
    s.user_agent = store::row_text(r, 5);
    s.subscriber_id = store::row_int(r, 6);
    return s;
  }
  return std::nullopt;
}

void ClientStore::touch_session(soci::session& sql, std::string const& token_hash, UnixTime now) {
  long long t = now;
  sql << "UPDATE client_sessions SET last_seen_at = :t WHERE token_hash = :h", soci::use(t),
      soci::use(token_hash);
}

void ClientStore::delete_session(soci::session& sql, std::string const& token_hash) {
  sql << "DELETE FROM client_sessions WHERE token_hash = :h", soci::use(token_hash);
}

void ClientStore::delete_sessions_of(soci::session& sql, Id member_id) {
  sql << "DELETE FROM client_sessions WHERE member_id = :m", soci::use(member_id);
}

long long ClientStore::delete_expired(soci::session& sql, UnixTime idle_before,
                                      UnixTime created_before, UnixTime links_before) {
  long long idle = idle_before, created = created_before, links = links_before;
  soci::statement sessions = (sql.prepare << "DELETE FROM client_sessions WHERE last_seen_at < :i"
                                             " OR created_at < :c",
                              soci::use(idle), soci::use(created));
  auto n = affected(sessions);
  soci::statement old_links =
      (sql.prepare << "DELETE FROM client_links WHERE expires_at < :e", soci::use(links));
  affected(old_links);
  return n;
}

}  // namespace dossier::clients
