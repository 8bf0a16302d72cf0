#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace dossier::http {

struct Request;

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // What this page shows, for the page cache: a 200 GET response with keys may be kept
  // in memory until one of them changes. Keys: "article:ID", "category:ID", "tag:ID",
  // "author:ID", "latest" (any public article added, changed or removed), "site" (settings,
  // navigation). Empty = never cached.
  std::vector<std::string> cache_keys;
  // A body shared with the page cache, sent without a copy; used instead of `body` when set.
  std::shared_ptr<std::string const> shared_body;
  // Set when the headers are final (ETag, encoding): finalize() leaves the response alone.
  bool finalized = false;

  std::size_t body_size() const { return shared_body ? shared_body->size() : body.size(); }

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;

  static Response text(int status, std::string body);
  static Response redirect(int status, std::string location);
};

// The one map from an error kind to an HTTP status (STYLE.md, Errors).
int status_for(ErrorKind kind);
std::string_view reason_phrase(int status);

// What every response gets on its way out, applied by the server after the handler:
// the security headers (add_security_headers, also on responses the page cache prepared),
// a strong ETag and 304 for If-None-Match (RFC 9110 section 13.1.2), gzip when the client
// accepts it and the type is text, and Vary. HEAD keeps its body here; the server sends
// the headers only, with the GET length.
void finalize(Request const& request, Response& response);

// The site-wide Content-Security-Policy: scripts, styles, fonts and images from the site's
// own files only (no inline script or style attribute), no plugins, no framing.
inline constexpr char const* kDefaultContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'";

// Adds Content-Security-Policy, X-Content-Type-Options, X-Frame-Options and Referrer-Policy
// to a response that does not set them itself (the newsroom sets its own, stricter ones).
void add_security_headers(Response& response);

// The name of the first header that may not go out as it is: a name that is not a token
// (RFC 9110 section 5.1) or a value holding CR, LF or NUL (RFC 9110 section 5.5: such a
// value would end the field early and let request data add fields of its own, e.g. a
// Set-Cookie). The content type counts as a header. nullopt = every header is safe.
std::optional<std::string> unsafe_header(Response const& response);

// A path on this site that a redirect may safely go to: one leading "/" (never "//", a
// protocol-relative URL to another host), no backslash (browsers read it as "/"), no
// control characters, no whitespace.
bool is_local_path(std::string_view path);

// The pieces finalize() is made of, for the page cache that prepares responses ahead.
bool is_compressible(std::string_view content_type, std::size_t size);
bool accepts_gzip(std::string_view accept_encoding);
bool etag_matches(std::string_view if_none_match, std::string_view etag);
std::string strong_etag(std::string_view body, bool gzip_variant);

// gzip (RFC 1952) at a fast level; empty on failure.
std::string gzip(std::string_view data);

}  // namespace dossier::http
