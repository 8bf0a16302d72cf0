#include "http/response.hpp"

#include <zlib.h>

#include <cctype>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "core/strings.hpp"
#include "http/request.hpp"

namespace dossier::http {

namespace {

constexpr std::size_t kMinGzipBytes = 512;
constexpr int kGzipLevel = 6;

bool compressible_type(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.find("json") != std::string::npos ||
         content_type.find("xml") != std::string::npos ||
         content_type.find("javascript") != std::string::npos ||
         content_type.starts_with("image/svg");
}

// The body's 64-bit hash for its ETag: libstdc++'s Murmur-based byte hash, eight bytes a step,
// with a fixed seed, so the same body gets the same tag in every process of a build. It
// replaced FNV-1a, one byte a step, which took ~12% of an uncached article page (25 KB
// hashed on every answer; issue 16, perf).
std::uint64_t body_hash(std::string_view data) {
  return std::hash<std::string_view>{}(data);
}

}  // namespace

// True when the Accept-Encoding list names gzip with a non-zero q (RFC 9110 12.5.3). "*"
// stands only for codings not listed by name, so an explicit "gzip" entry wins over it.
bool accepts_gzip(std::string_view accept) {
  std::optional<bool> gzip_ok, any_ok;
  for (auto item : split(accept, ',')) {
    auto params = split(trim(item), ';');
    auto coding = to_lower(trim(params[0]));
    if (coding != "gzip" && coding != "*") continue;
    bool refused = false;
    for (std::size_t i = 1; i < params.size(); ++i) {
      auto p = to_lower(trim(params[i]));
      if (p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000") refused = true;
    }
    (coding == "gzip" ? gzip_ok : any_ok) = !refused;
  }
  return gzip_ok.value_or(any_ok.value_or(false));
}

// If-None-Match: a list of entity tags or "*" (RFC 9110 13.1.2); weak comparison.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim(if_none_match) == "*") return true;
  for (auto item : split(if_none_match, ',')) {
    auto tag = trim(item);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

bool is_compressible(std::string_view content_type, std::size_t size) {
  return compressible_type(content_type) && size >= kMinGzipBytes;
}

std::string strong_etag(std::string_view body, bool gzip_variant) {
  return fmt::format("\"{:016x}{}\"", body_hash(body), gzip_variant ? "-gz" : "");
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  for (auto const& [k, v] : headers)
    if (k == name) return v;
  return {};
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.set_header("Location", std::move(location));
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Moved to " + r.headers.back().second + "\n";
  return r;
}

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Invalid: return 400;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::TooLarge: return 413;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::RateLimited: return 429;
    case ErrorKind::UnsupportedType: return 415;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "Unknown";
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
  if (deflateInit2(&zs, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(zs.total_out);
  return out;
}

namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool has_header(Response const& r, std::string_view name) {
  for (auto const& [k, v] : r.headers)
    if (same_name(k, name)) return true;
  return false;
}

// tchar (RFC 9110 section 5.6.2).
bool is_token_char(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (!is_token_char(c)) return false;
  return true;
}

bool breaks_field(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

void add_security_headers(Response& response) {
  struct Default {
    char const* name;
    char const* value;
  };
  // Referrer-Policy: the full URL stays on this site, other sites see only the origin and
  // never over a downgrade to http (W3C Referrer Policy, strict-origin-when-cross-origin).
  static constexpr Default kDefaults[] = {
      {"Content-Security-Policy", kDefaultContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "strict-origin-when-cross-origin"},
  };
  for (auto const& d : kDefaults)
    if (!has_header(response, d.name)) response.headers.emplace_back(d.name, d.value);
}

std::optional<std::string> unsafe_header(Response const& response) {
  if (breaks_field(response.content_type)) return std::string("Content-Type");
  for (auto const& [k, v] : response.headers)
    if (!is_token(k) || breaks_field(v)) return k;
  return std::nullopt;
}

bool is_local_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.size() > 1 && path[1] == '/') return false;
  for (unsigned char c : path)
    if (c < 0x21 || c == 0x7f || c == '\\') return false;
  return true;
}

void finalize(Request const& request, Response& response) {
  // Before the early return: the page cache's prepared responses get them too.
  add_security_headers(response);
  if (response.finalized) return;
  bool use_gzip = false;
  if (is_compressible(response.content_type, response.body.size())) {
    // Added to a handler's own Vary (the APIs vary by Authorization), never in place of it.
    std::string vary(response.header("Vary"));
    if (vary.empty())
      vary = "Accept-Encoding";
    else if (vary.find("Accept-Encoding") == std::string::npos)
      vary += ", Accept-Encoding";
    response.set_header("Vary", std::move(vary));
    use_gzip = accepts_gzip(request.header("accept-encoding"));
  }
  bool cacheable =
      (request.method == Method::Get || request.method == Method::Head) && response.status == 200;
  if (cacheable) {
    std::string tag(response.header("ETag"));
    if (tag.empty()) tag = strong_etag(response.body, false);
    // A strong ETag names one representation, so the gzip one gets its own (RFC 9110 8.8.3),
    // whether the handler or this function made the tag.
    if (use_gzip && tag.size() >= 2 && tag.back() == '"') tag.insert(tag.size() - 1, "-gz");
    response.set_header("ETag", tag);
    auto inm = request.header("if-none-match");
    if (!inm.empty() && etag_matches(inm, response.header("ETag"))) {
      response.status = 304;
      response.body.clear();
      return;
    }
  }
  if (use_gzip) {
    auto compressed = gzip(response.body);
    if (!compressed.empty()) {
      response.body = std::move(compressed);
      response.set_header("Content-Encoding", "gzip");
    }
  }
}

}  // namespace dossier::http
