#include "app/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "admin/newsroom.hpp"
#include "app/admin_routes.hpp"
#include "app/cached_site.hpp"
#include "app/config.hpp"
#include "app/corpus.hpp"
#include "app/data_dir_lock.hpp"
#include "app/demo.hpp"
#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "auth/auth_handlers.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_handlers.hpp"
#include "comments/comment_service.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "jobs/job_runner.hpp"
#include "mail/outbox_sender.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/fts5_search_index.hpp"
#include "search/search_handlers.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

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
