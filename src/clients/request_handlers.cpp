#include "clients/request_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>

#include "clients/portal_handlers.hpp"
#include "core/strings.hpp"
#include "http/cross_site.hpp"
#include "http/form.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/restricted_articles.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"
#include "security/tokens.hpp"
#include "site/frame.hpp"
#include "store/database.hpp"

namespace dossier::clients {

using ctemplate::TemplateDictionary;
using render::operator""_key;

namespace {

constexpr char const* kHoneypotField = "website_confirm";
constexpr char const* kFormTokenField = "token";

void fill_form(TemplateDictionary* f, Id article_id, std::string const& slug,
               publishing::Viewer const& viewer, RequestService const& requests,
               AccessRequestInput const& echo) {
  f->SetIntValue("ARTICLE_ID"_key, static_cast<long>(article_id));
  f->SetValue("SIGN_IN_URL"_key, sign_in_url(publishing::article_url(slug)));
  f->SetValue("MESSAGE"_key, echo.message);
  f->SetIntValue("MAX_MESSAGE"_key, static_cast<long>(kMaxRequestDetails));
  if (viewer.kind == publishing::ViewerKind::Client && viewer.client_id != 0) {
    f->SetValueAndShowSection("CLIENT_NAME"_key, viewer.client_name, "AS_CLIENT");
  } else {
    auto* who = f->AddSectionDictionary("AS_READER"_key);
    who->SetValue("NAME"_key, echo.name.empty() ? viewer.name : echo.name);
    who->SetValue("EMAIL"_key, echo.email.empty() ? viewer.email : echo.email);
    who->SetValue("ORGANISATION"_key, echo.organisation);
    who->SetIntValue("MAX_NAME"_key, static_cast<long>(kMaxRequestName));
    who->SetIntValue("MAX_ORGANISATION"_key, static_cast<long>(kMaxRequestOrganisation));
  }
  if (viewer.signed_in())
    f->SetValueAndShowSection("CSRF"_key, viewer.csrf_token, "SIGNED_IN");
  else
    f->SetValueAndShowSection("TOKEN"_key, requests.form_token(article_id), "ANONYMOUS");
  if (!viewer.signed_in()) f->ShowSection("SIGN_IN"_key);
}

}  // namespace

void fill_access_box(TemplateDictionary& d, publishing::ArticleView const& view,
                     publishing::Viewer const& viewer, RequestService const& requests) {
  if (view.access != publishing::Access::Teaser) return;
  auto* box = d.AddIncludeDictionary("ACCESS_BOX"_key);
  if (view.article.visibility == publishing::Visibility::Subscribers) {
    // Subscribers' articles open to confirmed newsletter subscribers who sign in: the way in
    // is the sign-in page or the subscription, not a request (requests are for client reports).
    box->SetFilename("portal/subscribers_box.tpl");
    if (!viewer.signed_in())
      box->SetValueAndShowSection(
          "SIGN_IN_URL"_key, sign_in_url(publishing::article_url(view.article.slug)), "SIGN_IN");
    return;
  }
  box->SetFilename("portal/access_box.tpl");
  fill_form(box, view.article.id, view.article.slug, viewer, requests, {});
}

http::Response RequestHandlers::message(int status, std::string const& title,
                                        std::string const& text) {
  site::PageMeta meta{title, "", "", "", true};
  auto r = ctx_.frame.message(status, meta, title, text);
  private_answer(r);
  return r;
}

RequestHandlers::Target RequestHandlers::target(std::string const& id_text,
                                                publishing::Viewer const& viewer) {
  Target t;
  auto id = parse_id(id_text);
  if (id) {
    soci::session sql(ctx_.db.pool());
    t.article = publishing::restricted_by_id(sql, *id);
  }
  auto access = t.article ? publishing::access_to(viewer, t.article->facts, ctx_.clock())
                          : publishing::Access::None;
  if (access == publishing::Access::None)
    t.refused = message(404, "There is no such report", "There is no such report.");
  else if (t.article->facts.visibility == publishing::Visibility::Subscribers)
    // 409 Conflict (RFC 9110 section 15.5.10): the article is open to subscribers, so there is
    // no access to ask the newsroom for.
    t.refused = message(409, "This article is for subscribers",
                        "Confirmed newsletter subscribers read this article once they sign in: "
                        "subscribe at /subscribe, then sign in at /portal/sign-in.");
  else if (access == publishing::Access::Full)
    t.refused = message(409, "You can read this report already",
                        "You may read this report in full: there is nothing to ask for.");
  return t;
}

http::Response RequestHandlers::request_form(http::Request const& req, http::Params const&) {
  auto viewer = ctx_.viewer(req);
  auto found = target(req.query_param("article").value_or(""), viewer);
  if (found.refused) return *found.refused;
  return form_page(200, *found.article, viewer, {}, "");
}

http::Response RequestHandlers::request_access(http::Request const& req, http::Params const&) {
  if (http::provenance(req, ctx_.site_url) != http::Provenance::ThisSite)
    return message(403, http::kCrossSiteTitle, http::kCrossSiteText);
  auto form = http::Form::parse(req);
  if (!form)
    return message(http::status_for(form.error().kind), "The form could not be read",
                   form.error().message);
  auto viewer = ctx_.viewer(req);
  auto found = target(form->get("article"), viewer);
  if (found.refused) return *found.refused;
  auto& article = found.article;
  AccessRequestInput in;
  in.article_id = article->facts.id;
  in.article_title = article->summary.title;
  in.name = form->get("name").substr(0, 4 * kMaxRequestName);
  in.email = form->get("email").substr(0, 400);
  in.organisation = form->get("organisation").substr(0, 4 * kMaxRequestOrganisation);
  in.message = form->get("message").substr(0, 2 * kMaxRequestDetails);
  in.remote_address = req.remote_address;
  if (viewer.signed_in()) {
    // Synchronizer token (OWASP CSRF cheat sheet): the reader session's own random token.
    if (viewer.csrf_token.empty() ||
        !security::constant_time_equal(form->get(kReaderCsrfField), viewer.csrf_token))
      return message(403, "This form could not be checked",
                     "Reload the report's page and send your request again.");
  } else if (auto checked = ctx_.requests.check_form(article->facts.id, form->get(kFormTokenField),
                                                     form->get(kHoneypotField));
             !checked) {
    return form_page(http::status_for(checked.error().kind), *article, viewer, in,
                     checked.error().message);
  }
  auto made = ctx_.requests.request_access(viewer, in);
  if (!made)
    return form_page(http::status_for(made.error().kind), *article, viewer, in,
                     made.error().message);
  site::PageMeta meta{"Thank you", "", "", "", true};
  auto r = ctx_.frame.page(200, meta, "message.tpl", [&](TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE"_key, "Thank you: we have your request");
    d.SetValue("MESSAGE_TEXT"_key,
               "We will answer by email, usually within two working days, about \"" +
                   article->summary.title + "\".");
  });
  private_answer(r);
  return r;
}

http::Response RequestHandlers::form_page(int status, publishing::RestrictedArticle const& article,
                                          publishing::Viewer const& viewer,
                                          AccessRequestInput const& echo,
                                          std::string const& error) {
  site::PageMeta meta{"Request access", "", publishing::article_url(article.summary.slug), "",
                      true};
  auto r = ctx_.frame.page(status, meta, "portal/request.tpl", [&](TemplateDictionary& d) {
    d.SetValue("ARTICLE_TITLE"_key, article.summary.title);
    d.SetValue("ARTICLE_URL"_key, publishing::article_url(article.summary.slug));
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    auto* box = d.AddIncludeDictionary("ACCESS_BOX"_key);
    box->SetFilename("portal/access_box.tpl");
    fill_form(box, article.facts.id, article.summary.slug, viewer, ctx_.requests, echo);
  });
  private_answer(r);
  return r;
}

namespace {

std::string article_label(store::Database& db, Id id) {
  if (id <= 0) return "";
  soci::session sql(db.pool());
  auto a = publishing::restricted_by_id(sql, id);
  return a ? a->summary.title : fmt::format("Article {} (not published, or public)", id);
}

void fill_request(TemplateDictionary* row, ClientRequest const& r, std::string const& article) {
  row->SetIntValue("ID"_key, static_cast<long>(r.id));
  row->SetValue("KIND"_key, r.kind == RequestKind::Access ? "Access" : "Commission");
  row->SetValue("WHAT"_key, r.kind == RequestKind::Access ? article : r.subject);
  row->SetValue("NAME"_key, r.name);
  row->SetValue("EMAIL"_key, r.email);
  row->SetValue("ORGANISATION"_key, r.organisation);
  row->SetValue("CLIENT"_key, r.client_id > 0 ? fmt::format("client {}", r.client_id)
                                              : std::string("not a client"));
  row->SetValue("STATE"_key, std::string(state_label(r.state)));
  row->SetValue("DATE_ISO"_key, format_rfc3339(r.created_at));
  row->SetValue("DATE"_key, format_long_date(r.created_at));
}

}  // namespace

http::Response RequestHandlers::queue(admin::Visit& v) {
  std::optional<RequestState> state;
  auto asked = v.request.query_param("state").value_or("");
  if (!asked.empty()) {
    state = parse_request_state(asked);
    if (!state)
      return ctx_.newsroom.message(v, 400, "No such state",
                                   "Requests are new, in_discussion, granted, declined or "
                                   "delivered.");
  }
  auto list = ctx_.requests.browse(state);
  return ctx_.newsroom.render(v, 200, "Requests", "admin/requests.tpl", [&](TemplateDictionary& d) {
    for (auto s : {RequestState::New, RequestState::InDiscussion, RequestState::Granted,
                   RequestState::Declined, RequestState::Delivered}) {
      auto* tab = d.AddSectionDictionary("TAB"_key);
      tab->SetValue("STATE"_key, std::string(to_string(s)));
      tab->SetValue("LABEL"_key, std::string(state_label(s)));
      if (state == s) tab->ShowSection("CURRENT"_key);
    }
    if (!state) d.ShowSection("ALL_CURRENT"_key);
    if (list.empty()) d.ShowSection("EMPTY"_key);
    for (auto const& r : list)
      fill_request(d.AddSectionDictionary("REQUEST"_key), r,
                   r.kind == RequestKind::Access ? fmt::format("report {}", r.article_id) : "");
  });
}

http::Response RequestHandlers::item_page(admin::Visit& v, ClientRequest const& r, int status,
                                          std::string const& error) {
  auto article = article_label(ctx_.db, r.article_id);
  auto delivered = article_label(ctx_.db, r.delivered_article_id);
  return ctx_.newsroom.render(
      v, status, fmt::format("Request {}", r.id), "admin/requests_item.tpl",
      [&](TemplateDictionary& d) {
        fill_request(&d, r, article);
        if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
        d.SetValue("DETAILS"_key, r.details);
        d.SetValue("NOTE"_key, r.note);
        if (r.article_id > 0) d.SetIntValue("ARTICLE_ID"_key, static_cast<long>(r.article_id));
        if (r.kind == RequestKind::Access && r.article_id > 0) d.ShowSection("HAS_ARTICLE"_key);
        if (!delivered.empty())
          d.SetValueAndShowSection("DELIVERED"_key, delivered, "HAS_DELIVERED");
        d.SetIntValue("MAX_NOTE"_key, static_cast<long>(kMaxRequestNote));
        bool any = false;
        for (auto s : {RequestState::InDiscussion, RequestState::Granted, RequestState::Delivered,
                       RequestState::Declined}) {
          if (!RequestService::may_move(r.kind, r.state, s)) continue;
          any = true;
          auto* b = d.AddSectionDictionary("MOVE"_key);
          b->SetValue("STATE"_key, std::string(to_string(s)));
          b->SetValue("LABEL"_key, std::string(state_label(s)));
        }
        if (any && r.kind == RequestKind::Commission &&
            RequestService::may_move(r.kind, r.state, RequestState::Delivered))
          d.ShowSection("CHOOSE_ARTICLE"_key);
        if (!any) d.ShowSection("FINAL"_key);
      });
}

http::Response RequestHandlers::item(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto r = id ? ctx_.requests.read(*id) : std::nullopt;
  if (!r) return ctx_.newsroom.message(v, 404, "No such request", "There is no such request.");
  return item_page(v, *r, 200, "");
}

http::Response RequestHandlers::change(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto r = id ? ctx_.requests.read(*id) : std::nullopt;
  if (!r) return ctx_.newsroom.message(v, 404, "No such request", "There is no such request.");
  RequestChange c;
  c.note = v.form.get("note");
  c.state = r->state;
  auto asked = v.form.get("state");
  if (!asked.empty()) {
    auto s = parse_request_state(asked);
    if (!s) return item_page(v, *r, 400, "There is no such state.");
    c.state = *s;
  }
  auto delivered = std::string(trim(v.form.get("delivered_article")));
  if (!delivered.empty()) {
    auto a = parse_id(delivered);
    if (!a) return item_page(v, *r, 400, "The delivered report's id must be a number.");
    c.delivered_article_id = *a;
  }
  auto done = ctx_.requests.change(*id, c);
  if (!done) return item_page(v, *r, http::status_for(done.error().kind), done.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/requests/{}", *id));
}

}  // namespace dossier::clients
