// Client organisations, members and grants against a real SQLite file: the seat limit, one
// organisation per address, and grants reaching the viewer that publishing::access_to reads.
#include <gtest/gtest.h>

#include "clients/client_stack.hpp"
#include "publishing/access.hpp"

namespace dossier::clients {
namespace {

using publishing::Access;
using publishing::GrantScope;

class ClientServiceTest : public test::ClientStack, public ::testing::Test {
 protected:
  ClientServiceTest() : ClientStack("dossier-clients") {}

  // A session opened through a link: its cookie value.
  std::string session_of(Member const& m) {
    auto link = clients_->sign_in_link(m.id);
    if (!link) throw std::runtime_error(link.error().message);
    auto login = clients_->use_link(link->substr(link->rfind('/') + 1), "192.0.2.1", "test");
    if (!login) throw std::runtime_error(login.error().message);
    return login->token;
  }
};

TEST_F(ClientServiceTest, AddingPastTheSeatLimitIsRefusedAndARemovedMemberFreesTheSeat) {
  auto c = clients_->add_client({"Ministry", 2, std::nullopt, ""});
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(clients_->add_member(c->id, "a@example.org", "A").ok());
  auto b = clients_->add_member(c->id, "b@example.org", "B");
  ASSERT_TRUE(b.ok());
  auto third = clients_->add_member(c->id, "c@example.org", "C");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::Conflict);
  EXPECT_NE(third.error().message.find("no free seat"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_members"), 2);
  // Fewer seats than active members is refused too.
  EXPECT_FALSE(clients_->edit_client(c->id, {"", 1, std::nullopt, ""}).ok());

  ASSERT_TRUE(clients_->remove_member(c->id, b->id).ok());
  EXPECT_TRUE(clients_->add_member(c->id, "c@example.org", "C").ok());
  EXPECT_TRUE(clients_->edit_client(c->id, {"", 2, std::nullopt, ""}).ok());
}

TEST_F(ClientServiceTest, AnAddressBelongsToOneOrganisationWhateverItsCase) {
  auto one = clients_->add_client({"One", std::nullopt, std::nullopt, ""});
  auto two = clients_->add_client({"Two", std::nullopt, std::nullopt, ""});
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_TRUE(clients_->add_member(one->id, "Reader@Example.org", "R").ok());
  auto again = clients_->add_member(two->id, "reader@example.ORG", "R");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  EXPECT_NE(again.error().message.find("One"), std::string::npos) << again.error().message;
  EXPECT_FALSE(clients_->add_member(one->id, "reader@example.org", "R").ok());
  EXPECT_FALSE(clients_->add_member(one->id, "not an address", "R").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_members"), 1);
  // A name is unique without regard to case as well.
  EXPECT_EQ(clients_->add_client({"one", std::nullopt, std::nullopt, ""}).error().kind,
            ErrorKind::Conflict);
}

TEST_F(ClientServiceTest, GrantsByCategoryAndTagWithTheirDatesReachTheViewer) {
  auto africa = add_category("Africa");
  auto sanctions = add_tag("Sanctions");
  auto in_category = add_article("Sahel outlook", publishing::Visibility::Clients, {africa});
  auto tagged = add_article("Sanctions tracker", publishing::Visibility::Clients, {}, {sanctions});
  auto other = add_article("Arctic routes", publishing::Visibility::Clients);
  auto m = client_with_member("Ministry", "desk@example.org");

  auto from = day_start("2026-09-01");
  auto until = day_end_exclusive("2026-09-30");
  ASSERT_TRUE(from && until);
  auto category = catalog_->target_id(GrantScope::Category, "africa");
  ASSERT_TRUE(category.ok());
  ASSERT_TRUE(clients_->grant(m.client_id, {GrantScope::Category, *category, from, until}).ok());
  auto tag = catalog_->target_id(GrantScope::Tag, "sanctions");
  ASSERT_TRUE(tag.ok());
  ASSERT_TRUE(
      clients_->grant(m.client_id, {GrantScope::Tag, *tag, std::nullopt, std::nullopt}).ok());

  auto session = session_of(m);
  auto v = clients_->viewer_for_token(session);
  ASSERT_EQ(v.kind, publishing::ViewerKind::Client);
  EXPECT_EQ(v.client_id, m.client_id);
  EXPECT_EQ(v.client_name, "Ministry");
  EXPECT_FALSE(v.csrf_token.empty());
  ASSERT_EQ(v.grants.size(), 2u);
  EXPECT_EQ(v.grants[0].scope, GrantScope::Category);
  EXPECT_EQ(v.grants[0].target, africa);
  // The whole of 1 September to the whole of 30 September, UTC.
  EXPECT_EQ(v.grants[0].from, 1'788'220'800);   // 2026-09-01T00:00:00Z
  EXPECT_EQ(v.grants[0].until, 1'790'812'800);  // 2026-10-01T00:00:00Z
  EXPECT_EQ(v.grants[1].scope, GrantScope::Tag);
  EXPECT_EQ(v.grants[1].target, sanctions);
  EXPECT_FALSE(v.grants[1].from || v.grants[1].until);

  // What publishing's rule makes of them (the clock stands at 2026-09-21).
  auto facts = [&](publishing::Id id) {
    return publishing::access_facts(*publishing_->read_any(id));
  };
  auto now = time_.load();
  EXPECT_EQ(publishing::access_to(v, facts(in_category), now), Access::Full);
  EXPECT_EQ(publishing::access_to(v, facts(tagged), now), Access::Full);
  EXPECT_EQ(publishing::access_to(v, facts(other), now), Access::Teaser);
  EXPECT_EQ(publishing::access_to(v, facts(in_category), *until), Access::Teaser);

  // Revoking takes the grant out of the next request's viewer.
  ASSERT_TRUE(clients_->revoke(m.client_id, GrantScope::Tag, sanctions).ok());
  auto again = clients_->viewer_for_token(session);
  ASSERT_EQ(again.grants.size(), 1u);
  EXPECT_EQ(again.grants[0].scope, GrantScope::Category);
  EXPECT_EQ(clients_->revoke(m.client_id, GrantScope::Tag, sanctions).error().kind,
            ErrorKind::NotFound);
}

TEST_F(ClientServiceTest, AGrantOfTheSameTargetReplacesTheLiveOne) {
  auto m = client_with_member("Ministry", "desk@example.org");
  ASSERT_TRUE(
      clients_
          ->grant(m.client_id, {GrantScope::All, 0, std::nullopt, day_end_exclusive("2026-12-31")})
          .ok());
  ASSERT_TRUE(clients_->grant(m.client_id, {GrantScope::All, 0, std::nullopt, std::nullopt}).ok());
  auto live = clients_->grants(m.client_id);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_FALSE(live[0].grant.until);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_grants WHERE revoked_at IS NOT NULL"), 1);
  // Bad grants change nothing.
  EXPECT_FALSE(clients_->grant(m.client_id, {GrantScope::Tag, 0, std::nullopt, std::nullopt}).ok());
  EXPECT_FALSE(clients_
                   ->grant(m.client_id, {GrantScope::All, 0, day_start("2026-10-02"),
                                         day_end_exclusive("2026-10-01")})
                   .ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_grants"), 2);
}

TEST_F(ClientServiceTest, DaysAreWholeUtcDaysAndMalformedDatesAreRefused) {
  EXPECT_EQ(day_start("2026-12-31"), 1'798'675'200);          // 2026-12-31T00:00:00Z
  EXPECT_EQ(day_end_exclusive("2026-12-31"), 1'798'761'600);  // 2027-01-01T00:00:00Z
  EXPECT_EQ(end_day(1'798'761'600), "2026-12-31");
  for (auto bad :
       {"2026-02-30", "2026-13-01", "2026-1-01", "31/12/2026", "2026-12-31T00:00:00Z", ""})
    EXPECT_FALSE(day_start(bad)) << bad;
}

TEST_F(ClientServiceTest, ViewersAreAnonymousForUnknownTokensAndRemovedMembers) {
  EXPECT_EQ(clients_->viewer_for_token("").kind, publishing::ViewerKind::Anonymous);
  EXPECT_EQ(clients_->viewer_for_token("not-a-session").kind, publishing::ViewerKind::Anonymous);
  auto m = client_with_member("Ministry", "desk@example.org");
  auto link = clients_->sign_in_link(m.id);
  auto login = clients_->use_link(link->substr(link->rfind('/') + 1), "192.0.2.1", "");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(clients_->viewer_for_token(login->token).kind, publishing::ViewerKind::Client);
  ASSERT_TRUE(clients_->remove_member(m.client_id, m.id).ok());
  EXPECT_EQ(clients_->viewer_for_token(login->token).kind, publishing::ViewerKind::Anonymous);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_sessions"), 0);
}

TEST_F(ClientServiceTest, AnEndedContractKeepsTheViewerButAccessToSaysTeaser) {
  auto c = clients_->add_client({"Ministry", std::nullopt, std::nullopt, ""});
  auto m = clients_->add_member(c->id, "desk@example.org", "");
  ASSERT_TRUE(clients_->grant(c->id, {GrantScope::All, 0, std::nullopt, std::nullopt}).ok());
  auto report = add_article("Report", publishing::Visibility::Clients);
  auto session = session_of(*m);
  auto v = clients_->viewer_for_token(session);
  auto facts = publishing::access_facts(*publishing_->read_any(report));
  EXPECT_EQ(publishing::access_to(v, facts, time_.load()), Access::Full);
  ASSERT_TRUE(clients_->edit_client(c->id, {"", std::nullopt, time_.load() - 1, ""}).ok());
  v = clients_->viewer_for_token(session);
  EXPECT_EQ(v.kind, publishing::ViewerKind::Client);
  EXPECT_EQ(v.client_until, time_.load() - 1);
  EXPECT_EQ(publishing::access_to(v, facts, time_.load()), Access::Teaser);
  // No new link for a member whose organisation's contract ended.
  EXPECT_FALSE(clients_->sign_in_link(m->id).ok());
}

}  // namespace
}  // namespace dossier::clients
