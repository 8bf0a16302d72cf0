// Confirmed newsletter subscribers sign in as client members do, with a mailed one-time link,
// over a real SQLite file: who gets a link (a confirmed subscriber; not a pending, unsubscribed
// or bounced one, and the form answers the same), what their session makes of them (a
// Subscriber viewer, re-checked at each request), and what the access rule then gives them.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "clients/client_stack.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/publishing_service.hpp"

namespace dossier::clients {
namespace {

using http::Method;
using publishing::ViewerKind;

std::string token_of(std::string const& url_or_path) {
  auto start = url_or_path.rfind('/') + 1;
  return url_or_path.substr(start, url_or_path.find('?', start) - start);
}

class SubscriberSignInTest : public test::ClientStack, public ::testing::Test {
 protected:
  SubscriberSignInTest() : ClientStack("dossier-subscriber-sign-in") {}

  // Subscribes through the newsletter's own service; confirms from its signed link unless
  // asked not to. Returns the subscriber's id.
  long long subscriber(std::string const& email, bool confirm = true) {
    EXPECT_TRUE(subscriptions_->subscribe(email, "198.51.100.7").ok());
    long long id = 0;
    {
      soci::session sql(db_->pool());
      sql << "SELECT id FROM subscribers WHERE email = :e", soci::use(email), soci::into(id);
    }
    if (confirm) {
      auto link = subscriptions_->link(newsletter::LinkPurpose::Confirm, id);
      EXPECT_TRUE(subscriptions_->confirm(token_of(link)).ok());
    }
    return id;
  }

  void unsubscribe(long long id) {
    auto link = subscriptions_->link(newsletter::LinkPurpose::Unsubscribe, id);
    ASSERT_TRUE(subscriptions_->unsubscribe(token_of(link)).ok());
  }

  // Asks for a link and uses it; the session's cookie value, or "" when no mail came.
  std::string sign_in(std::string const& email) {
    auto before = count("SELECT COUNT(*) FROM outbox");
    EXPECT_TRUE(clients_->request_link(email, "192.0.2.1").ok());
    if (count("SELECT COUNT(*) FROM outbox") == before) return {};
    auto login = clients_->use_link(token_of(mailed_link_path()), "192.0.2.1", "test");
    EXPECT_TRUE(login.ok());
    return login ? login->token : std::string();
  }

  publishing::Access access(publishing::Viewer const& viewer, publishing::Id article) {
    auto view = publishing_->read_any(article);
    EXPECT_TRUE(view);
    return publishing::access_to(viewer, publishing::access_facts(*view), time_.load());
  }
};

TEST_F(SubscriberSignInTest, AConfirmedSubscriberGetsALinkAndASubscriberViewer) {
  auto id = subscriber("reader@example.org");
  auto before = count("SELECT COUNT(*) FROM outbox");
  // Case and spaces around do not matter, as for the subscribe form.
  ASSERT_TRUE(clients_->request_link(" Reader@Example.org ", "192.0.2.1", "/articles/x").ok());
  ASSERT_EQ(count("SELECT COUNT(*) FROM outbox"), before + 1);
  {
    soci::session sql(db_->pool());
    std::string recipient, subject, body;
    sql << "SELECT recipient, subject, text_body FROM outbox ORDER BY id DESC LIMIT 1",
        soci::into(recipient), soci::into(subject), soci::into(body);
    EXPECT_EQ(recipient, "reader@example.org");
    EXPECT_EQ(subject, "Your sign-in link for Test Institute");
    EXPECT_NE(body.find("newsletter subscriber"), std::string::npos) << body;
    EXPECT_NE(body.find("within 30 minutes"), std::string::npos) << body;
  }
  // Stored hashed, as the subscriber's (no member), for 30 minutes.
  auto path = mailed_link_path();
  auto token = token_of(path);
  EXPECT_NE(path.find("?next=%2Farticles%2Fx"), std::string::npos) << path;
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_links WHERE token_hash = '" + token + "'"), 0);
  EXPECT_EQ(count(fmt::format("SELECT COUNT(*) FROM client_links WHERE subscriber_id = {} AND "
                              "member_id IS NULL AND expires_at - created_at = 1800",
                              id)),
            1);

  auto holder = clients_->link_holder(token);
  ASSERT_TRUE(holder);
  EXPECT_TRUE(holder->is_subscriber());
  EXPECT_EQ(holder->member.email, "reader@example.org");
  auto login = clients_->use_link(token, "192.0.2.1", "test");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->subscriber_id, id);
  EXPECT_FALSE(clients_->use_link(token, "192.0.2.1", "test").ok()) << "a link works once";

  auto v = clients_->viewer_for_token(login->token);
  EXPECT_EQ(v.kind, ViewerKind::Subscriber);
  EXPECT_EQ(v.email, "reader@example.org");
  EXPECT_EQ(v.member_id, 0);
  EXPECT_EQ(v.client_id, 0);
  EXPECT_TRUE(v.client_name.empty());
  EXPECT_TRUE(v.grants.empty());
  EXPECT_FALSE(v.csrf_token.empty());
  EXPECT_EQ(count(fmt::format("SELECT COUNT(*) FROM client_sessions WHERE subscriber_id = {} AND "
                              "member_id IS NULL",
                              id)),
            1);

  // Signing out ends it, as a member's.
  clients_->sign_out(login->token);
  EXPECT_EQ(clients_->viewer_for_token(login->token).kind, ViewerKind::Anonymous);
}

TEST_F(SubscriberSignInTest, ALinkOrSessionBelongsToExactlyOneReader) {
  soci::session sql(db_->pool());
  EXPECT_THROW(sql << "INSERT INTO client_links (token_hash, created_at, expires_at)"
                      " VALUES ('neither', 1, 2)",
               soci::soci_error);
  auto m = client_with_member("Ministry", "desk@example.org");
  EXPECT_THROW(sql << "INSERT INTO client_sessions (token_hash, member_id, subscriber_id,"
                      " csrf_token, created_at, last_seen_at) VALUES ('both', "
                   << m.id << ", 1, 'c', 1, 1)",
               soci::soci_error);
}

TEST_F(SubscriberSignInTest, APendingOrUnsubscribedSubscriberGetsNothingAndTheSameAnswer) {
  subscriber("pending@example.org", false);
  auto gone = subscriber("gone@example.org");
  unsubscribe(gone);
  subscriber("reader@example.org");
  auto before = count("SELECT COUNT(*) FROM outbox");
  EXPECT_EQ(sign_in("pending@example.org"), "");
  EXPECT_EQ(sign_in("gone@example.org"), "");
  EXPECT_EQ(sign_in("stranger@example.org"), "");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_links"), 0);

  // The form's page is the same for all of them and for a confirmed subscriber.
  auto answer = [&](std::string const& email) {
    Client browser;
    auto r = send(browser, Method::Post, "/portal/sign-in", {{"email", email}, {"next", ""}});
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(browser.cookies.contains(kReaderCookie));
    return r.body;
  };
  auto confirmed = answer("reader@example.org");
  EXPECT_NE(confirmed.find("Check your mail"), std::string::npos);
  EXPECT_EQ(answer("pending@example.org"), confirmed);
  EXPECT_EQ(answer("gone@example.org"), confirmed);
  EXPECT_EQ(answer("stranger@example.org"), confirmed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before + 1);

  // The same limits: links per address count for subscribers too.
  auto const per_email = clients_->options().links_per_email;
  for (int i = 1; i < per_email; ++i)
    ASSERT_TRUE(clients_->request_link("reader@example.org", fmt::format("192.0.2.{}", i)).ok());
  EXPECT_EQ(clients_->request_link("reader@example.org", "203.0.113.1").error().kind,
            ErrorKind::RateLimited);
}

TEST_F(SubscriberSignInTest, AnUnsubscribeOrABounceAfterSignInMakesTheSessionAnonymous) {
  auto id = subscriber("reader@example.org");
  auto session = sign_in("reader@example.org");
  ASSERT_FALSE(session.empty());
  ASSERT_EQ(clients_->viewer_for_token(session).kind, ViewerKind::Subscriber);
  // A link asked before the unsubscribe no longer works either.
  ASSERT_TRUE(clients_->request_link("reader@example.org", "192.0.2.1").ok());
  auto unused = token_of(mailed_link_path());
  unsubscribe(id);
  EXPECT_FALSE(clients_->authenticate(session));
  EXPECT_EQ(clients_->viewer_for_token(session).kind, ViewerKind::Anonymous);
  EXPECT_FALSE(clients_->link_holder(unused));
  EXPECT_FALSE(clients_->use_link(unused, "192.0.2.1", "test").ok());

  auto bounced = subscriber("bounce@example.org");
  auto other = sign_in("bounce@example.org");
  ASSERT_EQ(clients_->viewer_for_token(other).kind, ViewerKind::Subscriber);
  {
    soci::session sql(db_->pool());
    newsletter::SubscriptionService::mark_bounced(sql, bounced, time_.load());
  }
  EXPECT_EQ(clients_->viewer_for_token(other).kind, ViewerKind::Anonymous);
}

TEST_F(SubscriberSignInTest, ASubscriberReadsSubscribersArticlesInFullAndClientsArticlesAsATeaser) {
  auto for_subscribers = add_article("Weekly brief", publishing::Visibility::Subscribers);
  auto for_clients = add_article("Gas outlook", publishing::Visibility::Clients);
  subscriber("reader@example.org");
  auto v = clients_->viewer_for_token(sign_in("reader@example.org"));
  ASSERT_EQ(v.kind, ViewerKind::Subscriber);
  EXPECT_EQ(access(v, for_subscribers), publishing::Access::Full);
  EXPECT_EQ(access(v, for_clients), publishing::Access::Teaser);
  EXPECT_EQ(access(publishing::Viewer{}, for_subscribers), publishing::Access::Teaser);
}

TEST_F(SubscriberSignInTest, AMemberWhoAlsoSubscribesSignsInAsAMemberUnlessRemoved) {
  auto m = client_with_member("Ministry", "desk@example.org");
  subscriber("desk@example.org");
  auto as_member = clients_->viewer_for_token(sign_in("desk@example.org"));
  EXPECT_EQ(as_member.kind, ViewerKind::Client);
  EXPECT_EQ(as_member.member_id, m.id);
  EXPECT_EQ(as_member.client_name, "Ministry");
  // Removed, the member is still a confirmed subscriber and signs in as one.
  ASSERT_TRUE(clients_->remove_member(m.client_id, m.id).ok());
  auto as_subscriber = clients_->viewer_for_token(sign_in("desk@example.org"));
  EXPECT_EQ(as_subscriber.kind, ViewerKind::Subscriber);
  EXPECT_EQ(as_subscriber.member_id, 0);
}

TEST_F(SubscriberSignInTest, TheLinkPageNamesTheSubscriberAndTheButtonSignsIn) {
  subscriber("reader@example.org");
  Client browser;
  ASSERT_EQ(send(browser, Method::Post, "/portal/sign-in",
                 {{"email", "reader@example.org"}, {"next", "/portal"}})
                .status,
            200);
  auto path = mailed_link_path();
  auto page = send(browser, Method::Get, path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("newsletter subscriber reader@example.org"), std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("the reports of"), std::string::npos);
  auto done = send(browser, Method::Post, path.substr(0, path.find('?')), {{"next", "/portal"}});
  EXPECT_EQ(done.status, 303);
  ASSERT_TRUE(browser.cookies.contains(kReaderCookie));
  EXPECT_EQ(clients_->viewer_for_token(browser.cookies[kReaderCookie]).kind,
            ViewerKind::Subscriber);
}

}  // namespace
}  // namespace dossier::clients
