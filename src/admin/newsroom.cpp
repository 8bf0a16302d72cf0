#include "admin/newsroom.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "http/static_files.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"
#include "security/tokens.hpp"

namespace dossier::admin {

using render::operator""_key;

namespace msg {
constexpr char const* kSessionEnded =
    "Your session has ended, so nothing was changed. Sign in again and repeat what you did.";
constexpr char const* kCsrf =
    "This form has expired or did not come from this newsroom, so nothing was changed. Go back, "
    "reload the page and try again.";
constexpr char const* kRefused = "Your role ({}) does not allow you to {}.";
}  // namespace msg

namespace {

struct NavItem {
  char const* path;
  char const* label;
  auth::Action action;
};
constexpr NavItem kNav[] = {
    {"/admin/articles", "Articles", auth::Action::UseNewsroom},
    {"/admin/media", "Media", auth::Action::UploadMedia},
    {"/admin/comments", "Comments", auth::Action::ModerateComments},
    {"/admin/entities", "Entities", auth::Action::CurateInsight},
    {"/admin/taxonomy", "Categories and tags", auth::Action::ManageTaxonomy},
    {"/admin/newsletter", "Newsletter", auth::Action::SendNewsletter},
    {"/admin/clients", "Clients", auth::Action::ManageClients},
    {"/admin/requests", "Requests", auth::Action::ManageClients},
    {"/admin/users", "Users", auth::Action::ManageUsers},
    {"/admin/integrations", "Integrations", auth::Action::ManageIntegrations},
    {"/admin/settings", "Settings", auth::Action::ManageSettings},
    {"/admin/profile", "Your profile", auth::Action::EditOwnProfile},
};

}  // namespace

void Newsroom::secure(http::Response& r) {
  // The newsroom's pages hold unpublished work: never stored by a browser or a proxy.
  r.set_header("Cache-Control", "no-store");
  // Scripts and styles come only from our own files (no inline script: an injected
  // <script> in a draft cannot run), and no other site may frame the newsroom.
  // A page may bring a stricter policy of its own (a mail's preview allows no script at all).
  if (r.header("Content-Security-Policy").empty())
    r.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; "
                 "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                 "frame-ancestors 'none'");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "same-origin");
  r.cache_keys.clear();
}

http::Response Newsroom::see_other(std::string const& location) {
  auto r = http::Response::redirect(303, location);
  secure(r);
  return r;
}

std::optional<auth::SessionInfo> Newsroom::session_of(http::Request const& request) {
  auto token = http::cookie(request, kSessionCookie);
  if (token.empty()) return std::nullopt;
  return ctx_.auth.authenticate(token);
}

bool Newsroom::allowed(Visit const& visit, auth::Action action, auth::Target const& target) const {
  return auth::allowed(visit.user(), action, target, ctx_.policy());
}

http::Handler Newsroom::guard(auth::Action action, Page page) {
  return
      [this, action, page = std::move(page)](http::Request const& req, http::Params const& params) {
        auto session = session_of(req);
        bool writes = req.method == http::Method::Post;
        if (!session) {
          auto refused = writes ? bare_message(401, "Please sign in again", msg::kSessionEnded)
                                : see_other("/admin/login?next=" + percent_encode(req.target));
          // A cookie whose session ended (idle, expired, signed out elsewhere) is cleared, so
          // the browser stops sending a dead credential with every request.
          if (!http::cookie(req, kSessionCookie).empty())
            refused.headers.emplace_back("Set-Cookie",
                                         http::set_cookie(kSessionCookie, "", 0, ctx_.cookies));
          return refused;
        }
        Visit visit{req, params, std::move(*session), {}};
        if (writes) {
          auto form = http::Form::parse(req);
          if (!form)
            return message(visit, http::status_for(form.error().kind), "The form could not be read",
                           form.error().message);
          visit.form = std::move(*form);
          // Synchronizer token (OWASP CSRF cheat sheet): the session's own random token must
          // come back in the form, or in a header for script requests.
          auto sent = visit.form.get(kCsrfField);
          if (sent.empty()) sent = std::string(req.header("x-csrf-token"));
          if (!security::constant_time_equal(sent, visit.session.csrf_token))
            return message(visit, 403, "Nothing was changed", msg::kCsrf);
        }
        if (!allowed(visit, action)) return refused(visit, action);
        auto response = page(visit);
        secure(response);
        return response;
      };
}

std::optional<http::Response> Newsroom::admit_large_body(http::Request const& head,
                                                         auth::Action action) {
  auto session = session_of(head);
  if (!session) return bare_message(401, "Please sign in again", msg::kSessionEnded);
  http::Params none;
  Visit visit{head, none, std::move(*session), {}};
  if (!allowed(visit, action)) return refused(visit, action);
  auto sent = std::string(head.header("x-csrf-token"));
  if (sent.empty()) sent = head.query_param(http::kCsrfQueryParam).value_or("");
  if (!security::constant_time_equal(sent, visit.session.csrf_token))
    return message(visit, 403, "Nothing was changed", msg::kCsrf);
  return std::nullopt;
}

ctemplate::TemplateDictionary* Newsroom::fill_layout(ctemplate::TemplateDictionary& d,
                                                     std::string const& title) const {
  // Included templates see only their own dictionary and template-global values, so the
  // layout's values are globals.
  auto site = ctx_.site_title();
  d.SetTemplateGlobalValue("PAGE_TITLE",
                           title.empty() ? site : fmt::format("{} · {}", title, site));
  d.SetTemplateGlobalValue("HEADING", title);
  d.SetTemplateGlobalValue("SITE_TITLE", site);
  d.SetTemplateGlobalValue("ADMIN_CSS_URL", ctx_.assets.url_for("admin.css"));
  d.SetTemplateGlobalValue("ADMIN_JS_URL", ctx_.assets.url_for("admin.js"));
  d.SetTemplateGlobalValue("ICON_URL", ctx_.assets.url_for("icon.svg"));
  auto* head = d.AddIncludeDictionary("ADMIN_HEAD"_key);
  head->SetFilename("admin/head.tpl");
  d.AddIncludeDictionary("ADMIN_FOOT"_key)->SetFilename("admin/foot.tpl");
  return head;
}

http::Response Newsroom::render(Visit const& visit, int status, std::string const& title,
                                std::string const& template_name, Fill const& fill) {
  ctemplate::TemplateDictionary d("admin");
  auto* head = fill_layout(d, title);
  d.SetTemplateGlobalValue("CSRF", visit.session.csrf_token);
  d.SetTemplateGlobalValue("USER_NAME", visit.user().name);
  d.SetTemplateGlobalValue("USER_ROLE", std::string(auth::role_label(visit.user().role)));
  // The head's navigation is a section of the head's own dictionary: sections of an
  // included template do not see the including template's sections.
  d.ShowSection("SIGNED_IN"_key);
  auto* signed_in = head->AddSectionDictionary("SIGNED_IN"_key);
  for (auto const& item : kNav) {
    if (!allowed(visit, item.action)) continue;
    auto* nav = signed_in->AddSectionDictionary("NAV"_key);
    nav->SetValue("NAV_PATH"_key, item.path);
    nav->SetValue("NAV_LABEL"_key, item.label);
    if (visit.request.path.starts_with(item.path)) nav->ShowSection("NAV_CURRENT"_key);
  }
  return respond(status, template_name, d, fill);
}

http::Response Newsroom::respond(int status, std::string const& template_name,
                                 ctemplate::TemplateDictionary& d, Fill const& fill) {
  if (fill) fill(d);
  http::Response r;
  r.status = status;
  r.body = ctx_.theme.render(template_name, d);
  secure(r);
  return r;
}

http::Response Newsroom::render_bare(int status, std::string const& title,
                                     std::string const& template_name, Fill const& fill) {
  ctemplate::TemplateDictionary d("admin");
  fill_layout(d, title);
  return respond(status, template_name, d, fill);
}

http::Response Newsroom::message(Visit const& visit, int status, std::string const& title,
                                 std::string const& text) {
  return render(visit, status, title, "admin/message.tpl",
                [&](ctemplate::TemplateDictionary& d) { d.SetValue("MESSAGE"_key, text); });
}

http::Response Newsroom::bare_message(int status, std::string const& title,
                                      std::string const& text) {
  return render_bare(status, title, "admin/message.tpl", [&](ctemplate::TemplateDictionary& d) {
    d.SetValue("MESSAGE"_key, text);
    d.ShowSection("SIGN_IN_LINK"_key);
  });
}

http::Response Newsroom::refused(Visit const& visit, auth::Action action) {
  return message(
      visit, 403, "Not allowed",
      fmt::format(msg::kRefused, auth::role_label(visit.user().role), auth::to_string(action)));
}

}  // namespace dossier::admin
