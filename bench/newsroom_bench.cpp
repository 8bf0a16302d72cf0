// What the newsroom's own work costs: password hashing (argon2id at the shipped cost), an
// image upload (decode, strip, six resized encodes), a revision diff, and a save with its
// revision and version check against a plain save, on the demo site plus generated articles.
//
//   build/bench/dossier_newsroom_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>

#include <soci/soci.h>
#include <vips/vips8>

#include "app/corpus.hpp"
#include "app/demo.hpp"
#include "app/paths.hpp"
#include "auth/password.hpp"
#include "core/text_diff.hpp"
#include "media/upload.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/publishing_service.hpp"
#include "search/fts5_search_index.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using namespace dossier;

void BM_HashPassword(benchmark::State& state) {
  auth::PasswordCost shipped;  // the defaults of auth.password_ops_limit / _mem_kib
  for (auto _ : state)
    benchmark::DoNotOptimize(auth::hash_password("a long enough secret", shipped));
}
BENCHMARK(BM_HashPassword)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_VerifyPassword(benchmark::State& state) {
  auto hash = auth::hash_password("a long enough secret", {});
  for (auto _ : state)
    benchmark::DoNotOptimize(auth::verify_password(hash, "a long enough secret"));
}
BENCHMARK(BM_VerifyPassword)->Unit(benchmark::kMillisecond)->Iterations(20);

// A 3-megapixel photo-like JPEG (noise over a gradient, so the encoder has work).
std::string photo_jpeg() {
  media::start_vips();
  auto noise = vips::VImage::gaussnoise(2000, 1500, vips::VImage::option()->set("sigma", 40));
  auto gradient = vips::VImage::xyz(2000, 1500)[0] / 10;
  auto rgb = (noise + gradient).bandjoin({noise * 0.8, gradient + 30}).cast(VIPS_FORMAT_UCHAR);
  void* buf = nullptr;
  std::size_t size = 0;
  rgb.write_to_buffer(".jpg", &buf, &size, vips::VImage::option()->set("Q", 85));
  std::string out(static_cast<char*>(buf), size);
  g_free(buf);
  return out;
}

void BM_ProcessUpload(benchmark::State& state) {
  auto bytes = photo_jpeg();
  auto dir = std::filesystem::temp_directory_path() / "dossier-bench-upload";
  std::filesystem::remove_all(dir);
  for (auto _ : state) {
    auto r = media::process_upload(bytes, "photo.jpg", dir, 1'790'000'000);
    if (!r) state.SkipWithError(r.error().message.c_str());
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<long long>(bytes.size()) * state.iterations());
}
BENCHMARK(BM_ProcessUpload)->Unit(benchmark::kMillisecond)->Iterations(10);

// The reference: libvips making only the 400-pixel thumbnail of the same bytes.
void BM_ThumbnailOnly(benchmark::State& state) {
  auto bytes = photo_jpeg();
  for (auto _ : state) {
    VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
    auto thumb = vips::VImage::thumbnail_buffer(blob, 400);
    vips_area_unref(VIPS_AREA(blob));
    void* buf = nullptr;
    std::size_t size = 0;
    thumb.write_to_buffer(".jpg", &buf, &size);
    g_free(buf);
  }
}
BENCHMARK(BM_ThumbnailOnly)->Unit(benchmark::kMillisecond)->Iterations(10);

std::string article_text(int paragraphs, int variant) {
  std::string out;
  for (int p = 0; p < paragraphs; ++p) {
    out += "Paragraph " + std::to_string(p) +
           ": the delegations met again in the afternoon and reviewed the draft text line by "
           "line, the envoy said, adding that several questions remained open.";
    if (variant && p % 10 == 3) out += " An edit made in revision " + std::to_string(variant) + ".";
    out += "\n\n";
  }
  return out;
}

void BM_DiffRevisions(benchmark::State& state) {
  auto before = article_text(static_cast<int>(state.range(0)), 0);
  auto after = article_text(static_cast<int>(state.range(0)), 1);
  for (auto _ : state) {
    auto lines = core::diff_lines(before, after);
    benchmark::DoNotOptimize(core::group_hunks(lines));
  }
  state.SetBytesProcessed(static_cast<long long>(before.size() + after.size()) *
                          state.iterations());
}
BENCHMARK(BM_DiffRevisions)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

// The demo site plus `articles` generated ones, with the search index wired as in serve.
struct Site {
  explicit Site(int articles) {
    dir = std::filesystem::temp_directory_path() /
          ("dossier-bench-newsroom-" + std::to_string(articles));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "media");
    db = std::move(*store::Database::open({"sqlite:" + (dir / "d.db").string(), 5000, 2}));
    {
      soci::session sql(db->pool());
      store::migrate(sql, store::embedded_migrations());
    }
    index = std::make_unique<search::Fts5SearchIndex>(*db, search::RankingOptions{}, now_utc);
    publishing = std::make_unique<publishing::PublishingService>(
        *db, now_utc, nullptr,
        [this](soci::session& sql, publishing::Id id) { index->sync(sql, id); });
    auto demo = app::find_resource("demo");
    app::load_demo(*db, *publishing, *demo, dir / "media");
    app::CorpusOptions options;
    options.articles = articles;
    app::generate_corpus(*db, *demo, options, [](int, int) {});
    index->rebuild({});
    editorial = std::make_unique<publishing::EditorialService>(*db, *publishing, now_utc);
  }
  ~Site() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<search::Fts5SearchIndex> index;
  std::unique_ptr<publishing::PublishingService> publishing;
  std::unique_ptr<publishing::EditorialService> editorial;
};

Site& site(int articles) {
  static std::map<int, std::unique_ptr<Site>> sites;
  auto& s = sites[articles];
  if (!s) s = std::make_unique<Site>(articles);
  return *s;
}

// A published article saved from the editor: its revision, the version check, the search
// index, in one transaction.
void BM_EditorialSave(benchmark::State& state) {
  auto& s = site(static_cast<int>(state.range(0)));
  auto draft = s.editorial->load(1);
  int n = 0;
  for (auto _ : state) {
    auto in = draft->input;
    in.body_markdown += "\n\nEdit " + std::to_string(n++);
    auto saved = s.editorial->save(1, in, draft->revision_id, 1, publishing::Transition::Save);
    if (!saved) state.SkipWithError(saved.error().message.c_str());
    draft->revision_id = *saved;
  }
}
BENCHMARK(BM_EditorialSave)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The reference: the same change through PublishingService alone (no revision, no check).
void BM_PlainSave(benchmark::State& state) {
  auto& s = site(static_cast<int>(state.range(0)));
  auto draft = s.editorial->load(1);
  int n = 0;
  for (auto _ : state) {
    auto in = draft->input;
    in.body_markdown += "\n\nPlain edit " + std::to_string(n++);
    if (!s.publishing->edit_article(1, in)) state.SkipWithError("save failed");
  }
}
BENCHMARK(BM_PlainSave)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
