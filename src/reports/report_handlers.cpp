#include "reports/report_handlers.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "publishing/messages.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/urls.hpp"
#include "reports/report_sections.hpp"
#include "reports/report_service.hpp"

namespace dossier::reports {

using ctemplate::TemplateDictionary;

namespace {

constexpr char const* kPageTitle = "Report parts";

int score_of(std::string const& text) {
  auto n = parse_id(text);
  return n && *n <= kMaxScore ? static_cast<int>(*n) : 0;
}

auth::Target target_of(publishing::ArticleView const& view) {
  bool live = view.article.status == publishing::ArticleStatus::Published;
  return {view.article.author_id, live ? auth::Exposure::Live : auth::Exposure::NotLive};
}

// "risks.2.likelihood" -> the id of the field the editor shows for it ("risk-likelihood-2").
std::string field_id(std::string const& field) {
  auto parts = split(field, '.');
  if (parts.size() == 3) {
    auto row = std::string(parts[0] == "risks" ? "risk" : "finding");
    return fmt::format("{}-{}-{}", row, parts[2], parts[1]);
  }
  return field;
}

ReportInput input_from_parts(ReportParts const& p) {
  ReportInput in;
  in.summary = p.summary.markdown;
  in.findings = p.findings;
  in.risks = p.risks;
  in.recommendations = p.recommendations.markdown;
  in.methodology = p.methodology.markdown;
  in.sources = p.sources.markdown;
  in.teaser_findings = p.teaser_findings;
  return in;
}

}  // namespace

ReportInput input_of(http::Form const& form) {
  ReportInput in;
  in.summary = form.get("summary");
  in.recommendations = form.get("recommendations");
  in.methodology = form.get("methodology");
  in.sources = form.get("sources");
  in.teaser_findings =
      form.get("teaser_headings") == "1" ? TeaserFindings::Headings : TeaserFindings::Hidden;
  auto headings = form.all("finding_heading");
  auto details = form.all("finding_detail");
  for (std::size_t i = 0; i < std::max(headings.size(), details.size()); ++i)
    in.findings.push_back({i < headings.size() ? headings[i] : std::string(),
                           i < details.size() ? details[i] : std::string(),
                           {}});
  auto names = form.all("risk_name");
  auto likelihoods = form.all("risk_likelihood");
  auto impacts = form.all("risk_impact");
  auto notes = form.all("risk_note");
  for (std::size_t i = 0; i < names.size(); ++i)
    in.risks.push_back({names[i], i < likelihoods.size() ? score_of(likelihoods[i]) : 0,
                        i < impacts.size() ? score_of(impacts[i]) : 0,
                        i < notes.size() ? notes[i] : std::string()});
  return in;
}

struct ReportHandlers::PageState {
  publishing::ArticleView view;
  ReportInput input;
  std::vector<FieldError> errors;
  bool saved = false;
  std::optional<std::string> pdf_error;  // the last build's failure, or why none can run
  bool pdf_built = false;
};

http::Response ReportHandlers::page(admin::Visit& v, int status, PageState const& s) {
  auto const& a = s.view.article;
  std::map<std::string, std::string> errors;  // field -> message
  for (auto const& e : s.errors) errors.emplace(e.field, e.message);
  auto row_errors = [&](std::string const& prefix, TemplateDictionary* row) {
    for (auto const& e : s.errors)
      if (e.field.starts_with(prefix))
        row->AddSectionDictionary("ROW_ERROR")->SetValue("MESSAGE", e.message);
  };
  return newsroom_.render(v, status, kPageTitle, "admin/report.tpl", [&](TemplateDictionary& d) {
    d.SetIntValue("ID", static_cast<long>(a.id));
    d.SetValue("TITLE", a.title);
    d.SetValue("REPORT_CSS_URL", css_url_);
    if (a.status == publishing::ArticleStatus::Published) {
      d.ShowSection("IS_LIVE");
      d.SetValue("LIVE_URL", publishing::article_url(a.slug));
    }
    if (s.saved) d.ShowSection("SAVED");
    if (!s.errors.empty()) {
      d.ShowSection("HAS_ERRORS");
      for (auto const& e : s.errors) {
        auto* item = d.AddSectionDictionary("ERROR");
        item->SetValue("FIELD_ID", field_id(e.field));
        item->SetValue("MESSAGE", e.message);
      }
    }
    if (s.pdf_error)
      d.AddSectionDictionary("PDF_ERROR")->SetValue("REASON", *s.pdf_error);
    else if (s.pdf_built)
      d.ShowSection("PDF_BUILT");
    else
      d.ShowSection("PDF_NOT_BUILT");
    if (counts_)
      if (auto c = counts_(a.id)) {
        auto* counts = d.AddSectionDictionary("HAS_COUNTS");
        counts->SetIntValue("VIEWS", static_cast<long>(c->views));
        counts->SetIntValue("DOWNLOADS", static_cast<long>(c->downloads));
      }
    auto const& in = s.input;
    if (a.kind == publishing::ArticleKind::Report) d.ShowSection("SUMMARY_REQUIRED");
    d.SetValue("SUMMARY", in.summary);
    if (auto it = errors.find("summary"); it != errors.end())
      d.AddSectionDictionary("SUMMARY_INVALID")->SetValue("SUMMARY_ERROR", it->second);
    if (in.teaser_findings == TeaserFindings::Headings) d.ShowSection("TEASER_HEADINGS");
    for (std::size_t i = 0; i < in.findings.size() + kSpareRows; ++i) {
      auto* row = d.AddSectionDictionary("FINDING");
      row->SetIntValue("INDEX", static_cast<long>(i));
      row->SetIntValue("NUMBER", static_cast<long>(i + 1));
      if (i < in.findings.size()) {
        row->SetValue("HEADING", in.findings[i].heading);
        row->SetValue("DETAIL", in.findings[i].detail_markdown);
        row_errors(fmt::format("findings.{}.", i), row);
      }
    }
    for (std::size_t i = 0; i < in.risks.size() + kSpareRows; ++i) {
      auto* row = d.AddSectionDictionary("RISK");
      row->SetIntValue("INDEX", static_cast<long>(i));
      row->SetIntValue("NUMBER", static_cast<long>(i + 1));
      Risk r;
      if (i < in.risks.size()) {
        r = in.risks[i];
        row_errors(fmt::format("risks.{}.", i), row);
      }
      row->SetValue("NAME", r.name);
      row->SetValue("NOTE", r.note);
      for (int score = kMinScore; score <= kMaxScore; ++score) {
        auto* l = row->AddSectionDictionary("LIKELIHOOD");
        l->SetIntValue("VALUE", score);
        if (score == r.likelihood) l->ShowSection("SELECTED");
        auto* m = row->AddSectionDictionary("IMPACT");
        m->SetIntValue("VALUE", score);
        if (score == r.impact) m->ShowSection("SELECTED");
      }
    }
    auto const texts = {std::pair{"recommendations", &in.recommendations},
                        std::pair{"methodology", &in.methodology},
                        std::pair{"sources", &in.sources}};
    for (auto const& [name, text] : texts) {
      auto* part = d.AddSectionDictionary("PART");
      part->SetValue("NAME", name);
      for (auto const& named : kClosingParts)
        if (std::string_view(named.id) == name) part->SetValue("LABEL", named.heading);
      part->SetValue("TEXT", *text);
      if (auto it = errors.find(name); it != errors.end())
        part->AddSectionDictionary("INVALID")->SetValue("ERROR", it->second);
    }
  });
}

http::Response ReportHandlers::read(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? publishing_.read_any(*id) : std::nullopt;
  if (!view) return newsroom_.message(v, 404, "Not found", publishing::msg::kNoSuchArticle);
  PageState s{*view};
  if (auto parts = reports_.parts(*id)) s.input = input_from_parts(*parts);
  s.saved = v.request.query_param("saved").has_value();
  s.pdf_built = reports_.kept_pdf(*id).has_value();
  if (!s.pdf_built) s.pdf_error = reports_.pdf_problem();
  return page(v, 200, s);
}

http::Response ReportHandlers::edit(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? publishing_.read_any(*id) : std::nullopt;
  if (!view) return newsroom_.message(v, 404, "Not found", publishing::msg::kNoSuchArticle);
  if (!newsroom_.allowed(v, auth::Action::EditArticle, target_of(*view)))
    return newsroom_.refused(v, auth::Action::EditArticle);
  PageState s{*view, input_of(v.form)};
  s.errors = ReportService::validate(s.input, view->article.kind);
  if (s.errors.empty()) {
    auto saved = reports_.save(*id, s.input, v.user().id);
    if (saved)
      return admin::Newsroom::see_other(fmt::format("/admin/articles/{}/report?saved=1", *id));
    s.errors.push_back({"summary", saved.error().message});
  }
  s.pdf_built = reports_.kept_pdf(*id).has_value();
  return page(v, 400, s);
}

http::Response ReportHandlers::build_pdf(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? publishing_.read_any(*id) : std::nullopt;
  if (!view) return newsroom_.message(v, 404, "Not found", publishing::msg::kNoSuchArticle);
  auto built = reports_.pdf(*id);
  PageState s{*view};
  if (auto parts = reports_.parts(*id)) s.input = input_from_parts(*parts);
  if (built) {
    s.pdf_built = true;
    return page(v, 200, s);
  }
  s.pdf_error = built.error().message;
  return page(v, http::status_for(built.error().kind), s);
}

http::Response ReportHandlers::download_pdf(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto view = id ? publishing_.read_any(*id) : std::nullopt;
  if (!view) return newsroom_.message(v, 404, "Not found", publishing::msg::kNoSuchArticle);
  auto built = reports_.pdf(*id);
  if (!built)
    return newsroom_.message(v, http::status_for(built.error().kind), "PDF",
                             "PDF: could not be built: " + built.error().message);
  std::ifstream in(*built, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  http::Response r;
  r.content_type = "application/pdf";
  r.body = ss.str();
  // RFC 6266: a file name for the download; the slug is ASCII by construction.
  r.set_header("Content-Disposition",
               fmt::format("attachment; filename=\"{}.pdf\"", view->article.slug));
  admin::Newsroom::secure(r);
  return r;
}

}  // namespace dossier::reports
