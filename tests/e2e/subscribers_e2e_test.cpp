// Newsletter subscribers sign in, through the real binary and a real SMTP server (aiosmtpd):
// a reader subscribes and confirms with the newsletter's own mails, asks for a sign-in link on
// the portal's form, signs in with the link the server mailed, then reads an article made
// `subscribers` by the CLI in full, gets the teaser of a `clients` one, and a 403 for a PDF.
// An unsubscribe ends what the session may read, at its next request.
#include <gtest/gtest.h>

#include "newsroom_client.hpp"
#include "support/smtp_sink.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kSiteUrl = "https://news.example.org";
// Two demo articles, and a sentence of each that only their full text has.
constexpr char const* kForSubscribers = "geneva-ceasefire-talks-end-without-deal";
constexpr char const* kSubscribersText = "The head of the Russian delegation, Gennady Pastukhov";
constexpr char const* kForClients = "horn-of-africa-drought-displacement";
constexpr char const* kClientsText = "Abdirahman Warsame Jama";
constexpr auto kMailWait = std::chrono::seconds(10);

class SubscribersE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-subscribers-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
    for (auto const& [slug, visibility] :
         {std::pair{kForSubscribers, "subscribers"}, std::pair{kForClients, "clients"}}) {
      auto set = run({dossier_binary(), "--data", data_, "article", "visibility", "--slug", slug,
                      "--set", visibility});
      ASSERT_EQ(set.exit_code, 0) << set.err;
    }
  }
  void TearDown() override { remove_tree(data_); }

  std::string data_;
};

TEST_F(SubscribersE2e, AConfirmedSubscriberSignsInFromTheMailAndReadsTheSubscribersArticle) {
  SmtpSink sink;
  ServerProcess server(data_, {{"DOSSIER_MAIL_SMTP_URL", sink.url()},
                               {"DOSSIER_MAIL_FROM", "Institute <news@news.example.org>"},
                               {"DOSSIER_MAIL_RATE_PER_SECOND", "1000"},
                               {"DOSSIER_SITE_URL", kSiteUrl},
                               {"DOSSIER_JOBS_INTERVAL_MS", "100"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto post = [&](std::string const& path, std::string const& body,
                  std::string const& cookie = {}) {
    std::map<std::string, std::string> headers{
        {"Content-Type", "application/x-www-form-urlencoded"}};
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return request(server.port(), "POST", path, headers, body).value_or(HttpResponse{});
  };
  auto get = [&](std::string const& path, std::string const& cookie = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return request(server.port(), "GET", path, headers).value_or(HttpResponse{});
  };
  auto article = std::string("/articles/") + kForSubscribers;

  // Anonymous: the teaser, whose box offers sign-in and the subscription, not a request.
  auto teaser = get(article);
  ASSERT_EQ(teaser.status, 200);
  EXPECT_EQ(teaser.body.find(kSubscribersText), std::string::npos);
  EXPECT_NE(teaser.body.find("This article is for subscribers"), std::string::npos);
  EXPECT_NE(teaser.body.find("href=\"/subscribe\""), std::string::npos);
  EXPECT_EQ(teaser.body.find("Request access"), std::string::npos);

  // Subscribing alone (unconfirmed) signs nobody in: the same answer, and no mail.
  ASSERT_EQ(post("/subscribe", "email=Sam%40Example.org").status, 200);
  ASSERT_TRUE(sink.wait_for(1, kMailWait)) << sink.log();
  auto confirmation = sink.messages().at(0);
  auto pending = post("/portal/sign-in", "email=sam%40example.org&next=%2Fportal");
  EXPECT_EQ(pending.status, 200);
  EXPECT_NE(pending.body.find("Check your mail"), std::string::npos);

  auto confirm = link_path(confirmation.text, kSiteUrl, "/newsletter/confirm/");
  ASSERT_FALSE(confirm.empty()) << confirmation.text;
  ASSERT_EQ(get(confirm).status, 200);
  auto asked = post("/portal/sign-in", "email=Sam%40Example.org&next=" + url_encode(article));
  EXPECT_EQ(asked.status, 200);
  EXPECT_EQ(asked.body, pending.body) << "the form answers the same whoever asks";
  ASSERT_TRUE(sink.wait_for(2, kMailWait)) << sink.log();
  ASSERT_EQ(sink.messages().size(), 2u) << "the unconfirmed request mailed nothing";
  auto mail = sink.messages().at(1);
  EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"sam@example.org"});
  EXPECT_NE(mail.subject.find("sign-in link"), std::string::npos) << mail.subject;
  EXPECT_NE(mail.text.find("newsletter subscriber"), std::string::npos) << mail.text;
  auto path = link_path(mail.text, kSiteUrl, "/portal/link/");
  ASSERT_FALSE(path.empty()) << mail.text;

  auto page = get(path);  // a mail scanner's visit uses nothing
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("newsletter subscriber sam@example.org"), std::string::npos);
  auto action = path.substr(0, path.find('?'));
  auto signed_in = post(action, "next=" + url_encode(article));
  ASSERT_EQ(signed_in.status, 303) << signed_in.body;
  EXPECT_EQ(signed_in.header("location"), article);
  auto set_cookie = signed_in.header("set-cookie");
  ASSERT_TRUE(set_cookie.starts_with("dossier_reader=")) << set_cookie;
  auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(post(action, "").status, 404) << "a link works once";

  // In full: the subscribers' article, privately.
  auto full = get(article, cookie);
  ASSERT_EQ(full.status, 200);
  EXPECT_NE(full.body.find(kSubscribersText), std::string::npos);
  EXPECT_NE(full.header("cache-control").find("no-store"), std::string::npos);
  EXPECT_EQ(full.body.find("This article is for subscribers"), std::string::npos);
  // The clients' report stays a teaser, with the clients' box.
  auto report = get(std::string("/articles/") + kForClients, cookie);
  ASSERT_EQ(report.status, 200);
  EXPECT_EQ(report.body.find(kClientsText), std::string::npos);
  EXPECT_NE(report.body.find("This report is for clients"), std::string::npos);
  // The portal lists the subscribers' article; PDFs are for members.
  auto portal = get("/portal", cookie);
  ASSERT_EQ(portal.status, 200);
  EXPECT_NE(portal.body.find("Articles for subscribers"), std::string::npos);
  EXPECT_NE(portal.body.find(article), std::string::npos);
  EXPECT_EQ(portal.body.find(".pdf"), std::string::npos);
  for (auto const* slug : {kForSubscribers, kForClients}) {
    auto pdf = get(std::string("/portal/reports/") + slug + ".pdf", cookie);
    EXPECT_EQ(pdf.status, 403) << slug;
    EXPECT_NE(pdf.body.find("PDFs are for client members"), std::string::npos) << pdf.body;
    EXPECT_NE(pdf.header("content-type"), "application/pdf");
  }
  // The reader cookie opens no newsroom page.
  EXPECT_EQ(get("/admin", cookie).status, 303);

  // Unsubscribed since (written with sqlite3: the unsubscribe links have their own suite), the
  // session reads as anyone's at its next request: the state is asked at each one.
  auto gone = sqlite_command(
      data_ + "/dossier.db",
      "UPDATE subscribers SET status = 'unsubscribed' WHERE email = 'sam@example.org'");
  ASSERT_EQ(gone.exit_code, 0) << gone.err;
  auto after = get(article, cookie);
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find(kSubscribersText), std::string::npos) << "a teaser again";
  EXPECT_EQ(get("/portal", cookie).status, 303) << "sent to sign in";
}

}  // namespace
}  // namespace dossier::test
