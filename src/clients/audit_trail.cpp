#include "clients/audit_trail.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "clients/audit_store.hpp"
#include "store/database.hpp"

namespace dossier::clients {

std::string csv_field(std::string const& value) {
  std::string text = value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r'))
    text.insert(0, 1, '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool AuditTrail::record_view(publishing::Viewer const& viewer, Id article_id) {
  if (viewer.kind != publishing::ViewerKind::Client || article_id <= 0) return false;
  auto now = clock_();
  {
    std::lock_guard lock(mutex_);
    auto key = std::make_pair(viewer.member_id, article_id);
    auto seen = recent_.find(key);
    if (seen != recent_.end() && now - seen->second < kViewWindow) return false;
    if (recent_.size() >= kMaxRecentViews) recent_.clear();
    recent_[key] = now;
  }
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  AuditStore::insert(sql, {0, now, AuditKind::View, viewer.member_id, viewer.email,
                           viewer.client_id, viewer.client_name, article_id, ""});
  tx.commit();
  return true;
}

Id AuditTrail::record_download(soci::session& sql, publishing::Viewer const& viewer, Id article_id,
                               std::string const& download_id, UnixTime at) {
  return AuditStore::insert(sql, {0, at, AuditKind::Download, viewer.member_id, viewer.email,
                                  viewer.client_id, viewer.client_name, article_id, download_id});
}

AuditCounts AuditTrail::counts(Id article_id) {
  soci::session sql(db_.pool());
  return AuditStore::counts(sql, article_id);
}

std::vector<AuditEntry> AuditTrail::for_client(Id client_id, int limit) {
  soci::session sql(db_.pool());
  return AuditStore::list(sql, AuditStore::By::Client, client_id, limit);
}

std::vector<AuditEntry> AuditTrail::for_article(Id article_id, int limit) {
  soci::session sql(db_.pool());
  return AuditStore::list(sql, AuditStore::By::Article, article_id, limit);
}

std::string AuditTrail::csv(std::vector<AuditEntry> const& entries) {
  std::string out = "time,kind,member_id,email,client_id,organisation,article_id,download_id\r\n";
  for (auto const& e : entries)
    out += fmt::format("{},{},{},{},{},{},{},{}\r\n", csv_field(format_rfc3339(e.at)),
                       e.kind == AuditKind::View ? "view" : "download", e.member_id,
                       csv_field(e.email), e.client_id, csv_field(e.client_name), e.article_id,
                       csv_field(e.download_id));
  return out;
}

}  // namespace dossier::clients
