// The API's gate against a real database: keys from the header or (content only) the query,
// the 401/403 problems, scopes, a disabled user, client grants reaching the viewer, and the
// rate limits per key and per address with Retry-After.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api_key_stack.hpp"
#include "api/problem.hpp"

namespace dossier::api {
namespace {

class GateTest : public test::ApiKeyStack, public ::testing::Test {
 protected:
  GateTest() : ApiKeyStack("dossier-api-gate") {}

  std::string content_key(std::optional<Id> client = std::nullopt) {
    auto made = keys_->create({"App", KeyKind::Content, {}, std::nullopt, client});
    if (!made) throw std::runtime_error(made.error().message);
    return made->secret;
  }

  std::string admin_key(auth::User const& user, std::vector<Scope> scopes) {
    auto made = keys_->create({"Desk", KeyKind::Admin, std::move(scopes), user.id, std::nullopt});
    if (!made) throw std::runtime_error(made.error().message);
    return made->secret;
  }

  static std::string code_of(http::Response const& r) {
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["status"], r.status);
    EXPECT_FALSE(body["detail"].get<std::string>().empty());
    return body["code"];
  }
};

TEST_F(GateTest, ContentCallsAreAnonymousWithoutAKeyAndKeyedWithOne) {
  auto anonymous = gate_->content(api_request("/api/content/v1/articles"));
  ASSERT_TRUE(anonymous.caller);
  EXPECT_FALSE(anonymous.caller->key);
  EXPECT_EQ(anonymous.caller->viewer.kind, publishing::ViewerKind::Anonymous);

  auto secret = content_key();
  auto by_header = gate_->content(api_request("/api/content/v1/articles", secret));
  ASSERT_TRUE(by_header.caller);
  ASSERT_TRUE(by_header.caller->key);
  EXPECT_EQ(by_header.caller->viewer.kind, publishing::ViewerKind::Anonymous);
  auto by_query = gate_->content(api_request("/api/content/v1/articles?key=" + secret));
  ASSERT_TRUE(by_query.caller);
  EXPECT_TRUE(by_query.caller->key);
  // The scheme's name is case-insensitive (RFC 9110 section 11.1).
  auto req = api_request("/api/content/v1/articles");
  req.headers.emplace_back("authorization", "bEaReR " + secret);
  EXPECT_TRUE(gate_->content(req).caller);
}

TEST_F(GateTest, AClientKeyReadsWithTheOrganisationsGrants) {
  auto report = add_article("Confidential", publishing::Visibility::Clients);
  auto client = clients_->add_client({"Ministry", std::nullopt, std::nullopt, ""});
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(clients_->grant(client->id, {publishing::GrantScope::Article, report}).ok());
  auto gate = gate_->content(api_request("/api/content/v1/articles", content_key(client->id)));
  ASSERT_TRUE(gate.caller);
  auto const& viewer = gate.caller->viewer;
  EXPECT_EQ(viewer.kind, publishing::ViewerKind::Client);
  EXPECT_EQ(viewer.client_id, client->id);
  auto view = publishing_->read_any(report);
  ASSERT_TRUE(view);
  EXPECT_EQ(publishing::access_to(viewer, publishing::access_facts(*view), time_.load()),
            publishing::Access::Full);
  EXPECT_EQ(
      publishing::access_to(publishing::Viewer{}, publishing::access_facts(*view), time_.load()),
      publishing::Access::Teaser);
}

TEST_F(GateTest, BadRevokedAndAdminKeysAreRefusedOnTheContentApi) {
  auto bad = gate_->content(api_request("/api/content/v1/articles", "dsk_c_nothing"));
  ASSERT_FALSE(bad.caller);
  EXPECT_EQ(bad.refusal.status, 401);
  EXPECT_EQ(code_of(bad.refusal), "unauthorized");
  EXPECT_EQ(bad.refusal.header("WWW-Authenticate").substr(0, 6), "Bearer");

  auto secret = content_key();
  ASSERT_TRUE(keys_->revoke(keys_->list().front().id).ok());
  EXPECT_EQ(gate_->content(api_request("/x", secret)).refusal.status, 401);

  auto admin = admin_key(add_user("ed@example.org", auth::Role::Editor), {Scope::ArticlesRead});
  EXPECT_EQ(gate_->content(api_request("/x", admin)).refusal.status, 401);
}

TEST_F(GateTest, TheAdminApiWantsAnAdminKeyInTheHeaderWithItsScopeAndAnActiveUser) {
  auto admin_user = add_user("admin@example.org", auth::Role::Admin);
  auto editor = add_user("ed@example.org", auth::Role::Editor);
  auto secret = admin_key(editor, {Scope::ArticlesWrite});

  auto none = gate_->admin(api_request("/api/admin/v1/articles"), Scope::ArticlesWrite);
  EXPECT_EQ(none.refusal.status, 401);
  EXPECT_EQ(code_of(none.refusal), "unauthorized");
  // Admin keys never travel in the URL.
  auto in_query =
      gate_->admin(api_request("/api/admin/v1/articles?key=" + secret), Scope::ArticlesWrite);
  EXPECT_EQ(in_query.refusal.status, 401);
  EXPECT_EQ(gate_->admin(api_request("/a", content_key()), Scope::ArticlesRead).refusal.status,
            401);

  auto ok = gate_->admin(api_request("/a", secret), Scope::ArticlesWrite);
  ASSERT_TRUE(ok.caller);
  ASSERT_TRUE(ok.caller->user);
  EXPECT_EQ(ok.caller->user->id, editor.id);
  EXPECT_EQ(ok.caller->key->name, "Desk");
  EXPECT_TRUE(ok.caller->has(Scope::ArticlesWrite));

  auto scope = gate_->admin(api_request("/a", secret), Scope::ArticlesPublish);
  ASSERT_FALSE(scope.caller);
  EXPECT_EQ(scope.refusal.status, 403);
  EXPECT_EQ(code_of(scope.refusal), "missing_scope");

  ASSERT_TRUE(auth_->set_status(admin_user.id, editor.id, auth::UserStatus::Disabled).ok());
  auto disabled = gate_->admin(api_request("/a", secret), Scope::ArticlesWrite);
  ASSERT_FALSE(disabled.caller);
  EXPECT_EQ(disabled.refusal.status, 403);
  EXPECT_EQ(code_of(disabled.refusal), "forbidden");
}

TEST_F(GateTest, EachKeyAndEachAnonymousAddressHasItsOwnLimitPerMinute) {
  auto one = content_key();
  auto two = content_key();
  for (int i = 0; i < kTestRate; ++i) ASSERT_TRUE(gate_->content(api_request("/x", one)).caller);
  auto limited = gate_->content(api_request("/x", one));
  ASSERT_FALSE(limited.caller);
  EXPECT_EQ(limited.refusal.status, 429);
  EXPECT_EQ(code_of(limited.refusal), "rate_limited");
  auto wait = std::stoll(std::string(limited.refusal.header("Retry-After")));
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 60);
  // Another key, and the anonymous calls of the same address, are not held back by it.
  EXPECT_TRUE(gate_->content(api_request("/x", two)).caller);
  EXPECT_TRUE(gate_->content(api_request("/x")).caller);

  for (int i = 1; i < kTestRate; ++i) ASSERT_TRUE(gate_->content(api_request("/x")).caller);
  EXPECT_EQ(gate_->content(api_request("/x")).refusal.status, 429);
  EXPECT_TRUE(gate_->content(api_request("/x", {}, "192.0.2.99")).caller);

  advance(61);
  EXPECT_TRUE(gate_->content(api_request("/x", one)).caller);
  EXPECT_TRUE(gate_->content(api_request("/x")).caller);
}

TEST_F(GateTest, AProblemFromAnErrorCarriesItsStatusAndCode) {
  auto r = problem(not_found("No such article."));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["code"], "not_found");
  EXPECT_EQ(body["detail"], "No such article.");
  EXPECT_EQ(body["type"], "about:blank");
  EXPECT_EQ(body["title"], "Not Found");
  auto fields = problem(400, "invalid_field", "Bad body.", {{"title", "Required."}});
  body = nlohmann::json::parse(fields.body);
  EXPECT_EQ(body["errors"][0]["field"], "title");
  EXPECT_EQ(body["errors"][0]["message"], "Required.");
}

TEST_F(GateTest, AKeyInTheQueryIsRedactedFromLogLines) {
  EXPECT_EQ(http::redact_query("/api/content/v1/articles?page=2&key=dsk_c_secret&limit=5"),
            "/api/content/v1/articles?page=2&key=REDACTED&limit=5");
  EXPECT_EQ(http::redact_query("/api/content/v1/tags?keyword=x"), "/api/content/v1/tags?keyword=x");
}

}  // namespace
}  // namespace dossier::api
