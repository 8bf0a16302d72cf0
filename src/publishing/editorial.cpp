#include "publishing/editorial.hpp"

#include <array>

namespace dossier::publishing {

namespace {

struct StateName {
  EditorialState state;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<StateName, 5> kStates{{
    {EditorialState::Draft, "draft", "Draft"},
    {EditorialState::InReview, "review", "In review"},
    {EditorialState::Scheduled, "scheduled", "Scheduled"},
    {EditorialState::Published, "published", "Published"},
    {EditorialState::Unpublished, "unpublished", "Unpublished"},
}};

}  // namespace

std::string_view to_string(EditorialState state) {
  return kStates[static_cast<std::size_t>(state)].name;
}

std::string_view state_label(EditorialState state) {
  return kStates[static_cast<std::size_t>(state)].label;
}

std::optional<EditorialState> parse_editorial_state(std::string_view text) {
  for (auto const& s : kStates)
    if (s.name == text) return s.state;
  return std::nullopt;
}

std::optional<Transition> parse_transition(std::string_view text) {
  if (text == "save" || text.empty()) return Transition::Save;
  if (text == "submit") return Transition::SubmitForReview;
  if (text == "publish") return Transition::Publish;
  if (text == "schedule") return Transition::Schedule;
  if (text == "unpublish") return Transition::Unpublish;
  return std::nullopt;
}

}  // namespace dossier::publishing
