// Client organisations through the real binary: the `client` and `article visibility` commands
// (bad input gives a message, a non-zero exit and changes nothing), and a member signing in
// with the link that a real SMTP server (aiosmtpd) received, whose reader cookie then opens no
// newsroom page, until signing out ends the session.
#include <gtest/gtest.h>

#include "support/smtp_sink.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kSiteUrl = "https://news.example.org";
constexpr char const* kArticleSlug = "geneva-ceasefire-talks-end-without-deal";

class ClientsE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-clients-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }

  RunResult dossier(std::vector<std::string> args,
                    std::map<std::string, std::string> const& env = {}) {
    args.insert(args.begin(), {dossier_binary(), "--data", data_});
    return run(args, env);
  }

  // Everything the client commands can change, as text.
  std::string state() {
    return run({"/usr/bin/sqlite3", data_ + "/dossier.db",
                "SELECT * FROM clients; SELECT * FROM client_members; SELECT * FROM client_grants;"
                " SELECT * FROM client_links; SELECT slug, visibility, updated_at FROM articles;"})
        .out;
  }

  std::string data_;
};

TEST_F(ClientsE2e, CommandsAddListGrantAndRefuseBadInputChangingNothing) {
  ASSERT_EQ(
      dossier({"client", "add", "--name", "Ministry", "--seats", "1", "--until", "2027-06-30"})
          .exit_code,
      0);
  ASSERT_EQ(dossier({"client", "member", "add", "--client", "Ministry", "--email",
                     "desk@example.org", "--name", "Desk"})
                .exit_code,
            0);
  auto granted = dossier({"client", "grant", "--client", "Ministry", "--category", "africa",
                          "--from", "2026-01-01", "--until", "2026-12-31"});
  ASSERT_EQ(granted.exit_code, 0) << granted.err;
  auto list = dossier({"client", "list"});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("Ministry"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("1/1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("2027-06-30"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Category: Africa (africa)  [2026-01-01 .. 2026-12-31]"),
            std::string::npos)
      << list.out;

  auto before = state();
  std::vector<std::vector<std::string>> bad = {
      {"client", "add", "--name", "ministry"},                        // name taken
      {"client", "add", "--name", "Other", "--until", "2027-02-30"},  // no such day
      {"client", "add", "--name", "Other", "--seats", "many"},        // not a number
      {"client", "member", "add", "--client", "Ministry", "--email", "two@example.org"},  // seats
      {"client", "member", "add", "--client", "Nobody", "--email", "two@example.org"},
      {"client", "member", "add", "--client", "Ministry", "--email", "not-an-address"},
      {"client", "grant", "--client", "Ministry", "--tag", "no-such-tag"},
      {"client", "grant", "--client", "Ministry", "--tag", "asean", "--all"},  // two scopes
      {"client", "grant", "--client", "Ministry"},                             // no scope
      {"client", "grant", "--client", "Ministry", "--all", "--from", "2026-31-12"},
      {"client", "grant", "--client", "Ministry", "--all", "--from", "2026-12-31", "--until",
       "2026-01-01"},  // ends before it starts
      {"client", "grant", "--client", "Nobody", "--all"},
      {"client", "revoke", "--client", "Ministry", "--tag", "asean"},  // no such grant
      {"client", "link", "--email", "nobody@example.org"},
      {"article", "visibility", "--slug", "no-such-article", "--set", "clients"},
      {"article", "visibility", "--slug", kArticleSlug, "--set", "secret"},
  };
  for (auto const& args : bad) {
    auto r = dossier(args);
    std::string line;
    for (auto const& a : args) line += a + " ";
    EXPECT_NE(r.exit_code, 0) << line;
    EXPECT_NE(r.err.find("dossier"), std::string::npos) << line << ": " << r.err;
    EXPECT_EQ(state(), before) << line;
  }

  auto visible = dossier({"article", "visibility", "--slug", kArticleSlug, "--set", "clients"});
  ASSERT_EQ(visible.exit_code, 0) << visible.err;
  EXPECT_NE(state(), before);
  auto link = dossier({"client", "link", "--email", "Desk@Example.org"});
  ASSERT_EQ(link.exit_code, 0) << link.err;
  EXPECT_NE(link.out.find("/portal/link/"), std::string::npos);
}

TEST_F(ClientsE2e, TheMailedLinkSignsInAndTheReaderCookieOpensNoNewsroomPage) {
  ASSERT_EQ(dossier({"client", "add", "--name", "Ministry"}).exit_code, 0);
  ASSERT_EQ(
      dossier({"client", "member", "add", "--client", "Ministry", "--email", "desk@example.org"})
          .exit_code,
      0);
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

  auto asked = post("/portal/sign-in", "email=Desk%40Example.org&next=%2Flatest");
  EXPECT_EQ(asked.status, 200);
  EXPECT_NE(asked.body.find("Check your mail"), std::string::npos);
  ASSERT_TRUE(sink.wait_for(1, std::chrono::seconds(10))) << sink.log();
  auto mail = sink.messages().at(0);
  EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"desk@example.org"});
  EXPECT_NE(mail.subject.find("sign-in link"), std::string::npos) << mail.subject;
  auto path = link_path(mail.text, kSiteUrl, "/portal/link/");
  ASSERT_FALSE(path.empty()) << mail.text;
  auto action = path.substr(0, path.find('?'));

  auto page = get(path);  // what a mail scanner does: nothing is used
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("value=\"/latest\""), std::string::npos);
  auto signed_in = post(action, "next=%2Flatest");
  ASSERT_EQ(signed_in.status, 303) << signed_in.body;
  EXPECT_EQ(signed_in.header("location"), "/latest");
  auto set_cookie = signed_in.header("set-cookie");
  ASSERT_TRUE(set_cookie.starts_with("dossier_reader=")) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(set_cookie.find("Secure"), std::string::npos) << "the site is https";
  auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(post(action, "").status, 404) << "a link works once";

  for (auto admin : {"/admin", "/admin/articles", "/admin/clients"}) {
    auto r = get(admin, cookie);
    EXPECT_EQ(r.status, 303) << admin;
    EXPECT_TRUE(r.header("location").starts_with("/admin/login")) << admin;
  }

  // Signing out needs the session's CSRF token: without it nothing ends.
  EXPECT_EQ(post("/portal/sign-out", "_csrf=wrong", cookie).status, 403);
  auto sessions = [&] {
    return run({"/usr/bin/sqlite3", data_ + "/dossier.db", "SELECT COUNT(*) FROM client_sessions"})
        .out;
  };
  EXPECT_EQ(sessions(), "1\n");
  auto csrf =
      run({"/usr/bin/sqlite3", data_ + "/dossier.db", "SELECT csrf_token FROM client_sessions"})
          .out;
  csrf.pop_back();
  auto out = post("/portal/sign-out", "_csrf=" + csrf, cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(sessions(), "0\n");
}

}  // namespace
}  // namespace dossier::test
