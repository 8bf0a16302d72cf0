// A report's structured parts (reports/report_service.hpp): validated field by field (bad input
// changes nothing), saved with their HTML, and shown on the article page: the lead (summary,
// findings) on a teaser too, with the findings' headings only when the editor allows and never
// their details; the rest (risk matrix, recommendations, methodology, sources) for Full only.
#include <gtest/gtest.h>

#include <ctemplate/template.h>
#include <soci/soci.h>

#include "publishing/article_page.hpp"
#include "publishing/events.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/taxonomy_store.hpp"
#include "reports/report_sections.hpp"
#include "reports/report_service.hpp"
#include "reports/risk_matrix.hpp"
#include "support/site_stack.hpp"

namespace dossier::reports {
namespace {

constexpr UnixTime kNow = 1'790'000'000;

bool has(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

ReportInput full_input() {
  ReportInput in;
  in.summary = "Shipping through the **strait** is *likely* to fall.";
  in.findings = {{"Insurers raised premiums", "Premiums rose by a **third** in May.", ""},
                 {"Ports diverted traffic", "", ""},
                 {"", "", ""}};  // a spare row, left empty
  in.risks = {{"Blockade of the strait", 2, 5, "Low odds, severe effect"},
              {"Insurance withdrawal", 4, 4, ""},
              {"Port congestion", 4, 4, "Same cell as 2"},
              {"", 1, 1, ""}};  // a spare row
  in.recommendations = "Diversify routes before *autumn*.";
  in.methodology = "Interviews with twelve shipping firms.";
  in.sources = "Port authority statistics, 2026.";
  in.teaser_findings = TeaserFindings::Headings;
  return in;
}

class ReportServiceTest : public ::testing::Test, protected test::SiteStack {
 protected:
  ReportServiceTest() : SiteStack("dossier-reports", kNow) {
    events_.subscribe<publishing::SiteChanged>(
        [this](publishing::SiteChanged const& c) { changed_.push_back(c.cache_keys); });
    soci::session sql(db_->pool());
    author_ = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada", "Ada Reporter", "", "author"}, "", kNow);
  }

  void SetUp() override {
    publishing::ArticleInput in;
    in.title = "Strait shipping outlook";
    in.kind = publishing::ArticleKind::Report;
    in.body_markdown = "The body of the report.";
    in.status = publishing::ArticleStatus::Published;
    in.author_id = author_;
    in.published_at = kNow - 60;
    auto id = publishing_->add_article(in);
    ASSERT_TRUE(id.ok()) << id.error().message;
    id_ = *id;
    service_ = std::make_unique<ReportService>(ReportContext{
        *db_, *publishing_, *theme_, clock(), &events_, dir_.path(), PdfEngine{"/nonexistent"}});
    sections_ = std::make_unique<ReportSections>(*service_, publishing_->changes(), "/r.css");
  }

  // The article page as a reader with `access` sees it, with the report's sections wired as
  // serve wires them.
  std::string page(publishing::Access access) {
    publishing::ArticleSections sections;
    auto* s = sections_.get();
    sections.add(
        "report lead",
        [s](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
          s->fill_lead(d, v);
        },
        publishing::OnTeaser::Shown);
    sections.add("report rest", [s](ctemplate::TemplateDictionary& d,
                                    publishing::ArticleView const& v) { s->fill_rest(d, v); });
    publishing::ArticlePage article_page(*publishing_, *frame_, sections, publishing_->changes());
    auto view = publishing_->read_any(id_);
    EXPECT_TRUE(view);
    view->access = access;
    return article_page.render(*view, publishing::ArticleMode::Public).body;
  }

  Id author_ = 0;
  Id id_ = 0;
  std::vector<std::vector<std::string>> changed_;
  std::unique_ptr<ReportService> service_;
  std::unique_ptr<ReportSections> sections_;
};

TEST_F(ReportServiceTest, SavesThePartsWithTheirHtmlAndDropsSpareRows) {
  auto saved = service_->save(id_, full_input(), author_);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  auto p = service_->parts(id_);
  ASSERT_TRUE(p);
  EXPECT_TRUE(has(p->summary.html, "<strong>strait</strong>"));
  ASSERT_EQ(p->findings.size(), 2u);
  EXPECT_EQ(p->findings[0].heading, "Insurers raised premiums");
  EXPECT_TRUE(has(p->findings[0].detail_html, "<strong>third</strong>"));
  ASSERT_EQ(p->risks.size(), 3u);
  EXPECT_EQ(p->risks[0].likelihood, 2);
  EXPECT_EQ(p->risks[0].impact, 5);
  EXPECT_EQ(p->risks[0].note, "Low odds, severe effect");
  EXPECT_TRUE(has(p->recommendations.html, "<em>autumn</em>"));
  EXPECT_EQ(p->teaser_findings, TeaserFindings::Headings);
  EXPECT_EQ(p->updated_at, kNow);
  // The article's cached pages are dropped.
  ASSERT_EQ(changed_.size(), 1u);
  EXPECT_EQ(changed_[0], std::vector<std::string>{"article:" + std::to_string(id_)});
}

TEST_F(ReportServiceTest, RefusesBadInputFieldByFieldAndChangesNothing) {
  ASSERT_TRUE(service_->save(id_, full_input(), author_).ok());
  auto bad = full_input();
  bad.summary = "";
  bad.risks[0].likelihood = 0;
  bad.risks[1].impact = 6;
  bad.risks[2].name = "";
  bad.findings[1].heading = "";
  bad.findings[1].detail_markdown = "A detail without a heading.";
  bad.methodology = std::string(kMaxPartBytes + 1, 'x');
  auto errors = ReportService::validate(bad, publishing::ArticleKind::Report);
  std::vector<std::string> fields;
  for (auto const& e : errors) fields.push_back(e.field);
  for (auto const* expected : {"summary", "risks.0.likelihood", "risks.1.impact", "risks.2.name",
                               "findings.1.heading", "methodology"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  EXPECT_EQ(errors.size(), 6u);

  auto saved = service_->save(id_, bad, author_);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(
      has(saved.error().message, "Risk 1: the likelihood must be a whole number from 1 to 5"));
  auto p = service_->parts(id_);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->risks[0].likelihood, 2);  // unchanged
  EXPECT_FALSE(p->summary.empty());
  EXPECT_EQ(changed_.size(), 1u);  // only the good save dropped pages
}

TEST_F(ReportServiceTest, BoundsTheCountsAndAllowsAnAnalysisWithoutSummary) {
  ReportInput many;
  many.summary = "S";
  for (std::size_t i = 0; i <= kMaxRisks; ++i) many.risks.push_back({"Risk", 1, 1, ""});
  for (std::size_t i = 0; i <= kMaxFindings; ++i) many.findings.push_back({"Heading", "", ""});
  auto errors = ReportService::validate(many, publishing::ArticleKind::Report);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "findings");
  EXPECT_EQ(errors[1].field, "risks");
  ReportInput analysis;
  analysis.methodology = "How we worked.";
  EXPECT_TRUE(ReportService::validate(analysis, publishing::ArticleKind::Analysis).empty());
  EXPECT_FALSE(ReportService::validate(analysis, publishing::ArticleKind::Report).empty());
}

TEST_F(ReportServiceTest, FullPageShowsEveryPartTheMatrixAndItsTable) {
  ASSERT_TRUE(service_->save(id_, full_input(), author_).ok());
  auto html = page(publishing::Access::Full);
  EXPECT_TRUE(has(html, "<strong>strait</strong>"));
  EXPECT_TRUE(has(html, "Insurers raised premiums"));
  EXPECT_TRUE(has(html, "<strong>third</strong>"));
  EXPECT_TRUE(has(html, "role=\"img\""));
  EXPECT_TRUE(has(html, "<title id=\"risk-matrix-title\">Risk matrix: 3 risks"));
  // Every risk: a numbered marker in the SVG and a row in the table, named.
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(has(html, "font-weight=\"bold\">" + std::to_string(n) + "</text>")) << n;
  for (auto const* name : {"Blockade of the strait", "Insurance withdrawal", "Port congestion"})
    EXPECT_TRUE(has(html, std::string("<th scope=\"row\">") + name + "</th>")) << name;
  EXPECT_TRUE(has(html, "<caption>"));
  EXPECT_TRUE(has(html, "<td>Severe</td>"));  // 4 x 4
  EXPECT_TRUE(has(html, "<em>autumn</em>"));
  EXPECT_TRUE(has(html, "Interviews with twelve shipping firms."));
  EXPECT_TRUE(has(html, "Port authority statistics"));
  EXPECT_TRUE(has(html, "/r.css"));
}

TEST_F(ReportServiceTest, TeaserShowsTheSummaryAndHeadingsOnlyWhenAllowed) {
  ASSERT_TRUE(service_->save(id_, full_input(), author_).ok());
  auto html = page(publishing::Access::Teaser);
  EXPECT_TRUE(has(html, "<strong>strait</strong>"));
  EXPECT_TRUE(has(html, "Insurers raised premiums"));
  for (auto const* hidden : {"<strong>third</strong>", "risk-matrix", "Blockade of the strait",
                             "autumn", "twelve shipping firms", "Port authority statistics"})
    EXPECT_FALSE(has(html, hidden)) << hidden;

  auto no_headings = full_input();
  no_headings.teaser_findings = TeaserFindings::Hidden;
  ASSERT_TRUE(service_->save(id_, no_headings, author_).ok());
  html = page(publishing::Access::Teaser);
  EXPECT_TRUE(has(html, "<strong>strait</strong>"));
  EXPECT_FALSE(has(html, "Insurers raised premiums"));
  EXPECT_FALSE(has(html, "Key findings"));
  // A reader with access sees the findings all the same.
  EXPECT_TRUE(has(page(publishing::Access::Full), "Insurers raised premiums"));
}

TEST_F(ReportServiceTest, AnArticleWithoutPartsShowsNoReportSections) {
  auto html = page(publishing::Access::Full);
  EXPECT_FALSE(has(html, "report-lead"));
  EXPECT_FALSE(has(html, "report-rest"));
}

TEST(RiskMatrix, PlacesEachMarkerInsideItsCell) {
  std::vector<Risk> risks;
  for (int l = kMinScore; l <= kMaxScore; ++l)
    for (int i = kMinScore; i <= kMaxScore; ++i) risks.push_back({"r", l, i, ""});
  for (int k = 0; k < 4; ++k) risks.push_back({"crowd", 3, 3, ""});
  auto markers = place_markers(risks);
  ASSERT_EQ(markers.size(), risks.size());
  for (std::size_t k = 0; k < risks.size(); ++k) {
    // The geometry of reports/risk_matrix.tpl: 64-unit cells from (56, 10).
    double left = 56 + (risks[k].impact - 1) * 64.0;
    double top = 10 + (5 - risks[k].likelihood) * 64.0;
    auto const& m = markers[k];
    EXPECT_EQ(m.number, static_cast<int>(k + 1));
    EXPECT_GE(m.cx - m.r, left) << k;
    EXPECT_LE(m.cx + m.r, left + 64) << k;
    EXPECT_GE(m.cy - m.r, top) << k;
    EXPECT_LE(m.cy + m.r, top + 64) << k;
  }
  EXPECT_EQ(level_of(1, 4), RiskLevel::Low);
  EXPECT_EQ(level_of(1, 5), RiskLevel::Medium);
  EXPECT_EQ(level_of(2, 5), RiskLevel::High);
  EXPECT_EQ(level_of(4, 4), RiskLevel::Severe);
}

}  // namespace
}  // namespace dossier::reports
