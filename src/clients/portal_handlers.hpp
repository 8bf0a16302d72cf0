#pragma once

// The portal's pages for readers: /portal (the organisation's reports, its requests, the
// commission form and the private feed's address), downloads of stamped PDFs, the private
// feed, and its renewal. Every answer is the reader's own: never cached
// (Cache-Control: private, no-store). Every POST refuses another website's
// (http/cross_site.hpp) and carries the reader session's CSRF token.

#include <optional>
#include <string>

#include "clients/portal_service.hpp"
#include "clients/portal_types.hpp"
#include "clients/reader_feed.hpp"
#include "clients/request_service.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace dossier::site {
class Frame;
}
namespace dossier::render {
class Theme;
}

namespace dossier::clients {

// The form field that carries a reader session's CSRF token (publishing::Viewer::csrf_token).
constexpr char const* kReaderCsrfField = "_csrf";
// Where readers sign in (the clients folder's page); `next` brings them back.
constexpr char const* kSignInPath = "/portal/sign-in";

struct PortalContext {
  PortalService& portal;
  RequestService& requests;
  ReaderFeeds& feeds;
  site::Frame const& frame;
  render::Theme const& theme;  // the private feed's Atom template
  ViewerOf viewer;
  ViewerOfMember member_viewer;
  std::string site_url;  // canonical base, no trailing slash
};

// Adds what every reader-only answer carries: no caching anywhere, no indexing, and no
// referrer (a feed's address is a secret).
void private_answer(http::Response& r);
// The sign-in link that comes back to `next` (a local path).
std::string sign_in_url(std::string const& next);

class PortalHandlers {
 public:
  explicit PortalHandlers(PortalContext ctx) : ctx_(std::move(ctx)) {}

  http::Response home(http::Request const& req, http::Params const& p);
  http::Response download(http::Request const& req, http::Params const& p);  // {file}: SLUG.pdf
  http::Response feed(http::Request const& req, http::Params const& p);      // {file}: TOKEN.xml
  http::Response renew_feed(http::Request const& req, http::Params const& p);
  http::Response revoke_feed(http::Request const& req, http::Params const& p);
  http::Response commission(http::Request const& req, http::Params const& p);

 private:
  // Whether showing the portal counts as the member's visit ("new since your last visit"):
  // the GET does; a form's answer does not.
  enum class Visit { Counts, Ignored };
  // The portal page; `feed_token` is shown once after a renewal, `error` above the forms.
  http::Response page(publishing::Viewer const& viewer, int status, Visit visit,
                      std::optional<std::string> const& feed_token, std::string const& error,
                      CommissionInput const& echo = {});
  // The 403 for another website's POST or a missing/wrong CSRF token; nullopt when it is fine.
  std::optional<http::Response> refuse(http::Request const& req, publishing::Viewer const& viewer,
                                       std::string const& csrf);
  http::Response message(int status, std::string const& title, std::string const& text);
  PortalContext ctx_;
};

}  // namespace dossier::clients
