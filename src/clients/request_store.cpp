#include "clients/request_store.hpp"

#include <soci/soci.h>

namespace dossier::clients {

namespace {

constexpr char const* kColumns =
    "SELECT id, kind, article_id, subject, details, member_id, email, name, organisation,"
    " client_id, state, note, delivered_article_id, created_at, updated_at FROM client_requests";

struct Row {
  ClientRequest r;
  std::string kind, state;
  long long id = 0, article = 0, member = 0, client = 0, delivered = 0, created = 0, updated = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(article));
    st.exchange(soci::into(r.subject));
    st.exchange(soci::into(r.details));
    st.exchange(soci::into(member));
    st.exchange(soci::into(r.email));
    st.exchange(soci::into(r.name));
    st.exchange(soci::into(r.organisation));
    st.exchange(soci::into(client));
    st.exchange(soci::into(state));
    st.exchange(soci::into(r.note));
    st.exchange(soci::into(delivered));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
  ClientRequest take() {
    r.id = id;
    r.kind = parse_request_kind(kind).value_or(RequestKind::Access);
    r.article_id = article;
    r.member_id = member;
    r.client_id = client;
    r.state = parse_request_state(state).value_or(RequestState::New);
    r.delivered_article_id = delivered;
    r.created_at = created;
    r.updated_at = updated;
    return r;
  }
};

}  // namespace

Id RequestStore::insert(soci::session& sql, ClientRequest const& r) {
  std::string kind(to_string(r.kind)), state(to_string(r.state));
  long long article = r.article_id, member = r.member_id, client = r.client_id,
            created = r.created_at, id = 0;
  sql << "INSERT INTO client_requests (kind, article_id, subject, details, member_id, email,"
         " name, organisation, client_id, state, created_at, updated_at)"
         " VALUES (:k, :a, :s, :d, :m, :e, :n, :o, :c, :st, :t, :t2) RETURNING id",
      soci::use(kind), soci::use(article), soci::use(r.subject), soci::use(r.details),
      soci::use(member), soci::use(r.email), soci::use(r.name), soci::use(r.organisation),
      soci::use(client), soci::use(state), soci::use(created), soci::use(created), soci::into(id);
  return id;
}

std::optional<ClientRequest> RequestStore::find(soci::session& sql, Id id) {
  Row row;
  long long key = id;
  soci::statement st(sql);
  row.bind(st);
  st.exchange(soci::use(key));
  st.alloc();
  st.prepare(std::string(kColumns) + " WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.take();
}

void RequestStore::update(soci::session& sql, ClientRequest const& r) {
  std::string state(to_string(r.state));
  long long id = r.id, delivered = r.delivered_article_id, updated = r.updated_at;
  sql << "UPDATE client_requests SET state = :s, note = :n, delivered_article_id = :d,"
         " updated_at = :u WHERE id = :id",
      soci::use(state), soci::use(r.note), soci::use(delivered), soci::use(updated), soci::use(id);
}

std::vector<ClientRequest> RequestStore::list(soci::session& sql, By by, std::string const& state,
                                              Id client_id, int limit) {
  std::vector<ClientRequest> out;
  Row row;
  long long client = client_id;
  int n = limit;
  soci::statement st(sql);
  row.bind(st);
  std::string where;
  if (by == By::State) {
    where = " WHERE state = :state";
    st.exchange(soci::use(state));
  } else if (by == By::Client) {
    where = " WHERE client_id = :client";
    st.exchange(soci::use(client));
  }
  st.exchange(soci::use(n));
  st.alloc();
  st.prepare(std::string(kColumns) + where + " ORDER BY created_at DESC, id DESC LIMIT :n");
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(row.take());
  return out;
}

std::vector<std::string> RequestStore::desk_addresses(soci::session& sql) {
  std::vector<std::string> out;
  std::string email;
  soci::statement st = (sql.prepare << "SELECT DISTINCT email FROM newsroom_contacts"
                                       " WHERE role IN ('admin', 'editor') ORDER BY email",
                        soci::into(email));
  st.execute();
  while (st.fetch()) out.push_back(email);
  return out;
}

}  // namespace dossier::clients
