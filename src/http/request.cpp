#include "http/request.hpp"

#include "core/strings.hpp"

namespace dossier::http {

std::string_view to_string(Method m) {
  switch (m) {
    case Method::Get: return "GET";
    case Method::Head: return "HEAD";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Patch: return "PATCH";
    case Method::Delete: return "DELETE";
    case Method::Options: return "OPTIONS";
    case Method::Other: return "OTHER";
  }
  return "OTHER";
}

std::string redact_query(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, q + 1));
  bool first = true;
  for (auto part : split(target.substr(q + 1), '&')) {
    if (!first) out += '&';
    first = false;
    auto eq = part.find('=');
    auto name = eq == std::string_view::npos ? part : part.substr(0, eq);
    if (eq != std::string_view::npos && (name == kCsrfQueryParam || name == kApiKeyQueryParam)) {
      out += part.substr(0, eq + 1);
      out += "REDACTED";
    } else {
      out += part;
    }
  }
  return out;
}

std::string_view Request::header(std::string_view name) const {
  for (auto const& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (auto part : split(query, '&')) {
    auto eq = part.find('=');
    auto key = part.substr(0, eq);
    if (key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    return percent_decode(part.substr(eq + 1), true);
  }
  return std::nullopt;
}

}  // namespace dossier::http
