// `dossier db copy` (issue 18; docs/OPERATIONS.md, "Moving a site to PostgreSQL").
#include "app/db_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "app/command_support.hpp"
#include "app/data_dir_lock.hpp"
#include "store/copy.hpp"

namespace dossier::app {

namespace fs = std::filesystem;

namespace {

// The progress bar's width in characters, and the connections each side needs: the copy
// reads on one session and writes on one.
constexpr int kBarWidth = 30;
constexpr std::size_t kCopyConnections = 1;

bool is_database_url(std::string const& url) {
  return url.starts_with("sqlite:") || url.starts_with("postgresql://") ||
         url.starts_with("postgres://");
}

// The data directory's own database: database.url, or DATA/dossier.db.
std::string data_dir_url(Config const& c) {
  return c.database.url.empty() ? "sqlite:" + (c.data_dir / "dossier.db").string() : c.database.url;
}

// A bar on a terminal, redrawn in place; one line per finished table otherwise (a log file
// or a CI job's output should not fill with carriage returns).
std::function<void(store::CopyProgress const&)> progress_printer() {
  if (::isatty(::fileno(stderr))) {
    return [last = -1](store::CopyProgress const& p) mutable {
      int percent = p.rows > 0 ? static_cast<int>(p.rows_done * 100 / p.rows) : 100;
      int filled = percent * kBarWidth / 100;
      if (percent == last && !p.table_finished) return;
      last = percent;
      std::fprintf(stderr, "\rCopying [%s%s] %3d%% %lld/%lld rows  %-24.24s",
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(kBarWidth - filled), '.').c_str(), percent,
                   p.rows_done, p.rows, p.table.c_str());
      if (p.table_finished && p.index == p.tables) std::fprintf(stderr, "\n");
    };
  }
  return [](store::CopyProgress const& p) {
    if (!p.table_finished) return;
    std::fprintf(stderr, "copied %s (%zu/%zu): %lld rows\n", p.table.c_str(), p.index, p.tables,
                 p.table_rows);
  };
}

void print_summary(store::CopyReport const& report, std::string const& from,
                   std::string const& to) {
  std::size_t width = 5;
  for (auto const& t : report.tables) width = std::max(width, t.table.size());
  std::printf("%-*s %10s %10s\n", static_cast<int>(width), "table", "source", "target");
  for (auto const& t : report.tables)
    std::printf("%-*s %10lld %10lld\n", static_cast<int>(width), t.table.c_str(), t.source_rows,
                t.target_rows);
  for (auto const& s : report.skipped)
    std::printf("left out: %s (%s)\n", s.table.c_str(), s.reason.c_str());
  double seconds = report.elapsed.count();
  std::printf(
      "Copied %lld rows in %zu tables from %s to %s (schema version %d) in %.2f s (%.0f rows/s); "
      "the counts match\n",
      report.rows, report.tables.size(), from.c_str(), to.c_str(), report.schema_version, seconds,
      report.rows / std::max(seconds, 1e-9));
}

// A URL for messages: without a password.
std::string shown(std::string const& url) {
  auto scheme = url.find("://");
  auto at = url.rfind('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  auto who = url.substr(scheme + 3, at - scheme - 3);
  auto colon = who.find(':');
  if (colon == std::string::npos) return url;
  return url.substr(0, scheme + 3) + who.substr(0, colon) + ":***" + url.substr(at);
}

}  // namespace

int run_db_copy(GlobalOptions const& g, DbCopyCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (command.to.empty() == command.from.empty())
    return fail("db copy takes one of --to URL or --from URL"), kExitUsage;
  auto const& other = command.to.empty() ? command.from : command.to;
  if (!is_database_url(other))
    return fail(fmt::format("'{}' is not a database URL: give postgresql://USER@HOST[:PORT]/DB "
                            "or sqlite:PATH",
                            shown(other))),
           kExitUsage;
  auto here = data_dir_url(*config);
  std::optional<DataDirLock> lock;
  if (!command.from.empty()) {
    // Into the data directory: its SQLite file, new or empty, with no server on it.
    if (!here.starts_with("sqlite:"))
      return fail(
                 "db copy --from writes the data directory's SQLite file, but database.url "
                 "names another database; use --to from a data directory on SQLite instead"),
             kExitUsage;
    std::error_code ec;
    fs::create_directories(config->data_dir / "media", ec);
    if (ec)
      return fail(fmt::format("cannot create {}: {}", config->data_dir.string(), ec.message())),
             kExitFailure;
    auto taken = DataDirLock::take(config->data_dir, "db copy");
    if (!taken)
      return fail(taken.error().message +
                  "; stop the server before copying into its data "
                  "directory"),
             kExitFailure;
    lock.emplace(std::move(*taken));
  } else {
    // Out of the data directory: a server may go on running on it, the copy reads one
    // snapshot. A missing SQLite file would be created empty; say so instead.
    if (here.starts_with("sqlite:") && !fs::is_regular_file(here.substr(7)))
      return fail(fmt::format("there is no database at {}; nothing to copy", here.substr(7))),
             kExitFailure;
  }
  auto source_url = command.to.empty() ? command.from : here;
  auto target_url = command.to.empty() ? here : command.to;
  try {
    auto source =
        store::Database::open({source_url, config->database.busy_timeout_ms, kCopyConnections});
    if (!source) return fail("the source: " + source.error().message), kExitFailure;
    auto target =
        store::Database::open({target_url, config->database.busy_timeout_ms, kCopyConnections});
    if (!target) return fail("the target: " + target.error().message), kExitFailure;
    if (auto ready = store::prepare_copy_target(**target); !ready)
      return fail(ready.error().message + "; nothing was copied"), kExitFailure;
    store::CopyOptions options;
    options.progress = progress_printer();
    auto report = store::copy_database(**source, **target, options);
    if (!report) return fail(report.error().message), kExitFailure;
    print_summary(*report, shown(source_url), shown(target_url));
    // The search index's tables came over with the rest; rebuilding makes the target's own
    // index (FTS5's, left out of the copy, or PostgreSQL's vocabulary) whole from them.
    auto index = search::make_search_index(**target, ranking_of(*config), now_utc);
    reindex(*index);
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
