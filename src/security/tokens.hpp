#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace dossier::security {

// Initializes libsodium once (thread-safe); every function here calls it.
void ensure_sodium();

constexpr std::size_t kTokenBytes = 32;  // 256 bits (DESIGN.md, Safety)

// A fresh random token, URL-safe base64 without padding (43 characters).
std::string random_token();
// SHA-256 of a token in hex: what the database keeps instead of the token itself.
std::string token_hash(std::string_view token);
// Comparison whose time does not depend on where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// Signed, expiring values for links (preview links): "payload.expiry.mac", with an
// HMAC-SHA-256 over payload and expiry under the site's secret key.
std::string sign_link(std::string_view secret, std::string_view payload, UnixTime expires_at);
// The payload when the signature is right and the link has not expired.
std::optional<std::string> verify_link(std::string_view secret, std::string_view signed_value,
                                       UnixTime now);

}  // namespace dossier::security
