#include "app/command_support.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

namespace dossier::app {

namespace {

// The first line of standard input, without its line ending.
std::string read_password_line() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

int run_user(GlobalOptions const& g, UserCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  using V = UserCommand::Verb;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    auth::AuthService auth(**db, now_utc, auth_options(*config, publishing.settings().title));
    if (command.verb == V::List) {
      std::printf("%-6s %-32s %-28s %-12s %s\n", "ID", "EMAIL", "NAME", "ROLE", "STATUS");
      for (auto const& u : auth.users())
        std::printf("%-6lld %-32s %-28s %-12s %s\n", u.id, u.email.c_str(), u.name.c_str(),
                    std::string(auth::to_string(u.role)).c_str(),
                    u.status == auth::UserStatus::Active
                        ? (u.has_password ? "active" : "no password yet")
                        : "disabled");
      return kExitOk;
    }
    if (command.verb == V::Add) {
      auto role = auth::parse_role(command.role);
      if (!role) return fail("--role must be admin, editor, author or contributor"), kExitUsage;
      auth::NewUser input{command.email, command.name, *role, std::nullopt, ""};
      if (command.password_stdin) input.password = read_password_line();
      auto added = auth.add_user(input);
      if (!added) return fail(added.error().message), kExitFailure;
      std::printf("Added %s <%s> as %s\n", added->name.c_str(), added->email.c_str(),
                  std::string(auth::role_label(added->role)).c_str());
      if (!command.password_stdin) {
        auto link = auth.password_link(added->id, auth::TokenPurpose::SetPassword);
        if (!link) return fail(link.error().message), kExitFailure;
        std::printf("One-time link to choose a password (valid 7 days):\n%s\n", link->c_str());
      }
      return kExitOk;
    }
    auto found = auth.user_by_email(command.email);
    if (!found)
      return fail(fmt::format("no account has the email {}", command.email)), kExitFailure;
    if (command.verb == V::Passwd) {
      if (command.password_stdin) {
        auto done = auth.set_password(found->id, read_password_line());
        if (!done) return fail(done.error().message), kExitFailure;
        std::printf("Password changed for %s; their sessions were ended\n", found->email.c_str());
      } else {
        auto link = auth.password_link(found->id, auth::TokenPurpose::ResetPassword);
        if (!link) return fail(link.error().message), kExitFailure;
        std::printf("One-time link to choose a new password (valid 1 hour):\n%s\n", link->c_str());
      }
      return kExitOk;
    }
    auto status =
        command.verb == V::Disable ? auth::UserStatus::Disabled : auth::UserStatus::Active;
    auto done = auth.set_status(found->id, found->id, status);
    if (!done) return fail(done.error().message), kExitFailure;
    std::printf("%s %s\n", command.verb == V::Disable ? "Disabled" : "Enabled",
                found->email.c_str());
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
