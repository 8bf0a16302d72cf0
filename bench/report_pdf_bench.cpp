// What a client report's PDF costs: printing it with chromium headless (once per revision,
// then kept), and stamping a downloaded copy with libqpdf (on every download), for a report
// of about ten A4 pages with findings and a risk matrix.
//
//   build/bench/dossier_report_pdf_bench                 (or bench/report_pdf.sh)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <soci/soci.h>

#include "app/paths.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/theme.hpp"
#include "reports/pdf_stamp.hpp"
#include "reports/report_service.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using namespace dossier;
namespace fs = std::filesystem;

constexpr UnixTime kNow = 1'790'000'000;
// Enough body for about ten pages with the cover, contents and parts.
constexpr int kBodySections = 70;

struct Site {
  fs::path dir = fs::temp_directory_path() / fmt::format("dossier-bench-report-{}", ::getpid());
  std::unique_ptr<store::Database> db;
  std::unique_ptr<render::Theme> theme;
  std::unique_ptr<publishing::PublishingService> publishing;
  std::unique_ptr<reports::ReportService> reports;
  publishing::Id id = 0;

  Site() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    db = std::move(*store::Database::open({"sqlite:" + (dir / "bench.db").string(), 5000, 2}));
    soci::session sql(db->pool());
    (void)store::migrate(sql, store::embedded_migrations());
    theme = std::move(*render::Theme::load(*app::find_resource("themes/default")));
    auto clock = [] { return kNow; };
    publishing = std::make_unique<publishing::PublishingService>(*db, clock);
    auto author = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada", "Ada Reporter", "", "author"}, "", kNow);
    publishing::ArticleInput in;
    in.title = "Strait shipping outlook";
    in.kind = publishing::ArticleKind::Report;
    for (int i = 1; i <= kBodySections; ++i)
      in.body_markdown += fmt::format(
          "## Section {0}\n\nThe harbour authority reported in section {0} that tonnage fell "
          "again, as insurers priced the passage higher and shippers chose the longer route "
          "around the cape. Analysts expect the trend to hold through the winter months.\n\n",
          i);
    in.status = publishing::ArticleStatus::Published;
    in.author_id = author;
    in.published_at = kNow;
    id = *publishing->add_article(in);
    reports = std::make_unique<reports::ReportService>(
        reports::ReportContext{*db, *publishing, *theme, clock, nullptr, dir, {}});
  }
  ~Site() { fs::remove_all(dir); }

  void save(int revision) {
    reports::ReportInput in;
    in.summary = fmt::format("Revision {}: freight through the strait will fall.", revision);
    for (int i = 1; i <= 6; ++i)
      in.findings.push_back({fmt::format("Finding {}", i), "A paragraph of detail.", ""});
    for (int i = 1; i <= 12; ++i)
      in.risks.push_back({fmt::format("Risk {}", i), i % 5 + 1, (i * 3) % 5 + 1, ""});
    in.methodology = "Interviews with twelve shipping firms.";
    in.sources = "Port authority statistics.";
    (void)reports->save(id, in, 1);
  }
};

Site& site() {
  static Site s;
  return s;
}

// One print per iteration: each iteration saves a new revision, so nothing is kept.
void BM_PrintReport(benchmark::State& state) {
  int revision = 0;
  for (auto _ : state) {
    state.PauseTiming();
    site().save(++revision);
    state.ResumeTiming();
    auto pdf = site().reports->pdf(site().id);
    if (!pdf) {
      state.SkipWithError(pdf.error().message.c_str());
      break;
    }
  }
  if (auto kept = site().reports->kept_pdf(site().id))
    state.counters["bytes"] = static_cast<double>(fs::file_size(*kept));
}
BENCHMARK(BM_PrintReport)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// One stamped copy per iteration, from the kept PDF's bytes in memory.
void BM_StampDownload(benchmark::State& state) {
  site().save(0);
  auto pdf = site().reports->pdf(site().id);
  if (!pdf) {
    state.SkipWithError(pdf.error().message.c_str());
    return;
  }
  std::ifstream in(*pdf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  long long n = 0;
  for (auto _ : state) {
    auto stamped = reports::stamp(bytes, {"Harbour & Sons", "reader@example.org", "7 December 2026",
                                          fmt::format("DL-{}", ++n)});
    benchmark::DoNotOptimize(stamped);
  }
  state.counters["pdf_bytes"] = static_cast<double>(bytes.size());
  // The report's length, as poppler counts it.
  if (FILE* p = ::popen(("pdfinfo '" + pdf->string() + "'").c_str(), "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, p))
      if (std::string_view(line).starts_with("Pages:"))
        state.counters["pages"] = std::atof(line + 6);
    ::pclose(p);
  }
}
BENCHMARK(BM_StampDownload)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
