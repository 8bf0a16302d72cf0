#pragma once

#include <optional>
#include <string>

#include "clients/client_service.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace dossier::site {
class Frame;
}

namespace dossier::clients {

// The readers' way in: the sign-in form (a mailed one-time link, or a password), the link's
// confirmation page and button, and signing out, as pages of the site's theme. Every POST
// refuses another website's (http/cross_site.hpp) and, where the reader has a session,
// carries its CSRF token.
class SignInHandlers {
 public:
  // site_url: the configured canonical base, as for the other public forms.
  SignInHandlers(ClientService& clients, site::Frame const& frame, std::string site_url,
                 http::CookieSecurity cookies)
      : clients_(clients), frame_(frame), site_url_(std::move(site_url)), cookies_(cookies) {}

  http::Response sign_in_page(http::Request const& req, http::Params const& p);
  http::Response sign_in(http::Request const& req, http::Params const& p);
  // A GET only shows a button: mail scanners open links to check them, and must not use
  // up the reader's one-time link.
  http::Response link_page(http::Request const& req, http::Params const& p);
  http::Response use_link(http::Request const& req, http::Params const& p);
  http::Response sign_out(http::Request const& req, http::Params const& p);

 private:
  http::Response form(int status, std::string const& error, std::string const& email,
                      std::string const& next, std::string const& csrf);
  http::Response message(int status, std::string const& title, std::string const& text);
  http::Response signed_in(ReaderLogin const& login, std::string const& next);
  // The 403 page for a form another website sent, or one without the session's CSRF token.
  std::optional<http::Response> refuse(http::Request const& req, http::Form const* form);
  ClientService& clients_;
  site::Frame const& frame_;
  std::string site_url_;
  http::CookieSecurity cookies_;
};

// Where a reader goes once signed in: `next` when it is a path on this site, else /portal.
std::string safe_next(std::string const& next);

}  // namespace dossier::clients
