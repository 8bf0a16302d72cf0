#include "clients/client.hpp"

#include <array>
#include <cctype>

namespace dossier::clients {

namespace {

constexpr UnixTime kDay = 24 * 60 * 60;
constexpr std::size_t kDateLength = 10;  // YYYY-MM-DD

constexpr std::array<std::string_view, 4> kScopeNames{"article", "category", "tag", "all"};

}  // namespace

std::string_view to_string(publishing::GrantScope scope) {
  return kScopeNames[static_cast<std::size_t>(scope)];
}

std::optional<publishing::GrantScope> parse_scope(std::string_view text) {
  for (std::size_t i = 0; i < kScopeNames.size(); ++i)
    if (kScopeNames[i] == text) return static_cast<publishing::GrantScope>(i);
  return std::nullopt;
}

std::optional<UnixTime> day_start(std::string_view text) {
  // Only the date form: a time of day would contradict "whole days".
  if (text.size() != kDateLength) return std::nullopt;
  for (std::size_t i = 0; i < kDateLength; ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i])))
      return std::nullopt;
  }
  auto t = parse_rfc3339(text);
  // parse_rfc3339 accepts 2026-02-31 as a day count past the month's end in some paths:
  // a round trip through the formatter refuses such a date.
  if (!t || format_rfc3339(*t).substr(0, kDateLength) != text) return std::nullopt;
  return t;
}

std::optional<UnixTime> day_end_exclusive(std::string_view text) {
  auto start = day_start(text);
  if (!start) return std::nullopt;
  return *start + kDay;
}

std::string end_day(UnixTime exclusive_end) {
  return format_rfc3339(exclusive_end - kDay).substr(0, kDateLength);
}

std::string start_day(UnixTime start) {
  return format_rfc3339(start).substr(0, kDateLength);
}

}  // namespace dossier::clients
