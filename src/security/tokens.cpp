#include "security/tokens.hpp"

#include <charconv>
#include <mutex>
#include <stdexcept>

#include <sodium.h>

namespace dossier::security {

namespace {

std::string to_base64url(unsigned char const* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string mac_of(std::string_view secret, std::string_view message) {
  unsigned char key_hash[crypto_auth_hmacsha256_KEYBYTES];
  // The secret may have any length: hash it to the key size HMAC-SHA-256 wants.
  crypto_hash_sha256(key_hash, reinterpret_cast<unsigned char const*>(secret.data()),
                     secret.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<unsigned char const*>(message.data()),
                         message.size(), key_hash);
  return to_base64url(mac, sizeof mac);
}

}  // namespace

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  });
}

std::string random_token() {
  ensure_sodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  return to_base64url(bytes, sizeof bytes);
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<unsigned char const*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sign_link(std::string_view secret, std::string_view payload, UnixTime expires_at) {
  auto message = std::string(payload) + "." + std::to_string(expires_at);
  return message + "." + mac_of(secret, message);
}

std::optional<std::string> verify_link(std::string_view secret, std::string_view signed_value,
                                       UnixTime now) {
  auto mac_dot = signed_value.rfind('.');
  if (mac_dot == std::string_view::npos) return std::nullopt;
  auto message = signed_value.substr(0, mac_dot);
  auto expiry_dot = message.rfind('.');
  if (expiry_dot == std::string_view::npos) return std::nullopt;
  if (!constant_time_equal(mac_of(secret, message), signed_value.substr(mac_dot + 1)))
    return std::nullopt;
  auto expiry_text = message.substr(expiry_dot + 1);
  UnixTime expires_at = 0;
  auto [end, ec] =
      std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expires_at);
  if (ec != std::errc() || end != expiry_text.data() + expiry_text.size()) return std::nullopt;
  if (now >= expires_at) return std::nullopt;
  return std::string(message.substr(0, expiry_dot));
}

}  // namespace dossier::security
