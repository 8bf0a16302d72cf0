// `dossier insight extract FILE` and `dossier insight eval --docs DIR --gold DIR`: the analyzer
// on plain-text articles, with no data directory (its lexicons are in the binary).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "insight/analyzer.hpp"
#include "insight/evaluation/evaluation.hpp"
#include "insight/insight_json.hpp"

namespace dossier::app {

namespace {

constexpr std::uintmax_t kMaxArticleBytes = 4 * 1024 * 1024;

std::optional<std::string> read_text(std::filesystem::path const& file, std::string& error) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    error = fmt::format("cannot read {}: {}", file.string(), ec.message());
    return std::nullopt;
  }
  if (size > kMaxArticleBytes) {
    error = fmt::format("{} is larger than {} MB; an article is far smaller", file.string(),
                        kMaxArticleBytes / (1024 * 1024));
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) {
    error = fmt::format("cannot read {}", file.string());
    return std::nullopt;
  }
  return buffer.str();
}

void fail_line(std::string const& message) {
  std::fprintf(stderr, "dossier: %s\n", message.c_str());
}

}  // namespace

int run_insight_extract(std::string const& file) {
  std::string error;
  auto text = read_text(file, error);
  if (!text) return fail_line(error), kExitFailure;
  try {
    insight::Analyzer analyzer(insight::Lexicon::embedded());
    auto analysis = analyzer.analyze(insight::parse_document(*text));
    // Invalid UTF-8 in the input is replaced rather than refused: a mention is still the
    // input's own text wherever it can be.
    std::cout << insight::to_json(analysis).dump(2, ' ', false,
                                                 nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return kExitOk;
  } catch (std::exception const& e) {
    return fail_line(e.what()), kExitFailure;
  }
}

int run_insight_eval(InsightEvalCommand const& command) {
  namespace fs = std::filesystem;
  auto const& docs_dir = command.docs_dir;
  auto const& gold_dir = command.gold_dir;
  std::error_code ec;
  if (!fs::is_directory(docs_dir, ec))
    return fail_line(fmt::format("--docs {} is not a directory", docs_dir)), kExitUsage;
  if (!fs::is_directory(gold_dir, ec))
    return fail_line(fmt::format("--gold {} is not a directory", gold_dir)), kExitUsage;
  std::vector<fs::path> docs;
  for (auto const& entry : fs::directory_iterator(docs_dir))
    if (entry.path().extension() == ".txt") docs.push_back(entry.path());
  std::sort(docs.begin(), docs.end());
  if (docs.empty()) return fail_line(fmt::format("no .txt documents in {}", docs_dir)), kExitUsage;
  try {
    insight::Analyzer analyzer(insight::Lexicon::embedded());
    std::vector<insight::DocumentScore> scores;
    for (auto const& doc : docs) {
      auto gold_file = fs::path(gold_dir) / (doc.stem().string() + ".json");
      std::string error;
      auto text = read_text(doc, error);
      if (!text) return fail_line(error), kExitFailure;
      auto gold_text = read_text(gold_file, error);
      if (!gold_text) return fail_line(error), kExitFailure;
      auto gold = nlohmann::json::parse(*gold_text, nullptr, false);
      if (gold.is_discarded())
        return fail_line(fmt::format("{} is not valid JSON", gold_file.string())), kExitFailure;
      auto predicted = nlohmann::json::parse(
          insight::to_json(analyzer.analyze(insight::parse_document(*text))).dump());
      auto score = insight::score_document(doc.stem().string(), predicted, gold);
      if (!score)
        return fail_line(fmt::format("{}: {}", gold_file.string(), score.error().message)),
               kExitFailure;
      scores.push_back(std::move(*score));
    }
    auto report = insight::evaluate(std::move(scores));
    // A blind set's documents are never shown one by one: only the summed counts.
    auto rows = command.summary ? insight::Rows::MicroOnly : insight::Rows::Documents;
    if (command.as_json) {
      std::cout << insight::report_json(report, command.errors, rows).dump(2) << "\n";
    } else {
      std::cout << insight::format_report(report, rows);
      if (command.errors) std::cout << "\nerrors\n" << insight::format_errors(report);
    }
    return kExitOk;
  } catch (std::exception const& e) {
    return fail_line(e.what()), kExitFailure;
  }
}

}  // namespace dossier::app
