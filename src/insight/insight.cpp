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

std::string_view kind_label(EntityRef const& e) {
  if (e.institution) return "Institution";
  switch (e.kind) {
    case EntityKind::Person: return "Person";
    case EntityKind::Country: return "Country";
    case EntityKind::Organization: return "Organization";
  }
  return "";
}

std::optional<SpeakerFilter> parse_speaker_filter(std::string_view text) {
  if (text.empty()) return SpeakerFilter::Any;
  if (text == "person") return SpeakerFilter::Person;
  if (text == "institution") return SpeakerFilter::Institution;
  return std::nullopt;
}

std::string_view to_string(SpeakerFilter filter) {
  switch (filter) {
    case SpeakerFilter::Any: return "";
    case SpeakerFilter::Person: return "person";
    case SpeakerFilter::Institution: return "institution";
  }
  return "";
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
