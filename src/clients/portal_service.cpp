#include "clients/portal_service.hpp"

#include <soci/soci.h>

#include "clients/audit_trail.hpp"
#include "clients/portal_store.hpp"
#include "publishing/restricted_articles.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::clients {

std::vector<PortalReport> PortalService::reports(publishing::Viewer const& viewer,
                                                 std::optional<UnixTime> since) {
  std::vector<PortalReport> out;
  if (!viewer.signed_in()) return out;
  auto now = clock_();
  soci::session sql(db_.pool());
  for (auto& a : publishing::restricted_published(sql, publishing::kMaxRestrictedList)) {
    if (publishing::access_to(viewer, a.facts, now) != publishing::Access::Full) continue;
    bool fresh = since && a.summary.published_at > *since;
    out.push_back({std::move(a.summary), fresh});
  }
  return out;
}

std::optional<UnixTime> PortalService::visit(Id member_id) {
  auto now = clock_();
  soci::session sql(db_.pool());
  auto last = PortalStore::last_visit(sql, member_id);
  // The same visit: what was new when it began stays marked, and nothing is written (each
  // write is a commit, which empties the fragments every public page keeps).
  if (last && now - last->at < kVisitWindow) return last->previous;
  store::WriteTransaction tx(sql);
  last = PortalStore::last_visit(sql, member_id);  // again, inside the write lock
  std::optional<UnixTime> previous;
  if (last) previous = last->at;
  PortalStore::set_visit(sql, member_id, {now, previous});
  tx.commit();
  return previous;
}

Result<PdfDownload> PortalService::download(publishing::Viewer const& viewer,
                                            std::string const& slug) {
  soci::session sql(db_.pool());
  auto article = publishing::restricted_by_slug(sql, slug);
  if (!article) return not_found(download_error::kNoSuchReport);
  auto now = clock_();
  auto access = publishing::access_to(viewer, article->facts, now);
  if (access == publishing::Access::None) return not_found(download_error::kNoSuchReport);
  // A stamped copy names its reader's organisation; a subscriber reads the article on its
  // page. (The newsroom never reaches here: the portal's viewer is a reader.)
  if (viewer.kind != publishing::ViewerKind::Client || viewer.client_id == 0)
    return Error{ErrorKind::Forbidden, download_error::kMembersOnly};
  if (access != publishing::Access::Full)
    return Error{ErrorKind::Forbidden, download_error::kNotYours};
  if (!pdf_) return Error{ErrorKind::Internal, download_error::kUnavailable};

  PdfDownload d;
  d.slug = article->summary.slug;
  // 256 random bits: unguessable, so a leaked copy's stamp cannot be forged to blame another.
  d.download_id = security::random_token();
  PdfStamp stamp{viewer.client_name, viewer.email, format_rfc3339(now).substr(0, 10),
                 d.download_id};
  auto bytes = pdf_(article->facts.id, stamp);
  if (!bytes) return Error{ErrorKind::Internal, download_error::kUnavailable};
  d.bytes = std::move(*bytes);
  store::WriteTransaction tx(sql);
  AuditTrail::record_download(sql, viewer, article->facts.id, d.download_id, now);
  tx.commit();
  return d;
}

}  // namespace dossier::clients
