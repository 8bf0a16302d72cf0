#include "reports/report_store.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "store/row.hpp"

namespace dossier::reports {

namespace {

std::string findings_json(std::vector<Finding> const& findings) {
  auto out = nlohmann::json::array();
  for (auto const& f : findings)
    out.push_back({{"heading", f.heading},
                   {"detail_markdown", f.detail_markdown},
                   {"detail_html", f.detail_html}});
  return out.dump();
}

std::string risks_json(std::vector<Risk> const& risks) {
  auto out = nlohmann::json::array();
  for (auto const& r : risks)
    out.push_back(
        {{"name", r.name}, {"likelihood", r.likelihood}, {"impact", r.impact}, {"note", r.note}});
  return out.dump();
}

// The rows were written by put() alone; a value of the wrong shape is a broken invariant and
// throws (nlohmann::json's type_error), which the request's edge turns into a 500.
std::vector<Finding> findings_of(std::string const& text) {
  std::vector<Finding> out;
  for (auto const& f : nlohmann::json::parse(text))
    out.push_back({f.at("heading").get<std::string>(), f.at("detail_markdown").get<std::string>(),
                   f.at("detail_html").get<std::string>()});
  return out;
}

std::vector<Risk> risks_of(std::string const& text) {
  std::vector<Risk> out;
  for (auto const& r : nlohmann::json::parse(text))
    out.push_back({r.at("name").get<std::string>(), r.at("likelihood").get<int>(),
                   r.at("impact").get<int>(), r.at("note").get<std::string>()});
  return out;
}

}  // namespace

std::optional<ReportParts> ReportStore::find(soci::session& sql, Id article_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT summary_markdown, summary_html, findings, risks,"
                      " recommendations_markdown, recommendations_html, methodology_markdown,"
                      " methodology_html, sources_markdown, sources_html, teaser_headings,"
                      " updated_at FROM report_parts WHERE article_id = :id",
       soci::use(article_id));
  for (auto const& r : rows) {
    ReportParts p;
    p.article_id = article_id;
    p.summary = {store::row_text(r, 0), store::row_text(r, 1)};
    p.findings = findings_of(store::row_text(r, 2));
    p.risks = risks_of(store::row_text(r, 3));
    p.recommendations = {store::row_text(r, 4), store::row_text(r, 5)};
    p.methodology = {store::row_text(r, 6), store::row_text(r, 7)};
    p.sources = {store::row_text(r, 8), store::row_text(r, 9)};
    p.teaser_findings =
        store::row_int(r, 10) == 1 ? TeaserFindings::Headings : TeaserFindings::Hidden;
    p.updated_at = store::row_int(r, 11);
    return p;
  }
  return std::nullopt;
}

void ReportStore::put(soci::session& sql, ReportParts const& p) {
  auto findings = findings_json(p.findings);
  auto risks = risks_json(p.risks);
  int headings = p.teaser_findings == TeaserFindings::Headings ? 1 : 0;
  long long id = p.article_id;
  long long updated = p.updated_at;
  sql << "INSERT INTO report_parts (article_id, summary_markdown, summary_html, findings, risks,"
         " recommendations_markdown, recommendations_html, methodology_markdown,"
         " methodology_html, sources_markdown, sources_html, teaser_headings, updated_at)"
         " VALUES (:id, :sm, :sh, :f, :r, :rm, :rh, :mm, :mh, :som, :soh, :t, :u)"
         " ON CONFLICT (article_id) DO UPDATE SET summary_markdown = excluded.summary_markdown,"
         " summary_html = excluded.summary_html, findings = excluded.findings,"
         " risks = excluded.risks, recommendations_markdown = excluded.recommendations_markdown,"
         " recommendations_html = excluded.recommendations_html,"
         " methodology_markdown = excluded.methodology_markdown,"
         " methodology_html = excluded.methodology_html,"
         " sources_markdown = excluded.sources_markdown, sources_html = excluded.sources_html,"
         " teaser_headings = excluded.teaser_headings, updated_at = excluded.updated_at",
      soci::use(id), soci::use(p.summary.markdown), soci::use(p.summary.html), soci::use(findings),
      soci::use(risks), soci::use(p.recommendations.markdown), soci::use(p.recommendations.html),
      soci::use(p.methodology.markdown), soci::use(p.methodology.html),
      soci::use(p.sources.markdown), soci::use(p.sources.html), soci::use(headings),
      soci::use(updated);
}

}  // namespace dossier::reports
