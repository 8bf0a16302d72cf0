#include "auth/password.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <sodium.h>

#include "core/strings.hpp"
#include "security/tokens.hpp"

namespace dossier::auth {

std::optional<std::string> password_problem(std::string_view password) {
  if (password.size() < kMinPasswordLength)
    return fmt::format("The password must be at least {} characters long.", kMinPasswordLength);
  if (password.size() > kMaxPasswordLength)
    return fmt::format("The password must be at most {} characters long.", kMaxPasswordLength);
  if (!is_valid_utf8(password)) return "The password is not valid text (UTF-8).";
  return std::nullopt;
}

std::string hash_password(std::string_view password, PasswordCost const& cost) {
  security::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit,
                            cost.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(std::string const& stored_hash, std::string_view password) {
  security::ensure_sodium();
  if (stored_hash.empty() || password.size() > kMaxPasswordLength) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string const& stored_hash, PasswordCost const& cost) {
  security::ensure_sodium();
  // 1 = other parameters, -1 = not an argon2id hash at all: both want a new hash.
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), cost.ops_limit,
                                        cost.mem_limit_bytes) != 0;
}

}  // namespace dossier::auth
