// Comments through the real binary and a real SMTP server (aiosmtpd): a reader posts a
// comment asking for reply mail; the confirmation reaches the reader and the moderation
// notice reaches the newsroom over SMTP; the confirmation link works; then the data-request
// commands export and erase what the reader wrote, and refuse bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "support/smtp_sink.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kArticle = "/articles/geneva-ceasefire-talks-end-without-deal";
constexpr char const* kSiteUrl = "https://news.example.org";

std::string token_of(std::string const& page) {
  std::string marker = "name=\"token\" value=\"";
  auto at = page.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return page.substr(at, page.find('"', at) - at);
}

// What the site's JS does when a reader starts writing: asks for a token of their own.
std::string fetch_token(int port, std::string const& article) {
  auto r = request(port, "GET", article + "/comments/token").value_or(HttpResponse{});
  if (r.status != 200) return {};
  return nlohmann::json::parse(r.body).value("token", "");
}

class CommentsE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-comments-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }

  RunResult cli(std::vector<std::string> args) {
    std::vector<std::string> argv{dossier_binary(), "--data", data_, "comments"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  std::string data_;
};

TEST_F(CommentsE2e, ACommentMailsTheReaderAndTheNewsroomThenIsExportedAndErased) {
  SmtpSink sink;
  ServerProcess server(data_, {{"DOSSIER_MAIL_SMTP_URL", sink.url()},
                               {"DOSSIER_MAIL_FROM", "Desk <desk@news.example.org>"},
                               {"DOSSIER_SITE_URL", kSiteUrl},
                               {"DOSSIER_JOBS_INTERVAL_MS", "100"},
                               {"DOSSIER_COMMENTS_MIN_FILL_SECONDS", "2"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto token = fetch_token(server.port(), kArticle);
  ASSERT_FALSE(token.empty());
  auto post = [&](std::string const& body) {
    return request(server.port(), "POST", std::string(kArticle) + "/comments",
                   {{"Content-Type", "application/x-www-form-urlencoded"}}, body)
        .value_or(HttpResponse{});
  };
  auto too_fast = post("name=Ada&email=ada%40example.org&body=Quick&action=post&token=" + token);
  EXPECT_EQ(too_fast.status, 409) << "sent within the minimum fill time";
  // Whole seconds: two of them have passed on the server's clock after 2.1 s, and not before 1 s
  // (a one-second rule could pass a post sent just across a second's boundary).
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto forged = post("name=Ada&email=ada%40example.org&body=Hi&action=post&token=x" + token);
  EXPECT_EQ(forged.status, 409);
  auto posted = post(
      "name=Ada+Reader&email=Ada%40Example.org&notify=1&action=post"
      "&body=Which+annex+covers+the+prisoner+exchange%3F&token=" +
      token);
  EXPECT_EQ(posted.status, 200);
  EXPECT_NE(posted.body.find("awaiting moderation"), std::string::npos);

  ASSERT_TRUE(sink.wait_for(2, std::chrono::seconds(10))) << sink.log();
  std::string confirm;
  bool newsroom_told = false;
  for (auto const& m : sink.messages()) {
    if (m.rcpt_to == std::vector<std::string>{"ada@example.org"}) {
      confirm = link_path(m.text, kSiteUrl, "/comments/notify/");
      EXPECT_FALSE(link_path(m.text, kSiteUrl, "/comments/delete/").empty()) << m.text;
    }
    if (m.rcpt_to == std::vector<std::string>{"admin@example.org"}) {
      newsroom_told = m.subject.find("awaits moderation") != std::string::npos &&
                      m.text.find("Which annex covers") != std::string::npos;
    }
  }
  EXPECT_TRUE(newsroom_told) << sink.log();
  ASSERT_FALSE(confirm.empty()) << sink.log();
  auto confirmed = request(server.port(), "GET", confirm).value_or(HttpResponse{});
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_NE(confirmed.body.find("You will hear of replies"), std::string::npos);

  auto exported = cli({"export", "--email", "ADA@example.org"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto json = nlohmann::json::parse(exported.out);
  ASSERT_EQ(json["comments"].size(), 1u);
  EXPECT_EQ(json["comments"][0]["text"], "Which annex covers the prisoner exchange?");
  EXPECT_EQ(json["comments"][0]["status"], "pending");
  EXPECT_EQ(json["comments"][0]["mail_about_replies"], true);

  auto erased = cli({"erase", "--email", "ada@example.org"});
  EXPECT_EQ(erased.exit_code, 0) << erased.err;
  EXPECT_NE(erased.out.find("Erased 1 comment written with ada@example.org"), std::string::npos)
      << erased.out;
  auto after = nlohmann::json::parse(cli({"export", "--email", "ada@example.org"}).out);
  EXPECT_TRUE(after["comments"].empty());

  auto bad = cli({"erase", "--email", "not an address"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--email must be an email address"), std::string::npos) << bad.err;
  EXPECT_NE(cli({"export"}).exit_code, 0) << "--email is required";
}

TEST_F(CommentsE2e, TheDemosCommentsShowWithCountsThatMatchTheRows) {
  auto db = data_ + "/dossier.db";
  auto mismatched = run({"/usr/bin/sqlite3", db,
                         "SELECT COUNT(*) FROM articles a WHERE a.comment_count <> (SELECT COUNT(*)"
                         " FROM comments c WHERE c.article_id = a.id AND c.status = 'approved');"});
  EXPECT_EQ(mismatched.out, "0\n");
  auto total = run({"/usr/bin/sqlite3", db, "SELECT COUNT(*) FROM comments;"});
  EXPECT_EQ(total.out, "7\n");
  ServerProcess server(data_);
  ASSERT_TRUE(server.started()) << server.first_line();
  auto page = request(server.port(), "GET", "/articles/iaea-inspectors-return-to-isfahan")
                  .value_or(HttpResponse{});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("3 comments"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"comments__replies\""), std::string::npos) << "a reply, nested";
  EXPECT_NE(page.body.find("<em>centrifuge workshops</em>"), std::string::npos);
  auto home = request(server.port(), "GET", "/").value_or(HttpResponse{});
  auto block = home.body.find("Most commented");
  ASSERT_NE(block, std::string::npos);
  auto first = home.body.find("<li><a href=\"", block);
  EXPECT_NE(home.body.find("/articles/iaea-inspectors-return-to-isfahan", first),
            std::string::npos);
  EXPECT_LT(home.body.find("/articles/iaea-inspectors-return-to-isfahan", first),
            home.body.find("/articles/treasury-sanctions-shadow-fleet-tankers", first))
      << "the most commented first";
}

TEST_F(CommentsE2e, TheCachedPageHasNoTokenAndEachReaderGetsTheirOwn) {
  ServerProcess server(data_, {{"DOSSIER_COMMENTS_MIN_FILL_SECONDS", "2"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  // The same bytes for every reader, whenever they come (once the analysis job has added the
  // article's "In this article" box, which changes the page once).
  HttpResponse first, second;
  for (int tries = 0; tries < 10; ++tries) {
    first = request(server.port(), "GET", kArticle).value_or(HttpResponse{});
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    second = request(server.port(), "GET", kArticle).value_or(HttpResponse{});
    if (first.body == second.body) break;
  }
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(first.body == second.body) << "the same bytes for every reader";
  EXPECT_EQ(first.header("etag"), second.header("etag"));
  EXPECT_EQ(token_of(first.body), "") << "no token in the shared page";

  auto handed = request(server.port(), "GET", std::string(kArticle) + "/comments/token")
                    .value_or(HttpResponse{});
  EXPECT_EQ(handed.status, 200);
  EXPECT_EQ(handed.header("cache-control"), "no-store");

  auto post = [&](std::string const& token) {
    return request(server.port(), "POST", std::string(kArticle) + "/comments",
                   {{"Content-Type", "application/x-www-form-urlencoded"}},
                   "name=Bo&email=bo%40example.org&body=Quick+words&action=post&token=" + token)
        .value_or(HttpResponse{});
  };
  // A program fetching the page and posting at once: sent back for one more step, then, with
  // the token that answer carries, refused as too quick.
  auto at_once = post("");
  EXPECT_EQ(at_once.status, 409);
  EXPECT_NE(at_once.body.find("One more step"), std::string::npos);
  auto again = post(token_of(at_once.body));
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("very quick"), std::string::npos);
  // A person: the form fetched, a moment spent writing, then sent.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto person = post(token_of(again.body));
  EXPECT_EQ(person.status, 200) << person.body;
  EXPECT_NE(person.body.find("awaiting moderation"), std::string::npos);
}

TEST_F(CommentsE2e, AnotherSitesFormsAreRefused) {
  ServerProcess server(
      data_, {{"DOSSIER_COMMENTS_MIN_FILL_SECONDS", "0"}, {"DOSSIER_SITE_URL", kSiteUrl}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto form = [&](std::string const& target, std::string const& body,
                  std::map<std::string, std::string> headers) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return request(server.port(), "POST", target, headers, body).value_or(HttpResponse{});
  };
  std::map<std::string, std::string> const cross{{"Sec-Fetch-Site", "cross-site"},
                                                 {"Origin", "https://evil.example"}};
  auto comment = [&] {
    return "name=Ada&email=ada%40example.org&body=Hi&action=post&token=" +
           fetch_token(server.port(), kArticle);
  };
  auto refused = form(std::string(kArticle) + "/comments", comment(), cross);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("sent from another website"), std::string::npos);
  EXPECT_EQ(form("/subscribe", "email=victim%40example.org", cross).status, 403);
  EXPECT_EQ(form("/subscribe", "email=victim%40example.org", {{"Origin", "null"}}).status, 403);
  auto origin = std::string("http://127.0.0.1");  // test_client sends "Host: 127.0.0.1"
  EXPECT_EQ(form(std::string(kArticle) + "/comments", comment(), {{"Origin", origin}}).status, 200)
      << "this site's own origin (the Host), no Fetch Metadata";
  EXPECT_EQ(form("/subscribe", "email=reader%40example.org", {{"Origin", kSiteUrl}}).status, 200)
      << "the configured site URL";
  EXPECT_EQ(
      form("/subscribe", "email=other%40example.org", {{"Sec-Fetch-Site", "same-origin"}}).status,
      200);
}

}  // namespace
}  // namespace dossier::test
