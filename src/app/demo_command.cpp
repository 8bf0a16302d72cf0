#include "app/command_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/client_command.hpp"
#include "app/corpus.hpp"
#include "app/demo.hpp"
#include "app/paths.hpp"
#include "app/report_wiring.hpp"
#include "clients/client_service.hpp"
#include "render/theme.hpp"
#include "reports/report_service.hpp"

namespace dossier::app {

int run_demo(GlobalOptions const& g, int generated_articles) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  auto demo_dir = find_resource("demo");
  if (!demo_dir) return fail("the demo/ folder shipped with Dossier was not found"), kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    auto index_owner = search::make_search_index(**db, ranking_of(*config), now_utc);
    auto& index = *index_owner;
    publishing::PublishingService publishing(**db, now_utc, nullptr, index_on_write(index));
    auto theme = load_theme(*config);
    if (!theme) return fail(theme.error().message), kExitFailure;
    auto title = publishing.settings().title;
    clients::ClientService client_service(**db, now_utc, client_options_of(*config, title));
    reports::ReportService report_service(
        reports::ReportContext{**db, publishing, **theme, now_utc, nullptr, config->data_dir,
                               reports::PdfEngine{configured_chromium(*config)}});
    DemoServices services{client_service, report_service, **db, now_utc};
    auto report = load_demo(**db, publishing, *demo_dir, config->data_dir / "media", &services);
    if (!report) return fail(report.error().message), kExitFailure;
    auto login = ensure_demo_admin(**db, *config, publishing);
    if (!login) return fail(login.error().message), kExitFailure;
    if (report->already_present) {
      std::printf("The demo content is already in %s\n", config->data_dir.string().c_str());
    } else {
      std::printf(
          "Demo loaded: %d articles, %d authors, %d categories, %d tags, %d images, %d comments\n",
          report->articles, report->authors, report->categories, report->tags, report->images,
          report->comments);
      auto const& c = report->client_side;
      std::printf(
          "Clients: %d organisations, %d members, %d grants; %d client-only reports with %d "
          "risks; %d access request\n",
          c.clients, c.members, c.grants, c.reports, c.risks, c.requests);
    }
    if (generated_articles > 0) {
      int last_percent = -1;
      CorpusOptions options;
      options.articles = generated_articles;
      auto started = std::chrono::steady_clock::now();
      auto generated = generate_corpus(**db, *demo_dir, options, [&](int done, int total) {
        int percent = done * 100 / total;
        if (percent != last_percent) {
          std::fprintf(stderr, "\rGenerating articles: %3d%% (%d/%d)", percent, done, total);
          last_percent = percent;
        }
      });
      std::fprintf(stderr, "\n");
      if (!generated) return fail(generated.error().message), kExitFailure;
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      std::printf("Generated %d articles in %.1f s (%.0f articles/s)\n", *generated,
                  seconds.count(), *generated / std::max(seconds.count(), 1e-9));
      // The bulk writer bypasses the service (and its index hook) for speed.
      reindex(index);
    }
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
