#pragma once

// Every refusal of the Content and Admin APIs is an RFC 9457 problem details document
// (`application/problem+json`): {"type", "title", "status", "detail", "code"} and, for a body
// that failed validation, "errors": [{"field", "message"}]. `code` is stable (clients branch on
// it; docs/API.md lists every one); `type` is "https://dossier.invalid/problems/CODE"-shaped,
// built from site.url by the caller when known, else "about:blank".

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/response.hpp"

namespace dossier::api {

struct FieldError {
  std::string field;    // "title", "tags[2]", "published_at"
  std::string message;  // written for the developer who sent it
};

// Stable codes (docs/API.md): bad_request, invalid_field, unknown_field, not_found,
// unauthorized, forbidden, missing_scope, conflict, payload_too_large, unsupported_media_type,
// rate_limited, idempotency_conflict, method_not_allowed, internal.
http::Response problem(int status, std::string_view code, std::string detail,
                       std::vector<FieldError> errors = {});
// The problem for a service's Error (status from http::status_for, code from its kind).
http::Response problem(Error const& error);

}  // namespace dossier::api
