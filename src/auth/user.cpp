#include "auth/user.hpp"

#include <array>
#include <utility>

namespace dossier::auth {

namespace {

struct RoleName {
  Role role;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<RoleName, 4> kRoles{{
    {Role::Admin, "admin", "Administrator"},
    {Role::Editor, "editor", "Editor"},
    {Role::Author, "author", "Author"},
    {Role::Contributor, "contributor", "Contributor"},
}};

}  // namespace

std::string_view to_string(Role role) {
  return kRoles[static_cast<std::size_t>(role)].name;
}

std::string_view role_label(Role role) {
  return kRoles[static_cast<std::size_t>(role)].label;
}

std::optional<Role> parse_role(std::string_view text) {
  for (auto const& r : kRoles)
    if (r.name == text) return r.role;
  return std::nullopt;
}

}  // namespace dossier::auth
