// The portal over HTTP (the server's dispatch, no socket): who is sent to sign in, what the
// page lists, downloads' answers and headers, and the access request's form for every reader.
#include <gtest/gtest.h>

#include <ctemplate/template.h>

#include "clients/portal_fixture.hpp"
#include "clients/request_handlers.hpp"

namespace dossier::clients::test {
namespace {

using publishing::GrantScope;
using publishing::Visibility;

class PortalHandlersTest : public PortalFixture, public ::testing::Test {
 protected:
  PortalHandlersTest() {
    energy_ = publish("Gas storage outlook", Visibility::Clients, {1});
    security_ = publish("Border risks", Visibility::Clients, {2});
  }
  Id energy_ = 0, security_ = 0;
};

TEST_F(PortalHandlersTest, AnonymousReadersAreSentToSignIn) {
  Client anonymous;
  auto res = send(anonymous, http::Method::Get, "/portal");
  EXPECT_EQ(res.status, 303);
  EXPECT_EQ(res.header("Location"), "/portal/sign-in?next=%2Fportal");
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  auto pdf = send(anonymous, http::Method::Get, "/portal/reports/gas-storage-outlook.pdf");
  EXPECT_EQ(pdf.status, 303);
  EXPECT_TRUE(stamps_.empty());
}

TEST_F(PortalHandlersTest, ThePortalListsTheOrganisationsReportsAndRequests) {
  auto member = client(1, 10, {{GrantScope::Category, 1}});
  auto c = browser(member, "cookie-1");
  auto res = send(c, http::Method::Get, "/portal");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  EXPECT_TRUE(res.cache_keys.empty());
  EXPECT_NE(res.body.find("Reports for Ministry 10"), std::string::npos);
  EXPECT_NE(res.body.find("href=\"/articles/gas-storage-outlook\""), std::string::npos);
  EXPECT_NE(res.body.find("href=\"/portal/reports/gas-storage-outlook.pdf\""), std::string::npos);
  EXPECT_NE(res.body.find("What Gas storage outlook finds."), std::string::npos);
  EXPECT_EQ(res.body.find("Border risks"), std::string::npos);
  EXPECT_EQ(res.body.find("secret body"), std::string::npos);

  // A commission appears in the organisation's list, with its state.
  auto sent = send(c, http::Method::Post, "/portal/commissions",
                   {{"_csrf", member.csrf_token},
                    {"subject", "Caspian pipelines"},
                    {"details", "Routes and risks."}});
  EXPECT_EQ(sent.status, 303) << sent.body;
  res = send(c, http::Method::Get, "/portal");
  EXPECT_NE(res.body.find("Commission: Caspian pipelines: <strong>New</strong>"),
            std::string::npos);
  // Another member of the same organisation sees it too; another organisation does not.
  auto colleague = browser(client(2, 10, {}), "cookie-2");
  EXPECT_NE(send(colleague, http::Method::Get, "/portal").body.find("Caspian pipelines"),
            std::string::npos);
  auto other = browser(client(3, 11, {}), "cookie-3");
  EXPECT_EQ(send(other, http::Method::Get, "/portal").body.find("Caspian pipelines"),
            std::string::npos);
  // Without the session's token, or from another site, nothing is made.
  EXPECT_EQ(
      send(c, http::Method::Post, "/portal/commissions", {{"subject", "Forged"}, {"details", "x"}})
          .status,
      403);
  EXPECT_EQ(send(c, http::Method::Post, "/portal/commissions",
                 {{"_csrf", member.csrf_token}, {"subject", "Forged"}, {"details", "x"}},
                 {{"origin", "https://evil.example"}})
                .status,
            403);
  EXPECT_EQ(send(c, http::Method::Post, "/portal/commissions",
                 {{"_csrf", member.csrf_token}, {"subject", ""}, {"details", "x"}})
                .status,
            400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests"), 1);
}

TEST_F(PortalHandlersTest, DownloadsAnswerByAccess) {
  auto member = client(1, 10, {{GrantScope::Category, 1}});
  auto c = browser(member, "cookie-1");
  auto teaser = send(c, http::Method::Get, "/portal/reports/border-risks.pdf");
  EXPECT_EQ(teaser.status, 403);
  EXPECT_EQ(send(c, http::Method::Get, "/portal/reports/no-such.pdf").status, 404);
  EXPECT_EQ(send(c, http::Method::Get, "/portal/reports/gas-storage-outlook.txt").status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit"), 0);

  auto pdf = send(c, http::Method::Get, "/portal/reports/gas-storage-outlook.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.header("Content-Disposition"), "attachment; filename=\"gas-storage-outlook.pdf\"");
  EXPECT_EQ(pdf.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(pdf.body, "%PDF-1.7 report " + std::to_string(energy_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit WHERE kind = 'download'"), 1);

  pdf_fails_ = true;
  auto down = send(c, http::Method::Get, "/portal/reports/gas-storage-outlook.pdf");
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.header("Retry-After"), "120");
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit"), 1);
}

TEST_F(PortalHandlersTest, TheAccessBoxShowsOnATeaserOnly) {
  auto view = publishing_->read_any(energy_);
  ASSERT_TRUE(view);
  view->access = publishing::Access::Teaser;
  auto& requests = portal_.requests();
  // The article page shows the box's place on a teaser only (article_page.cpp).
  ctemplate::TemplateDictionary anonymous("article");
  anonymous.ShowSection("TEASER");
  requests.fill_access_box(anonymous, *view, publishing::Viewer{});
  auto html = theme_->render("article.tpl", anonymous);
  EXPECT_NE(html.find("This report is for clients"), std::string::npos);
  EXPECT_NE(html.find("href=\"/portal/sign-in?next=%2Farticles%2Fgas-storage-outlook\""),
            std::string::npos);
  EXPECT_NE(html.find("name=\"website_confirm\""), std::string::npos);
  EXPECT_NE(html.find("name=\"organisation\""), std::string::npos);

  auto member = client(1, 10, {});
  ctemplate::TemplateDictionary signed_in("article");
  signed_in.ShowSection("TEASER");
  requests.fill_access_box(signed_in, *view, member);
  html = theme_->render("article.tpl", signed_in);
  EXPECT_NE(html.find("value=\"" + member.csrf_token + "\""), std::string::npos);
  EXPECT_EQ(html.find("name=\"organisation\""), std::string::npos);
  EXPECT_EQ(html.find("website_confirm"), std::string::npos);

  view->access = publishing::Access::Full;
  ctemplate::TemplateDictionary full("article");
  full.ShowSection("TEASER");  // even then, the box says nothing to a reader with access
  requests.fill_access_box(full, *view, member);
  EXPECT_EQ(theme_->render("article.tpl", full).find("This report is for clients"),
            std::string::npos);
}

TEST_F(PortalHandlersTest, AnAnonymousReaderRequestsAccessThroughTheForm) {
  Client reader;
  auto form =
      send(reader, http::Method::Get, "/portal/requests?article=" + std::to_string(energy_));
  ASSERT_EQ(form.status, 200) << form.body;
  auto token = hidden_value(form.body, "token");
  ASSERT_FALSE(token.empty());
  std::vector<std::pair<std::string, std::string>> fields{{"article", std::to_string(energy_)},
                                                          {"token", token},
                                                          {"name", "Ana Reader"},
                                                          {"email", "ana@university.example"},
                                                          {"organisation", "University"},
                                                          {"message", "For a seminar."}};
  // Too quick: a robot's pace; the form comes back with the reader's words in it.
  auto quick = send(reader, http::Method::Post, "/portal/requests", fields);
  EXPECT_EQ(quick.status, 409);
  EXPECT_NE(quick.body.find("Ana Reader"), std::string::npos);
  advance(5);
  auto trapped = fields;
  trapped.emplace_back("website_confirm", "http://spam.example");
  EXPECT_EQ(send(reader, http::Method::Post, "/portal/requests", trapped).status, 403);
  EXPECT_EQ(send(reader, http::Method::Post, "/portal/requests", fields,
                 {{"sec-fetch-site", "cross-site"}})
                .status,
            403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests"), 0);
  auto done = send(reader, http::Method::Post, "/portal/requests", fields);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("we have your request"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests WHERE state = 'new' AND client_id = 0"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'desk@example.org'"), 1);

  // A report the reader can read, a public one and an unknown one have no request form.
  auto member = browser(client(1, 10, {{GrantScope::All, 0}}), "cookie-1");
  EXPECT_EQ(
      send(member, http::Method::Get, "/portal/requests?article=" + std::to_string(energy_)).status,
      409);
  auto open = publish("Open brief", Visibility::Public);
  EXPECT_EQ(
      send(reader, http::Method::Get, "/portal/requests?article=" + std::to_string(open)).status,
      404);
  EXPECT_EQ(send(reader, http::Method::Get, "/portal/requests?article=x").status, 404);
}

TEST_F(PortalHandlersTest, TheNewsroomMovesARequestFromItsQueue) {
  auto member = client(1, 10, {});
  auto c = browser(member, "cookie-1");
  ASSERT_EQ(send(c, http::Method::Post, "/portal/requests",
                 {{"_csrf", member.csrf_token},
                  {"article", std::to_string(security_)},
                  {"message", "Please."}})
                .status,
            200);
  Client desk;
  auto csrf = sign_in(desk, "desk@example.org");
  auto queue = send(desk, http::Method::Get, "/admin/requests?state=new");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("Ministry 10"), std::string::npos);
  EXPECT_EQ(send(desk, http::Method::Get, "/admin/requests?state=bogus").status, 400);
  auto item = send(desk, http::Method::Get, "/admin/requests/1");
  ASSERT_EQ(item.status, 200);
  EXPECT_NE(item.body.find("Border risks"), std::string::npos);
  EXPECT_NE(item.body.find("value=\"granted\""), std::string::npos);
  EXPECT_EQ(item.body.find("value=\"delivered\""), std::string::npos);
  // Without the newsroom's CSRF token nothing moves.
  EXPECT_EQ(send(desk, http::Method::Post, "/admin/requests/1", {{"state", "granted"}}).status,
            403);
  EXPECT_EQ(
      send(desk, http::Method::Post, "/admin/requests/1", {{"_csrf", csrf}, {"state", "delivered"}})
          .status,
      409);
  auto moved =
      send(desk, http::Method::Post, "/admin/requests/1", {{"_csrf", csrf}, {"state", "granted"}});
  EXPECT_EQ(moved.status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests WHERE state = 'granted'"), 1);
  ASSERT_EQ(granted_.size(), 1u);
  EXPECT_EQ(granted_[0], std::make_pair(Id{10}, security_));
  EXPECT_EQ(send(desk, http::Method::Get, "/admin/requests/99").status, 404);
}

}  // namespace
}  // namespace dossier::clients::test

namespace dossier::clients::test {
namespace {

// A signed-in newsletter subscriber, as ClientService::viewer makes one.
publishing::Viewer subscriber_viewer() {
  publishing::Viewer v;
  v.kind = publishing::ViewerKind::Subscriber;
  v.email = "reader@example.org";
  v.csrf_token = "csrf-of-subscriber";
  return v;
}

TEST_F(PortalHandlersTest, ASubscribersPortalListsTheSubscribersArticlesWithoutMembersParts) {
  publish("Weekly brief", Visibility::Subscribers);
  auto c = browser(subscriber_viewer(), "cookie-subscriber");
  auto res = send(c, http::Method::Get, "/portal");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  EXPECT_NE(res.body.find("Articles for subscribers"), std::string::npos);
  EXPECT_NE(res.body.find("reader@example.org"), std::string::npos);
  EXPECT_EQ(res.body.find("Reports for"), std::string::npos) << "no organisation to name";
  EXPECT_NE(res.body.find("href=\"/articles/weekly-brief\""), std::string::npos);
  EXPECT_EQ(res.body.find("Gas storage outlook"), std::string::npos) << "a clients report";
  EXPECT_EQ(res.body.find(".pdf"), std::string::npos) << "PDFs are for members";
  EXPECT_EQ(res.body.find("/portal/commissions"), std::string::npos);
  EXPECT_EQ(res.body.find("requests"), std::string::npos);
  EXPECT_EQ(res.body.find("/portal/feed"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_visits"), 0) << "visits are members'";
}

TEST_F(PortalHandlersTest, ASubscriberGetsAForbiddenPageForAnyPdf) {
  publish("Weekly brief", Visibility::Subscribers);
  auto c = browser(subscriber_viewer(), "cookie-subscriber");
  // Even for an article they read in full: a copy is stamped with an organisation.
  for (auto const* path :
       {"/portal/reports/weekly-brief.pdf", "/portal/reports/gas-storage-outlook.pdf"}) {
    auto res = send(c, http::Method::Get, path);
    EXPECT_EQ(res.status, 403) << path;
    EXPECT_NE(res.body.find("PDFs are for client members"), std::string::npos) << res.body;
    EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  }
  EXPECT_TRUE(stamps_.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit"), 0);
  // The feed and commissions refuse them too.
  auto feed = send(c, http::Method::Post, "/portal/feed", {{"_csrf", "csrf-of-subscriber"}},
                   {{"Origin", site_url_}});
  EXPECT_EQ(feed.status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reader_feeds"), 0);
}

TEST_F(PortalHandlersTest, ASubscribersArticlesTeaserOffersSignInAndTheSubscription) {
  auto brief = publish("Weekly brief", Visibility::Subscribers);
  auto view = publishing_->read_any(brief);
  ASSERT_TRUE(view);
  view->access = publishing::Access::Teaser;
  auto& requests = portal_.requests();
  ctemplate::TemplateDictionary anonymous("article");
  anonymous.ShowSection("TEASER");
  requests.fill_access_box(anonymous, *view, publishing::Viewer{});
  auto html = theme_->render("article.tpl", anonymous);
  EXPECT_NE(html.find("This article is for subscribers"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/portal/sign-in?next=%2Farticles%2Fweekly-brief\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/subscribe\""), std::string::npos);
  EXPECT_EQ(html.find("This report is for clients"), std::string::npos);
  EXPECT_EQ(html.find("Request access"), std::string::npos);
  EXPECT_EQ(html.find("/portal/requests"), std::string::npos);

  // An access request for it is refused: there is nothing for the newsroom to grant.
  Client reader;
  auto asked = send(reader, http::Method::Post, "/portal/requests",
                    {{"article", std::to_string(brief)},
                     {"name", "A reader"},
                     {"email", "a@example.org"},
                     {"organisation", "None"}},
                    {{"Origin", site_url_}});
  EXPECT_EQ(asked.status, 409) << asked.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests"), 0);
}

}  // namespace
}  // namespace dossier::clients::test
