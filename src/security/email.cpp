#include "security/email.hpp"

#include "core/strings.hpp"

namespace dossier::security {

std::optional<std::string> normalize_email(std::string_view text) {
  auto email = std::string(trim(text));
  if (email.empty() || email.size() > kMaxEmailLength || !is_valid_utf8(email)) return std::nullopt;
  auto at = email.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.find('@') != at)
    return std::nullopt;
  // No whitespace, control characters, brackets or a second @ in the domain: such addresses
  // are either mistakes or attempts to inject mail headers.
  for (unsigned char c : email)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
      return std::nullopt;
  auto domain = std::string_view(email).substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return std::nullopt;
  return email;
}

}  // namespace dossier::security
