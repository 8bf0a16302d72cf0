#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "app/command_support.hpp"
#include "app/data_dir_lock.hpp"
#include "media/media_library.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/site_admin.hpp"
#include "wordpress/importer.hpp"
#include "wordpress/legacy_urls.hpp"

namespace dossier::app {

namespace {

namespace fs = std::filesystem;

// Plain progress lines (stderr not a terminal: a log, CI) come at most this often.
constexpr auto kPlainProgressEvery = std::chrono::seconds(5);

// The progress line: rewritten in place on a terminal, plain lines now and then otherwise.
class ProgressLine {
 public:
  ProgressLine() : terminal_(isatty(STDERR_FILENO) == 1) {}
  void show(wordpress::ImportProgress const& p) {
    auto percent = p.bytes_total == 0 ? 0 : static_cast<int>(100 * p.bytes_done / p.bytes_total);
    auto line = p.pass == 1 ? fmt::format("checking the export: {}%", percent)
                            : fmt::format(
                                  "importing: {}% - {} posts, {} pages, {} images, {} "
                                  "comments",
                                  percent, p.posts, p.pages, p.media, p.comments);
    if (terminal_) {
      std::fprintf(stderr, "\r%s\033[K", line.c_str());
      shown_ = true;
      return;
    }
    auto now = std::chrono::steady_clock::now();
    if (p.pass == pass_ && now - last_ < kPlainProgressEvery && percent < 100) return;
    pass_ = p.pass;
    last_ = now;
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  void end() {
    if (terminal_ && shown_) std::fprintf(stderr, "\n");
  }

 private:
  bool terminal_;
  bool shown_ = false;
  int pass_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

void print_summary(wordpress::ImportSummary const& s) {
  std::printf("%s\n", s.dry_run ? "Dry run: nothing was written. What the import would do:"
                                : "WordPress import:");
  std::printf("%-12s %9s %10s %8s %7s\n", "", "imported", "unchanged", "skipped", "failed");
  auto row = [](char const* name, wordpress::Tally const& t) {
    std::printf("%-12s %9d %10d %8d %7d\n", name, t.imported, t.unchanged, t.skipped, t.failed);
  };
  row("authors", s.authors);
  row("categories", s.categories);
  row("tags", s.tags);
  row("posts", s.posts);
  row("pages", s.pages);
  row("media", s.media);
  row("comments", s.comments);
  if (s.flattened_categories > 0)
    std::printf("%d categories deeper than two levels were put under their top-level category\n",
                s.flattened_categories);
  if (s.trashed_posts > 0) std::printf("%d trashed posts skipped\n", s.trashed_posts);
  if (s.pingbacks > 0) std::printf("%d pingbacks and trackbacks skipped\n", s.pingbacks);
  if (s.trashed_comments > 0) std::printf("%d trashed comments skipped\n", s.trashed_comments);
  if (s.sticky > 0)
    std::printf(
        "%d sticky posts: Dossier has no sticky flag (the home page leads with the newest "
        "article)\n",
        s.sticky);
  for (auto const& [type, n] : s.other_post_types)
    std::printf("%d items of post type \"%s\" skipped\n", n, type.c_str());
  for (auto const& file : s.missing_media) std::printf("missing media file: %s\n", file.c_str());
  for (auto const& problem : s.problems) std::printf("failed: %s\n", problem.c_str());
}

}  // namespace

int run_import_wordpress(GlobalOptions const& g, ImportCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  std::optional<fs::path> media_dir;
  if (!command.media_dir.empty()) media_dir = fs::path(command.media_dir);
  ProgressLine progress;
  // A dry run reads the database (what is already imported) and writes nothing, so it takes
  // no lock. Writing needs the site stopped, like restore: a running server would serve pages it
  // cached before the import, and its jobs would race the import's writes.
  std::optional<DataDirLock> lock;
  if (!command.dry_run) {
    std::error_code ec;
    fs::create_directories(config->data_dir / "media", ec);
    auto taken = DataDirLock::take(config->data_dir, "import");
    if (!taken)
      return fail(taken.error().message +
                  "; stop the server before importing into its data "
                  "directory"),
             kExitFailure;
    lock.emplace(std::move(*taken));
  }
  try {
    auto db = open_store(*config, 2);
    if (!db) return fail(db.error().message), kExitFailure;
    auto index_owner = search::make_search_index(**db, ranking_of(*config), now_utc);
    publishing::PublishingService publishing(**db, now_utc, nullptr, index_on_write(*index_owner));
    publishing::EditorialService editorial(**db, publishing, now_utc);
    publishing::SiteAdmin site_admin(**db, publishing, nullptr);
    comments::CommentService comments(
        **db, now_utc, comment_options_of(*config, site_secret(**db), publishing.settings().title));
    media::MediaLibrary library(**db, nullptr);
    wordpress::LegacyUrls legacy(**db);
    wordpress::ImportServices services{
        **db,
        publishing,
        editorial,
        site_admin,
        comments,
        library,
        [&](std::vector<wordpress::LegacyUrl> const& urls) { return legacy.remember(urls); },
        now_utc};
    wordpress::ImportOptions options;
    options.file = command.file;
    options.media_dir = media_dir;
    options.library_dir = config->data_dir / "media";
    options.dry_run = command.dry_run;
    options.progress = [&](wordpress::ImportProgress const& p) { progress.show(p); };
    auto started = std::chrono::steady_clock::now();
    auto summary = wordpress::import_wordpress(services, options);
    progress.end();
    if (!summary) return fail(summary.error().message), kExitFailure;
    print_summary(*summary);
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto posts = summary->posts.imported + summary->pages.imported;
    std::printf("%.1f s: %.0f posts/s, %.0f comments/s\n", seconds,
                seconds > 0 ? posts / seconds : 0.0,
                seconds > 0 ? summary->comments.imported / seconds : 0.0);
    return kExitOk;
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

}  // namespace dossier::app
