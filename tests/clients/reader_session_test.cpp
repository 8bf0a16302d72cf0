// Readers' sign-in links and sessions against a real SQLite file, with a clock the test moves:
// links expire after 30 minutes and work once, the mail is queued only for members, sessions
// end on sign-out and when idle or too old.
#include <gtest/gtest.h>

#include "clients/client_stack.hpp"
#include "security/tokens.hpp"

namespace dossier::clients {
namespace {

class ReaderSessionTest : public test::ClientStack, public ::testing::Test {
 protected:
  ReaderSessionTest() : ClientStack("dossier-reader") {}

  static std::string token_of(std::string const& link) {
    auto slash = link.rfind('/');
    auto query = link.find('?', slash);
    return link.substr(slash + 1,
                       query == std::string::npos ? std::string::npos : query - slash - 1);
  }
};

TEST_F(ReaderSessionTest, ALinkWorksOnceAndOnlyWithinThirtyMinutes) {
  auto m = client_with_member("Ministry", "desk@example.org");
  auto first = clients_->sign_in_link(m.id);
  ASSERT_TRUE(first.ok());
  // Only the token's hash is stored.
  auto token = token_of(*first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_links WHERE token_hash = '" +
                  security::token_hash(token) + "'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_links WHERE token_hash = '" + token + "'"), 0);

  advance(29 * 60);
  ASSERT_TRUE(clients_->link_holder(token));  // looking does not use it (the GET page)
  ASSERT_TRUE(clients_->link_holder(token));
  auto login = clients_->use_link(token, "192.0.2.1", "");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->member.email, "desk@example.org");
  auto twice = clients_->use_link(token, "192.0.2.1", "");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::Invalid);
  EXPECT_FALSE(clients_->link_holder(token));

  auto late = clients_->sign_in_link(m.id);
  advance(30 * 60);
  EXPECT_FALSE(clients_->link_holder(token_of(*late)));
  EXPECT_FALSE(clients_->use_link(token_of(*late), "192.0.2.1", "").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_sessions"), 1);
}

TEST_F(ReaderSessionTest, EarlierLinksWorkUntilOneIsUsed) {
  auto m = client_with_member("Ministry", "desk@example.org");
  auto a = token_of(*clients_->sign_in_link(m.id));
  auto b = token_of(*clients_->sign_in_link(m.id));
  auto c = token_of(*clients_->sign_in_link(m.id));
  EXPECT_TRUE(clients_->link_holder(a));  // asking again does not spoil the first mail
  ASSERT_TRUE(clients_->use_link(b, "192.0.2.1", "").ok());
  EXPECT_FALSE(clients_->use_link(a, "192.0.2.1", "").ok());
  EXPECT_FALSE(clients_->use_link(c, "192.0.2.1", "").ok());
}

TEST_F(ReaderSessionTest, TheFormQueuesAMailOnlyForAMemberWhoMaySignIn) {
  auto m = client_with_member("Ministry", "desk@example.org");
  auto before = count("SELECT COUNT(*) FROM outbox");
  // The same answer for a stranger and a member: no account discovery.
  EXPECT_TRUE(clients_->request_link("stranger@example.org", "192.0.2.1").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before);
  EXPECT_TRUE(clients_->request_link("Desk@Example.org", "192.0.2.1", "/articles/x").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'desk@example.org'"), 1);
  auto path = mailed_link_path();
  ASSERT_TRUE(path.starts_with("/portal/link/")) << path;
  EXPECT_NE(path.find("?next=%2Farticles%2Fx"), std::string::npos) << path;
  EXPECT_TRUE(clients_->use_link(token_of(path), "192.0.2.1", "").ok());

  // A removed member gets nothing, and neither does a member of an ended contract.
  ASSERT_TRUE(clients_->remove_member(m.client_id, m.id).ok());
  EXPECT_TRUE(clients_->request_link("desk@example.org", "192.0.2.2").ok());
  auto other = client_with_member("Ended", "old@example.org");
  ASSERT_TRUE(clients_->edit_client(other.client_id, {"", std::nullopt, time_.load(), ""}).ok());
  EXPECT_TRUE(clients_->request_link("old@example.org", "192.0.2.2").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before + 1);
  EXPECT_FALSE(clients_->request_link("not an address", "192.0.2.2").ok());
}

TEST_F(ReaderSessionTest, TheFormIsRateLimitedPerEmailAndPerNetworkAddress) {
  client_with_member("Ministry", "desk@example.org");
  auto const per_email = clients_->options().links_per_email;
  for (int i = 0; i < per_email; ++i)
    ASSERT_TRUE(clients_->request_link("desk@example.org", fmt::format("192.0.2.{}", i)).ok());
  auto limited = clients_->request_link("desk@example.org", "198.51.100.1");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), per_email);

  auto const per_address = clients_->options().attempts_per_address;
  for (int i = 0; i < per_address; ++i)
    (void)clients_->request_link(fmt::format("x{}@example.org", i), "203.0.113.9");
  EXPECT_EQ(clients_->request_link("y@example.org", "203.0.113.9").error().kind,
            ErrorKind::RateLimited);
  advance(clients_->options().attempt_window.count());
  EXPECT_TRUE(clients_->request_link("y@example.org", "203.0.113.9").ok());
}

TEST_F(ReaderSessionTest, SigningOutEndsTheSession) {
  auto m = client_with_member("Ministry", "desk@example.org");
  auto login = clients_->use_link(token_of(*clients_->sign_in_link(m.id)), "192.0.2.1", "");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(clients_->authenticate(login->token));
  clients_->sign_out(login->token);
  EXPECT_FALSE(clients_->authenticate(login->token));
  EXPECT_EQ(clients_->viewer_for_token(login->token).kind, publishing::ViewerKind::Anonymous);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_sessions"), 0);
}

TEST_F(ReaderSessionTest, SessionsExpireWhenIdleAndAbsolutelyAndTheJobDeletesThem) {
  auto m = client_with_member("Ministry", "desk@example.org");
  auto open = [&] {
    return clients_->use_link(token_of(*clients_->sign_in_link(m.id)), "192.0.2.1", "")->token;
  };
  auto idle = clients_->options().session_idle.count();
  auto kept = open();
  auto dropped = open();
  // One session is used just before it would be idle too long; the other is not.
  advance(idle - 10);
  ASSERT_TRUE(clients_->authenticate(kept));
  advance(20);
  EXPECT_FALSE(clients_->authenticate(dropped));
  ASSERT_TRUE(clients_->authenticate(kept));
  auto third = open();
  advance(idle + 1);
  EXPECT_EQ(clients_->delete_expired_sessions(), 2);  // kept and third: both idle now
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_sessions"), 0);
  (void)third;

  // However busy, a session ends at its absolute age.
  auto busy = open();
  auto absolute = clients_->options().session_absolute.count();
  for (UnixTime t = 0; t + idle / 2 < absolute; t += idle / 2) {
    advance(idle / 2);
    ASSERT_TRUE(clients_->authenticate(busy));
  }
  advance(idle / 2);
  EXPECT_FALSE(clients_->authenticate(busy));
}

TEST_F(ReaderSessionTest, AMemberWithAPasswordMaySignInWithItWithinTheFailureLimit) {
  auto m = client_with_member("Ministry", "desk@example.org");
  ASSERT_TRUE(clients_->set_member_password(m.id, "a long reader password").ok());
  auto ok = clients_->sign_in_with_password("DESK@example.org", "a long reader password",
                                            "192.0.2.1", "");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(clients_->viewer_for_token(ok->token).kind, publishing::ViewerKind::Client);
  auto wrong = clients_->sign_in_with_password("desk@example.org", "wrong", "192.0.2.1", "");
  auto stranger = clients_->sign_in_with_password("nobody@example.org", "wrong", "192.0.2.1", "");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(wrong.error().message, stranger.error().message);
  for (int i = 1; i < clients_->options().failures_per_member; ++i)
    (void)clients_->sign_in_with_password("desk@example.org", "wrong", "192.0.2.1", "");
  auto locked = clients_->sign_in_with_password("desk@example.org", "a long reader password",
                                                "192.0.2.1", "");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().kind, ErrorKind::RateLimited);
}

}  // namespace
}  // namespace dossier::clients
