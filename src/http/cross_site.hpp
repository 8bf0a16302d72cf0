#pragma once

#include <string_view>

#include "http/request.hpp"

namespace dossier::http {

enum class Provenance { ThisSite, AnotherSite };

// The 403 page's words, the same for every public form.
constexpr char const* kCrossSiteTitle = "This form was sent from another website";
constexpr char const* kCrossSiteText =
    "For your safety we accept our forms only from our own pages, and this one came from "
    "another website. Nothing was changed. Open the page on our site and send the form from "
    "there.";

// Where a form's POST comes from, as the browser tells it: the public forms (comments,
// newsletter) refuse a post another website made a reader's browser send (cross-site request
// forgery). Readers have no session to protect, but a forged post still speaks in their name:
// it could subscribe, unsubscribe or stop mail without their knowing.
//
// 1. Fetch Metadata (https://www.w3.org/TR/fetch-metadata/): `Sec-Fetch-Site: cross-site` is
//    another site; `same-origin`, `same-site` (a sibling host of the same registrable domain)
//    and `none` (typed, bookmarked) are this site. A browser that sends the header is believed:
//    it sends the one it knows to be true.
// 2. Otherwise Origin (RFC 6454 section 7; the Fetch standard sends it with every POST): present
//    and neither the request's Host nor the configured site URL's origin -> another site.
//    "null" (a sandboxed frame, a page without referrer) is not this site either.
// 3. Neither header: a client that is not a browser (curl, a mail provider's server) or a very
//    old browser; nothing says it is another site, so it is this one.
//
// site_url: the configured canonical base ("https://news.example.org"), or empty.
Provenance provenance(Request const& request, std::string_view site_url);

// "https://news.example.org:8443" from a URL or an origin: scheme and host in lower case, the
// scheme's default port dropped, no path; empty when it is not an http(s) URL.
std::string origin_of(std::string_view url);

}  // namespace dossier::http
