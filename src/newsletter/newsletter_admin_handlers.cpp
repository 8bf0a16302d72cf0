#include "newsletter/newsletter_admin_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "http/json.hpp"
#include "publishing/editorial.hpp"
#include "publishing/messages.hpp"
#include "publishing/publishing_service.hpp"
#include "render/template_key.hpp"

namespace dossier::newsletter {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace {

constexpr int kSendsShown = 20;
constexpr int kMaxListedProblems = 50;

void fill_progress(TemplateDictionary* d, mail::OutboxCounts const& c) {
  d->SetIntValue("QUEUED"_key, static_cast<long>(c.queued + c.sending));
  d->SetIntValue("SENT"_key, static_cast<long>(c.sent));
  d->SetIntValue("FAILED"_key, static_cast<long>(c.failed));
}

}  // namespace

http::Response NewsletterAdminHandlers::overview_page(admin::Visit& v, int status,
                                                      std::string const& error,
                                                      std::string const& notice,
                                                      ImportReport const* report) {
  SubscriberQuery q;
  q.email_contains = std::string(trim(v.request.query_param("q").value_or(""))).substr(0, 200);
  q.status = parse_subscriber_status(v.request.query_param("status").value_or(""));
  if (auto p = parse_id(v.request.query_param("page").value_or("")))
    q.page = static_cast<int>(std::min(*p, 100000LL));
  long long total = 0;
  auto list = ctx_.subscribers.browse(q, total);
  auto counts = ctx_.subscribers.counts();
  auto growth = ctx_.subscribers.growth(ctx_.clock());
  auto sends = ctx_.newsletters.sends(kSendsShown);
  return ctx_.newsroom.render(
      v, status, "Newsletter", "admin/newsletter.tpl", [&](TemplateDictionary& d) {
        if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
        if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
        d.SetIntValue("PENDING"_key, static_cast<long>(counts.pending));
        d.SetIntValue("ACTIVE"_key, static_cast<long>(counts.active));
        d.SetIntValue("UNSUBSCRIBED"_key, static_cast<long>(counts.unsubscribed));
        d.SetIntValue("BOUNCED"_key, static_cast<long>(counts.bounced));
        // Made by the server with escaped labels (subscriber_admin.cpp).
        d.SetValue("GROWTH_SVG"_key, growth_svg(growth));
        d.SetValue("Q"_key, q.email_contains);
        d.SetIntValue("TOTAL"_key, static_cast<long>(total));
        for (auto s : {SubscriberStatus::Pending, SubscriberStatus::Active,
                       SubscriberStatus::Unsubscribed, SubscriberStatus::Bounced}) {
          auto* o = d.AddSectionDictionary("STATUS_OPTION"_key);
          o->SetValue("VALUE"_key, std::string(to_string(s)));
          if (q.status == s) o->ShowSection("SELECTED"_key);
        }
        for (auto const& s : list) {
          auto* row = d.AddSectionDictionary("SUBSCRIBER"_key);
          row->SetValue("EMAIL"_key, s.email);
          row->SetValue("STATUS"_key, std::string(to_string(s.status)));
          row->SetValue("SINCE"_key, format_rfc3339(s.created_at).substr(0, 10));
        }
        int pages = total == 0 ? 1 : static_cast<int>((total + q.per_page - 1) / q.per_page);
        d.SetIntValue("PAGE"_key, q.page);
        d.SetIntValue("PAGES"_key, pages);
        auto link = [&](int n) {
          auto url = fmt::format("/admin/newsletter?page={}", n);
          if (!q.email_contains.empty()) url += "&q=" + percent_encode(q.email_contains);
          if (q.status) url += "&status=" + std::string(to_string(*q.status));
          return url;
        };
        if (q.page > 1) d.SetValueAndShowSection("PREV_URL"_key, link(q.page - 1), "HAS_PREV");
        if (q.page < pages) d.SetValueAndShowSection("NEXT_URL"_key, link(q.page + 1), "HAS_NEXT");
        for (auto const& s : sends) {
          auto* row = d.AddSectionDictionary("SEND"_key);
          row->SetIntValue("ID"_key, static_cast<long>(s.id));
          row->SetValue("SUBJECT"_key, s.subject);
          row->SetValue("KIND"_key, s.kind == SendKind::Digest ? "Weekly digest" : "Article");
          row->SetValue("WHEN"_key, format_rfc3339(s.created_at).substr(0, 16).replace(10, 1, " "));
          if (s.status == SendStatus::Draft) {
            row->ShowSection("IS_DRAFT"_key);
          } else {
            auto* p = row->AddSectionDictionary("IS_QUEUED"_key);
            p->SetIntValue("RECIPIENTS"_key, static_cast<long>(s.recipients));
            fill_progress(p, s.progress);
          }
        }
        if (report) {
          auto* r = d.AddSectionDictionary("REPORT"_key);
          r->SetIntValue("VALID"_key, report->valid);
          r->SetIntValue("KNOWN"_key, report->already_known);
          r->SetIntValue("PROBLEMS"_key, static_cast<long>(report->problems.size()));
          if (report->imported)
            r->ShowSection("IMPORTED"_key);
          else if (report->problems.empty())
            r->ShowSection("CAN_IMPORT"_key);
          for (std::size_t i = 0; i < report->problems.size() && i < kMaxListedProblems; ++i) {
            auto* p = r->AddSectionDictionary("PROBLEM"_key);
            p->SetIntValue("LINE"_key, report->problems[i].line);
            p->SetValue("TEXT"_key, report->problems[i].text);
            p->SetValue("REASON"_key, report->problems[i].reason);
          }
          r->SetValue("ADDRESSES"_key, v.form.get("addresses"));
        }
      });
}

http::Response NewsletterAdminHandlers::overview(admin::Visit& v) {
  std::string notice;
  if (v.request.query_param("tested"))
    notice = "A test mail is on its way to " + v.user().email + ".";
  return overview_page(v, 200, "", notice, nullptr);
}

http::Response NewsletterAdminHandlers::export_csv(admin::Visit& v) {
  (void)v;
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.set_header("Content-Disposition", "attachment; filename=\"subscribers.csv\"");
  r.body = ctx_.subscribers.export_csv();
  return r;
}

http::Response NewsletterAdminHandlers::import(admin::Visit& v) {
  std::string text = v.form.get("addresses");
  if (auto const* file = v.form.file("file"); file && !file->value.empty()) text = file->value;
  auto mode = v.form.get("action") == "import" ? ImportMode::Commit : ImportMode::Preview;
  auto report = ctx_.subscribers.import_csv(text, mode, ctx_.clock());
  if (mode == ImportMode::Commit && !report.imported)
    return overview_page(v, 400, "Nothing was imported: fix the rows below and try again.", "",
                         &report);
  return overview_page(v, 200, "",
                       report.imported ? fmt::format("{} addresses imported.", report.valid) : "",
                       &report);
}

http::Response NewsletterAdminHandlers::send_page(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto send = id ? ctx_.newsletters.send(*id) : std::nullopt;
  if (!send) return ctx_.newsroom.message(v, 404, "Not found", "There is no such newsletter.");
  if (v.request.query_param("format") == "json") {
    return http::json_response(200, {{"recipients", send->recipients},
                                     {"queued", send->progress.queued + send->progress.sending},
                                     {"sent", send->progress.sent},
                                     {"failed", send->progress.failed}});
  }
  return ctx_.newsroom.render(
      v, 200, "Newsletter", "admin/newsletter_send.tpl", [&](TemplateDictionary& d) {
        d.SetIntValue("ID"_key, static_cast<long>(send->id));
        d.SetValue("SUBJECT"_key, send->subject);
        d.SetIntValue("RECIPIENTS"_key, static_cast<long>(send->recipients));
        fill_progress(&d, send->progress);
        if (send->progress.queued + send->progress.sending > 0) d.ShowSection("IN_PROGRESS"_key);
      });
}

http::Response NewsletterAdminHandlers::draft_preview(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto html = id ? ctx_.newsletters.draft_html(*id) : std::nullopt;
  if (!html) return ctx_.newsroom.message(v, 404, "Not found", "There is no such newsletter.");
  http::Response r;
  r.body = *html;
  admin::Newsroom::secure(r);
  // A mail's HTML, made by the server: inline styles as mail needs, images from anywhere, and
  // no script at all.
  r.set_header("Content-Security-Policy",
               "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
               "frame-ancestors 'none'");
  return r;
}

http::Response NewsletterAdminHandlers::send_draft(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return ctx_.newsroom.message(v, 404, "Not found", "There is no such newsletter.");
  if (v.form.get("action") == "test") {
    auto done = ctx_.newsletters.test_send_draft(*id, v.user().email);
    if (!done)
      return ctx_.newsroom.message(v, http::status_for(done.error().kind), "Not sent",
                                   done.error().message);
    return admin::Newsroom::see_other("/admin/newsletter?tested=1");
  }
  auto sent = ctx_.newsletters.send_draft(*id, v.user().id);
  if (!sent)
    return ctx_.newsroom.message(v, http::status_for(sent.error().kind), "Not sent",
                                 sent.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/newsletter/sends/{}", sent->send_id));
}

http::Response NewsletterAdminHandlers::no_such_article(admin::Visit& v) {
  return ctx_.newsroom.message(v, 404, publishing::msg::kNoSuchArticleTitle,
                               publishing::msg::kNoSuchArticle);
}

http::Response NewsletterAdminHandlers::article_page(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? ctx_.publishing.read_any(*id) : std::nullopt;
  if (!view) return no_such_article(v);
  auto lists = ctx_.subscriptions.lists();
  bool live = view->article.status == publishing::ArticleStatus::Published &&
              view->article.visibility == publishing::Visibility::Public;
  return ctx_.newsroom.render(v, 200, "Send as a newsletter", "admin/newsletter_article.tpl",
                              [&](TemplateDictionary& d) {
                                d.SetIntValue("ID"_key, static_cast<long>(*id));
                                d.SetValue("TITLE"_key, view->article.title);
                                d.SetValue("EMAIL"_key, v.user().email);
                                if (!live)
                                  d.ShowSection("NOT_LIVE"_key);
                                else
                                  d.ShowSection("LIVE"_key);
                                if (v.request.query_param("tested")) d.ShowSection("TESTED"_key);
                                for (auto const& l : lists) {
                                  auto* o = d.AddSectionDictionary("LIST"_key);
                                  o->SetValue("SLUG"_key, l.slug);
                                  o->SetValue("NAME"_key, l.name);
                                  if (&l == &lists.front()) o->ShowSection("CHECKED"_key);
                                }
                              });
}

http::Response NewsletterAdminHandlers::send_article(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? ctx_.publishing.read_any(*id) : std::nullopt;
  if (!view) return no_such_article(v);
  auto const& slug = view->article.slug;
  if (v.form.get("action") == "test") {
    auto done = ctx_.newsletters.test_send(slug, v.user().email);
    if (!done)
      return ctx_.newsroom.message(v, http::status_for(done.error().kind), "Not sent",
                                   done.error().message);
    return admin::Newsroom::see_other(fmt::format("/admin/newsletter/article/{}?tested=1", *id));
  }
  auto lists = v.form.all("list");
  if (lists.empty())
    return ctx_.newsroom.message(v, 400, "Not sent", "Choose at least one list to send to.");
  auto sent = ctx_.newsletters.send_article(slug, lists, v.user().id);
  if (!sent)
    return ctx_.newsroom.message(v, http::status_for(sent.error().kind), "Not sent",
                                 sent.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/newsletter/sends/{}", sent->send_id));
}

}  // namespace dossier::newsletter
