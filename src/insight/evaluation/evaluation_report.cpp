// The evaluation's report: the table `dossier insight eval` prints and its JSON form.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "insight/evaluation/evaluation.hpp"

namespace dossier::insight {
namespace {

using nlohmann::json;

// The table's layout: ratios are "0.667", so a cell is 5 wide; groups are 3 apart.
constexpr std::size_t kCellWidth = 5;
constexpr std::size_t kColumnGap = 3;

struct Group {
  std::string_view label;
  std::size_t cells;
};
constexpr std::array<Group, 6> kGroups = {{{"people", 3},
                                           {"countries", 3},
                                           {"organizations", 3},
                                           {"quotes", 1},
                                           {"numbers", 1},
                                           {"speakers", 2}}};

std::size_t group_width(Group const& group) {
  return std::max(group.label.size(), group.cells * kCellWidth + (group.cells - 1));
}

std::string cell(double value) {
  return fmt::format("{:.3f}", value);
}

std::string cell(RecallScore const& score) {
  return score.total == 0 ? std::string("-") : cell(score.recall());
}

// One line of the table: the name column, then each group's cells, right-aligned.
std::string table_line(std::string_view name, std::size_t name_width,
                       std::vector<std::string> const& cells) {
  std::string out = fmt::format("{:<{}}", name, name_width);
  std::size_t next = 0;
  for (auto const& group : kGroups) {
    std::string joined;
    for (std::size_t i = 0; i < group.cells; ++i, ++next) {
      if (i > 0) joined += ' ';
      joined += fmt::format("{:>{}}", cells.at(next), kCellWidth);
    }
    out += fmt::format("{:{}}{:>{}}", "", kColumnGap, joined, group_width(group));
  }
  return out + "\n";
}

std::string score_line(DocumentScore const& score, std::size_t name_width) {
  std::vector<std::string> cells;
  for (PrfScore const* prf : {&score.people, &score.countries, &score.organizations}) {
    cells.push_back(cell(prf->precision()));
    cells.push_back(cell(prf->recall()));
    cells.push_back(cell(prf->f1()));
  }
  for (RecallScore const* recall :
       {&score.quotes, &score.numbers, &score.speakers, &score.speakers_found}) {
    cells.push_back(cell(*recall));
  }
  return table_line(score.name, name_width, cells);
}

json prf_json(PrfScore const& score) {
  return {{"true_positives", score.true_positives},
          {"false_positives", score.false_positives},
          {"false_negatives", score.false_negatives},
          {"precision", score.precision()},
          {"recall", score.recall()},
          {"f1", score.f1()}};
}

json recall_json(RecallScore const& score) {
  return {{"found", score.found}, {"total", score.total}, {"recall", score.recall()}};
}

json accuracy_json(RecallScore const& score) {
  return {{"correct", score.found}, {"total", score.total}, {"accuracy", score.recall()}};
}

}  // namespace

std::string format_report(EvaluationReport const& report, Rows rows) {
  std::size_t name_width = std::string_view("document").size();
  for (auto const& document : report.documents) {
    if (rows == Rows::Documents) name_width = std::max(name_width, document.name.size());
  }
  std::string out = fmt::format("{:<{}}", "document", name_width);
  std::size_t width = name_width;
  for (auto const& group : kGroups) {
    out += fmt::format("{:{}}{:<{}}", "", kColumnGap, group.label, group_width(group));
    width += kColumnGap + group_width(group);
  }
  out.erase(out.find_last_not_of(' ') + 1);
  out += "\n";
  out += table_line(
      "", name_width,
      {"P", "R", "F1", "P", "R", "F1", "P", "R", "F1", "recall", "recall", "all", "found"});
  if (rows == Rows::Documents) {
    for (auto const& document : report.documents) out += score_line(document, name_width);
    out += std::string(width, '-') + "\n";
  }
  out += score_line(report.micro, name_width);

  auto const& micro = report.micro;
  out += fmt::format("\nmicro counts over {} documents\n", report.documents.size());
  auto prf_line = [](char const* label, PrfScore const& score) {
    return fmt::format("  {:<15}TP {}  FP {}  FN {}\n", label, score.true_positives,
                       score.false_positives, score.false_negatives);
  };
  out += prf_line("people", micro.people);
  out += prf_line("countries", micro.countries);
  out += prf_line("organizations", micro.organizations);
  out += fmt::format("  {:<15}found {} of {}\n", "quotes", micro.quotes.found, micro.quotes.total);
  out +=
      fmt::format("  {:<15}found {} of {}\n", "numbers", micro.numbers.found, micro.numbers.total);
  out += fmt::format("  {:<15}right {} of {} quotes ({} of {} found quotes)\n", "speakers",
                     micro.speakers.found, micro.speakers.total, micro.speakers_found.found,
                     micro.speakers_found.total);
  return out;
}

std::string format_errors(EvaluationReport const& report) {
  std::string out;
  for (auto const& document : report.documents) {
    for (auto const& error : document.errors) {
      out += fmt::format("{}  {:<14}{:<8}", document.name, error.category, error.kind);
      if (!error.quote.empty()) out += fmt::format("\"{}\"  ", error.quote);
      if (error.category == "speakers") {
        out += fmt::format("gold: {}  predicted: {}", error.gold, error.predicted);
      } else {
        out += error.kind == "extra" ? error.predicted : error.gold;
      }
      out += "\n";
    }
  }
  return out;
}

json document_json(DocumentScore const& score, bool with_errors) {
  json out = {{"name", score.name},
              {"people", prf_json(score.people)},
              {"countries", prf_json(score.countries)},
              {"organizations", prf_json(score.organizations)},
              {"quotes", recall_json(score.quotes)},
              {"numbers", recall_json(score.numbers)},
              {"speakers", accuracy_json(score.speakers)},
              {"speakers_found", accuracy_json(score.speakers_found)}};
  if (with_errors) {
    json errors = json::array();
    for (auto const& error : score.errors) {
      errors.push_back({{"category", error.category},
                        {"kind", error.kind},
                        {"gold", error.gold},
                        {"predicted", error.predicted},
                        {"quote", error.quote}});
    }
    out["errors"] = std::move(errors);
  }
  return out;
}

json report_json(EvaluationReport const& report, bool with_errors, Rows rows) {
  json documents = json::array();
  for (auto const& document : report.documents) {
    if (rows == Rows::Documents) documents.push_back(document_json(document, with_errors));
  }
  return {{"documents", std::move(documents)},
          {"document_count", report.documents.size()},
          {"micro", document_json(report.micro)}};
}

}  // namespace dossier::insight
