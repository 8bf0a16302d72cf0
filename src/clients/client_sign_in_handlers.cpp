#include "clients/client_sign_in_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "http/cross_site.hpp"
#include "render/template_key.hpp"
#include "security/tokens.hpp"
#include "site/frame.hpp"

namespace dossier::clients {

using render::operator""_key;

namespace msg {
constexpr char const* kCheckMail =
    "If this address belongs to a member of one of our client organisations or to a confirmed "
    "newsletter subscriber, a mail with a sign-in link is on its way. The link works once, "
    "within {} minutes.";
constexpr char const* kLinkInvalid =
    "This sign-in link is not valid any more: it was used, it expired, or your membership or "
    "subscription ended. Ask for a new one on the sign-in page.";
constexpr char const* kBadToken =
    "This form expired or was not sent from your session. Open the page again and retry.";
}  // namespace msg

namespace {

constexpr char const* kPortalHome = "/portal";
constexpr std::size_t kMaxNextLength = 2000;

// Reader pages are personal: never cached, never indexed.
http::Response personal(http::Response r) {
  r.cache_keys.clear();
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Robots-Tag", "noindex");
  return r;
}

http::Response see_other(std::string const& location) {
  // 303 See Other: the answer to a successful POST (RFC 9110 section 15.4.4).
  return personal(http::Response::redirect(303, location));
}

site::PageMeta meta_of(std::string const& title) {
  site::PageMeta meta;
  meta.title = title;
  meta.path = "/portal/sign-in";
  meta.noindex = true;
  return meta;
}

}  // namespace

std::string safe_next(std::string const& next) {
  if (next.size() <= kMaxNextLength && http::is_local_path(next)) return next;
  return kPortalHome;
}

http::Response SignInHandlers::form(int status, std::string const& error, std::string const& email,
                                    std::string const& next, std::string const& csrf) {
  return personal(frame_.page(status, meta_of("Sign in"), "clients/sign_in.tpl",
                              [&](ctemplate::TemplateDictionary& d) {
                                d.SetValue("EMAIL"_key, email.substr(0, 254));
                                d.SetValue("NEXT"_key, next.substr(0, kMaxNextLength));
                                d.SetValue("CSRF"_key, csrf);
                                if (!error.empty())
                                  d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
                              }));
}

http::Response SignInHandlers::message(int status, std::string const& title,
                                       std::string const& text) {
  return personal(frame_.message(status, meta_of(title), title, text));
}

std::optional<http::Response> SignInHandlers::refuse(http::Request const& req,
                                                     http::Form const* form) {
  if (http::provenance(req, site_url_) != http::Provenance::ThisSite)
    return personal(frame_.error(403, http::kCrossSiteTitle, http::kCrossSiteText));
  // A reader with a live session proves each post with the session's token: a page that
  // reached the reader's browser some other way cannot know it.
  auto session = clients_.authenticate(http::cookie(req, kReaderCookie));
  if (session) {
    auto sent = form ? form->get(kCsrfField) : std::string();
    if (sent.empty() || !security::constant_time_equal(sent, session->csrf_token))
      return personal(frame_.error(403, "Sign in", msg::kBadToken));
  }
  return std::nullopt;
}

http::Response SignInHandlers::signed_in(ReaderLogin const& login, std::string const& next) {
  auto r = see_other(safe_next(next));
  r.headers.emplace_back("Set-Cookie",
                         http::set_cookie(kReaderCookie, login.token,
                                          clients_.options().session_absolute.count(), cookies_));
  return r;
}

http::Response SignInHandlers::sign_in_page(http::Request const& req, http::Params const&) {
  auto next = req.query_param("next").value_or("");
  auto session = clients_.authenticate(http::cookie(req, kReaderCookie));
  if (session) return see_other(safe_next(next));
  return form(200, "", "", next, "");
}

http::Response SignInHandlers::sign_in(http::Request const& req, http::Params const&) {
  auto parsed = http::Form::parse(req);
  if (!parsed)
    return form(http::status_for(parsed.error().kind), parsed.error().message, "", "", "");
  if (auto refused = refuse(req, &*parsed)) return *refused;
  auto email = parsed->get("email");
  auto next = parsed->get("next");
  auto password = parsed->get("password");
  if (!password.empty()) {
    auto login = clients_.sign_in_with_password(email, password, req.remote_address,
                                                std::string(req.header("user-agent")));
    if (!login)
      return form(http::status_for(login.error().kind), login.error().message, email, next, "");
    return signed_in(*login, next);
  }
  auto done = clients_.request_link(email, req.remote_address, next);
  if (!done)
    return form(http::status_for(done.error().kind), done.error().message, email, next, "");
  return message(200, "Check your mail",
                 fmt::format(msg::kCheckMail, clients_.options().link_ttl.count() / 60));
}

http::Response SignInHandlers::link_page(http::Request const& req, http::Params const& p) {
  auto holder = clients_.link_holder(p.get("token"));
  if (!holder) return message(404, "Link not valid", msg::kLinkInvalid);
  auto next = req.query_param("next").value_or("");
  return personal(frame_.page(
      200, meta_of("Sign in"), "clients/link.tpl", [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("EMAIL"_key, holder->member.email);
        if (holder->is_subscriber())
          d.ShowSection("SUBSCRIBER"_key);
        else
          d.SetValueAndShowSection("CLIENT_NAME"_key, holder->client_name, "MEMBER");
        d.SetValue("ACTION"_key, "/portal/link/" + p.get("token"));
        d.SetValue("NEXT"_key, next.substr(0, kMaxNextLength));
      }));
}

http::Response SignInHandlers::use_link(http::Request const& req, http::Params const& p) {
  // The link's own 256-bit secret is in the path: a forged form on another site cannot know
  // it, so it stands in for a CSRF token; the cross-site check still applies.
  if (http::provenance(req, site_url_) != http::Provenance::ThisSite)
    return personal(frame_.error(403, http::kCrossSiteTitle, http::kCrossSiteText));
  auto parsed = http::Form::parse(req);
  auto next = parsed ? parsed->get("next") : std::string();
  auto login =
      clients_.use_link(p.get("token"), req.remote_address, std::string(req.header("user-agent")));
  if (!login) return message(404, "Link not valid", msg::kLinkInvalid);
  // An earlier session in this browser (another member's, say) ends with the new one.
  clients_.sign_out(http::cookie(req, kReaderCookie));
  return signed_in(*login, next);
}

http::Response SignInHandlers::sign_out(http::Request const& req, http::Params const&) {
  auto parsed = http::Form::parse(req);
  if (http::provenance(req, site_url_) != http::Provenance::ThisSite)
    return personal(frame_.error(403, http::kCrossSiteTitle, http::kCrossSiteText));
  auto token = http::cookie(req, kReaderCookie);
  auto session = clients_.authenticate(token);
  auto r = see_other("/portal/sign-in");
  if (session) {
    auto sent = parsed ? parsed->get(kCsrfField) : std::string();
    if (sent.empty() || !security::constant_time_equal(sent, session->csrf_token))
      return personal(frame_.error(403, "Sign out", msg::kBadToken));
    clients_.sign_out(token);
  }
  r.headers.emplace_back("Set-Cookie", http::set_cookie(kReaderCookie, "", 0, cookies_));
  return r;
}

}  // namespace dossier::clients
