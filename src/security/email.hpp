#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::security {

constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 section 4.5.3.1 (path minus <>)

// Normalizes and checks an email address (syntax and length, RFC 5321 limits); nullopt when
// it is not one. Accounts, commenters and subscribers all pass through here, so one address
// is written the same way in every table.
std::optional<std::string> normalize_email(std::string_view text);

}  // namespace dossier::security
