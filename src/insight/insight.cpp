#include "insight/insight.hpp"

#include <array>

namespace dossier::insight {

namespace {

constexpr std::array<std::string_view, 3> kKindNames{"person", "country", "organization"};

}  // namespace

std::string_view to_string(EntityKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<EntityKind> parse_entity_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == text) return static_cast<EntityKind>(i);
  if (text == "people") return EntityKind::Person;
  if (text == "countries") return EntityKind::Country;
  if (text == "organizations") return EntityKind::Organization;
  return std::nullopt;
}

std::string entity_url(EntityKind kind, std::string const& slug) {
  switch (kind) {
    case EntityKind::Person: return "/people/" + slug;
    case EntityKind::Country: return "/countries/" + slug;
    case EntityKind::Organization: return "/organizations/" + slug;
  }
  return "/";
}

}  // namespace dossier::insight
