#pragma once

// The portal's rules: which reports a reader may read in full (access_to() for each of
// publishing's restricted articles), what is new since the member's last visit (table
// client_visits), and downloads: allowed only with full access, stamped by the injected PDF
// source, each recorded in the audit with its random download id. No HTTP here
// (portal_handlers.*); SQL in portal_store.*.

#include <optional>
#include <string>
#include <vector>

#include "clients/portal_types.hpp"
#include "publishing/article.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::clients {

// Portal pages less than this apart are one visit: its "new" marks stay until the next.
constexpr UnixTime kVisitWindow = 30 * 60;

struct PortalReport {
  publishing::ArticleSummary summary;
  bool is_new = false;  // published after the member's previous visit
};

struct PdfDownload {
  std::string bytes;
  std::string slug;
  std::string download_id;
};

// What a download's refusal means to the handler. The PDF source failing is Internal.
namespace download_error {
constexpr char const* kNoSuchReport = "There is no such report.";
constexpr char const* kNotYours =
    "This report is for clients whose organisation holds it. Ask us for access from its page.";
constexpr char const* kMembersOnly =
    "Report PDFs are for the members of our client organisations: each copy is stamped with "
    "its reader's organisation. You may read the article on its page.";
constexpr char const* kUnavailable =
    "The PDF of this report cannot be made just now. Please try again in a few minutes.";
}  // namespace download_error

class PortalService {
 public:
  // pdf may be empty (no PDF engine wired): every download is then Internal, recording nothing.
  PortalService(store::Database& db, Clock clock, PdfSource pdf)
      : db_(db), clock_(std::move(clock)), pdf_(std::move(pdf)) {}

  // The reports `viewer` may read in full now, newest first; those published after `since`
  // are marked new.
  std::vector<PortalReport> reports(publishing::Viewer const& viewer,
                                    std::optional<UnixTime> since = std::nullopt);
  // Records a member's visit now, unless their last one began less than kVisitWindow ago
  // (the same visit); returns when the visit before began (nullopt on the first): what the
  // portal marks new.
  std::optional<UnixTime> visit(Id member_id);

  // A report's stamped PDF for the viewer: NotFound for an unknown (or public) slug or one
  // the viewer may not know of, Forbidden for a teaser and for any viewer who is not a client
  // member (a subscriber: a copy is stamped with an organisation), Internal when the source fails
  // (then no audit row). A delivered PDF has its audit row.
  Result<PdfDownload> download(publishing::Viewer const& viewer, std::string const& slug);

 private:
  store::Database& db_;
  Clock clock_;
  PdfSource pdf_;
};

}  // namespace dossier::clients
