#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Times are UTC seconds since the Unix epoch everywhere in Dossier (DESIGN.md, Data).
using UnixTime = std::int64_t;

UnixTime now_utc();

// "2026-11-28T09:30:00Z" (RFC 3339), for <time datetime> and machine-readable output.
std::string format_rfc3339(UnixTime t);
// "28 November 2026", for readers.
std::string format_long_date(UnixTime t);
// "Sat, 28 Nov 2026 09:30:00 GMT" (RFC 9110 IMF-fixdate), for HTTP headers and RSS.
std::string format_http_date(UnixTime t);
// Parses "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD"; nullopt when malformed.
std::optional<UnixTime> parse_rfc3339(std::string_view text);
int year_of(UnixTime t);

}  // namespace dossier
