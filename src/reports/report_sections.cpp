#include "reports/report_sections.hpp"

#include <ctemplate/template.h>

#include "publishing/publishing_service.hpp"
#include "reports/report_service.hpp"
#include "reports/risk_matrix.hpp"

namespace dossier::reports {

using ctemplate::TemplateDictionary;
using publishing::Access;

std::shared_ptr<std::optional<ReportParts> const> ReportSections::parts_of(Id article_id) {
  return parts_.get(article_id, [&] { return reports_.parts(article_id); });
}

void ReportSections::fill_lead(TemplateDictionary& d, publishing::ArticleView const& view) {
  if (view.access == Access::None) return;
  auto kept = parts_of(view.article.id);
  if (!kept || !*kept) return;
  auto const& p = **kept;
  if (p.summary.empty() && p.findings.empty()) return;
  bool teaser = view.access != Access::Full;
  auto* lead = d.AddIncludeDictionary("REPORT_LEAD");
  lead->SetFilename("reports/lead.tpl");
  lead->SetValue("REPORT_CSS_URL", css_url_);
  lead->SetValue("SUMMARY_HTML", p.summary.html);
  if (p.findings.empty() || (teaser && p.teaser_findings == TeaserFindings::Hidden)) return;
  auto* findings = lead->AddSectionDictionary("FINDINGS");
  for (auto const& f : p.findings) {
    auto* item = findings->AddSectionDictionary("FINDING");
    item->SetValue("HEADING", f.heading);
    if (!teaser && !f.detail_html.empty())
      item->AddSectionDictionary("DETAIL")->SetValue("DETAIL_HTML", f.detail_html);
  }
}

void ReportSections::fill_rest(TemplateDictionary& d, publishing::ArticleView const& view) {
  if (view.access != Access::Full) return;
  auto kept = parts_of(view.article.id);
  if (!kept || !*kept) return;
  auto const& p = **kept;
  bool any = !p.risks.empty();
  for (auto const& named : kClosingParts) any = any || !(p.*named.part).empty();
  if (!any) return;
  auto* rest = d.AddIncludeDictionary("REPORT_REST");
  rest->SetFilename("reports/rest.tpl");
  if (!p.risks.empty()) fill_risk_matrix(*rest->AddSectionDictionary("RISKS"), p.risks);
  for (auto const& named : kClosingParts) {
    auto const& part = p.*named.part;
    if (part.empty()) continue;
    auto* s = rest->AddSectionDictionary("PART");
    s->SetValue("ID", named.id);
    s->SetValue("HEADING", named.heading);
    s->SetValue("HTML", part.html);
  }
}

}  // namespace dossier::reports
