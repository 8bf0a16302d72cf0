#include "app/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "admin/newsroom.hpp"
#include "app/admin_routes.hpp"
#include "app/cached_site.hpp"
#include "app/config.hpp"
#include "app/corpus.hpp"
#include "app/data_dir_lock.hpp"
#include "app/demo.hpp"
#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "auth/auth_handlers.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_handlers.hpp"
#include "comments/comment_service.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "jobs/job_runner.hpp"
#include "mail/outbox_sender.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/fts5_search_index.hpp"
#include "search/search_handlers.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"
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
