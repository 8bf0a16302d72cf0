#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

std::string_view to_string(Method m);

// The query parameter that may carry a CSRF token in a URL (the upload form's action, where
// the server must see the token before it reads the body).
inline constexpr char const* kCsrfQueryParam = "csrf";
// The query parameter a Content API key may travel in (api/gate.hpp), as Ghost's does.
inline constexpr char const* kApiKeyQueryParam = "key";

// A request target for a log line: the value of every secret query parameter (the CSRF
// token, an API key) replaced by "REDACTED", so access logs hold no credentials (RFC 6750
// section 5.3: URLs with bearer tokens end up in logs).
std::string redact_query(std::string_view target);

// A parsed request, free of Beast types, so handlers are pure functions of it.
struct Request {
  Method method = Method::Get;
  std::string target;                                        // as received: "/tag/iran?page=2"
  std::string path;                                          // percent-decoded path: "/tag/iran"
  std::string query;                                         // raw query string, without "?"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;

  // The first value of a header (name in lower case), or empty.
  std::string_view header(std::string_view name) const;
  // The decoded value of a query parameter.
  std::optional<std::string> query_param(std::string_view name) const;
};

}  // namespace dossier::http
