#include "auth/permissions.hpp"

#include <array>

namespace dossier::auth {

namespace {

constexpr std::array<std::string_view, kActionCount> kActionNames{"use the newsroom",
                                                                  "create articles",
                                                                  "edit this article",
                                                                  "submit for review",
                                                                  "publish this article",
                                                                  "delete this article",
                                                                  "create tags",
                                                                  "manage categories and tags",
                                                                  "upload images",
                                                                  "delete this image",
                                                                  "edit your profile",
                                                                  "manage users",
                                                                  "change site settings",
                                                                  "moderate comments",
                                                                  "send newsletters",
                                                                  "curate insight",
                                                                  "manage client organisations",
                                                                  "manage integrations"};

bool owns(User const& actor, Target const& target) {
  return target.owner_id && *target.owner_id == actor.id;
}

}  // namespace

std::string_view to_string(Action action) {
  return kActionNames[static_cast<std::size_t>(action)];
}

bool allowed(User const& actor, Action action, Target const& target, Policy const& policy) {
  if (actor.status != UserStatus::Active) return false;
  switch (actor.role) {
    case Role::Admin: return true;
    case Role::Editor:
      // Editors run the content, not the installation. An API key may act as any account,
      // so making one is an admin's, as making accounts is.
      return action != Action::ManageUsers && action != Action::ManageSettings &&
             action != Action::ManageIntegrations;
    case Role::Author:
      switch (action) {
        case Action::UseNewsroom:
        case Action::CreateArticle:
        case Action::CreateTag:
        case Action::UploadMedia:
        case Action::EditOwnProfile: return true;
        case Action::EditArticle:
        case Action::SubmitForReview:
        case Action::DeleteArticle:
        case Action::DeleteMedia: return owns(actor, target);
        case Action::PublishArticle:
          return owns(actor, target) && policy.author_publishing == AuthorPublishing::Allowed;
        default: return false;
      }
    case Role::Contributor:
      // Contributors write drafts for review: they never change what readers see.
      switch (action) {
        case Action::UseNewsroom:
        case Action::CreateArticle:
        case Action::UploadMedia:
        case Action::EditOwnProfile: return true;
        case Action::EditArticle:
        case Action::SubmitForReview:
        case Action::DeleteArticle:
          return owns(actor, target) && target.exposure == Exposure::NotLive;
        case Action::DeleteMedia: return owns(actor, target);
        default: return false;
      }
  }
  return false;
}

}  // namespace dossier::auth
