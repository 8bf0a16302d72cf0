#include "insight/insight_json.hpp"

#include <cmath>

namespace dossier::insight {

namespace {

nlohmann::ordered_json optional_text(std::optional<std::string> const& text) {
  return text ? nlohmann::ordered_json(*text) : nlohmann::ordered_json(nullptr);
}

// Whole numbers print as integers (127000, not 127000.0).
nlohmann::ordered_json number(double value) {
  double whole = 0;
  if (std::modf(value, &whole) == 0.0 && std::fabs(value) < 9e15)
    return nlohmann::ordered_json(static_cast<long long>(whole));
  return nlohmann::ordered_json(value);
}

}  // namespace

nlohmann::ordered_json to_json(Analysis const& a) {
  nlohmann::ordered_json out;
  out["people"] = nlohmann::ordered_json::array();
  for (auto const& p : a.people)
    out["people"].push_back(
        {{"name", p.name}, {"mentions", p.mentions}, {"role", optional_text(p.role)}});
  out["countries"] = nlohmann::ordered_json::array();
  for (auto const& c : a.countries)
    out["countries"].push_back({{"name", c.name}, {"iso2", c.iso2}, {"mentions", c.mentions}});
  out["organizations"] = nlohmann::ordered_json::array();
  for (auto const& o : a.organizations)
    out["organizations"].push_back({{"name", o.name}, {"mentions", o.mentions}});
  out["quotes"] = nlohmann::ordered_json::array();
  for (auto const& q : a.quotes)
    out["quotes"].push_back({{"speaker", optional_text(q.speaker)}, {"text", q.text}});
  out["numbers"] = nlohmann::ordered_json::array();
  for (auto const& f : a.numbers)
    out["numbers"].push_back({{"text", f.text}, {"value", number(f.value)}, {"what", f.what}});
  return out;
}

}  // namespace dossier::insight
