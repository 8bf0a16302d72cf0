#include "clients/portal_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "http/cross_site.hpp"
#include "http/form.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"
#include "security/tokens.hpp"
#include "site/frame.hpp"

namespace dossier::clients {

using ctemplate::TemplateDictionary;
using render::operator""_key;

namespace {

constexpr char const* kPdfSuffix = ".pdf";
constexpr char const* kXmlSuffix = ".xml";
constexpr char const* kAtomType = "application/atom+xml; charset=utf-8";
constexpr char const* kBadToken =
    "The form could not be checked. Reload the page, sign in again if asked, and send it again.";

// "SLUG.pdf" -> "SLUG"; nullopt for anything else.
std::optional<std::string> strip(std::string const& file, std::string const& suffix) {
  if (file.size() <= suffix.size() || !file.ends_with(suffix)) return std::nullopt;
  return file.substr(0, file.size() - suffix.size());
}

bool is_client(publishing::Viewer const& v) {
  return v.kind == publishing::ViewerKind::Client && v.client_id != 0;
}

}  // namespace

void private_answer(http::Response& r) {
  r.cache_keys.clear();
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("X-Robots-Tag", "noindex");
  r.set_header("Referrer-Policy", "no-referrer");
}

std::string sign_in_url(std::string const& next) {
  return std::string(kSignInPath) + "?next=" + percent_encode(next);
}

std::optional<http::Response> PortalHandlers::refuse(http::Request const& req,
                                                     publishing::Viewer const& viewer,
                                                     std::string const& csrf) {
  if (http::provenance(req, ctx_.site_url) != http::Provenance::ThisSite)
    return message(403, http::kCrossSiteTitle, http::kCrossSiteText);
  // Synchronizer token (OWASP CSRF cheat sheet): the reader session's own random token.
  if (viewer.csrf_token.empty() || !security::constant_time_equal(csrf, viewer.csrf_token))
    return message(403, "This form could not be checked", kBadToken);
  return std::nullopt;
}

http::Response PortalHandlers::message(int status, std::string const& title,
                                       std::string const& text) {
  site::PageMeta meta{title, "", "", "", true};
  auto r = ctx_.frame.message(status, meta, title, text);
  private_answer(r);
  return r;
}

http::Response PortalHandlers::home(http::Request const& req, http::Params const&) {
  auto viewer = ctx_.viewer(req);
  if (!viewer.signed_in()) {
    auto r = http::Response::redirect(303, sign_in_url("/portal"));
    private_answer(r);
    return r;
  }
  return page(viewer, 200, Visit::Counts, std::nullopt, "");
}

http::Response PortalHandlers::page(publishing::Viewer const& viewer, int status, Visit visit,
                                    std::optional<std::string> const& feed_token,
                                    std::string const& error, CommissionInput const& echo) {
  bool client = is_client(viewer);
  std::optional<UnixTime> since;
  if (client && visit == Visit::Counts) since = ctx_.portal.visit(viewer.member_id);
  auto reports = ctx_.portal.reports(viewer, since);
  site::PageMeta meta{client ? "Your reports" : "Articles for subscribers", "", "/portal", "",
                      true};
  auto r = ctx_.frame.page(status, meta, "portal/portal.tpl", [&](TemplateDictionary& d) {
    // A subscriber has no organisation: their heading says what they read instead, and PDFs,
    // requests, commissions and the private feed stay for members (docs/CLIENTS.md).
    if (client)
      d.SetValueAndShowSection("ORGANISATION"_key, viewer.client_name, "FOR_ORGANISATION");
    else
      d.SetValueAndShowSection("EMAIL"_key, viewer.email, "FOR_SUBSCRIBER");
    d.SetValue("CSRF"_key, viewer.csrf_token);
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (reports.empty()) d.ShowSection("NO_REPORTS"_key);
    for (auto const& report : reports) {
      auto const& s = report.summary;
      auto* row = d.AddSectionDictionary("REPORT"_key);
      row->SetValue("TITLE"_key, s.title);
      row->SetValue("URL"_key, publishing::article_url(s.slug));
      if (client)
        row->SetValueAndShowSection("PDF_URL"_key, "/portal/reports/" + s.slug + kPdfSuffix, "PDF");
      row->SetValue("KIND"_key, std::string(publishing::kind_label(s.kind)));
      row->SetValue("DATE_ISO"_key, format_rfc3339(s.published_at));
      row->SetValue("DATE"_key, format_long_date(s.published_at));
      if (!s.dek.empty()) row->SetValueAndShowSection("DEK"_key, s.dek, "HAS_DEK");
      if (report.is_new) row->ShowSection("NEW"_key);
    }
    if (!client) return;
    auto* c = d.AddSectionDictionary("CLIENT"_key);
    auto requests = ctx_.requests.of_client(viewer.client_id);
    if (requests.empty()) c->ShowSection("NO_REQUESTS"_key);
    for (auto const& q : requests) {
      auto* row = c->AddSectionDictionary("REQUEST"_key);
      std::string what;
      if (q.kind == RequestKind::Commission) {
        what = "Commission: " + q.subject;
      } else {
        auto title = ctx_.requests.report_title(q.article_id);
        what = title.empty() ? "Access to a report no longer offered" : "Access: " + title;
      }
      row->SetValue("WHAT"_key, what);
      row->SetValue("STATE"_key, std::string(state_label(q.state)));
      row->SetValue("DATE_ISO"_key, format_rfc3339(q.created_at));
      row->SetValue("DATE"_key, format_long_date(q.created_at));
      row->SetValue("BY"_key, q.name);
    }
    c->SetValue("SUBJECT"_key, echo.subject);
    c->SetValue("DETAILS"_key, echo.details);
    c->SetIntValue("MAX_SUBJECT"_key, static_cast<long>(kMaxRequestSubject));
    c->SetIntValue("MAX_DETAILS"_key, static_cast<long>(kMaxRequestDetails));
    if (feed_token) {
      c->SetValueAndShowSection("FEED_URL"_key, ctx_.site_url + reader_feed_path(*feed_token),
                                "FEED_NEW");
    } else if (auto live = ctx_.feeds.current(viewer.member_id)) {
      c->SetValueAndShowSection("FEED_SINCE"_key, format_long_date(live->created_at), "FEED_LIVE");
    } else {
      c->ShowSection("FEED_NONE"_key);
    }
  });
  private_answer(r);
  return r;
}

http::Response PortalHandlers::download(http::Request const& req, http::Params const& p) {
  auto slug = strip(p.get("file"), kPdfSuffix);
  if (!slug) return message(404, "There is no such report", download_error::kNoSuchReport);
  auto viewer = ctx_.viewer(req);
  if (!viewer.signed_in()) {
    auto r = http::Response::redirect(303, sign_in_url(req.path));
    private_answer(r);
    return r;
  }
  auto pdf = ctx_.portal.download(viewer, *slug);
  if (!pdf) {
    auto const& e = pdf.error();
    // The PDF engine failing is ours and passing: 503 Service Unavailable (RFC 9110 section
    // 15.6.4), with a time to come back, rather than 500.
    if (e.kind == ErrorKind::Internal) {
      auto r = message(503, "The PDF is not available just now", e.message);
      r.set_header("Retry-After", "120");
      return r;
    }
    if (e.kind == ErrorKind::NotFound) return message(404, "There is no such report", e.message);
    if (!is_client(viewer))
      return message(http::status_for(e.kind), "PDFs are for client members", e.message);
    return message(http::status_for(e.kind), "This report is not in your subscription", e.message);
  }
  http::Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = std::move(pdf->bytes);
  // The slug is [a-z0-9-] (core/slug.hpp), so it needs no quoting inside the quoted
  // filename (RFC 6266 section 4.1).
  r.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}.pdf\"", pdf->slug));
  private_answer(r);
  return r;
}

http::Response PortalHandlers::feed(http::Request const& req, http::Params const& p) {
  auto token = strip(p.get("file"), kXmlSuffix);
  auto member = token ? ctx_.feeds.member_of(*token) : std::nullopt;
  auto viewer = member && ctx_.member_viewer ? ctx_.member_viewer(*member) : std::nullopt;
  if (!viewer) {
    auto r = ctx_.frame.not_found(req);
    private_answer(r);
    return r;
  }
  auto reports = ctx_.portal.reports(*viewer);
  if (reports.size() > static_cast<std::size_t>(kReaderFeedEntries))
    reports.resize(kReaderFeedEntries);
  ReaderFeedView view;
  view.site_url = ctx_.site_url;
  view.site_title = ctx_.frame.masthead().title;
  view.organisation = viewer->client_name;
  view.self_path = reader_feed_path(*token);
  for (auto& report : reports) view.entries.push_back(std::move(report.summary));
  http::Response r;
  r.status = 200;
  r.content_type = kAtomType;
  r.body = render_reader_feed(ctx_.theme, view);
  private_answer(r);
  return r;
}

http::Response PortalHandlers::renew_feed(http::Request const& req, http::Params const&) {
  auto viewer = ctx_.viewer(req);
  auto form = http::Form::parse(req);
  if (!form)
    return message(http::status_for(form.error().kind), "The form could not be read",
                   form.error().message);
  if (auto refused = refuse(req, viewer, form->get(kReaderCsrfField))) return *refused;
  if (!is_client(viewer))
    return message(403, "For client members",
                   "Private feeds are for members of client organisations.");
  auto token = ctx_.feeds.renew(viewer.member_id);
  // Shown on this answer only: the address is kept hashed, so no later page can show it.
  return page(viewer, 200, Visit::Ignored, token, "");
}

http::Response PortalHandlers::revoke_feed(http::Request const& req, http::Params const&) {
  auto viewer = ctx_.viewer(req);
  auto form = http::Form::parse(req);
  if (!form)
    return message(http::status_for(form.error().kind), "The form could not be read",
                   form.error().message);
  if (auto refused = refuse(req, viewer, form->get(kReaderCsrfField))) return *refused;
  if (!is_client(viewer))
    return message(403, "For client members",
                   "Private feeds are for members of client organisations.");
  ctx_.feeds.revoke(viewer.member_id);
  auto r = http::Response::redirect(303, "/portal");
  private_answer(r);
  return r;
}

http::Response PortalHandlers::commission(http::Request const& req, http::Params const&) {
  auto viewer = ctx_.viewer(req);
  auto form = http::Form::parse(req);
  if (!form)
    return message(http::status_for(form.error().kind), "The form could not be read",
                   form.error().message);
  if (auto refused = refuse(req, viewer, form->get(kReaderCsrfField))) return *refused;
  CommissionInput in{form->get("subject").substr(0, 4 * kMaxRequestSubject),
                     form->get("details").substr(0, 2 * kMaxRequestDetails), req.remote_address};
  auto made = ctx_.requests.commission(viewer, in);
  if (!made) {
    if (!is_client(viewer))
      return message(http::status_for(made.error().kind), "For client members",
                     made.error().message);
    return page(viewer, http::status_for(made.error().kind), Visit::Ignored, std::nullopt,
                made.error().message, in);
  }
  auto r = http::Response::redirect(303, "/portal#requests");
  private_answer(r);
  return r;
}

}  // namespace dossier::clients
