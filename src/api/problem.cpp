#include "api/problem.hpp"

#include <nlohmann/json.hpp>

#include "http/json.hpp"

namespace dossier::api {

namespace {

// RFC 9457 section 3: the media type of a problem details document in JSON.
constexpr char const* kProblemType = "application/problem+json";

std::string_view code_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Invalid: return "invalid_field";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Forbidden: return "forbidden";
    case ErrorKind::TooLarge: return "payload_too_large";
    case ErrorKind::Unauthorized: return "unauthorized";
    case ErrorKind::RateLimited: return "rate_limited";
    case ErrorKind::UnsupportedType: return "unsupported_media_type";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace

http::Response problem(int status, std::string_view code, std::string detail,
                       std::vector<FieldError> errors) {
  // RFC 9457 section 4.2.1: with "about:blank" as the type, the title is the status's own
  // phrase; the stable `code` extension member is what clients branch on.
  nlohmann::json body = {
      {"type", "about:blank"},     {"title", std::string(http::reason_phrase(status))},
      {"status", status},          {"detail", std::move(detail)},
      {"code", std::string(code)},
  };
  if (!errors.empty()) {
    auto list = nlohmann::json::array();
    for (auto& e : errors)
      list.push_back({{"field", std::move(e.field)}, {"message", std::move(e.message)}});
    body["errors"] = std::move(list);
  }
  auto response = http::json_response(status, body);
  response.content_type = kProblemType;
  // A refusal is about this request and this caller: never stored by a shared cache.
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response problem(Error const& error) {
  return problem(http::status_for(error.kind), code_of(error.kind), error.message);
}

}  // namespace dossier::api
