#pragma once

#include <string>
#include <vector>

#include "reports/report.hpp"

namespace ctemplate {
class TemplateDictionary;
}

namespace dossier::reports {

// How serious a risk is, from likelihood x impact (1..25), in the bands a 5x5 matrix usually
// shows: the colour of its cell, and the word the table prints, so the colour is never the
// only carrier of the meaning (WCAG 2.2, 1.4.1 Use of Color).
enum class RiskLevel { Low, Medium, High, Severe };
RiskLevel level_of(int likelihood, int impact);
std::string_view label_of(RiskLevel level);

// A numbered marker's place in the matrix's SVG (user units of its viewBox).
struct Marker {
  int number = 0;  // the risk's position in the list, from 1
  double cx = 0;
  double cy = 0;
  double r = 0;
};

// Where each risk's marker sits: in its cell (impact across, likelihood up), markers sharing
// a cell spread on a small grid inside it.
std::vector<Marker> place_markers(std::vector<Risk> const& risks);

// Adds the include RISK_MATRIX (reports/risk_matrix.tpl) to `d`: the SVG heat map and, right
// after it, the same risks as a table. Nothing when there are no risks.
void fill_risk_matrix(ctemplate::TemplateDictionary& d, std::vector<Risk> const& risks);

}  // namespace dossier::reports
