#pragma once

#include <filesystem>
#include <functional>

#include "core/result.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::app {

struct CorpusOptions {
  int articles = 0;
  unsigned seed = 20261128;
  int authors = 300;  // the corpus tops the site up to these counts
  int categories = 20;
  int tags = 2000;
  int years = 10;    // publication dates spread over this many years before now
  int batch = 1000;  // articles per transaction
};

using CorpusProgress = std::function<void(int done, int total)>;

// Generates a realistic load-test archive: 800-1,500-word articles with section headings,
// attributed quotations and figures, built from the demo articles' own words and the pools in
// demo/corpus.toml. Needs the demo loaded (authors, categories, images to reuse). Articles go
// in through ArticleBulkWriter in batches, rendered like any saved article.
Result<int> generate_corpus(store::Database& db, std::filesystem::path const& demo_dir,
                            CorpusOptions const& options, CorpusProgress const& progress);

}  // namespace dossier::app
