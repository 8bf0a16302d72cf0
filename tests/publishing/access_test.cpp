#include "publishing/access.hpp"

#include <gtest/gtest.h>

namespace dossier::publishing {
namespace {

constexpr UnixTime kNow = 1'800'000'000;
constexpr UnixTime kDay = 86'400;

AccessFacts report(Visibility visibility) {
  AccessFacts f;
  f.id = 7;
  f.status = ArticleStatus::Published;
  f.visibility = visibility;
  f.published_at = kNow - kDay;
  f.category_ids = {3};
  f.tag_ids = {11, 12};
  return f;
}

Viewer viewer(ViewerKind kind) {
  Viewer v;
  v.kind = kind;
  if (kind == ViewerKind::Client) v.client_id = 5;
  return v;
}

Viewer client_with(Grant g) {
  auto v = viewer(ViewerKind::Client);
  v.grants.push_back(g);
  return v;
}

TEST(AccessRule, PublicArticlesAreEveryones) {
  for (auto kind :
       {ViewerKind::Anonymous, ViewerKind::Subscriber, ViewerKind::Client, ViewerKind::Newsroom})
    EXPECT_EQ(access_to(viewer(kind), report(Visibility::Public), kNow), Access::Full);
}

TEST(AccessRule, UnpublishedIsNoOnesEvenWithAGrant) {
  auto f = report(Visibility::Clients);
  f.status = ArticleStatus::Scheduled;
  f.published_at = kNow + kDay;
  auto granted = client_with({GrantScope::Article, 7});
  EXPECT_EQ(access_to(granted, f, kNow), Access::None);
  EXPECT_EQ(access_to(viewer(ViewerKind::Newsroom), f, kNow), Access::None);
  // The embargo opens at its time: published by the scheduler, the same grant reads it.
  f.status = ArticleStatus::Published;
  EXPECT_EQ(access_to(granted, f, kNow), Access::None) << "its time has not come";
  EXPECT_EQ(access_to(granted, f, kNow + kDay), Access::Full);
}

TEST(AccessRule, SubscribersArticles) {
  auto f = report(Visibility::Subscribers);
  EXPECT_EQ(access_to(viewer(ViewerKind::Anonymous), f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(viewer(ViewerKind::Subscriber), f, kNow), Access::Full);
  EXPECT_EQ(access_to(viewer(ViewerKind::Client), f, kNow), Access::Full);
  EXPECT_EQ(access_to(viewer(ViewerKind::Newsroom), f, kNow), Access::Full);
}

TEST(AccessRule, ClientsArticlesNeedAGrant) {
  auto f = report(Visibility::Clients);
  EXPECT_EQ(access_to(viewer(ViewerKind::Anonymous), f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(viewer(ViewerKind::Subscriber), f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(viewer(ViewerKind::Client), f, kNow), Access::Teaser) << "no grant";
  EXPECT_EQ(access_to(viewer(ViewerKind::Newsroom), f, kNow), Access::Full);
  EXPECT_EQ(access_to(client_with({GrantScope::All}), f, kNow), Access::Full);
  EXPECT_EQ(access_to(client_with({GrantScope::Article, 7}), f, kNow), Access::Full);
  EXPECT_EQ(access_to(client_with({GrantScope::Article, 8}), f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(client_with({GrantScope::Category, 3}), f, kNow), Access::Full);
  EXPECT_EQ(access_to(client_with({GrantScope::Category, 4}), f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(client_with({GrantScope::Tag, 12}), f, kNow), Access::Full);
  EXPECT_EQ(access_to(client_with({GrantScope::Tag, 3}), f, kNow), Access::Teaser)
      << "a category's id is no tag's";
}

TEST(AccessRule, GrantsHoldWithinTheirDates) {
  auto f = report(Visibility::Clients);
  auto later = client_with({GrantScope::All, 0, kNow + kDay, std::nullopt});
  EXPECT_EQ(access_to(later, f, kNow), Access::Teaser);
  EXPECT_EQ(access_to(later, f, kNow + kDay), Access::Full) << "from is inclusive";
  auto ended = client_with({GrantScope::All, 0, std::nullopt, kNow});
  EXPECT_EQ(access_to(ended, f, kNow - 1), Access::Full);
  EXPECT_EQ(access_to(ended, f, kNow), Access::Teaser) << "until is exclusive";
}

TEST(AccessRule, AnExpiredOrganisationReadsNothingPaid) {
  auto v = client_with({GrantScope::All});
  v.client_until = kNow;
  EXPECT_EQ(access_to(v, report(Visibility::Clients), kNow), Access::Teaser);
  EXPECT_EQ(access_to(v, report(Visibility::Subscribers), kNow), Access::Teaser);
  EXPECT_EQ(access_to(v, report(Visibility::Public), kNow), Access::Full);
  v.client_until = kNow + 1;
  EXPECT_EQ(access_to(v, report(Visibility::Clients), kNow), Access::Full);
}

TEST(AccessRule, AClientWithoutAnOrganisationIsNoClient) {
  auto v = client_with({GrantScope::All});
  v.client_id = 0;
  EXPECT_EQ(access_to(v, report(Visibility::Clients), kNow), Access::Teaser);
}

}  // namespace
}  // namespace dossier::publishing
