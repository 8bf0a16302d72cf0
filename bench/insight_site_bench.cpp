// Insight on the site: re-analysing every article of a generated archive (throughput), and the
// work done when one article is saved — analysis, storing, related articles for it and for the
// articles it lists — at 1,000 and 10,000 articles (the issue's "publishing costs the same at 1k
// and 1M"). The reference is a plain save of the same article in the same run.
//
//   build/bench/dossier_insight_site_bench --benchmark_min_time=1 --benchmark_filter='/[1-9]'
//   DOSSIER_BENCH_DATA=DIR build/bench/dossier_insight_site_bench --benchmark_filter='/0$'

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <soci/soci.h>

#include "app/corpus.hpp"
#include "app/demo.hpp"
#include "app/paths.hpp"
#include "insight/insight_service.hpp"
#include "publishing/publishing_service.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using namespace dossier;

struct Site {
  // An existing data directory (DOSSIER_BENCH_DATA, e.g. one made by `dossier demo --articles
  // 100000` and analysed by `dossier reindex --insight`): measured as it is.
  explicit Site(std::filesystem::path const& data) {
    db = std::move(*store::Database::open({"sqlite:" + (data / "dossier.db").string(), 5000, 2}));
    publishing = std::make_unique<publishing::PublishingService>(*db, now_utc);
    insight = std::make_unique<insight::InsightService>(*db, now_utc, insight::Lexicon::embedded());
    soci::session sql(db->pool());
    sql << "SELECT COUNT(*) FROM insight_state", soci::into(analysed);
  }
  explicit Site(int articles) {
    dir = std::filesystem::temp_directory_path() /
          ("dossier-bench-insight-" + std::to_string(articles));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "media");
    db = std::move(*store::Database::open({"sqlite:" + (dir / "d.db").string(), 5000, 2}));
    {
      soci::session sql(db->pool());
      store::migrate(sql, store::embedded_migrations());
    }
    publishing = std::make_unique<publishing::PublishingService>(*db, now_utc);
    auto demo = app::find_resource("demo");
    app::load_demo(*db, *publishing, *demo, dir / "media");
    app::CorpusOptions options;
    options.articles = articles;
    app::generate_corpus(*db, *demo, options, [](int, int) {});
    insight = std::make_unique<insight::InsightService>(*db, now_utc, insight::Lexicon::embedded());
    auto started = std::chrono::steady_clock::now();
    analysed = insight->reindex_all({});
    reindex_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  ~Site() {
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<publishing::PublishingService> publishing;
  std::unique_ptr<insight::InsightService> insight;
  long long analysed = 0;
  double reindex_seconds = 0;
};

Site& site(int articles) {
  static std::map<int, std::unique_ptr<Site>> sites;
  auto& s = sites[articles];
  if (!s && articles == 0)
    s = std::make_unique<Site>(std::filesystem::path(std::getenv("DOSSIER_BENCH_DATA")));
  if (!s) s = std::make_unique<Site>(articles);
  return *s;
}

// Re-analysis of the whole archive, measured once while the site is built.
void BM_ReanalyseArchive(benchmark::State& state) {
  auto& s = site(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.analysed);
  state.counters["articles"] = static_cast<double>(s.analysed);
  state.counters["seconds"] = s.reindex_seconds;
  state.counters["articles_per_s"] = static_cast<double>(s.analysed) / s.reindex_seconds;
}
BENCHMARK(BM_ReanalyseArchive)->Arg(1000)->Arg(10000)->Iterations(1);

// One saved article's analysis: read, analyse, store, score related (and refresh theirs).
void BM_AnalyseOnSave(benchmark::State& state) {
  auto& s = site(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = s.insight->analyze_article(1);  // the demo's Geneva article
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
}
BENCHMARK(BM_AnalyseOnSave)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
// Arg 0: the archive in DOSSIER_BENCH_DATA (run with --benchmark_filter=/0).
BENCHMARK(BM_AnalyseOnSave)->Arg(0)->Unit(benchmark::kMillisecond);

// The reference: the same article saved through PublishingService (its own write work).
void BM_PlainSave(benchmark::State& state) {
  auto& s = site(static_cast<int>(state.range(0)));
  auto view = s.publishing->read_any(1);
  publishing::ArticleInput in;
  in.slug = view->article.slug;
  in.title = view->article.title;
  in.dek = view->article.dek;
  in.body_markdown = view->article.body_markdown;
  in.author_id = view->article.author_id;
  in.status = view->article.status;
  in.published_at = view->article.published_at;
  in.hero_media_id = view->article.hero_media_id;
  for (auto const& c : view->categories) in.category_ids.push_back(c.id);
  for (auto const& t : view->tags) in.tag_ids.push_back(t.id);
  for (auto _ : state) {
    auto r = s.publishing->edit_article(1, in);
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
}
BENCHMARK(BM_PlainSave)->Arg(1000)->Arg(10000)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
