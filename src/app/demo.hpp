#pragma once

#include <filesystem>
#include <functional>

#include "app/demo_clients.hpp"
#include "core/result.hpp"
#include "publishing/publishing_service.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::app {

struct DemoReport {
  int authors = 0;
  int categories = 0;
  int tags = 0;
  int images = 0;
  int articles = 0;
  int comments = 0;
  DemoClientCounts client_side;
  bool already_present = false;
};

// Loads the demo site (demo/site.toml and demo/articles/*.md, TOML front matter between
// "+++" lines) into an initialized data dir, drawing its images with libvips. The client-only
// reports (demo/reports/*.md, whose front matter has a `visibility` and a `[report]` table of
// structured parts) and the client organisations and requests (demo/clients.toml) go through
// `services`; without them (benchmarks of the public site) that part is left out. Checks every
// file before writing anything; does nothing when the demo is already there.
Result<DemoReport> load_demo(store::Database& db, publishing::PublishingService& publishing,
                             std::filesystem::path const& demo_dir,
                             std::filesystem::path const& media_dir,
                             DemoServices const* services = nullptr);

}  // namespace dossier::app
