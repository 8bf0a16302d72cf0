#pragma once

// The one door of both APIs (api_access.hpp has the model). Handlers begin with
//   auto gate = gate_.admin(req, Scope::ArticlesWrite);
//   if (!gate.caller) return gate.refusal;
// and then act as gate.caller->user through the same services and auth::allowed as the
// newsroom.

#include <optional>

#include "api/api_access.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::api {

struct GateResult {
  std::optional<ApiCaller> caller;  // set when the call may go on
  http::Response refusal;           // a problem (401, 403, 429 with Retry-After) otherwise
};

class ApiGate {
 public:
  virtual ~ApiGate() = default;
  // Content API: no key is an anonymous reader (public content only); a content key reads as
  // anonymous or, with a client organisation, as that organisation's reader; an unknown,
  // revoked or admin key is 401 `unauthorized`. Every keyed call counts against the key's
  // rate limit (429 `rate_limited`).
  virtual GateResult content(http::Request const& req) = 0;
  // Admin API: an admin key is required (401 otherwise); its user must be active (403) and the
  // key must carry `needed` (403 `missing_scope`). Rate-limited per key.
  virtual GateResult admin(http::Request const& req, Scope needed) = 0;
};

}  // namespace dossier::api
