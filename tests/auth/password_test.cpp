#include <gtest/gtest.h>

#include <set>

#include <sodium.h>

#include "auth/password.hpp"
#include "security/tokens.hpp"

namespace dossier::auth {
namespace {

PasswordCost cheap() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

TEST(Password, HashIsArgon2idAndVerifies) {
  auto hash = hash_password("a long enough secret", cheap());
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(verify_password(hash, "a long enough secret"));
  EXPECT_FALSE(verify_password(hash, "a long enough secreT"));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST(Password, SaltMakesEveryHashDifferent) {
  EXPECT_NE(hash_password("same password here", cheap()),
            hash_password("same password here", cheap()));
}

TEST(Password, MalformedHashesNeverVerify) {
  for (auto const* stored : {"", "plain", "$argon2id$v=19$m=8,t=1,p=1$broken", "$2y$10$abc"})
    EXPECT_FALSE(verify_password(stored, "anything at all")) << stored;
}

TEST(Password, RehashWhenTheCostChanges) {
  auto hash = hash_password("a long enough secret", cheap());
  EXPECT_FALSE(needs_rehash(hash, cheap()));
  PasswordCost stronger{cheap().ops_limit + 1, cheap().mem_limit_bytes};
  EXPECT_TRUE(needs_rehash(hash, stronger));
  EXPECT_TRUE(needs_rehash("not a hash", cheap()));
}

TEST(Password, RulesForNewPasswords) {
  EXPECT_TRUE(password_problem("short").has_value());
  EXPECT_TRUE(password_problem(std::string(kMaxPasswordLength + 1, 'x')).has_value());
  EXPECT_TRUE(password_problem(std::string("ten chars \xff\xfe")).has_value());
  EXPECT_FALSE(password_problem("ten chars!").has_value());
}

TEST(Tokens, RandomTokensAre256BitsAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto t = security::random_token();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes in unpadded base64url
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Tokens, HashIsSha256Hex) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(security::token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Tokens, ConstantTimeEqual) {
  EXPECT_TRUE(security::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(security::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(security::constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(security::constant_time_equal("", ""));
}

TEST(Tokens, SignedLinksVerifyUntilTheyExpire) {
  auto link = security::sign_link("secret", "42", 1000);
  EXPECT_EQ(security::verify_link("secret", link, 999), "42");
  EXPECT_FALSE(security::verify_link("secret", link, 1000));  // expired at its time
  EXPECT_FALSE(security::verify_link("other secret", link, 10));
}

TEST(Tokens, TamperedLinksAreRefused) {
  auto link = security::sign_link("secret", "42", 5000);
  auto longer = link;
  longer.replace(0, 2, "43");  // another article
  EXPECT_FALSE(security::verify_link("secret", longer, 10));
  auto later = security::sign_link("secret", "42", 5000);
  later.replace(later.find(".5000."), 6, ".9000.");  // a longer life
  EXPECT_FALSE(security::verify_link("secret", later, 10));
  for (auto const* bad : {"", ".", "42", "42.5000", "42.x.y", "..", "42.5000."})
    EXPECT_FALSE(security::verify_link("secret", bad, 10)) << bad;
}

}  // namespace
}  // namespace dossier::auth
