#pragma once

#include <functional>
#include <string>

#include "auth/auth_service.hpp"
#include "auth/permissions.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::render {
class Theme;
}
namespace dossier::http {
class StaticAssets;
}

namespace dossier::admin {

constexpr char const* kSessionCookie = "dossier_session";
constexpr char const* kCsrfField = "_csrf";

struct NewsroomContext {
  auth::AuthService& auth;
  render::Theme const& theme;
  http::StaticAssets const& assets;
  std::function<std::string()> site_title;
  std::function<auth::Policy()> policy;
  http::CookieSecurity cookies = http::CookieSecurity::AnyConnection;
};

// One signed-in request that passed its guard.
struct Visit {
  http::Request const& request;
  http::Params const& params;
  auth::SessionInfo session;
  http::Form form;  // the submitted form (POST), empty for GET
  auth::User const& user() const { return session.user; }
};

using Fill = std::function<void(ctemplate::TemplateDictionary&)>;
using Page = std::function<http::Response(Visit&)>;

// The newsroom's gate and layout. guard() is the one place that decides whether a request
// may reach a newsroom page: signed in with a live session, allowed to do the route's action
// (auth::allowed), and for every POST, carrying the session's CSRF token. Every newsroom
// response leaves through secure(): no-store and the security headers.
class Newsroom {
 public:
  explicit Newsroom(NewsroomContext ctx) : ctx_(std::move(ctx)) {}

  http::Handler guard(auth::Action action, Page page);

  // The server's upload gate (http::BodyGate): may this request send a body larger than the
  // server's usual limit? Asked before the body is read, so the CSRF token must travel in
  // the X-CSRF-Token header or the URL's query (?csrf=...). nullopt = yes; else the answer:
  // 401 without a live session, 403 for a role that may not do `action` or a wrong token.
  std::optional<http::Response> admit_large_body(http::Request const& head, auth::Action action);

  // The session of a request's cookie, if it is live.
  std::optional<auth::SessionInfo> session_of(http::Request const& request);

  // A page inside the newsroom's layout (navigation for the signed-in user).
  http::Response render(Visit const& visit, int status, std::string const& title,
                        std::string const& template_name, Fill const& fill);
  // A page outside it (sign in, password links): no navigation.
  http::Response render_bare(int status, std::string const& title, std::string const& template_name,
                             Fill const& fill);
  http::Response message(Visit const& visit, int status, std::string const& title,
                         std::string const& text);
  http::Response bare_message(int status, std::string const& title, std::string const& text);
  http::Response refused(Visit const& visit, auth::Action action);
  // 303 See Other: the answer to a successful POST (RFC 9110 section 15.4.4).
  static http::Response see_other(std::string const& location);
  static void secure(http::Response& response);

  NewsroomContext const& context() const { return ctx_; }
  bool allowed(Visit const& visit, auth::Action action, auth::Target const& target = {}) const;

 private:
  // Fills the page's own values and renders it, secured: the end of render and render_bare.
  http::Response respond(int status, std::string const& template_name,
                         ctemplate::TemplateDictionary& d, Fill const& fill);
  // Sets the layout's values; returns the head's dictionary (navigation goes there).
  ctemplate::TemplateDictionary* fill_layout(ctemplate::TemplateDictionary& d,
                                             std::string const& title) const;
  NewsroomContext ctx_;
};

}  // namespace dossier::admin
