// The private feed: it lists what its reader may read now, no body, and a renewed or revoked
// address answers 404 from then on.
#include <gtest/gtest.h>

#include "clients/portal_fixture.hpp"
#include "clients/reader_feed.hpp"

namespace dossier::clients::test {
namespace {

class ReaderFeedTest : public PortalFixture, public ::testing::Test {};

TEST_F(ReaderFeedTest, ListsOnlyReadableReportsAndNoBody) {
  publish("Gas storage outlook", publishing::Visibility::Clients, {1});
  publish("Border risks", publishing::Visibility::Clients, {2});
  publish("Open brief", publishing::Visibility::Public, {1});
  auto member = client(1, 10, {{publishing::GrantScope::Category, 1}});
  auto c = browser(member, "cookie-1");
  auto made = send(c, http::Method::Post, "/portal/feed", {{"_csrf", member.csrf_token}});
  ASSERT_EQ(made.status, 200) << made.body;
  auto at = made.body.find(site_url_ + "/portal/feed/");
  ASSERT_NE(at, std::string::npos);
  auto path =
      made.body.substr(at + site_url_.size(), made.body.find('"', at) - at - site_url_.size());

  Client feed_reader;  // a feed reader carries no cookie
  auto feed = send(feed_reader, http::Method::Get, path);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_EQ(feed.header("Cache-Control"), "private, no-store");
  EXPECT_NE(feed.body.find("<title>Gas storage outlook</title>"), std::string::npos);
  EXPECT_NE(feed.body.find("What Gas storage outlook finds."), std::string::npos);
  EXPECT_EQ(feed.body.find("Border risks"), std::string::npos);
  EXPECT_EQ(feed.body.find("Open brief"), std::string::npos);
  EXPECT_EQ(feed.body.find("secret body"), std::string::npos);

  // When the organisation's grants change, so does the feed.
  readers_["cookie-1"].grants = {{publishing::GrantScope::All, 0}};
  feed = send(feed_reader, http::Method::Get, path);
  EXPECT_NE(feed.body.find("Border risks"), std::string::npos);

  // A new address revokes the old one.
  auto renewed = send(c, http::Method::Post, "/portal/feed", {{"_csrf", member.csrf_token}});
  ASSERT_EQ(renewed.status, 200);
  EXPECT_EQ(renewed.body.find(path), std::string::npos);
  EXPECT_EQ(send(feed_reader, http::Method::Get, path).status, 404);
  // Stopping the feed revokes the live one too.
  auto at2 = renewed.body.find(site_url_ + "/portal/feed/");
  auto path2 = renewed.body.substr(at2 + site_url_.size(),
                                   renewed.body.find('"', at2) - at2 - site_url_.size());
  EXPECT_EQ(send(feed_reader, http::Method::Get, path2).status, 200);
  EXPECT_EQ(
      send(c, http::Method::Post, "/portal/feed/revoke", {{"_csrf", member.csrf_token}}).status,
      303);
  EXPECT_EQ(send(feed_reader, http::Method::Get, path2).status, 404);
  // Unknown and malformed tokens.
  EXPECT_EQ(send(feed_reader, http::Method::Get, "/portal/feed/nothing.xml").status, 404);
  EXPECT_EQ(
      send(feed_reader, http::Method::Get, "/portal/feed/" + std::string(43, 'a') + ".xml").status,
      404);
  // The address is kept hashed: the database holds no token.
  EXPECT_EQ(count("SELECT COUNT(*) FROM reader_feeds WHERE length(token_hash) = 64"), 2);
}

TEST_F(ReaderFeedTest, RenewingNeedsTheSessionsTokenAndThisSite) {
  auto member = client(1, 10, {});
  auto c = browser(member, "cookie-1");
  EXPECT_EQ(send(c, http::Method::Post, "/portal/feed", {{"_csrf", "wrong"}}).status, 403);
  EXPECT_EQ(send(c, http::Method::Post, "/portal/feed", {}).status, 403);
  EXPECT_EQ(send(c, http::Method::Post, "/portal/feed", {{"_csrf", member.csrf_token}},
                 {{"sec-fetch-site", "cross-site"}})
                .status,
            403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reader_feeds"), 0);
}

}  // namespace
}  // namespace dossier::clients::test
