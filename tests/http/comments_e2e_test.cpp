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
                               {"DOSSIER_COMMENTS_MIN_FILL_SECONDS", "1"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto page = request(server.port(), "GET", kArticle).value_or(HttpResponse{});
  auto token = token_of(page.body);
  ASSERT_FALSE(token.empty());
  auto post = [&](std::string const& body) {
    return request(server.port(), "POST", std::string(kArticle) + "/comments",
                   {{"Content-Type", "application/x-www-form-urlencoded"}}, body)
        .value_or(HttpResponse{});
  };
  auto too_fast = post("name=Ada&email=ada%40example.org&body=Quick&action=post&token=" + token);
  EXPECT_EQ(too_fast.status, 409) << "sent within the minimum fill time";
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
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

}  // namespace
}  // namespace dossier::test
