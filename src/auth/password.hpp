#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::auth {

// argon2id cost (libsodium crypto_pwhash). The defaults are libsodium's "interactive"
// limits (~70-100 ms on the 2-core machine, DESIGN.md); tests lower them.
struct PasswordCost {
  unsigned long long ops_limit = 2;
  std::size_t mem_limit_bytes = 64 * 1024 * 1024;
};

constexpr std::size_t kMinPasswordLength = 10;
constexpr std::size_t kMaxPasswordLength = 1024;  // argon2 takes any length; bound the work

// Why a new password is refused, in words for the person choosing it; nullopt = acceptable.
std::optional<std::string> password_problem(std::string_view password);

// An encoded argon2id hash ("$argon2id$v=19$m=...") carrying its own salt and cost.
std::string hash_password(std::string_view password, PasswordCost const& cost);
// Constant-time verification against a stored hash; false for malformed hashes.
bool verify_password(std::string const& stored_hash, std::string_view password);
// True when the stored hash was made with other costs than `cost` (re-hash after login).
bool needs_rehash(std::string const& stored_hash, PasswordCost const& cost);

}  // namespace dossier::auth
