// What comments cost: the readers' Markdown subset against the site's full renderer on the
// same text; posting a comment (every spam rule, the insert, the moderators' mail in the
// outbox, one BEGIN IMMEDIATE transaction) against a bare INSERT of the same row; and the
// count a page shows, read from the article's counter against a COUNT(*) of its comments.
//
//   build/bench/dossier_comments_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>

#include <soci/soci.h>

#include "app/demo.hpp"
#include "app/paths.hpp"
#include "comments/comment_service.hpp"
#include "comments/reader_markdown.hpp"
#include "publishing/publishing_service.hpp"
#include "render/markdown.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

using namespace dossier;

// About 1 KB of what readers write: paragraphs, emphasis, a link and a quote.
std::string reader_text() {
  std::string text;
  for (int i = 0; i < 4; ++i)
    text +=
        "> The envoy said the *second* round would follow.\n\nI read the "
        "[full statement](https://example.org/statement) and it says **more** than that, "
        "notably on the prisoner exchange and the corridor.\n\n";
  return text;
}

void BM_ReaderMarkdown(benchmark::State& state) {
  auto text = reader_text();
  for (auto _ : state) benchmark::DoNotOptimize(comments::render_reader_markdown(text));
  state.SetBytesProcessed(static_cast<long long>(text.size()) * state.iterations());
}
BENCHMARK(BM_ReaderMarkdown)->Unit(benchmark::kMicrosecond);

// The reference: the site's own Markdown renderer (cmark-gfm with extensions) on the same text.
void BM_SiteMarkdown(benchmark::State& state) {
  auto text = reader_text();
  for (auto _ : state) benchmark::DoNotOptimize(render::render_markdown(text));
  state.SetBytesProcessed(static_cast<long long>(text.size()) * state.iterations());
}
BENCHMARK(BM_SiteMarkdown)->Unit(benchmark::kMicrosecond);

// The demo site on a real SQLite file, with a comment service as serve wires it.
struct Site {
  Site() {
    dir = std::filesystem::temp_directory_path() / "dossier-bench-comments";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "media");
    db = std::move(*store::Database::open({"sqlite:" + (dir / "d.db").string(), 5000, 2}));
    {
      soci::session sql(db->pool());
      store::migrate(sql, store::embedded_migrations());
    }
    publishing = std::make_unique<publishing::PublishingService>(*db, now_utc);
    app::load_demo(*db, *publishing, *app::find_resource("demo"), dir / "media");
    comments::CommentOptions options;
    options.secret = "bench";
    options.site_url = "https://news.example.org";
    options.min_fill_seconds = 0;
    options.max_links = 100;
    options.per_address_per_hour = 1 << 30;
    options.per_email_per_hour = 1 << 30;
    // A clock one minute ahead, so a form made "now" is old enough.
    service = std::make_unique<comments::CommentService>(
        *db, [] { return now_utc() + 60; }, options);
    options.notify_moderators = false;
    quiet = std::make_unique<comments::CommentService>(
        *db, [] { return now_utc() + 60; }, options);
    fill_busy_article();
  }
  ~Site() { std::filesystem::remove_all(dir); }
  // kBusy approved comments on article 3, with its counter, for the count benchmarks.
  void fill_busy_article() {
    soci::session sql(db->pool());
    soci::transaction tx(sql);
    long long t = now_utc();
    for (int i = 0; i < kBusy; ++i)
      sql << "INSERT INTO comments (article_id, status, author_name, author_email, body_markdown,"
             " body_html, created_at) VALUES (3, 'approved', 'R', 'r@example.org', 'x', 'x', :t)",
          soci::use(t);
    sql << "UPDATE articles SET comment_count = :n WHERE id = 3", soci::use(kBusy);
    tx.commit();
  }
  static constexpr int kBusy = 1000;
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<publishing::PublishingService> publishing;
  std::unique_ptr<comments::CommentService> service;
  std::unique_ptr<comments::CommentService> quiet;  // no mail to the moderators
};

Site& site() {
  static Site s;
  return s;
}

// Arg 1: as shipped, the moderators' mail queued too; arg 0: comments.notify_moderators off.
void BM_PostComment(benchmark::State& state) {
  auto& s = site();
  auto& service = state.range(0) ? *s.service : *s.quiet;
  comments::ArticleForComments article{1, "news", 0, false};
  comments::NewComment in;
  in.article_id = 1;
  in.name = "Reader";
  in.body = reader_text();
  in.remote_address = "192.0.2.1";
  in.form_token = service.form_token(1);
  static int n = 0;
  for (auto _ : state) {
    in.email = "reader" + std::to_string(n++) + "@example.org";  // first comments: pending
    auto posted = service.post(in, article);
    if (!posted) state.SkipWithError(posted.error().message.c_str());
  }
}
BENCHMARK(BM_PostComment)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// The reference: the same row written by one INSERT in its own transaction, nothing checked.
void BM_BareInsert(benchmark::State& state) {
  auto& s = site();
  auto body = reader_text();
  auto html = comments::render_reader_markdown(body).html;
  soci::session sql(s.db->pool());
  long long t = now_utc();
  for (auto _ : state) {
    soci::transaction tx(sql);
    sql << "INSERT INTO comments (article_id, author_name, author_email, body_markdown,"
           " body_html, created_at) VALUES (2, 'Reader', 'r@example.org', :m, :h, :t)",
        soci::use(body), soci::use(html), soci::use(t);
    tx.commit();
  }
}
BENCHMARK(BM_BareInsert)->Unit(benchmark::kMicrosecond);

// The count a page shows: the counter column (what Dossier reads) ...
void BM_CountFromCounter(benchmark::State& state) {
  auto& s = site();
  soci::session sql(s.db->pool());
  for (auto _ : state) {
    int n = 0;
    sql << "SELECT comment_count FROM articles WHERE id = 3", soci::into(n);
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_CountFromCounter)->Unit(benchmark::kMicrosecond);

// ... against counting the approved rows on every view (what the counter avoids).
void BM_CountRows(benchmark::State& state) {
  auto& s = site();
  soci::session sql(s.db->pool());
  int n = 0;
  for (auto _ : state) {
    sql << "SELECT COUNT(*) FROM comments WHERE article_id = 3 AND status = 'approved'",
        soci::into(n);
    benchmark::DoNotOptimize(n);
  }
  state.counters["comments"] = n;
}
BENCHMARK(BM_CountRows)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
