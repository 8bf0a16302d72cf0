#pragma once

// Who reads a restricted article, wired across folders that cannot see each other: the
// clients folder knows the reader of a request, publishing's article page asks the access
// rule with them, the portal records their views and offers them a way in, the reports
// folder prints and stamps their copy.

#include <functional>
#include <string>

#include "clients/portal_types.hpp"
#include "publishing/access.hpp"

namespace dossier::auth {
class AuthService;
}
namespace dossier::clients {
class ClientService;
}
namespace dossier::publishing {
class ArticleSections;
}

namespace dossier::app {

struct Reports;
class Portal;

// The reader of a request for the public site: a newsroom account's session (any role) makes
// a Newsroom viewer, else the client reader's session, else anonymous.
publishing::Viewer viewer_of(http::Request const& req, clients::ClientService& clients,
                             auth::AuthService& auth);

// The article page's readers: who they are, the way in on a teaser (the portal's box), their
// views recorded in the audit, and the report page's counts from it.
void wire_readers(publishing::ArticleSections& sections, Reports& reports, Portal& portal,
                  std::function<publishing::Viewer(http::Request const&)> viewer);

// A report's PDF of this revision (built once, kept), stamped for one download.
Result<std::string> stamped_pdf(Reports& reports, clients::Id article,
                                clients::PdfStamp const& stamp);

}  // namespace dossier::app
