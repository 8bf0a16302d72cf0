// Accounts, sessions and password links against a real SQLite file, with a moving clock.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include <soci/soci.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "security/tokens.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::auth {
namespace {

class AuthServiceTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  AuthServiceTest() : NewsroomStack("dossier-auth") {}

  long long count(std::string const& sql_text) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }
};

// A random token as it stands in a link: kTokenBytes in base64url without padding.
constexpr std::size_t kTokenLength = (security::kTokenBytes * 4 + 2) / 3;

// Everything logged through spdlog's default logger while it lives, at every level.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(LogCapture const&) = delete;
  LogCapture& operator=(LogCapture const&) = delete;
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(AuthServiceTest, LoginMakesASessionStoredOnlyAsAHash) {
  add_user("ed@example.org", Role::Editor);
  auto ok = auth_->login("ed@example.org", "correct horse battery", "192.0.2.1", "test");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" +
                  security::token_hash(ok->token) + "'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + ok->token + "'"), 0);
  auto session = auth_->authenticate(ok->token);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->user.email, "ed@example.org");
  EXPECT_EQ(session->csrf_token.size(), 43u);
}

TEST_F(AuthServiceTest, EmailIsCaseInsensitiveAndWrongPasswordsFail) {
  add_user("Ed@Example.org", Role::Editor);
  EXPECT_TRUE(auth_->login("ed@example.ORG", "correct horse battery", "192.0.2.1", "").ok());
  auto bad = auth_->login("ed@example.org", "wrong horse battery", "192.0.2.1", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Unauthorized);
  auto unknown = auth_->login("nobody@example.org", "correct horse battery", "192.0.2.1", "");
  ASSERT_FALSE(unknown.ok());
  // The same words for a wrong password and an unknown account: no account discovery.
  EXPECT_EQ(unknown.error().message, bad.error().message);
}

TEST_F(AuthServiceTest, SessionsExpireWhenIdleAndAbsolutely) {
  add_user("a@example.org", Role::Author);
  auto idle = auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "");
  ASSERT_TRUE(idle.ok());
  advance(auth_->options().session_idle.count() - 10);
  EXPECT_TRUE(auth_->authenticate(idle->token));  // still alive, and its idle clock restarts
  advance(auth_->options().session_idle.count() - 10);
  EXPECT_TRUE(auth_->authenticate(idle->token));
  advance(auth_->options().session_idle.count() + 1);
  EXPECT_FALSE(auth_->authenticate(idle->token));

  auto busy = auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "");
  ASSERT_TRUE(busy.ok());
  // Used every hour, it still ends at the absolute limit.
  for (long long t = 0; t < auth_->options().session_absolute.count() - 3600; t += 3600) {
    advance(3600);
    ASSERT_TRUE(auth_->authenticate(busy->token)) << t;
  }
  advance(3601);
  EXPECT_FALSE(auth_->authenticate(busy->token));
}

// The newsroom's gate over its routes: a session left idle past the limit no longer opens
// any page, its next request is sent to sign in, and the stale row is gone.
TEST_F(AuthServiceTest, AnIdleSessionIsRefusedByTheNewsroom) {
  add_user("a@example.org", Role::Author);
  Client c;
  sign_in(c, "a@example.org");
  auto cookie = c.cookies.at("dossier_session");
  ASSERT_EQ(get(c, "/admin/articles").status, 200);
  advance(auth_->options().session_idle.count() - 60);
  ASSERT_EQ(get(c, "/admin/articles").status, 200) << "used within the limit, it lives on";
  advance(auth_->options().session_idle.count() + 1);
  auto refused = get(c, "/admin/articles");
  EXPECT_EQ(refused.status, 303);
  EXPECT_EQ(refused.header("Location"), "/admin/login?next=%2Fadmin%2Farticles");
  // The dead cookie is cleared, so the browser stops sending it.
  EXPECT_NE(refused.header("Set-Cookie").find("dossier_session=;"), std::string::npos);
  EXPECT_NE(refused.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get(c, "/admin/profile").status, 303);
  EXPECT_EQ(post(c, "/admin/profile", {{"name", "Changed"}}).status, 401);
  EXPECT_EQ(auth_->user_by_email("a@example.org")->name, "a");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" +
                  security::token_hash(cookie) + "'"),
            0);
}

// The jobs thread's clean-up (delete_expired_sessions) removes idle and too old sessions and
// keeps the live ones.
TEST_F(AuthServiceTest, TheCleanUpRemovesIdleSessionsOnly) {
  add_user("a@example.org", Role::Author);
  auto idle = auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "");
  auto busy = auth_->login("a@example.org", "correct horse battery", "192.0.2.2", "");
  ASSERT_TRUE(idle.ok() && busy.ok());
  EXPECT_EQ(auth_->delete_expired_sessions(), 0);
  advance(auth_->options().session_idle.count() - 60);
  ASSERT_TRUE(auth_->authenticate(busy->token));  // refreshes busy's idle clock
  advance(120);
  EXPECT_EQ(auth_->delete_expired_sessions(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" +
                  security::token_hash(idle->token) + "'"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" +
                  security::token_hash(busy->token) + "'"),
            1);
  EXPECT_TRUE(auth_->authenticate(busy->token));
  EXPECT_FALSE(auth_->authenticate(idle->token));
}

TEST_F(AuthServiceTest, LogoutEverywhereAndDisablingEndSessions) {
  auto u = add_user("a@example.org", Role::Author);
  auto one = auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "");
  auto two = auth_->login("a@example.org", "correct horse battery", "192.0.2.2", "");
  auth_->logout(one->token);
  EXPECT_FALSE(auth_->authenticate(one->token));
  EXPECT_TRUE(auth_->authenticate(two->token));
  auth_->logout_everywhere(u.id);
  EXPECT_FALSE(auth_->authenticate(two->token));

  auto three = auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "");
  add_user("admin@example.org", Role::Admin);
  ASSERT_TRUE(auth_->set_status(1, u.id, UserStatus::Disabled).ok());
  EXPECT_FALSE(auth_->authenticate(three->token));
  EXPECT_FALSE(auth_->login("a@example.org", "correct horse battery", "192.0.2.1", "").ok());
}

TEST_F(AuthServiceTest, TheLastAdminCannotBeDisabledOrDemoted) {
  auto admin = add_user("admin@example.org", Role::Admin);
  auto r = auth_->set_status(admin.id, admin.id, UserStatus::Disabled);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Conflict);
  EXPECT_FALSE(auth_->set_role(admin.id, admin.id, Role::Editor).ok());
  add_user("second@example.org", Role::Admin);
  EXPECT_TRUE(auth_->set_role(admin.id, admin.id, Role::Editor).ok());
}

// Only admins who can sign in count: an invited admin without a password and a disabled one
// cannot take over, so the last usable admin must stay.
TEST_F(AuthServiceTest, TheLastAdminGuardCountsOnlyAdminsWhoCanSignIn) {
  auto usable = add_user("admin@example.org", Role::Admin);
  auto invited = auth_->add_user({"invited@example.org", "Invited", Role::Admin, std::nullopt, ""});
  ASSERT_TRUE(invited.ok());
  ASSERT_FALSE(invited->has_password);
  auto retired = add_user("retired@example.org", Role::Admin);
  ASSERT_TRUE(auth_->set_status(usable.id, retired.id, UserStatus::Disabled).ok());

  auto disabled = auth_->set_status(usable.id, usable.id, UserStatus::Disabled);
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.error().kind, ErrorKind::Conflict);
  auto demoted = auth_->set_role(usable.id, usable.id, Role::Editor);
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().kind, ErrorKind::Conflict);
  ASSERT_TRUE(auth_->user(usable.id));
  EXPECT_EQ(auth_->user(usable.id)->role, Role::Admin);
  EXPECT_EQ(auth_->user(usable.id)->status, UserStatus::Active);
  EXPECT_TRUE(auth_->login("admin@example.org", "correct horse battery", "192.0.2.1", "").ok());

  // Admins who cannot sign in may go: the usable one is untouched by it.
  EXPECT_TRUE(auth_->set_role(usable.id, retired.id, Role::Editor).ok());
  EXPECT_TRUE(auth_->set_status(usable.id, invited->id, UserStatus::Disabled).ok());
  ASSERT_TRUE(auth_->set_status(usable.id, invited->id, UserStatus::Active).ok());

  // Once the invited admin has chosen a password there are two, and one may step down.
  ASSERT_TRUE(auth_->set_password(invited->id, "another horse battery").ok());
  EXPECT_TRUE(auth_->set_role(usable.id, usable.id, Role::Editor).ok());
  EXPECT_FALSE(auth_->set_status(invited->id, invited->id, UserStatus::Disabled).ok());
}

// A password link is the account for whoever holds it: invitations, resets asked for by the
// reader and links made by an admin reach their owner (the mail, the admin's page) but no log,
// whichever way they are used or refused.
TEST_F(AuthServiceTest, PasswordLinksNeverReachTheLog) {
  LogCapture log;
  add_user("admin@example.org", Role::Admin);
  auto invited = auth_->add_user({"new@example.org", "New Person", Role::Author, std::nullopt, ""});
  ASSERT_TRUE(invited.ok());
  auto token_of = [](std::string const& link) { return link.substr(link.rfind('/') + 1); };
  std::vector<std::string> tokens;
  std::vector<std::string> messages;

  auto invitation = auth_->password_link(invited->id, TokenPurpose::SetPassword);
  ASSERT_TRUE(invitation.ok());
  tokens.push_back(token_of(*invitation));
  EXPECT_TRUE(auth_->password_link_user(tokens.back()));
  ASSERT_TRUE(auth_->set_password_with_link(tokens.back(), "a brand new password").ok());
  auto reused = auth_->set_password_with_link(tokens.back(), "another new password");
  ASSERT_FALSE(reused.ok());
  messages.push_back(reused.error().message);

  ASSERT_TRUE(auth_->request_reset("new@example.org", "192.0.2.1").ok());
  std::string mail;
  {
    soci::session sql(db_->pool());
    sql << "SELECT text_body FROM outbox WHERE recipient = 'new@example.org'", soci::into(mail);
  }
  auto at = mail.find("/admin/password/");
  ASSERT_NE(at, std::string::npos) << mail;
  tokens.push_back(mail.substr(at + 16, kTokenLength));
  ASSERT_TRUE(auth_->set_password_with_link(tokens.back(), "the third new password").ok());

  auto by_admin = auth_->password_link(invited->id, TokenPurpose::ResetPassword);
  ASSERT_TRUE(by_admin.ok());
  tokens.push_back(token_of(*by_admin));
  auto weak = auth_->set_password_with_link(tokens.back(), "short");
  ASSERT_FALSE(weak.ok());
  messages.push_back(weak.error().message);
  advance(auth_->options().reset_link_ttl.count() + 1);
  auto expired = auth_->set_password_with_link(tokens.back(), "a fourth new password");
  ASSERT_FALSE(expired.ok());
  messages.push_back(expired.error().message);

  auto logged = log.text();
  for (auto const& token : tokens) {
    ASSERT_EQ(token.size(), kTokenLength);
    EXPECT_EQ(logged.find(token), std::string::npos) << logged;
    for (auto const& m : messages) EXPECT_EQ(m.find(token), std::string::npos) << m;
  }
  EXPECT_EQ(logged.find("/admin/password/"), std::string::npos) << logged;
}

TEST_F(AuthServiceTest, RateLimitPerAccountComesBeforeHashing) {
  add_user("a@example.org", Role::Author);
  for (int i = 0; i < auth_->options().failures_per_account; ++i)
    EXPECT_EQ(auth_->login("a@example.org", "wrong password!", "192.0.2.1", "").error().kind,
              ErrorKind::Unauthorized);
  // Now even the right password is refused, from any address, until the window passes.
  auto limited = auth_->login("a@example.org", "correct horse battery", "198.51.100.7", "");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::RateLimited);
  EXPECT_NE(limited.error().message.find("minutes"), std::string::npos);
  advance(auth_->options().attempt_window.count() + 1);
  EXPECT_TRUE(auth_->login("a@example.org", "correct horse battery", "198.51.100.7", "").ok());
}

TEST_F(AuthServiceTest, RateLimitPerAddress) {
  add_user("a@example.org", Role::Author);
  for (int i = 0; i < auth_->options().attempts_per_address; ++i)
    auth_->login("user" + std::to_string(i) + "@example.org", "whatever pass", "203.0.113.5", "");
  auto limited = auth_->login("a@example.org", "correct horse battery", "203.0.113.5", "");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::RateLimited);
  EXPECT_TRUE(auth_->login("a@example.org", "correct horse battery", "203.0.113.6", "").ok());
}

TEST_F(AuthServiceTest, PasswordIsRehashedWhenTheCostChanges) {
  add_user("a@example.org", Role::Author);
  auto stronger = auth_->options();
  stronger.cost.ops_limit += 1;
  AuthService upgraded(*db_, moving_clock(), stronger);
  soci::session sql(db_->pool());
  std::string before, after;
  sql << "SELECT password_hash FROM users WHERE email = 'a@example.org'", soci::into(before);
  ASSERT_TRUE(upgraded.login("a@example.org", "correct horse battery", "192.0.2.1", "").ok());
  sql << "SELECT password_hash FROM users WHERE email = 'a@example.org'", soci::into(after);
  EXPECT_NE(before, after);
  EXPECT_FALSE(needs_rehash(after, stronger.cost));
  EXPECT_TRUE(upgraded.login("a@example.org", "correct horse battery", "192.0.2.1", "").ok());
}

TEST_F(AuthServiceTest, PasswordLinksAreSingleUseAndExpire) {
  auto u = auth_->add_user({"new@example.org", "New Person", Role::Contributor, std::nullopt, ""});
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->has_password);
  auto link = auth_->password_link(u->id, TokenPurpose::SetPassword);
  ASSERT_TRUE(link.ok());
  auto token = link->substr(link->rfind('/') + 1);
  EXPECT_TRUE(auth_->password_link_user(token));
  EXPECT_FALSE(auth_->set_password_with_link(token, "short").ok());  // rules first
  ASSERT_TRUE(auth_->set_password_with_link(token, "a brand new password").ok());
  EXPECT_FALSE(auth_->set_password_with_link(token, "another new password").ok());
  EXPECT_TRUE(auth_->login("new@example.org", "a brand new password", "192.0.2.1", "").ok());

  auto reset = auth_->password_link(u->id, TokenPurpose::ResetPassword);
  auto newer = auth_->password_link(u->id, TokenPurpose::ResetPassword);
  EXPECT_FALSE(auth_->password_link_user(reset->substr(reset->rfind('/') + 1)))
      << "a newer link replaces older ones";
  advance(auth_->options().reset_link_ttl.count() + 1);
  EXPECT_FALSE(auth_->password_link_user(newer->substr(newer->rfind('/') + 1)));
}

TEST_F(AuthServiceTest, ResetRequestQueuesAMailOnlyForRealAccounts) {
  add_user("a@example.org", Role::Author);
  EXPECT_TRUE(auth_->request_reset("a@example.org", "192.0.2.1").ok());
  EXPECT_TRUE(auth_->request_reset("nobody@example.org", "192.0.2.1").ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'a@example.org' AND "
                  "text_body LIKE '%/admin/password/%'"),
            1);
}

TEST_F(AuthServiceTest, BadAccountInputIsRefusedAndNothingStored) {
  auto before = count("SELECT COUNT(*) FROM users");
  for (auto const* email : {"", "no-at-sign", "a@b", "a@@b.org", "a b@example.org",
                            "a@example.org\r\nBcc: x@example.org", "<a@example.org>"})
    EXPECT_FALSE(auth_->add_user({email, "Name", Role::Author, std::nullopt, ""}).ok()) << email;
  EXPECT_FALSE(auth_->add_user({"x@example.org", "  ", Role::Author, std::nullopt, ""}).ok());
  EXPECT_FALSE(auth_->add_user({"x@example.org", "Name", Role::Author, "short", ""}).ok());
  add_user("dup@example.org", Role::Author);
  auto dup = auth_->add_user({"DUP@example.org", "Other", Role::Author, std::nullopt, ""});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), before + 1);
}

}  // namespace
}  // namespace dossier::auth
