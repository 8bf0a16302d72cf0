#include "clients/audit_store.hpp"

#include <algorithm>

#include <soci/soci.h>

namespace dossier::clients {

Id AuditStore::insert(soci::session& sql, AuditEntry const& e) {
  std::string kind = e.kind == AuditKind::View ? "view" : "download";
  long long at = e.at, member = e.member_id, client = e.client_id, article = e.article_id, id = 0;
  sql << "INSERT INTO client_audit (at, kind, member_id, email, client_id, client_name,"
         " article_id, download_id) VALUES (:at, :kind, :m, :e, :c, :cn, :a, :d) RETURNING id",
      soci::use(at), soci::use(kind), soci::use(member), soci::use(e.email), soci::use(client),
      soci::use(e.client_name), soci::use(article), soci::use(e.download_id), soci::into(id);
  return id;
}

AuditCounts AuditStore::counts(soci::session& sql, Id article_id) {
  AuditCounts c;
  long long article = article_id;
  sql << "SELECT COALESCE(SUM(CASE WHEN kind = 'view' THEN 1 ELSE 0 END), 0),"
         " COALESCE(SUM(CASE WHEN kind = 'download' THEN 1 ELSE 0 END), 0)"
         " FROM client_audit WHERE article_id = :a",
      soci::use(article), soci::into(c.views), soci::into(c.downloads);
  return c;
}

std::vector<AuditEntry> AuditStore::list(soci::session& sql, By by, Id id, int limit) {
  std::vector<AuditEntry> out;
  AuditEntry e;
  std::string kind;
  long long key = id, at = 0, member = 0, client = 0, article = 0, rowid = 0;
  int n = limit;
  // Each export reads one index range (client_audit_by_client or _by_article), newest first
  // up to the limit; the caller gets them oldest first.
  soci::statement st =
      (sql.prepare << std::string("SELECT id, at, kind, member_id, email, client_id, client_name,"
                                  " article_id, download_id FROM client_audit WHERE ") +
                          (by == By::Client ? "client_id" : "article_id") +
                          " = :k ORDER BY at DESC, id DESC LIMIT :n",
       soci::use(key), soci::use(n), soci::into(rowid), soci::into(at), soci::into(kind),
       soci::into(member), soci::into(e.email), soci::into(client), soci::into(e.client_name),
       soci::into(article), soci::into(e.download_id));
  st.execute();
  while (st.fetch()) {
    e.id = rowid;
    e.at = at;
    e.kind = kind == "download" ? AuditKind::Download : AuditKind::View;
    e.member_id = member;
    e.client_id = client;
    e.article_id = article;
    out.push_back(e);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace dossier::clients
