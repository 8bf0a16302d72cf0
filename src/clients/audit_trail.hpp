#pragma once

// The record of what clients read: every view of a non-public article by a client member
// and every PDF download (table client_audit), and its CSV exports for the newsroom. The
// article page calls record_view(); PortalService records downloads. SQL in audit_store.*.

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "clients/portal_types.hpp"

namespace dossier::store {
class Database;
}
namespace soci {
class session;
}

namespace dossier::clients {

enum class AuditKind { View, Download };

struct AuditEntry {
  Id id = 0;
  UnixTime at = 0;
  AuditKind kind = AuditKind::View;
  Id member_id = 0;
  std::string email;
  Id client_id = 0;
  std::string client_name;
  Id article_id = 0;
  std::string download_id;
};

struct AuditCounts {
  long long views = 0;
  long long downloads = 0;
};

// The most rows one CSV export holds; beyond it the newest are exported (a CSV of a year of
// a large client's reading is well under this).
constexpr int kMaxAuditExport = 100'000;

// One CSV field per RFC 4180 section 2: quoted when it holds a comma, a quote, CR or LF
// (quotes doubled), and defused for spreadsheets: a field starting with = + - @ (or a tab or
// CR, which some spreadsheets skip before reading a formula) gets a leading ' so it is shown
// as text, never run as a formula (OWASP, "CSV Injection").
std::string csv_field(std::string const& value);

// One member reading one report again within this time is the same reading: one view. A
// reader who reloads, or moves between the report and the portal, writes no row each time,
// and each row is a commit that empties every fragment the public pages keep.
constexpr UnixTime kViewWindow = 30 * 60;
// The recent readings remembered for that (a few hundred bytes each); when full, it starts
// afresh, which at worst records a reading twice.
constexpr std::size_t kMaxRecentViews = 10'000;

class AuditTrail {
 public:
  AuditTrail(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

  // A client member read a non-public article's page. Anyone else (anonymous, subscribers,
  // the newsroom) is not audited: returns false and writes nothing; so is a member's second
  // view of the same article within kViewWindow (the same reading).
  bool record_view(publishing::Viewer const& viewer, Id article_id);
  // A download, in the caller's transaction (PortalService).
  static Id record_download(soci::session& sql, publishing::Viewer const& viewer, Id article_id,
                            std::string const& download_id, UnixTime at);

  AuditCounts counts(Id article_id);
  std::vector<AuditEntry> for_client(Id client_id, int limit = kMaxAuditExport);
  std::vector<AuditEntry> for_article(Id article_id, int limit = kMaxAuditExport);

  // The CSV of some entries, with a header line; CRLF line ends (RFC 4180 section 2.1).
  static std::string csv(std::vector<AuditEntry> const& entries);

 private:
  store::Database& db_;
  Clock clock_;
  std::mutex mutex_;
  // (member, article) -> when its view was last recorded.
  std::map<std::pair<Id, Id>, UnixTime> recent_;  // guarded by mutex_
};

}  // namespace dossier::clients
