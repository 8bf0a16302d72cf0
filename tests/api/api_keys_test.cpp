// The API keys' service against a real database: the secret's shape, only its hash stored,
// the rules of each kind, revocation, and last_used_at written at most once a minute.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "api/api_key_stack.hpp"
#include "security/tokens.hpp"

namespace dossier::api {
namespace {

class ApiKeysTest : public test::ApiKeyStack, public ::testing::Test {
 protected:
  ApiKeysTest() : ApiKeyStack("dossier-api-keys") {}

  std::string stored_text(std::string const& query) {
    soci::session sql(db_->pool());
    std::string out;
    soci::indicator ind = soci::i_ok;
    sql << query, soci::into(out, ind);
    return ind == soci::i_ok ? out : std::string("NULL");
  }
};

TEST_F(ApiKeysTest, AContentKeyIsShownOnceAndOnlyItsHashIsStored) {
  auto made = keys_->create({"CRM sync", KeyKind::Content, {}, std::nullopt, std::nullopt});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->secret.size(), kKeyLength);
  EXPECT_TRUE(made->secret.starts_with("dsk_c_"));
  EXPECT_EQ(made->key.prefix, made->secret.substr(0, 12));
  EXPECT_EQ(stored_text("SELECT token_hash FROM api_keys"), security::token_hash(made->secret));
  // Nowhere in the row is the secret itself.
  soci::session sql(db_->pool());
  long long n = 0;
  sql << "SELECT COUNT(*) FROM api_keys WHERE token_hash = :a OR prefix = :b OR name = :c",
      soci::use(made->secret), soci::use(made->secret), soci::use(made->secret), soci::into(n);
  EXPECT_EQ(n, 0);

  auto found = keys_->authenticate(made->secret);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, made->key.id);
  EXPECT_EQ(found->name, "CRM sync");
  // Two keys never share a secret.
  auto other = keys_->create({"App", KeyKind::Content, {}, std::nullopt, std::nullopt});
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->secret, made->secret);
}

TEST_F(ApiKeysTest, AnAdminKeyNeedsAnActiveUserAndAScopeAndKeepsItsScopes) {
  auto editor = add_user("editor@example.org", auth::Role::Editor);
  EXPECT_FALSE(keys_->create({"x", KeyKind::Admin, {Scope::ArticlesWrite}, std::nullopt, {}}).ok());
  EXPECT_FALSE(keys_->create({"x", KeyKind::Admin, {}, editor.id, {}}).ok());
  EXPECT_FALSE(keys_->create({"x", KeyKind::Admin, {Scope::ArticlesWrite}, 9999, {}}).ok());
  EXPECT_FALSE(keys_->create({" ", KeyKind::Admin, {Scope::ArticlesWrite}, editor.id, {}}).ok());
  EXPECT_FALSE(
      keys_->create({std::string(101, 'n'), KeyKind::Admin, {Scope::ArticlesWrite}, editor.id, {}})
          .ok());
  // Content keys carry neither a user nor scopes.
  EXPECT_FALSE(keys_->create({"x", KeyKind::Content, {Scope::ArticlesRead}, {}, {}}).ok());
  EXPECT_FALSE(keys_->create({"x", KeyKind::Content, {}, editor.id, {}}).ok());
  EXPECT_FALSE(keys_->create({"x", KeyKind::Content, {}, {}, 9999}).ok());
  EXPECT_TRUE(keys_->list().empty());

  auto made = keys_->create({"Desk scripts",
                             KeyKind::Admin,
                             {Scope::ArticlesWrite, Scope::MediaWrite, Scope::ArticlesWrite},
                             editor.id,
                             {}});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_TRUE(made->secret.starts_with("dsk_a_"));
  auto listed = keys_->list();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].scopes, (std::vector<Scope>{Scope::ArticlesWrite, Scope::MediaWrite}));
  EXPECT_EQ(listed[0].user_id, editor.id);
  EXPECT_EQ(listed[0].kind, KeyKind::Admin);
}

TEST_F(ApiKeysTest, ARevokedMalformedOrAlteredKeyAuthenticatesNothing) {
  auto made = keys_->create({"App", KeyKind::Content, {}, std::nullopt, std::nullopt});
  ASSERT_TRUE(made.ok());
  auto altered = made->secret;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(keys_->authenticate(altered));
  EXPECT_FALSE(keys_->authenticate(""));
  EXPECT_FALSE(keys_->authenticate(made->secret + "x"));
  // The marker must match the kind: the same random part as an admin key is no key.
  EXPECT_FALSE(keys_->authenticate("dsk_a_" + made->secret.substr(6)));
  EXPECT_TRUE(keys_->authenticate(made->secret));

  ASSERT_TRUE(keys_->revoke(made->key.id).ok());
  EXPECT_FALSE(keys_->authenticate(made->secret));
  auto again = keys_->revoke(made->key.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::NotFound);
  auto listed = keys_->list();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].revoked_at);
}

TEST_F(ApiKeysTest, LastUsedIsWrittenAtMostOnceAMinute) {
  auto made = keys_->create({"App", KeyKind::Content, {}, std::nullopt, std::nullopt});
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(stored_text("SELECT CAST(last_used_at AS TEXT) FROM api_keys"), "NULL");
  auto first = time_.load();
  ASSERT_TRUE(keys_->authenticate(made->secret));
  EXPECT_EQ(stored_text("SELECT CAST(last_used_at AS TEXT) FROM api_keys"), std::to_string(first));
  advance(30);
  ASSERT_TRUE(keys_->authenticate(made->secret));
  EXPECT_EQ(stored_text("SELECT CAST(last_used_at AS TEXT) FROM api_keys"), std::to_string(first));
  advance(30);
  ASSERT_TRUE(keys_->authenticate(made->secret));
  EXPECT_EQ(stored_text("SELECT CAST(last_used_at AS TEXT) FROM api_keys"),
            std::to_string(first + 60));
  EXPECT_EQ(keys_->key(made->key.id)->last_used_at, first + 60);
}

}  // namespace
}  // namespace dossier::api
