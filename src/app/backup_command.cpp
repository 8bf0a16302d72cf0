// `dossier backup` and `dossier restore` (docs/OPERATIONS.md, "Backups").
#include "app/backup_command.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>
#include <soci/soci.h>

#include "app/config.hpp"
#include "app/data_dir_lock.hpp"
#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace dossier::app {

namespace fs = std::filesystem;

namespace {

// Copies that take longer than this show a progress line on stderr; shorter ones stay quiet.
constexpr std::chrono::milliseconds kProgressAfter{500};
constexpr double kMiB = 1024.0 * 1024.0;

void fail(std::string const& message) {
  std::fprintf(stderr, "dossier: %s\n", message.c_str());
}

// The config file: --config, else DATA/dossier.toml when it exists (as every subcommand).
Result<Config> load(GlobalOptions const& g) {
  auto file = g.config_file;
  if (file && !fs::is_regular_file(*file))
    return invalid(fmt::format("config file {} does not exist", file->string()));
  if (!file && fs::is_regular_file(g.data_dir / "dossier.toml")) file = g.data_dir / "dossier.toml";
  auto config = load_config(file, environment_variables());
  if (config) config->data_dir = g.data_dir;
  return config;
}

// The SQLite file the data directory's configuration names.
Result<fs::path> database_file(Config const& c) {
  if (c.database.url.empty()) return c.data_dir / "dossier.db";
  if (c.database.url.starts_with("sqlite:")) return fs::path(c.database.url.substr(7));
  return invalid(
      "backup and restore work on SQLite databases; back up PostgreSQL with its own tools");
}

// "20250314T093000Z": UTC, sortable, and without characters a file name should not have.
std::string file_time_now() {
  auto t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

struct MediaCopy {
  long long files = 0;
  long long bytes = 0;
};

// Copies the media folder's files that are new or newer than their copy into `to`. Media
// files are written before the rows that name them, so a copy made after the database's
// holds every file the backup refers to.
Result<MediaCopy> copy_media(fs::path const& from, fs::path const& to) {
  MediaCopy done;
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return done;
  fs::create_directories(to, ec);
  if (ec) return invalid(fmt::format("cannot create {}: {}", to.string(), ec.message()));
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto target = to / fs::relative(it->path(), from, ec);
    fs::create_directories(target.parent_path(), ec);
    if (fs::copy_file(it->path(), target, fs::copy_options::update_existing, ec)) {
      ++done.files;
      done.bytes += static_cast<long long>(it->file_size(ec));
    }
    if (ec)
      return Error{ErrorKind::Internal, fmt::format("cannot copy {} to {}: {}", it->path().string(),
                                                    target.string(), ec.message())};
  }
  if (ec)
    return Error{ErrorKind::Internal,
                 fmt::format("cannot read {}: {}", from.string(), ec.message())};
  return done;
}

}  // namespace

int run_backup(GlobalOptions const& g, BackupCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  auto source = database_file(*config);
  if (!source) return fail(source.error().message), kExitUsage;
  std::error_code ec;
  // Opening a missing file would create an empty database; say what is wrong instead.
  if (!fs::is_regular_file(*source, ec))
    return fail(fmt::format("there is no database at {}", source->string())), kExitFailure;
  fs::path destination = command.file;
  if (!command.force && fs::exists(destination, ec))
    return fail(fmt::format("{} already exists; choose another name, or add --force to replace it",
                            destination.string())),
           kExitFailure;
  try {
    // One connection, opened as the server opens its own, with no migration: a backup
    // writes nothing to the database it copies.
    auto db =
        store::Database::open({"sqlite:" + source->string(), config->database.busy_timeout_ms, 1});
    if (!db) return fail(db.error().message), kExitFailure;
    soci::session sql((*db)->pool());
    store::BackupOptions options;
    options.overwrite = command.force ? store::Overwrite::Replace : store::Overwrite::Refuse;
    auto started = std::chrono::steady_clock::now();
    bool shown = false;
    int last_percent = -1;
    options.progress = [&](long long copied, long long total) {
      if (!shown && std::chrono::steady_clock::now() - started < kProgressAfter) return;
      int percent = total > 0 ? static_cast<int>(copied * 100 / total) : 100;
      if (percent == last_percent) return;
      last_percent = percent;
      shown = true;
      std::fprintf(stderr, "\rBacking up: %3d%% (%lld/%lld pages)", percent, copied, total);
      if (copied == total) std::fprintf(stderr, "\n");
    };
    auto report = store::backup_database(sql, destination, options);
    if (!report) return fail(report.error().message), kExitFailure;
    std::printf(
        "Backed up %s to %s: %.1f MiB (%lld pages) copied in %.2f s, integrity check ok "
        "(%.2f s)\n",
        source->string().c_str(), destination.string().c_str(), report->bytes / kMiB, report->pages,
        report->copy_time.count(), report->check_time.count());
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  auto media = config->data_dir / "media";
  if (command.media_copy.empty()) {
    std::printf(
        "Media files (uploaded images) are not in the database: they are in %s; copy that "
        "folder too, or run backup with --with-media DIR\n",
        media.string().c_str());
    return kExitOk;
  }
  auto copied = copy_media(media, command.media_copy);
  if (!copied) return fail(copied.error().message), kExitFailure;
  std::printf("Copied %lld new or changed media files (%.1f MiB) from %s to %s\n", copied->files,
              copied->bytes / kMiB, media.string().c_str(), command.media_copy.c_str());
  return kExitOk;
}

int run_restore(GlobalOptions const& g, RestoreCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  auto target = database_file(*config);
  if (!target) return fail(target.error().message), kExitUsage;
  std::error_code ec;
  fs::path backup = command.file;
  if (!fs::is_regular_file(backup, ec))
    return fail(fmt::format("{} does not exist", backup.string())), kExitFailure;
  // A new data directory is made as `init` makes one; the schema is brought up to date
  // when the server (or any command) next opens it.
  fs::create_directories(config->data_dir / "media", ec);
  if (ec)
    return fail(fmt::format("cannot create {}: {}", config->data_dir.string(), ec.message())),
           kExitFailure;
  auto lock = DataDirLock::take(config->data_dir, "restore");
  if (!lock) return fail(lock.error().message + "; stop the server before restoring"), kExitFailure;
  auto restored = store::restore_database(backup, *target, "before-restore-" + file_time_now(),
                                          store::embedded_migrations());
  if (!restored) {
    // Every refusal comes before the swap; only a failing disk can stop it half way.
    bool refused = restored.error().kind != ErrorKind::Internal;
    return fail(restored.error().message + (refused ? "; nothing was changed" : "")), kExitFailure;
  }
  std::printf("Restored %s as %s (schema version %d", backup.string().c_str(),
              target->string().c_str(), restored->check.schema_version);
  if (restored->check.schema_version < restored->check.newest_known)
    std::printf(", migrated to %d when the server starts", restored->check.newest_known);
  std::printf(")\n");
  if (restored->kept)
    std::printf("The replaced database is kept as %s\n", restored->kept->string().c_str());
  std::printf(
      "Media files are not in the database: put the backup's media folder back in %s if it "
      "was lost\n",
      (config->data_dir / "media").string().c_str());
  return kExitOk;
}

}  // namespace dossier::app
