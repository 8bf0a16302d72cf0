#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace dossier::auth {

using Id = long long;

// The newsroom's roles, from most to least trusted (issue: accounts and roles).
enum class Role { Admin, Editor, Author, Contributor };
enum class UserStatus { Active, Disabled };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);
// "Administrator", "Editor" ... for people.
std::string_view role_label(Role role);

struct User {
  Id id = 0;
  std::string email;
  std::string name;
  std::string slug;
  std::string bio;
  Role role = Role::Contributor;
  UserStatus status = UserStatus::Active;
  bool has_password = false;
  std::optional<Id> photo_media_id;
  UnixTime created_at = 0;
};

// What a one-time password link is for (a new account, or a forgotten password).
enum class TokenPurpose { SetPassword, ResetPassword };

}  // namespace dossier::auth
