#pragma once

// The Admin API, /api/admin/v1/ (CONTRACT.md, docs/API.md): articles, categories, tags,
// comment moderation and subscribers for scripts and integrations. Every call passes the gate
// (an admin key carrying the endpoint's scope), then acts as the key's user through the same
// services and auth::allowed as the newsroom; every change is written to the newsroom's audit
// log with the key's name. POSTs take an Idempotency-Key (api/idempotency.hpp).

#include <cstddef>
#include <functional>
#include <string>

#include "auth/permissions.hpp"
#include "http/router.hpp"

namespace dossier::auth {
class AuthService;
}
namespace dossier::publishing {
class PublishingService;
class EditorialService;
class SiteAdmin;
}  // namespace dossier::publishing
namespace dossier::comments {
class CommentService;
}
namespace dossier::newsletter {
class SubscriptionService;
}

namespace dossier::api {

class ApiGate;
class Idempotency;

inline constexpr char const* kAdminApiPrefix = "/api/admin/v1";
// A JSON body's limit (CONTRACT.md): an article's Markdown may be up to 2 MiB
// (publishing::kMaxBodyBytes), with room for the fields around it being well below that.
inline constexpr std::size_t kMaxJsonBodyBytes = 2 * 1024 * 1024;
inline constexpr int kDefaultApiLimit = 15;
inline constexpr int kMaxApiLimit = 100;

struct AdminApiDeps {
  ApiGate& gate;
  Idempotency& idempotency;
  auth::AuthService& auth;
  std::function<auth::Policy()> policy;
  publishing::PublishingService& publishing;
  publishing::EditorialService& editorial;
  publishing::SiteAdmin& site_admin;
  comments::CommentService& comments;
  newsletter::SubscriptionService& subscriptions;
  std::function<UnixTime()> clock;
  std::string site_url;  // absolute URLs in the answers ("https://news.example")
};

// Adds every /api/admin/v1/ route to `router`; `deps` must outlive it.
void register_admin_api(http::Router& router, AdminApiDeps const& deps);

}  // namespace dossier::api
