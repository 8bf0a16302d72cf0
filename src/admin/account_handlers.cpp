#include "admin/account_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "auth/events.hpp"
#include "core/event_bus.hpp"
#include "core/strings.hpp"
#include "render/template_key.hpp"
#include "security/tokens.hpp"

namespace dossier::admin {

using render::operator""_key;

namespace {

// A pre-session CSRF token for the sign-in and reset forms (double-submit cookie): a page
// on another site cannot read it, so it cannot forge a sign-in into its own account.
constexpr char const* kLoginCookie = "dossier_login";
constexpr long long kLoginCookieAge = 3600;

namespace msg {
constexpr char const* kLoginExpired =
    "The sign-in form expired. Please try again (cookies must be enabled).";
constexpr char const* kForgotSent =
    "If an account uses that address, a mail with a link to choose a new password is on its "
    "way. The link works for one hour.";
constexpr char const* kPasswordsDiffer = "The two passwords are not the same.";
constexpr char const* kPasswordSet = "Your password is set. You can sign in now.";
constexpr char const* kWrongCurrent = "Your current password is not right.";
constexpr char const* kNoSuchRole = "Choose a role: admin, editor, author or contributor.";
}  // namespace msg

// Where to go after signing in: only a local path inside the newsroom, never another site
// ("//evil.example" is a protocol-relative URL) and never a value that could break the
// Location header (CR, LF).
std::string safe_next(std::string const& next) {
  if (http::is_local_path(next) && next.starts_with("/admin")) return next;
  return "/admin/articles";
}

std::string login_cookie(http::Request const& req) {
  return http::cookie(req, kLoginCookie);
}

}  // namespace

http::Response AccountHandlers::login_form(int status, std::string const& error,
                                           std::string const& email, std::string const& next,
                                           std::string const& notice) {
  auto token = security::random_token();
  auto r = newsroom_.render_bare(status, "Sign in", "admin/login.tpl",
                                 [&](ctemplate::TemplateDictionary& d) {
                                   d.SetValue("CSRF"_key, token);
                                   d.SetValue("EMAIL"_key, email);
                                   d.SetValue("NEXT"_key, next);
                                   if (!error.empty())
                                     d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
                                   if (!notice.empty())
                                     d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
                                 });
  r.headers.emplace_back("Set-Cookie", http::set_cookie(kLoginCookie, token, kLoginCookieAge,
                                                        newsroom_.context().cookies, "/admin"));
  return r;
}

http::Response AccountHandlers::login_page(http::Request const& req, http::Params const&) {
  if (newsroom_.session_of(req)) return Newsroom::see_other("/admin/articles");
  return login_form(200, "", "", req.query_param("next").value_or(""));
}

http::Response AccountHandlers::login(http::Request const& req, http::Params const&) {
  auto form = http::Form::parse(req);
  if (!form) return newsroom_.bare_message(400, "Sign in", form.error().message);
  auto email = form->get("email");
  auto next = form->get("next");
  auto sent = form->get("_csrf");
  if (sent.empty() || !security::constant_time_equal(sent, login_cookie(req)))
    return login_form(403, msg::kLoginExpired, email, next);
  auto result = auth_.login(email, form->get("password"), req.remote_address,
                            std::string(req.header("user-agent")));
  if (!result)
    return login_form(http::status_for(result.error().kind), result.error().message, email, next);
  auto r = Newsroom::see_other(safe_next(next));
  r.headers.emplace_back("Set-Cookie", http::set_cookie(admin::kSessionCookie, result->token,
                                                        auth_.options().session_absolute.count(),
                                                        newsroom_.context().cookies));
  r.headers.emplace_back(
      "Set-Cookie", http::set_cookie(kLoginCookie, "", 0, newsroom_.context().cookies, "/admin"));
  return r;
}

http::Response AccountHandlers::forgot_page(http::Request const&, http::Params const&) {
  auto token = security::random_token();
  auto r = newsroom_.render_bare(
      200, "Forgot your password?", "admin/forgot.tpl",
      [&](ctemplate::TemplateDictionary& d) { d.SetValue("CSRF"_key, token); });
  r.headers.emplace_back("Set-Cookie", http::set_cookie(kLoginCookie, token, kLoginCookieAge,
                                                        newsroom_.context().cookies, "/admin"));
  return r;
}

http::Response AccountHandlers::forgot(http::Request const& req, http::Params const&) {
  auto form = http::Form::parse(req);
  if (!form) return newsroom_.bare_message(400, "Forgot your password?", form.error().message);
  auto sent = form->get("_csrf");
  if (sent.empty() || !security::constant_time_equal(sent, login_cookie(req)))
    return newsroom_.bare_message(403, "Forgot your password?", msg::kLoginExpired);
  auto done = auth_.request_reset(form->get("email"), req.remote_address);
  if (!done && done.error().kind != ErrorKind::NotFound)
    return newsroom_.bare_message(http::status_for(done.error().kind), "Forgot your password?",
                                  done.error().message);
  return newsroom_.bare_message(200, "Check your mail", msg::kForgotSent);
}

http::Response AccountHandlers::password_page(http::Request const&, http::Params const& p) {
  auto user = auth_.password_link_user(p.get("token"));
  if (!user)
    return newsroom_.bare_message(
        404, "Link not valid",
        "This link is not valid any more: it was used, replaced by a newer one, or it expired.");
  return newsroom_.render_bare(200, "Choose your password", "admin/password.tpl",
                               [&](ctemplate::TemplateDictionary& d) {
                                 d.SetValue("NAME"_key, user->name);
                                 d.SetValue("EMAIL"_key, user->email);
                                 d.SetIntValue("MIN_LENGTH"_key, auth::kMinPasswordLength);
                               });
}

http::Response AccountHandlers::password(http::Request const& req, http::Params const& p) {
  // The link's own 256-bit secret is in the path: a forged cross-site form cannot know it,
  // so it serves as this form's CSRF token.
  auto form = http::Form::parse(req);
  if (!form) return newsroom_.bare_message(400, "Choose your password", form.error().message);
  auto user = auth_.password_link_user(p.get("token"));
  auto fail = [&](int status, std::string const& error) {
    return newsroom_.render_bare(status, "Choose your password", "admin/password.tpl",
                                 [&](ctemplate::TemplateDictionary& d) {
                                   d.SetValue("NAME"_key, user ? user->name : "");
                                   d.SetValue("EMAIL"_key, user ? user->email : "");
                                   d.SetIntValue("MIN_LENGTH"_key, auth::kMinPasswordLength);
                                   d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
                                 });
  };
  if (form->get("password") != form->get("confirm")) return fail(400, msg::kPasswordsDiffer);
  auto done = auth_.set_password_with_link(p.get("token"), form->get("password"));
  if (!done) return fail(http::status_for(done.error().kind), done.error().message);
  return login_form(200, "", user ? user->email : "", "", msg::kPasswordSet);
}

http::Response AccountHandlers::logout(Visit& v) {
  auth_.logout(http::cookie(v.request, admin::kSessionCookie));
  auto r = Newsroom::see_other("/admin/login");
  r.headers.emplace_back(
      "Set-Cookie", http::set_cookie(admin::kSessionCookie, "", 0, newsroom_.context().cookies));
  return r;
}

http::Response AccountHandlers::logout_everywhere(Visit& v) {
  auth_.logout_everywhere(v.user().id);
  auto r = Newsroom::see_other("/admin/login");
  r.headers.emplace_back(
      "Set-Cookie", http::set_cookie(admin::kSessionCookie, "", 0, newsroom_.context().cookies));
  return r;
}

http::Response AccountHandlers::users_page(Visit& v, int status, std::string const& error,
                                           std::string const& notice, std::string const& link) {
  auto users = auth_.users();
  return newsroom_.render(
      v, status, "Users", "admin/users.tpl", [&](ctemplate::TemplateDictionary& d) {
        if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
        if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
        if (!link.empty()) d.SetValueAndShowSection("LINK"_key, link, "HAS_LINK");
        for (auto const& u : users) {
          auto* row = d.AddSectionDictionary("USER"_key);
          row->SetIntValue("ID"_key, static_cast<long>(u.id));
          row->SetValue("NAME"_key, u.name);
          row->SetValue("EMAIL"_key, u.email);
          row->SetValue("ROLE"_key, std::string(auth::role_label(u.role)));
          row->SetValue("STATUS"_key, u.status == auth::UserStatus::Active
                                          ? (u.has_password ? "Active" : "Waiting for password")
                                          : "Disabled");
          for (auto role : {auth::Role::Admin, auth::Role::Editor, auth::Role::Author,
                            auth::Role::Contributor}) {
            auto* opt = row->AddSectionDictionary("ROLE_OPTION"_key);
            opt->SetValue("VALUE"_key, std::string(auth::to_string(role)));
            opt->SetValue("LABEL"_key, std::string(auth::role_label(role)));
            if (role == u.role) opt->ShowSection("SELECTED"_key);
          }
          if (u.status == auth::UserStatus::Active)
            row->ShowSection("CAN_DISABLE"_key);
          else
            row->ShowSection("CAN_ENABLE"_key);
        }
      });
}

http::Response AccountHandlers::users(Visit& v) {
  return users_page(v, 200, "", "", "");
}

http::Response AccountHandlers::add_user(Visit& v) {
  auto role = auth::parse_role(v.form.get("role"));
  if (!role) return users_page(v, 400, msg::kNoSuchRole, "", "");
  auto added = auth_.add_user({v.form.get("email"), v.form.get("name"), *role, std::nullopt, ""});
  if (!added)
    return users_page(v, http::status_for(added.error().kind), added.error().message, "", "");
  auto link = auth_.password_link(added->id, auth::TokenPurpose::SetPassword);
  if (!link) return users_page(v, 500, link.error().message, "", "");
  return users_page(v, 201, "",
                    fmt::format("{} was added. Send them this one-time link to choose a password "
                                "(it works for 7 days):",
                                added->name),
                    *link);
}

http::Response AccountHandlers::change_user(Visit& v) {
  auto parsed = parse_id(v.params.get("id"));
  if (!parsed) return newsroom_.message(v, 404, "Not found", "There is no such account.");
  auto id = *parsed;
  auto action = v.form.get("action");
  Result<Unit> done = Unit{};
  std::string notice = "Saved.";
  std::string link;
  if (action == "role") {
    auto role = auth::parse_role(v.form.get("role"));
    if (!role) return users_page(v, 400, msg::kNoSuchRole, "", "");
    done = auth_.set_role(v.user().id, id, *role);
  } else if (action == "disable" || action == "enable") {
    done = auth_.set_status(
        v.user().id, id,
        action == "disable" ? auth::UserStatus::Disabled : auth::UserStatus::Active);
  } else if (action == "link") {
    auto made = auth_.password_link(id, auth::TokenPurpose::ResetPassword);
    if (!made)
      done = made.error();
    else {
      link = *made;
      notice = "A new one-time password link (it works for one hour):";
    }
  } else {
    return users_page(v, 400, "Unknown action.", "", "");
  }
  if (!done)
    return users_page(v, http::status_for(done.error().kind), done.error().message, "", "");
  return users_page(v, 200, "", notice, link);
}

http::Response AccountHandlers::profile(Visit& v) {
  return newsroom_.render(
      v, 200, "Your profile", "admin/profile.tpl", [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("NAME"_key, v.user().name);
        d.SetValue("EMAIL"_key, v.user().email);
        d.SetValue("BIO"_key, v.user().bio);
        d.SetValue("PHOTO"_key,
                   v.user().photo_media_id ? std::to_string(*v.user().photo_media_id) : "");
        d.SetIntValue("MIN_LENGTH"_key, auth::kMinPasswordLength);
        if (v.request.query_param("saved"))
          d.SetValueAndShowSection("NOTICE"_key, "Saved.", "HAS_NOTICE");
      });
}

http::Response AccountHandlers::save_profile(Visit& v) {
  auto fail = [&](int status, std::string const& error) {
    return newsroom_.render(v, status, "Your profile", "admin/profile.tpl",
                            [&](ctemplate::TemplateDictionary& d) {
                              d.SetValue("NAME"_key, v.form.get("name"));
                              d.SetValue("EMAIL"_key, v.user().email);
                              d.SetValue("BIO"_key, v.form.get("bio"));
                              d.SetValue("PHOTO"_key, v.form.get("photo_media_id"));
                              d.SetIntValue("MIN_LENGTH"_key, auth::kMinPasswordLength);
                              d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
                            });
  };
  if (auto next = v.form.get("new_password"); !next.empty()) {
    auto stored = auth_.user(v.user().id);
    if (next != v.form.get("confirm")) return fail(400, msg::kPasswordsDiffer);
    auto check = auth_.login(v.user().email, v.form.get("current_password"),
                             v.request.remote_address, "profile check");
    if (!check)
      return fail(check.error().kind == ErrorKind::RateLimited ? 429 : 400,
                  check.error().kind == ErrorKind::RateLimited ? check.error().message
                                                               : msg::kWrongCurrent);
    auto done = auth_.set_password(v.user().id, next);
    if (!done) return fail(http::status_for(done.error().kind), done.error().message);
    // A new password ends every session, this one too: sign in again with it.
    return Newsroom::see_other("/admin/login");
  }
  std::optional<auth::Id> photo;
  if (auto text = std::string(trim(v.form.get("photo_media_id"))); !text.empty()) {
    photo = parse_id(text);
    if (!photo) return fail(400, "The photo must be the number of an image in the media library.");
  }
  auto done = auth_.set_profile(v.user().id, v.form.get("name"), v.form.get("bio"), photo);
  if (!done) return fail(http::status_for(done.error().kind), done.error().message);
  // After set_profile committed: the pages rendered on hearing of it show the new profile.
  if (events_) events_->publish(auth::AuthorChanged{v.user().id});
  return Newsroom::see_other("/admin/profile?saved=1");
}

}  // namespace dossier::admin
