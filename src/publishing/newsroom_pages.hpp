#pragma once

#include <optional>
#include <string>

#include "admin/newsroom.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/messages.hpp"

namespace dossier::publishing {

// What the newsroom's article pages (the list, the editor, revisions) are built from.
struct NewsroomHandlersContext {
  admin::Newsroom& newsroom;
  EditorialService& editorial;
  PublishingService& publishing;
  auth::AuthService& auth;
  Clock clock;
  std::string site_url;
  std::string secret;  // signs preview links
};

// The messages the newsroom's article pages share.
namespace newsroom_msg {
constexpr char const* kNoSuchArticle = msg::kNoSuchArticle;
}  // namespace newsroom_msg

// The article named by the route's {id}, when there is one.
std::optional<Draft> draft_of(EditorialService& editorial, admin::Visit& v);

// What the permission check needs to know about an article: its author, and whether readers
// can see it (or will, once scheduled).
auth::Target target_of(Draft const& d);

// "2026-11-29 14:30": a time in the newsroom's lists (UTC).
std::string list_time(UnixTime t);

}  // namespace dossier::publishing
