// API keys through the real binary: the newsroom's integrations page shows a new key's secret
// once and never again, revokes behind a confirmation, and is an admin's alone; the
// `api-key` command prints a secret once, lists keys without it and refuses bad input.
#include <gtest/gtest.h>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

class ApiKeysE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-api-keys-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }

  RunResult dossier(std::vector<std::string> args) {
    args.insert(args.begin(), {dossier_binary(), "--data", data_});
    return run(args);
  }

  std::string data_;
};

// The secret in the page: the value of the read-only field after "The new key".
std::string secret_in(std::string const& html) {
  auto at = html.find("id=\"new-secret\"");
  if (at == std::string::npos) return {};
  auto value = html.find("value=\"", at);
  if (value == std::string::npos) return {};
  value += 7;
  return html.substr(value, html.find('"', value) - value);
}

TEST_F(ApiKeysE2e, ThePageShowsASecretOnceListsKeysWithoutItAndRevokes) {
  ServerProcess server(data_);
  ASSERT_TRUE(server.started());
  auto admin = NewsroomClient::sign_in_demo_admin(server.port(), data_);
  ASSERT_TRUE(admin);
  auto made = admin->post("/admin/integrations", {{"kind", "content"}, {"name", "Mobile app"}});
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 201) << made->body;
  auto secret = secret_in(made->body);
  ASSERT_EQ(secret.size(), 38u) << made->body;
  EXPECT_EQ(secret.substr(0, 6), "dsk_c_");
  EXPECT_EQ(made->header("cache-control"), "no-store");

  auto page = request(server.port(), "GET", "/admin/integrations", {{"Cookie", admin->cookie()}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Mobile app"), std::string::npos);
  EXPECT_NE(page->body.find(secret.substr(0, 12)), std::string::npos) << "the prefix is listed";
  EXPECT_EQ(page->body.find(secret), std::string::npos) << "the secret is never shown again";

  // An admin key with scopes, acting as the demo's administrator.
  auto admin_key = admin->post("/admin/integrations", {{"kind", "admin"},
                                                       {"name", "Desk scripts"},
                                                       {"user", "1"},
                                                       {"scope", "articles:write"},
                                                       {"scope", "media:write"}});
  ASSERT_TRUE(admin_key);
  EXPECT_EQ(admin_key->status, 201) << admin_key->body;
  EXPECT_EQ(secret_in(admin_key->body).substr(0, 6), "dsk_a_");
  auto bad_scope = admin->post("/admin/integrations",
                               {{"kind", "admin"}, {"name", "X"}, {"user", "1"}, {"scope", "all"}});
  ASSERT_TRUE(bad_scope);
  EXPECT_EQ(bad_scope->status, 400);
  EXPECT_TRUE(secret_in(bad_scope->body).empty());

  auto listed = dossier({"api-key", "list"});
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.out.find("Mobile app"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(secret), std::string::npos);

  // Revoking asks for the confirmation box; then the key is listed as revoked.
  auto id = run({"/usr/bin/sqlite3", data_ + "/dossier.db",
                 "SELECT id FROM api_keys WHERE name = 'Mobile app'"})
                .out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  ASSERT_FALSE(id.empty());
  auto unconfirmed = admin->post("/admin/integrations/" + id + "/revoke", {});
  ASSERT_TRUE(unconfirmed);
  EXPECT_EQ(unconfirmed->status, 400);
  auto revoked = admin->post("/admin/integrations/" + id + "/revoke", {{"confirm", "yes"}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_NE(revoked->body.find("Revoked 20"), std::string::npos);
  auto again = dossier({"api-key", "list"});
  EXPECT_NE(again.out.find("revoked"), std::string::npos) << again.out;

  // Without a session the page is not shown.
  auto anonymous = request(server.port(), "GET", "/admin/integrations");
  ASSERT_TRUE(anonymous);
  EXPECT_NE(anonymous->status, 200);
}

TEST_F(ApiKeysE2e, TheCommandPrintsTheSecretOnceAndRefusesBadInput) {
  auto made =
      dossier({"api-key", "create", "--name", "Data desk", "--kind", "admin", "--user",
               "admin@example.org", "--scope", "articles:read", "--scope", "articles:write"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ASSERT_EQ(made.out.size(), 39u) << made.out;  // the secret and a newline, nothing else
  EXPECT_EQ(made.out.substr(0, 6), "dsk_a_");
  auto list = dossier({"api-key", "list"});
  EXPECT_NE(list.out.find("articles:read articles:write as admin@example.org"), std::string::npos)
      << list.out;
  EXPECT_EQ(list.out.find(made.out.substr(0, 38)), std::string::npos);

  EXPECT_NE(dossier({"api-key", "create", "--name", "X", "--kind", "root"}).exit_code, 0);
  EXPECT_NE(dossier({"api-key", "create", "--name", "X", "--kind", "admin", "--user",
                     "nobody@example.org", "--scope", "articles:read"})
                .exit_code,
            0);
  EXPECT_NE(dossier({"api-key", "create", "--name", "X", "--kind", "admin", "--user",
                     "admin@example.org", "--scope", "everything"})
                .exit_code,
            0);
  EXPECT_NE(dossier({"api-key", "create", "--name", "X", "--kind", "content", "--client", "nope"})
                .exit_code,
            0);
  EXPECT_NE(dossier({"api-key", "revoke", "999"}).exit_code, 0);
  auto after = dossier({"api-key", "list"});
  EXPECT_EQ(after.out, list.out) << "refused commands changed nothing";
}

// The gate over HTTP, on the Content API: a bad key and a revoked one are 401 problems, and
// a key past api.rate_per_minute is 429 with Retry-After while another key still reads.
TEST_F(ApiKeysE2e, TheGateRefusesBadAndRevokedKeysAndLimitsEachKey) {
  constexpr int kRate = 3;
  auto one = dossier({"api-key", "create", "--name", "One", "--kind", "content"});
  auto two = dossier({"api-key", "create", "--name", "Two", "--kind", "content"});
  ASSERT_EQ(one.exit_code, 0);
  ASSERT_EQ(two.exit_code, 0);
  auto key_one = one.out.substr(0, 38), key_two = two.out.substr(0, 38);
  ServerProcess server(data_, {{"DOSSIER_API_RATE_PER_MINUTE", std::to_string(kRate)}});
  ASSERT_TRUE(server.started());
  auto get = [&](std::string const& key) {
    std::map<std::string, std::string> headers;
    if (!key.empty()) headers["Authorization"] = "Bearer " + key;
    return request(server.port(), "GET", "/api/content/v1/tags", headers).value_or(HttpResponse{});
  };

  auto bad = get("dsk_c_" + std::string(32, 'x'));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.header("content-type"), "application/problem+json");
  EXPECT_NE(bad.body.find("\"code\":\"unauthorized\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.header("www-authenticate").find("Bearer"), std::string::npos);

  for (int i = 0; i < kRate; ++i) ASSERT_EQ(get(key_one).status, 200) << i;
  auto limited = get(key_one);
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.body.find("\"code\":\"rate_limited\""), std::string::npos) << limited.body;
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(get(key_two).status, 200);

  auto id =
      run({"/usr/bin/sqlite3", data_ + "/dossier.db", "SELECT id FROM api_keys WHERE name = 'Two'"})
          .out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  ASSERT_EQ(dossier({"api-key", "revoke", id}).exit_code, 0);
  EXPECT_EQ(get(key_two).status, 401);
}

}  // namespace
}  // namespace dossier::test
