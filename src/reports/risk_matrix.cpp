#include "reports/risk_matrix.hpp"

#include <cmath>
#include <map>
#include <utility>

#include <ctemplate/template.h>
#include <fmt/format.h>

namespace dossier::reports {

namespace {

// The SVG's geometry, in user units: a 5x5 grid of square cells, room on the left for the
// likelihood axis and below for the impact axis. reports/risk_matrix.tpl uses the same numbers
// for its viewBox.
constexpr double kCell = 64;
constexpr double kLeft = 56;
constexpr double kTop = 10;
constexpr double kMaxMarkerRadius = 12;

// Cell colours, light enough that the dark markers' white numbers and the axes' dark text
// keep a contrast well above 4.5:1 (WCAG 2.2, 1.4.3 and 1.4.11).
std::string_view fill_of(RiskLevel level) {
  switch (level) {
    case RiskLevel::Low: return "#cfe8cf";
    case RiskLevel::Medium: return "#fbe7a1";
    case RiskLevel::High: return "#f7c08a";
    case RiskLevel::Severe: return "#f2a3a3";
  }
  return "#ffffff";
}

std::string number(double v) {
  return fmt::format("{:.1f}", v);
}

}  // namespace

RiskLevel level_of(int likelihood, int impact) {
  int score = likelihood * impact;
  if (score >= 16) return RiskLevel::Severe;
  if (score >= 10) return RiskLevel::High;
  if (score >= 5) return RiskLevel::Medium;
  return RiskLevel::Low;
}

std::string_view label_of(RiskLevel level) {
  switch (level) {
    case RiskLevel::Low: return "Low";
    case RiskLevel::Medium: return "Medium";
    case RiskLevel::High: return "High";
    case RiskLevel::Severe: return "Severe";
  }
  return "";
}

std::vector<Marker> place_markers(std::vector<Risk> const& risks) {
  std::map<std::pair<int, int>, std::vector<int>> by_cell;  // (likelihood, impact) -> indexes
  for (std::size_t i = 0; i < risks.size(); ++i)
    by_cell[{risks[i].likelihood, risks[i].impact}].push_back(static_cast<int>(i));
  std::vector<Marker> out(risks.size());
  for (auto const& [cell, members] : by_cell) {
    auto [likelihood, impact] = cell;
    double x = kLeft + (impact - kMinScore) * kCell;
    double y = kTop + (kMaxScore - likelihood) * kCell;
    int n = static_cast<int>(members.size());
    int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    int rows = (n + cols - 1) / cols;
    double dx = kCell / (cols + 1);
    double dy = kCell / (rows + 1);
    double r = std::min(kMaxMarkerRadius, 0.45 * std::min(dx, dy));
    for (int k = 0; k < n; ++k) {
      int i = members[k];
      out[i] = {i + 1, x + dx * (k % cols + 1), y + dy * (k / cols + 1), r};
    }
  }
  return out;
}

void fill_risk_matrix(ctemplate::TemplateDictionary& d, std::vector<Risk> const& risks) {
  if (risks.empty()) return;
  auto* m = d.AddIncludeDictionary("RISK_MATRIX");
  m->SetFilename("reports/risk_matrix.tpl");
  m->SetValue("TITLE", fmt::format("Risk matrix: {} {} placed by likelihood (1 to 5, bottom to "
                                   "top) and impact (1 to 5, left to right). The table after "
                                   "it lists them by number.",
                                   risks.size(), risks.size() == 1 ? "risk" : "risks"));
  for (int likelihood = kMaxScore; likelihood >= kMinScore; --likelihood)
    for (int impact = kMinScore; impact <= kMaxScore; ++impact) {
      auto* c = m->AddSectionDictionary("CELL");
      c->SetValue("X", number(kLeft + (impact - kMinScore) * kCell));
      c->SetValue("Y", number(kTop + (kMaxScore - likelihood) * kCell));
      c->SetValue("FILL", std::string(fill_of(level_of(likelihood, impact))));
    }
  for (int s = kMinScore; s <= kMaxScore; ++s) {
    auto* tx = m->AddSectionDictionary("TICK_X");
    tx->SetIntValue("N", s);
    tx->SetValue("X", number(kLeft + (s - kMinScore + 0.5) * kCell));
    auto* ty = m->AddSectionDictionary("TICK_Y");
    ty->SetIntValue("N", s);
    ty->SetValue("Y", number(kTop + (kMaxScore - s + 0.5) * kCell));
  }
  auto markers = place_markers(risks);
  for (std::size_t i = 0; i < risks.size(); ++i) {
    auto const& risk = risks[i];
    auto const& mk = markers[i];
    auto* md = m->AddSectionDictionary("MARKER");
    md->SetIntValue("N", mk.number);
    md->SetValue("CX", number(mk.cx));
    md->SetValue("CY", number(mk.cy));
    md->SetValue("R", number(mk.r));
    md->SetValue("FONT", number(mk.r * 1.05));
    auto* row = m->AddSectionDictionary("RISK");
    row->SetIntValue("N", mk.number);
    row->SetValue("NAME", risk.name);
    row->SetIntValue("LIKELIHOOD", risk.likelihood);
    row->SetIntValue("IMPACT", risk.impact);
    row->SetValue("LEVEL", std::string(label_of(level_of(risk.likelihood, risk.impact))));
    row->SetValue("NOTE", risk.note);
  }
}

}  // namespace dossier::reports
