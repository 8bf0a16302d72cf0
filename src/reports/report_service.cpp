#include "reports/report_service.hpp"

#include <fstream>
#include <sstream>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "core/strings.hpp"
#include "publishing/events.hpp"
#include "publishing/publishing_service.hpp"
#include "render/markdown.hpp"
#include "render/theme.hpp"
#include "reports/report_sections.hpp"
#include "reports/report_store.hpp"
#include "reports/risk_matrix.hpp"
#include "store/database.hpp"

namespace dossier::reports {

namespace fs = std::filesystem;
using ctemplate::TemplateDictionary;

namespace {

// The print page's style sheet, in the theme's assets; inlined, so the printed file needs
// nothing but itself and the images, and a changed style makes a new revision.
constexpr char const* kPrintCss = "report-print.css";

bool blank(std::string_view text) {
  return trim(text).empty();
}

// A Markdown part's problems: too long, or not UTF-8.
void check_text(std::vector<FieldError>& errors, std::string const& field, std::string_view label,
                std::string const& text, std::size_t limit) {
  if (text.size() > limit)
    errors.push_back({field, fmt::format("{} is too long: at most {} KB.", label, limit / 1024)});
  else if (!is_valid_utf8(text))
    errors.push_back({field, fmt::format("{} is not valid UTF-8 text.", label)});
}

Part rendered(std::string markdown) {
  Part p;
  p.markdown = std::string(trim(markdown));
  if (!p.markdown.empty()) p.html = render::render_markdown(p.markdown).html;
  return p;
}

std::string read_file(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Images in a rendered body point at the site's /media/ path; the printed page is a file, so
// they point at the files themselves.
std::string with_file_images(std::string html, fs::path const& media_dir) {
  std::string const from = "src=\"/media/";
  std::string const to = "src=\"" + file_url(media_dir) + "/";
  for (auto at = html.find(from); at != std::string::npos; at = html.find(from, at + to.size()))
    html.replace(at, from.size(), to);
  return html;
}

}  // namespace

ReportService::ReportService(ReportContext ctx)
    : ctx_(std::move(ctx)), pdf_(ctx_.data_dir / "reports", ctx_.engine) {
  // The printed page names its images by absolute file:// URLs.
  ctx_.data_dir = fs::absolute(ctx_.data_dir);
}

std::optional<ReportParts> ReportService::parts(Id article_id) {
  soci::session sql(ctx_.db.pool());
  return ReportStore::find(sql, article_id);
}

std::vector<FieldError> ReportService::validate(ReportInput const& in,
                                                publishing::ArticleKind kind) {
  std::vector<FieldError> errors;
  if (kind == publishing::ArticleKind::Report && blank(in.summary))
    errors.push_back({"summary", "Write the summary: every report has one."});
  check_text(errors, "summary", "The summary", in.summary, kMaxPartBytes);
  check_text(errors, "recommendations", "The recommendations", in.recommendations, kMaxPartBytes);
  check_text(errors, "methodology", "The methodology", in.methodology, kMaxPartBytes);
  check_text(errors, "sources", "The sources", in.sources, kMaxPartBytes);

  std::size_t findings = 0;
  for (std::size_t i = 0; i < in.findings.size(); ++i) {
    auto const& f = in.findings[i];
    if (blank(f.heading) && blank(f.detail_markdown)) continue;
    ++findings;
    auto field = fmt::format("findings.{}", i);
    if (blank(f.heading))
      errors.push_back({field + ".heading", fmt::format("Finding {}: give it a heading.", i + 1)});
    else if (f.heading.size() > kMaxHeadingBytes)
      errors.push_back({field + ".heading",
                        fmt::format("Finding {}: the heading is too long (at most {} characters).",
                                    i + 1, kMaxHeadingBytes)});
    else if (!is_valid_utf8(f.heading))
      errors.push_back({field + ".heading", fmt::format("Finding {}: the heading is not valid "
                                                        "UTF-8 text.",
                                                        i + 1)});
    check_text(errors, field + ".detail", fmt::format("Finding {}'s detail", i + 1),
               f.detail_markdown, kMaxDetailBytes);
  }
  if (findings > kMaxFindings)
    errors.push_back(
        {"findings", fmt::format("At most {} key findings: merge or drop some.", kMaxFindings)});

  std::size_t risks = 0;
  for (std::size_t i = 0; i < in.risks.size(); ++i) {
    auto const& r = in.risks[i];
    if (blank(r.name) && blank(r.note)) continue;
    ++risks;
    auto field = fmt::format("risks.{}", i);
    if (blank(r.name))
      errors.push_back({field + ".name", fmt::format("Risk {}: give it a name.", i + 1)});
    else if (r.name.size() > kMaxRiskNameBytes || !is_valid_utf8(r.name))
      errors.push_back(
          {field + ".name", fmt::format("Risk {}: the name must be UTF-8 text of at most {} "
                                        "characters.",
                                        i + 1, kMaxRiskNameBytes)});
    if (r.likelihood < kMinScore || r.likelihood > kMaxScore)
      errors.push_back({field + ".likelihood",
                        fmt::format("Risk {}: the likelihood must be a whole number from {} to {}.",
                                    i + 1, kMinScore, kMaxScore)});
    if (r.impact < kMinScore || r.impact > kMaxScore)
      errors.push_back({field + ".impact",
                        fmt::format("Risk {}: the impact must be a whole number from {} to {}.",
                                    i + 1, kMinScore, kMaxScore)});
    if (r.note.size() > kMaxRiskNoteBytes || !is_valid_utf8(r.note))
      errors.push_back(
          {field + ".note", fmt::format("Risk {}: the note must be UTF-8 text of at most {} "
                                        "characters.",
                                        i + 1, kMaxRiskNoteBytes)});
  }
  if (risks > kMaxRisks)
    errors.push_back({"risks", fmt::format("At most {} risks: the matrix would not be readable "
                                           "with more.",
                                           kMaxRisks)});
  return errors;
}

Result<ReportParts> ReportService::save(Id article_id, ReportInput in, Id actor) {
  auto view = ctx_.publishing.read_any(article_id);
  if (!view) return not_found("There is no such article.");
  auto errors = validate(in, view->article.kind);
  if (!errors.empty()) {
    std::string message;
    for (auto const& e : errors) message += (message.empty() ? "" : " ") + e.message;
    return invalid(message);
  }
  ReportParts p;
  p.article_id = article_id;
  p.summary = rendered(in.summary);
  for (auto& f : in.findings) {
    if (blank(f.heading) && blank(f.detail_markdown)) continue;
    auto detail = rendered(f.detail_markdown);
    p.findings.push_back(
        {std::string(trim(f.heading)), std::move(detail.markdown), std::move(detail.html)});
  }
  for (auto& r : in.risks) {
    if (blank(r.name) && blank(r.note)) continue;
    p.risks.push_back(
        {std::string(trim(r.name)), r.likelihood, r.impact, std::string(trim(r.note))});
  }
  p.recommendations = rendered(in.recommendations);
  p.methodology = rendered(in.methodology);
  p.sources = rendered(in.sources);
  p.teaser_findings = in.teaser_findings;
  p.updated_at = ctx_.clock();
  {
    soci::session sql(ctx_.db.pool());
    store::WriteTransaction tx(sql);
    ReportStore::put(sql, p);
    tx.commit();
  }
  spdlog::info("report {}: parts saved by user {}", article_id, actor);
  // The article's cached pages show the parts (publishing/site_pages.hpp: "article:ID").
  if (ctx_.events)
    ctx_.events->publish(publishing::SiteChanged{{fmt::format("article:{}", article_id)}});
  return p;
}

std::string ReportService::print_html(publishing::ArticleView const& view,
                                      std::optional<ReportParts> const& parts) {
  auto const& a = view.article;
  auto media_dir = ctx_.data_dir / "media";
  TemplateDictionary d("report-print");
  d.SetValue("TITLE", a.title);
  d.SetValue("DEK", a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK");
  d.SetValue("KIND_LABEL", std::string(publishing::kind_label(a.kind)));
  d.SetValue("DATE", format_long_date(a.published_at.value_or(a.updated_at)));
  d.SetValue("AUTHOR", view.author.name);
  d.SetValue("ORGANISATION", ctx_.publishing.settings().title);
  d.SetValue("PRINT_CSS", read_file(ctx_.theme.dir() / "assets" / kPrintCss));
  if (view.hero) {
    auto* h = d.AddSectionDictionary("HERO");
    h->SetValue("SRC", file_url(media_dir / view.hero->file));
    h->SetValue("ALT", view.hero->alt);
    h->SetValue("CAPTION", view.hero->caption);
    if (!view.hero->credit.empty())
      h->AddSectionDictionary("CREDIT")->SetValue("CREDIT", view.hero->credit);
  }
  auto contents = [&](char const* id, char const* heading) {
    auto* c = d.AddSectionDictionary("CONTENTS");
    c->SetValue("ID", id);
    c->SetValue("HEADING", heading);
  };
  if (parts && !parts->summary.empty()) {
    contents("summary", "Summary");
    d.AddSectionDictionary("SUMMARY")->SetValue("HTML", parts->summary.html);
  }
  if (parts && !parts->findings.empty()) {
    contents("findings", "Key findings");
    auto* s = d.AddSectionDictionary("FINDINGS");
    for (auto const& f : parts->findings) {
      auto* item = s->AddSectionDictionary("FINDING");
      item->SetValue("HEADING", f.heading);
      item->SetValue("DETAIL_HTML", f.detail_html);
    }
  }
  contents("body", "The report");
  d.SetValue("BODY_HTML", with_file_images(a.body_html, media_dir));
  if (parts && !parts->risks.empty()) {
    contents("risks", "Risk assessment");
    fill_risk_matrix(*d.AddSectionDictionary("RISKS"), parts->risks);
  }
  if (parts)
    for (auto const& named : kClosingParts) {
      auto const& part = (*parts).*named.part;
      if (part.empty()) continue;
      contents(named.id, named.heading);
      auto* s = d.AddSectionDictionary("PART");
      s->SetValue("ID", named.id);
      s->SetValue("HEADING", named.heading);
      s->SetValue("HTML", part.html);
    }
  return ctx_.theme.render("reports/print.tpl", d);
}

std::optional<std::pair<std::string, std::string>> ReportService::print_page(Id article_id) {
  auto view = ctx_.publishing.read_any(article_id);
  if (!view) return std::nullopt;
  auto html = print_html(*view, parts(article_id));
  auto revision = content_digest(html);
  return std::pair{std::move(html), std::move(revision)};
}

Result<fs::path> ReportService::pdf(Id article_id) {
  // The page is rendered to name its revision (a few milliseconds): a PDF is kept per
  // revision of everything it prints, the article's text and images as well as the parts.
  auto page = print_page(article_id);
  if (!page) return not_found("There is no such article.");
  return pdf_.get(article_id, page->second, [&] { return page->first; });
}

std::optional<fs::path> ReportService::kept_pdf(Id article_id) {
  auto page = print_page(article_id);
  if (!page) return std::nullopt;
  return pdf_.kept(article_id, page->second);
}

}  // namespace dossier::reports
