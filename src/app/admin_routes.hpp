#pragma once

#include "http/router.hpp"

namespace dossier::admin {
class AccountHandlers;
class Newsroom;
}  // namespace dossier::admin
namespace dossier::publishing {
class NewsroomHandlers;
class SiteAdminHandlers;
class SiteHandlers;
class PublishingService;
}  // namespace dossier::publishing
namespace dossier::media {
class MediaHandlers;
}
namespace dossier::newsletter {
class NewsletterAdminHandlers;
}
namespace dossier::comments {
class CommentHandlers;
}

namespace dossier::insight {
class InsightAdminHandlers;
}
namespace dossier::api {
class KeyHandlers;
}

namespace dossier::app {

struct AdminSurface {
  admin::Newsroom& newsroom;
  admin::AccountHandlers& auth;
  publishing::NewsroomHandlers& articles;
  media::MediaHandlers* media;
  publishing::SiteAdminHandlers& site_admin;
  newsletter::NewsletterAdminHandlers& newsletter;
  comments::CommentHandlers* comments;  // null in tools that wire no comments
  publishing::SiteHandlers& site;
  publishing::PublishingService& publishing;
  insight::InsightAdminHandlers* insight = nullptr;  // null in tools that wire no analysis
};

// The newsroom's route table (/admin) and the preview links. Added before the site's routes.
// The handlers capture copies of `s` (it holds references only), so it may be a temporary.
void add_admin_routes(http::Router& r, AdminSurface const& s);

// The newsroom's integrations page (the API's keys): admins only. Apart from the table above
// because its handlers need the clients folder, wired after it.
void add_integration_routes(http::Router& r, admin::Newsroom& newsroom, api::KeyHandlers& keys);

}  // namespace dossier::app
