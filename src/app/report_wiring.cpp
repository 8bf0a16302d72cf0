#include "app/report_wiring.hpp"

#include <cstdlib>

#include <ctemplate/template.h>

#include "admin/newsroom.hpp"
#include "app/config.hpp"
#include "core/time.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "publishing/article_sections.hpp"
#include "publishing/publishing_service.hpp"
#include "reports/report_handlers.hpp"
#include "reports/report_sections.hpp"
#include "reports/report_service.hpp"

namespace dossier::app {

Reports::~Reports() = default;

std::string configured_chromium(Config const& config) {
  // DOSSIER_CHROMIUM is the name browser tests and operators already use for the engine.
  if (char const* env = std::getenv("DOSSIER_CHROMIUM"); env && *env) return env;
  return config.reports.chromium;
}

std::unique_ptr<Reports> wire_reports(http::Router& r, publishing::ArticleSections& sections,
                                      ReportsOf const& of) {
  auto out = std::make_unique<Reports>();
  auto css = of.assets.url_for("report.css");
  out->service = std::make_unique<reports::ReportService>(
      reports::ReportContext{of.db,
                             of.publishing,
                             of.theme,
                             now_utc,
                             &of.events,
                             of.config.data_dir,
                             {configured_chromium(of.config)}});
  out->sections =
      std::make_unique<reports::ReportSections>(*out->service, of.publishing.changes(), css);
  out->handlers =
      std::make_unique<reports::ReportHandlers>(of.newsroom, *out->service, of.publishing, css);

  auto* s = out->sections.get();
  sections.add(
      "report lead",
      [s](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
        s->fill_lead(d, v);
      },
      publishing::OnTeaser::Shown);
  sections.add("report rest", [s](ctemplate::TemplateDictionary& d,
                                  publishing::ArticleView const& v) { s->fill_rest(d, v); });

  // The report's page in the newsroom: per-article checks (may this user edit the article)
  // are made by the handlers with the article, as for the editor.
  auto& gate = of.newsroom;
  auto page = [h = out->handlers.get()](auto method) {
    return [h, method](admin::Visit& v) { return (h->*method)(v); };
  };
  using H = reports::ReportHandlers;
  using auth::Action;
  r.get("/admin/articles/{id}/report", gate.guard(Action::UseNewsroom, page(&H::read)));
  r.post("/admin/articles/{id}/report", gate.guard(Action::UseNewsroom, page(&H::edit)));
  r.post("/admin/articles/{id}/report/pdf", gate.guard(Action::UseNewsroom, page(&H::build_pdf)));
  r.get("/admin/articles/{id}/report.pdf", gate.guard(Action::UseNewsroom, page(&H::download_pdf)));
  return out;
}

}  // namespace dossier::app
