#include "publishing/newsroom_pages.hpp"

#include "core/strings.hpp"

namespace dossier::publishing {

std::optional<Draft> draft_of(EditorialService& editorial, admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return std::nullopt;
  return editorial.load(*id);
}

auth::Target target_of(Draft const& d) {
  bool live = d.state == EditorialState::Published || d.state == EditorialState::Scheduled;
  return {d.input.author_id, live ? auth::Exposure::Live : auth::Exposure::NotLive};
}

std::string list_time(UnixTime t) {
  return format_rfc3339(t).substr(0, 16).replace(10, 1, " ");
}

}  // namespace dossier::publishing
