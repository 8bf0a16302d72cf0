#include "app/command_support.hpp"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/migrations.hpp"

namespace dossier::app {

int run_version() {
  std::printf("dossier %s\n", DOSSIER_VERSION);
  return kExitOk;
}

int run_init(GlobalOptions const& g) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir / "media", ec);
  if (ec)
    return fail(fmt::format("cannot create {}: {}", config->data_dir.string(), ec.message())),
           kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    soci::session sql((*db)->pool());
    std::printf("Initialized %s (schema version %d)\n", config->data_dir.string().c_str(),
                store::schema_version(sql));
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
