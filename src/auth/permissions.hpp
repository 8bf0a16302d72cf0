#pragma once

#include <optional>
#include <string_view>

#include "auth/user.hpp"

namespace dossier::auth {

// Everything a newsroom user can try to do. Handlers name the action; allowed() alone
// decides (issue: "one permission check function decides every action").
enum class Action {
  UseNewsroom,         // sign in to /admin and see the dashboard
  CreateArticle,       // start a draft
  EditArticle,         // change an article's text and settings (target: its author)
  SubmitForReview,     // ask an editor to look at a draft
  PublishArticle,      // publish, schedule or unpublish (target: its author)
  DeleteArticle,       // remove an article for good (target: its author)
  CreateTag,           // add a new tag while editing
  ManageTaxonomy,      // add, rename and delete categories and tags
  UploadMedia,         // add images to the library
  DeleteMedia,         // delete an image (target: who uploaded it)
  EditOwnProfile,      // name, bio, photo, password of one's own account
  ManageUsers,         // add, change, disable accounts
  ManageSettings,      // site title, tagline, menu, social links
  ModerateComments,    // approve, mark as spam, delete comments
  SendNewsletter,      // send an article or digest to subscribers
  CurateInsight,       // merge, rename, hide entities the analyzer found
  ManageClients,       // client organisations, their members, grants and sign-in links
  ManageIntegrations,  // the API's keys: create (admin keys act as any account), revoke
};
inline constexpr int kActionCount = 18;

std::string_view to_string(Action action);

// Whether the thing acted on is live on the public site: contributors may change their
// drafts, never what readers already see.
enum class Exposure { NotLive, Live };

// What an action applies to, when it applies to something owned.
struct Target {
  std::optional<Id> owner_id;  // the article's author, the image's uploader
  Exposure exposure = Exposure::NotLive;
};

// Site-wide choices that change what a role may do (site settings).
enum class AuthorPublishing { Allowed, NeedsReview };
struct Policy {
  AuthorPublishing author_publishing = AuthorPublishing::Allowed;
};

// The one permission check: may `actor` do `action` to `target` under `policy`?
// A disabled account may do nothing.
bool allowed(User const& actor, Action action, Target const& target = {},
             Policy const& policy = {});

}  // namespace dossier::auth
