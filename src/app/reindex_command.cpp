#include "app/command_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "insight/insight_service.hpp"

namespace dossier::app {

int run_reindex(GlobalOptions const& g, bool insight_only) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    if (insight_only) {
      insight::InsightService insight(**db, now_utc, insight::Lexicon::embedded(),
                                      {config->insight.capital_metonyms});
      auto started = std::chrono::steady_clock::now();
      auto count = insight.reindex_all(progress_bar("Analysing"));
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      std::printf("Analysed %lld articles in %.1f s (%.0f articles/s)\n", count, seconds.count(),
                  count / std::max(seconds.count(), 1e-9));
      return kExitOk;
    }
    auto index_owner = search::make_search_index(**db, ranking_of(*config), now_utc);
    auto& index = *index_owner;
    reindex(index);
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
