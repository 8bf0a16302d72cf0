#pragma once

// What the portal's parts take from outside at construction (the composition root wires
// them): who a request's reader is, the reader of a member id (for the private feed, which
// carries no cookie), the stamped PDF of a report, and the grant that "delivered" makes.
// The portal depends on none of the code behind them, only on these shapes.

#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "http/request.hpp"
#include "publishing/access.hpp"

namespace dossier::clients {

using Id = long long;
using Clock = std::function<UnixTime()>;

// The reader of a request, from its `dossier_reader` cookie (anonymous without one).
using ViewerOf = std::function<publishing::Viewer(http::Request const&)>;
// The reader a client member is now (their organisation's grants as they stand), or nullopt
// when the member no longer exists or was disabled.
using ViewerOfMember = std::function<std::optional<publishing::Viewer>(Id member_id)>;

// What is stamped into each downloaded PDF, so a copy found elsewhere names who took it.
struct PdfStamp {
  std::string organisation;
  std::string email;
  std::string date;         // the download's day, ISO 8601 (YYYY-MM-DD), UTC
  std::string download_id;  // random, also in the audit row (client_audit.download_id)
};

// The stamped PDF of one report (the reports folder makes and stamps it).
using PdfSource = std::function<Result<std::string>(Id article_id, PdfStamp const& stamp)>;
// Grants one article to an organisation (the clients folder's grants).
using GrantArticle = std::function<Result<Unit>(Id client_id, Id article_id)>;

}  // namespace dossier::clients
