// The analyzer's throughput in MB of article text per second on one core (the target
// is 5 MB/s), over the 16 dev-set articles, with ICU's tokenizing alone on the same text as the
// reference: how much the analysis costs on top of reading the words.
//
//   build/bench/dossier_insight_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "insight/analyzer.hpp"
#include "insight/text.hpp"

namespace {

using namespace dossier;

std::vector<insight::Document> const& articles() {
  static std::vector<insight::Document> const docs = [] {
    std::vector<insight::Document> out;
    auto dir = std::filesystem::path(DOSSIER_SOURCE_DIR) / "tests/fixtures/insight/dev";
    for (auto const& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() != ".txt") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out.push_back(insight::parse_document(s.str()));
    }
    return out;
  }();
  return docs;
}

long long total_bytes() {
  long long n = 0;
  for (auto const& d : articles()) n += static_cast<long long>(d.text.size());
  return n;
}

void BM_Analyze(benchmark::State& state) {
  insight::Analyzer analyzer(insight::Lexicon::embedded());
  for (auto _ : state)
    for (auto const& d : articles()) benchmark::DoNotOptimize(analyzer.analyze(d));
  state.SetBytesProcessed(total_bytes() * state.iterations());
}
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

// The reference: ICU's word and sentence iterators over the same text, nothing else.
void BM_TokenizeOnly(benchmark::State& state) {
  for (auto _ : state)
    for (auto const& d : articles()) benchmark::DoNotOptimize(insight::tokenize(d));
  state.SetBytesProcessed(total_bytes() * state.iterations());
}
BENCHMARK(BM_TokenizeOnly)->Unit(benchmark::kMillisecond);

// Loading every lexicon (done once per process).
void BM_LoadLexicon(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(&insight::Lexicon::embedded());
}
BENCHMARK(BM_LoadLexicon);

}  // namespace

BENCHMARK_MAIN();
