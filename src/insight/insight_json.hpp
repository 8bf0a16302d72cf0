#pragma once

#include <nlohmann/json.hpp>

#include "insight/analysis.hpp"

namespace dossier::insight {

// The analysis in the format of `dossier insight extract` (docs/INSIGHT.md), keys in the
// documented order:
// {"people": [{"name", "mentions", "role"}], "countries": [{"name", "iso2", "mentions"}],
//  "organizations": [{"name", "mentions"}], "quotes": [{"speaker", "text"}],
//  "numbers": [{"text", "value", "what"}]}
nlohmann::ordered_json to_json(Analysis const& analysis);

}  // namespace dossier::insight
