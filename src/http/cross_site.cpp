#include "http/cross_site.hpp"

#include "core/strings.hpp"

namespace dossier::http {

namespace {

// Drops ":80" from an http authority and ":443" from an https one (RFC 6454 section 6.2:
// the origin's serialization omits the scheme's default port).
std::string without_default_port(std::string_view scheme, std::string_view authority) {
  auto port = scheme == "https" ? std::string_view(":443") : std::string_view(":80");
  if (authority.ends_with(port)) authority.remove_suffix(port.size());
  return std::string(authority);
}

}  // namespace

std::string origin_of(std::string_view url) {
  auto text = to_lower(trim(url));
  auto colon = text.find("://");
  if (colon == std::string::npos) return {};
  auto scheme = std::string_view(text).substr(0, colon);
  if (scheme != "http" && scheme != "https") return {};
  auto rest = std::string_view(text).substr(colon + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return {};
  return std::string(scheme) + "://" + without_default_port(scheme, authority);
}

Provenance provenance(Request const& request, std::string_view site_url) {
  auto fetch_site = to_lower(trim(request.header("sec-fetch-site")));
  if (fetch_site == "cross-site") return Provenance::AnotherSite;
  if (fetch_site == "same-origin" || fetch_site == "same-site" || fetch_site == "none")
    return Provenance::ThisSite;
  // An unknown value (a later version of the standard) falls through to Origin.
  auto origin_header = trim(request.header("origin"));
  if (origin_header.empty()) return Provenance::ThisSite;
  auto origin = origin_of(origin_header);
  if (origin.empty()) return Provenance::AnotherSite;  // "null", or not a web origin at all
  if (!site_url.empty() && origin == origin_of(site_url)) return Provenance::ThisSite;
  // The Host header (RFC 9110 section 7.2) carries no scheme: compare the authorities. The
  // scheme the browser used is the origin's; a proxy in front may have ended TLS.
  auto host = to_lower(trim(request.header("host")));
  if (host.empty()) return Provenance::AnotherSite;
  auto scheme = std::string_view(origin).substr(0, origin.find("://"));
  auto authority = std::string_view(origin).substr(scheme.size() + 3);
  return without_default_port(scheme, host) == authority ? Provenance::ThisSite
                                                         : Provenance::AnotherSite;
}

}  // namespace dossier::http
