// Access requests through the real binary with a real SMTP server (aiosmtpd): a reader who is
// not a client asks for a client report from its teaser; the newsroom hears of it by mail,
// grants nothing yet, then declines, and the reader hears of that by mail. A forged or
// cross-site request changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "newsroom_client.hpp"
#include "support/smtp_sink.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kSiteUrl = "https://news.example.org";
constexpr char const* kReportSlug = "geneva-ceasefire-talks-end-without-deal";
// The anonymous form is refused when sent sooner than this after it was shown (a robot).
constexpr auto kFillTime = std::chrono::milliseconds(3200);

// The test's own request (the demo has one of its own).
std::string mine(std::string const& what) {
  return "SELECT " + what + " FROM client_requests WHERE email = 'ines@example.org'";
}

TEST(RequestsE2e, AReaderAsksTheNewsroomHearsAndTheReaderHearsBack) {
  auto data = make_temp_dir("dossier-requests-e2e");
  auto dossier = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {dossier_binary(), "--data", data});
    return run(args);
  };
  ASSERT_EQ(dossier({"init"}).exit_code, 0);
  ASSERT_EQ(dossier({"demo"}).exit_code, 0);
  ASSERT_EQ(dossier({"article", "visibility", "--slug", kReportSlug, "--set", "clients"}).exit_code,
            0);
  auto db = data + "/dossier.db";
  auto article_id =
      sqlite_value(db, std::string("SELECT id FROM articles WHERE slug = '") + kReportSlug + "'");
  {
    SmtpSink sink;
    ServerProcess server(data, {{"DOSSIER_MAIL_SMTP_URL", sink.url()},
                                {"DOSSIER_MAIL_FROM", "Institute <news@news.example.org>"},
                                {"DOSSIER_MAIL_RATE_PER_SECOND", "1000"},
                                {"DOSSIER_SITE_URL", kSiteUrl},
                                {"DOSSIER_JOBS_INTERVAL_MS", "100"}});
    ASSERT_TRUE(server.started()) << server.first_line();
    auto teaser = request(server.port(), "GET", std::string("/articles/") + kReportSlug);
    ASSERT_TRUE(teaser);
    ASSERT_EQ(teaser->status, 200);
    ASSERT_NE(teaser->body.find("Request access"), std::string::npos);
    auto token = hidden_field(teaser->body, "token");
    ASSERT_FALSE(token.empty());
    std::vector<std::pair<std::string, std::string>> fields{
        {"article", article_id},
        {"token", token},
        {"website_confirm", ""},
        {"name", "Ines Varga"},
        {"email", "ines@example.org"},
        {"organisation", "Harbour Policy Centre"},
        {"message", "For our energy desk."}};
    std::this_thread::sleep_for(kFillTime);

    // Another website's post, and a robot's (the honeypot filled), change nothing.
    std::map<std::string, std::string> headers{
        {"Content-Type", "application/x-www-form-urlencoded"}};
    auto cross = headers;
    cross["Sec-Fetch-Site"] = "cross-site";
    auto refused = request(server.port(), "POST", "/portal/requests", cross, form_body(fields));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    auto robot = fields;
    robot[2].second = "https://spam.example";
    auto trapped = request(server.port(), "POST", "/portal/requests", headers, form_body(robot));
    ASSERT_TRUE(trapped);
    EXPECT_GE(trapped->status, 400);
    EXPECT_EQ(sqlite_value(db, mine("COUNT(*)")), "0");

    auto asked = request(server.port(), "POST", "/portal/requests", headers, form_body(fields));
    ASSERT_TRUE(asked);
    EXPECT_LT(asked->status, 400) << asked->body;
    EXPECT_EQ(sqlite_value(db, mine("state || ' ' || email")), "new ines@example.org");
    ASSERT_TRUE(sink.wait_for(1, std::chrono::seconds(10))) << sink.log();
    auto to_newsroom = sink.messages().at(0);
    EXPECT_NE(to_newsroom.subject.find("Access request"), std::string::npos) << to_newsroom.subject;
    EXPECT_NE(to_newsroom.text.find("Harbour Policy Centre"), std::string::npos);

    auto newsroom = NewsroomClient::sign_in_demo_admin(server.port(), data);
    ASSERT_TRUE(newsroom);
    auto id = sqlite_value(db, mine("id"));
    auto queue = request(server.port(), "GET", "/admin/requests", {{"Cookie", newsroom->cookie()}});
    ASSERT_TRUE(queue);
    EXPECT_NE(queue->body.find("Ines Varga"), std::string::npos);
    auto declined = newsroom->post("/admin/requests/" + id, {{"state", "declined"}});
    ASSERT_TRUE(declined);
    EXPECT_LT(declined->status, 400) << declined->body;
    EXPECT_EQ(sqlite_value(db, mine("state")), "declined");
    auto heard = [&] {
      for (auto const& m : sink.messages())
        if (m.rcpt_to == std::vector<std::string>{"ines@example.org"}) return true;
      return false;
    };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!heard() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(heard()) << "the reader hears the newsroom's answer\n" << sink.log();
    // A final state does not move again.
    auto again = newsroom->post("/admin/requests/" + id, {{"state", "granted"}});
    ASSERT_TRUE(again);
    EXPECT_GE(again->status, 400);
    EXPECT_EQ(sqlite_value(db, mine("state")), "declined");
    EXPECT_EQ(server.terminate(), 0);
  }
  remove_tree(data);
}

}  // namespace
}  // namespace dossier::test
