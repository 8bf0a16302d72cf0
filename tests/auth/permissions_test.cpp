// The permission matrix: every role x every action x (own or someone else's, live or not),
// written out as the newsroom's policy reads, so a change to allowed() shows up as a changed
// row here.
#include <gtest/gtest.h>

#include "auth/permissions.hpp"

namespace dossier::auth {
namespace {

// Columns: own draft, own live, someone else's draft, someone else's live. 'y' = allowed.
struct Row {
  Action action;
  char const* admin;
  char const* editor;
  char const* author;
  char const* contributor;
};

constexpr Row kMatrix[] = {
    {Action::UseNewsroom, "yyyy", "yyyy", "yyyy", "yyyy"},
    {Action::CreateArticle, "yyyy", "yyyy", "yyyy", "yyyy"},
    {Action::EditArticle, "yyyy", "yyyy", "yynn", "ynnn"},
    {Action::SubmitForReview, "yyyy", "yyyy", "yynn", "ynnn"},
    {Action::PublishArticle, "yyyy", "yyyy", "yynn", "nnnn"},
    {Action::DeleteArticle, "yyyy", "yyyy", "yynn", "ynnn"},
    {Action::CreateTag, "yyyy", "yyyy", "yyyy", "nnnn"},
    {Action::ManageTaxonomy, "yyyy", "yyyy", "nnnn", "nnnn"},
    {Action::UploadMedia, "yyyy", "yyyy", "yyyy", "yyyy"},
    {Action::DeleteMedia, "yyyy", "yyyy", "yynn", "yynn"},
    {Action::EditOwnProfile, "yyyy", "yyyy", "yyyy", "yyyy"},
    {Action::ManageUsers, "yyyy", "nnnn", "nnnn", "nnnn"},
    {Action::ManageSettings, "yyyy", "nnnn", "nnnn", "nnnn"},
    {Action::ModerateComments, "yyyy", "yyyy", "nnnn", "nnnn"},
    {Action::SendNewsletter, "yyyy", "yyyy", "nnnn", "nnnn"},
    {Action::CurateInsight, "yyyy", "yyyy", "nnnn", "nnnn"},
    {Action::ManageClients, "yyyy", "yyyy", "nnnn", "nnnn"},
    {Action::ManageIntegrations, "yyyy", "nnnn", "nnnn", "nnnn"},
};

User user_with(Role role) {
  User u;
  u.id = 7;
  u.role = role;
  return u;
}

std::vector<Target> columns() {
  return {{Id{7}, Exposure::NotLive},
          {Id{7}, Exposure::Live},
          {Id{8}, Exposure::NotLive},
          {Id{8}, Exposure::Live}};
}

TEST(Permissions, MatrixCoversEveryAction) {
  EXPECT_EQ(std::size(kMatrix), static_cast<std::size_t>(kActionCount));
  for (int i = 0; i < kActionCount; ++i)
    EXPECT_EQ(static_cast<int>(kMatrix[i].action), i) << "rows follow the enum's order";
}

TEST(Permissions, EveryRoleTimesEveryAction) {
  for (auto const& row : kMatrix) {
    for (auto [role, expected] : {std::pair{Role::Admin, row.admin},
                                  {Role::Editor, row.editor},
                                  {Role::Author, row.author},
                                  {Role::Contributor, row.contributor}}) {
      auto cols = columns();
      for (std::size_t c = 0; c < cols.size(); ++c) {
        EXPECT_EQ(allowed(user_with(role), row.action, cols[c]), expected[c] == 'y')
            << to_string(role) << " / " << to_string(row.action) << " / column " << c;
      }
    }
  }
}

TEST(Permissions, AuthorsPublishOnlyWhenTheSettingAllows) {
  Policy review;
  review.author_publishing = AuthorPublishing::NeedsReview;
  auto author = user_with(Role::Author);
  EXPECT_FALSE(allowed(author, Action::PublishArticle, {Id{7}}, review));
  EXPECT_TRUE(allowed(author, Action::SubmitForReview, {Id{7}}, review));
  EXPECT_TRUE(allowed(user_with(Role::Editor), Action::PublishArticle, {Id{8}}, review));
}

TEST(Permissions, DisabledAccountsMayDoNothing) {
  for (auto role : {Role::Admin, Role::Editor, Role::Author, Role::Contributor}) {
    auto u = user_with(role);
    u.status = UserStatus::Disabled;
    for (int a = 0; a < kActionCount; ++a)
      EXPECT_FALSE(allowed(u, static_cast<Action>(a), {Id{7}})) << to_string(role);
  }
}

TEST(Permissions, NothingOwnedWithoutAnOwner) {
  // A target without an owner is nobody's: "own" rules never match it.
  EXPECT_FALSE(allowed(user_with(Role::Author), Action::EditArticle, {}));
  EXPECT_TRUE(allowed(user_with(Role::Editor), Action::EditArticle, {}));
}

}  // namespace
}  // namespace dossier::auth
