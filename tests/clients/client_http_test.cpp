// The readers' sign-in pages and the newsroom's client pages through the same dispatch as the
// server: a reader's cookie opens no newsroom page, every POST refuses another website's and a
// post without the session's CSRF token, and the link's GET never uses the link.
#include <gtest/gtest.h>

#include "clients/client_stack.hpp"

namespace dossier::clients {
namespace {

using http::Method;

class ClientHttpTest : public test::ClientStack, public ::testing::Test {
 protected:
  ClientHttpTest() : ClientStack("dossier-clients-http") {}

  // Signs a reader in through the form and the mailed link, as a browser does.
  void sign_in_reader(Client& reader, std::string const& email, std::string const& next = {}) {
    auto form = send(reader, Method::Post, "/portal/sign-in", {{"email", email}, {"next", next}});
    ASSERT_EQ(form.status, 200) << form.body;
    auto path = mailed_link_path();
    ASSERT_FALSE(path.empty());
    auto page = send(reader, Method::Get, path);
    ASSERT_EQ(page.status, 200);
    auto action = path.substr(0, path.find('?'));
    auto done = send(reader, Method::Post, action, {{"next", hidden_value(page.body, "next")}});
    ASSERT_EQ(done.status, 303) << done.body;
    ASSERT_TRUE(reader.cookies.contains(kReaderCookie));
  }

  std::string reader_csrf(Client& reader) {
    return clients_->authenticate(reader.cookies[kReaderCookie])->csrf_token;
  }
};

TEST_F(ClientHttpTest, TheMailedLinkSignsInWithAnHttpOnlyLaxCookieAndGoesToNext) {
  client_with_member("Ministry", "desk@example.org");
  Client reader;
  auto form = send(reader, Method::Get, "/portal/sign-in?next=/articles/sahel");
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(hidden_value(form.body, "next"), "/articles/sahel");
  EXPECT_EQ(form.header("Cache-Control"), "no-store");
  auto sent = send(reader, Method::Post, "/portal/sign-in",
                   {{"email", "desk@example.org"}, {"next", "/articles/sahel"}});
  ASSERT_EQ(sent.status, 200);
  auto stranger = send(reader, Method::Post, "/portal/sign-in", {{"email", "who@example.org"}});
  // The same page either way.
  EXPECT_EQ(stranger.status, sent.status);
  EXPECT_EQ(stranger.body, sent.body);

  auto path = mailed_link_path();
  // A mail scanner's GET shows a button and uses nothing.
  for (int i = 0; i < 2; ++i) {
    auto page = send(reader, Method::Get, path);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("desk@example.org"), std::string::npos);
  }
  EXPECT_FALSE(reader.cookies.contains(kReaderCookie));
  auto page = send(reader, Method::Get, path);
  auto action = path.substr(0, path.find('?'));
  auto done = send(reader, Method::Post, action, {{"next", hidden_value(page.body, "next")}});
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.header("Location"), "/articles/sahel");
  std::string cookie;
  for (auto const& [k, v] : done.headers)
    if (k == "Set-Cookie" && v.starts_with("dossier_reader=")) cookie = v;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  // Used once: the second press finds no link.
  Client other;
  EXPECT_EQ(send(other, Method::Post, action).status, 404);
  EXPECT_FALSE(other.cookies.contains(kReaderCookie));
}

TEST_F(ClientHttpTest, NextMustBeALocalPath) {
  client_with_member("Ministry", "desk@example.org");
  for (auto next : {"//evil.example/", "https://evil.example/", "/\\evil.example"}) {
    Client reader;
    send(reader, Method::Post, "/portal/sign-in", {{"email", "desk@example.org"}, {"next", next}});
    auto path = mailed_link_path();
    auto done = send(reader, Method::Post, path.substr(0, path.find('?')), {{"next", next}});
    ASSERT_EQ(done.status, 303);
    EXPECT_EQ(done.header("Location"), "/portal") << next;
  }
}

TEST_F(ClientHttpTest, AReaderSessionOpensNoNewsroomPage) {
  client_with_member("Ministry", "desk@example.org");
  Client reader;
  sign_in_reader(reader, "desk@example.org");
  ASSERT_EQ(reader.cookies.size(), 1u) << "only the reader's cookie";
  for (auto path : {"/admin", "/admin/articles", "/admin/clients", "/admin/users"}) {
    auto r = send(reader, Method::Get, path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_TRUE(r.header("Location").starts_with("/admin/login"))
        << path << " " << r.header("Location");
  }
  // The same for a POST carrying the reader session's own CSRF token.
  auto post = send(reader, Method::Post, "/admin/clients",
                   {{"_csrf", reader_csrf(reader)}, {"name", "Forged"}});
  EXPECT_NE(post.status, 200);
  EXPECT_NE(post.status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clients WHERE name = 'Forged'"), 0);
}

TEST_F(ClientHttpTest, SignOutNeedsTheSessionsCsrfTokenAndEndsTheSession) {
  client_with_member("Ministry", "desk@example.org");
  Client reader;
  sign_in_reader(reader, "desk@example.org");
  auto token = reader.cookies[kReaderCookie];
  auto refused = send(reader, Method::Post, "/portal/sign-out", {{"_csrf", "wrong"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(clients_->authenticate(token));
  auto no_token = send(reader, Method::Post, "/portal/sign-out");
  EXPECT_EQ(no_token.status, 403);
  EXPECT_TRUE(clients_->authenticate(token));

  auto out = send(reader, Method::Post, "/portal/sign-out", {{"_csrf", reader_csrf(reader)}});
  EXPECT_EQ(out.status, 303);
  EXPECT_FALSE(clients_->authenticate(token));
  EXPECT_FALSE(reader.cookies.contains(kReaderCookie));
}

TEST_F(ClientHttpTest, PostsFromAnotherWebsiteAreRefusedAndChangeNothing) {
  client_with_member("Ministry", "desk@example.org");
  auto before = count("SELECT COUNT(*) FROM outbox");
  Client reader;
  std::vector<std::pair<std::string, std::string>> cross = {{"sec-fetch-site", "cross-site"}};
  auto forged =
      send(reader, Method::Post, "/portal/sign-in", {{"email", "desk@example.org"}}, cross);
  EXPECT_EQ(forged.status, 403);
  auto by_origin = send(reader, Method::Post, "/portal/sign-in", {{"email", "desk@example.org"}},
                        {{"origin", "https://evil.example"}});
  EXPECT_EQ(by_origin.status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), before);

  // A forged press of a link's button (to sign the victim in as someone else) is refused too,
  // and leaves the link usable by its owner.
  auto m = clients_->member_by_email("desk@example.org");
  auto link = *clients_->sign_in_link(m->id);
  auto path = link.substr(site_url_.size());
  EXPECT_EQ(send(reader, Method::Post, path, {}, cross).status, 403);
  EXPECT_FALSE(reader.cookies.contains(kReaderCookie));
  EXPECT_EQ(send(reader, Method::Post, path).status, 303);

  // And a signed-in reader's sign-out from another site.
  auto token = reader.cookies[kReaderCookie];
  EXPECT_EQ(send(reader, Method::Post, "/portal/sign-out", {{"_csrf", reader_csrf(reader)}}, cross)
                .status,
            403);
  EXPECT_TRUE(clients_->authenticate(token));
}

TEST_F(ClientHttpTest, EditorsManageClientsAndAuthorsMayNot) {
  add_user("ed@example.org", auth::Role::Editor);
  add_user("au@example.org", auth::Role::Author);
  add_category("Africa");
  Client author;
  auto author_csrf = sign_in(author, "au@example.org");
  EXPECT_EQ(send(author, Method::Get, "/admin/clients").status, 403);
  EXPECT_EQ(
      send(author, Method::Post, "/admin/clients", {{"_csrf", author_csrf}, {"name", "X"}}).status,
      403);

  Client editor;
  auto csrf = sign_in(editor, "ed@example.org");
  auto list = send(editor, Method::Get, "/admin/clients");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("href=\"/admin/clients\""), std::string::npos) << "the nav link";
  // Without the newsroom session's CSRF token nothing is added.
  EXPECT_EQ(send(editor, Method::Post, "/admin/clients", {{"name", "Ministry"}}).status, 403);
  auto bad = send(editor, Method::Post, "/admin/clients",
                  {{"_csrf", csrf}, {"name", "Ministry"}, {"until", "2026-02-30"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clients"), 0);
  auto added =
      send(editor, Method::Post, "/admin/clients",
           {{"_csrf", csrf}, {"name", "Ministry"}, {"seats", "1"}, {"until", "2027-06-30"}});
  ASSERT_EQ(added.status, 303);
  auto page_path = std::string(added.header("Location"));
  auto change = [&](std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("_csrf", csrf);
    return send(editor, Method::Post, page_path, fields);
  };
  EXPECT_EQ(
      change({{"action", "add-member"}, {"email", "desk@example.org"}, {"name", "Desk"}}).status,
      200);
  auto full = change({{"action", "add-member"}, {"email", "two@example.org"}});
  EXPECT_EQ(full.status, 409);
  EXPECT_NE(full.body.find("no free seat"), std::string::npos);
  EXPECT_EQ(change({{"action", "grant"},
                    {"scope", "category"},
                    {"slug", "africa"},
                    {"from", "2026-09-01"},
                    {"until", "2026-12-31"}})
                .status,
            200);
  EXPECT_EQ(change({{"action", "grant"}, {"scope", "tag"}, {"slug", "no-such-tag"}}).status, 404);
  auto page = send(editor, Method::Get, page_path);
  EXPECT_NE(page.body.find("Category: Africa (africa)"), std::string::npos);
  EXPECT_NE(page.body.find("2026-12-31"), std::string::npos);

  auto m = clients_->member_by_email("desk@example.org");
  auto link = change({{"action", "link"}, {"member", std::to_string(m->id)}});
  ASSERT_EQ(link.status, 200);
  EXPECT_NE(link.body.find(site_url_ + "/portal/link/"), std::string::npos);
  EXPECT_EQ(change({{"action", "remove-member"}, {"member", std::to_string(m->id)}}).status, 200);
  EXPECT_EQ(clients_->members(m->client_id)[0].status, MemberStatus::Removed);
  auto grant = clients_->grants(m->client_id).at(0);
  EXPECT_EQ(change({{"action", "revoke"}, {"grant", std::to_string(grant.id)}}).status, 200);
  EXPECT_TRUE(clients_->grants(m->client_id).empty());
}

}  // namespace
}  // namespace dossier::clients
