// What one article page costs: rendered from the store (cache off), and served from the
// page cache. Uses the demo site in a temporary data directory.
#include <benchmark/benchmark.h>

#include <filesystem>

#include <soci/soci.h>

#include "app/cached_site.hpp"
#include "app/demo.hpp"
#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/static_files.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "render/markdown.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/fts5_search_index.hpp"
#include "search/search_handlers.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using namespace dossier;

constexpr char const* kArticle = "/articles/critical-minerals-supply-chains-special-report";

// One demo site for every benchmark in the process.
struct Site {
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<render::Theme> theme;
  http::StaticAssets assets;
  std::unique_ptr<publishing::PublishingService> service;
  std::unique_ptr<site::Frame> frame;
  std::unique_ptr<publishing::SiteHandlers> handlers;
  std::unique_ptr<feeds::FeedService> feed_service;
  std::unique_ptr<feeds::FeedHandlers> feed_handlers;
  std::unique_ptr<search::Fts5SearchIndex> index;
  std::unique_ptr<search::SearchHandlers> search_handlers;
  http::Router router;
  render::PageCache cache{64 << 20};
  std::unique_ptr<app::CachedSite> cached;

  Site() {
    dir = std::filesystem::temp_directory_path() / ("dossier-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir / "media");
    db = std::move(*store::Database::open({"sqlite:" + (dir / "b.db").string(), 5000, 2}));
    soci::session sql(db->pool());
    (void)store::migrate(sql, store::embedded_migrations());
    index = std::make_unique<search::Fts5SearchIndex>(*db, search::RankingOptions{}, now_utc);
    service = std::make_unique<publishing::PublishingService>(
        *db, now_utc, nullptr,
        [this](soci::session& sql, publishing::Id id) { index->sync(sql, id); });
    auto demo = app::find_resource("demo");
    (void)app::load_demo(*db, *service, *demo, dir / "media");
    theme = std::move(*render::Theme::load(*app::find_resource("themes/default")));
    assets = http::StaticAssets::load(theme->dir() / "assets");
    frame = std::make_unique<site::Frame>(
        publishing::frame_context(*service, *theme, assets, "http://127.0.0.1:8080", now_utc));
    handlers =
        std::make_unique<publishing::SiteHandlers>(publishing::SiteContext{*service, *frame, 10});
    feed_service = std::make_unique<feeds::FeedService>(*db, now_utc, feeds::FeedOptions{});
    feed_handlers = std::make_unique<feeds::FeedHandlers>(
        feeds::FeedContext{*feed_service, *theme, "http://127.0.0.1:8080",
                           [this](http::Request const& q) { return handlers->not_found(q); }});
    search_handlers =
        std::make_unique<search::SearchHandlers>(search::SearchContext{*index, *handlers});
    app::add_site_routes(router, *handlers, *feed_handlers, *search_handlers, assets,
                         dir / "media");
    cached = std::make_unique<app::CachedSite>(
        &cache, [this](http::Request const& r) { return app::dispatch(router, *handlers, r); });
  }
  ~Site() { std::filesystem::remove_all(dir); }

  static Site& get() {
    static Site site;
    return site;
  }
};

http::Request article_request() {
  http::Request req;
  req.method = http::Method::Get;
  req.target = req.path = kArticle;
  return req;
}

void BM_ArticlePageCold(benchmark::State& state) {
  auto& site = Site::get();
  auto req = article_request();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto r = app::dispatch(site.router, *site.handlers, req);
    bytes = r.body.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ArticlePageCold);

void BM_ArticlePageCacheHit(benchmark::State& state) {
  auto& site = Site::get();
  auto req = article_request();
  site.cached->handle(req);  // fill
  for (auto _ : state) {
    auto r = site.cached->lookup(req);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ArticlePageCacheHit);

void BM_MarkdownOfAReport(benchmark::State& state) {
  auto& site = Site::get();
  soci::session sql(site.db->pool());
  std::string markdown;
  sql << "SELECT body_markdown FROM articles WHERE slug = "
         "'critical-minerals-supply-chains-special-report'",
      soci::into(markdown);
  for (auto _ : state) benchmark::DoNotOptimize(render::render_markdown(markdown));
  state.counters["markdown_bytes"] = static_cast<double>(markdown.size());
}
BENCHMARK(BM_MarkdownOfAReport);

}  // namespace

BENCHMARK_MAIN();
