#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "publishing/access.hpp"

namespace dossier::clients {

using Id = long long;

// A client organisation: who buys the institute's reports.
struct Client {
  Id id = 0;
  std::string name;
  std::string slug;
  std::optional<int> seats;       // members who may sign in; nullopt = no limit
  std::optional<UnixTime> until;  // the contract ends at (exclusive); nullopt = no end
  std::string note;
  UnixTime created_at = 0;
  long long active_members = 0;  // filled by listings
  long long live_grants = 0;     // filled by listings

  // Whether the contract runs at `now`.
  bool active_at(UnixTime now) const { return !until || now < *until; }
};

enum class MemberStatus { Active, Removed };

// A reader who belongs to an organisation. Not a newsroom account: members sign in at
// /portal/sign-in, never at /admin.
struct Member {
  Id id = 0;
  Id client_id = 0;
  std::string email;  // normalised (security/email.hpp)
  std::string name;
  bool has_password = false;
  MemberStatus status = MemberStatus::Active;
  UnixTime created_at = 0;
  std::optional<UnixTime> last_sign_in_at;
};

// A grant as the newsroom sees it: publishing's Grant plus its record.
struct GrantRecord {
  Id id = 0;
  Id client_id = 0;
  publishing::Grant grant;
  UnixTime created_at = 0;
  std::string target_label;  // the article's title, the category's or tag's name; filled by pages
};

std::string_view to_string(publishing::GrantScope scope);
std::optional<publishing::GrantScope> parse_scope(std::string_view text);

// What a new or changed organisation looks like, as typed.
struct ClientInput {
  std::string name;
  std::optional<int> seats;
  std::optional<UnixTime> until;
  std::string note;
};

// Dates as whole UTC days (the CLI's and the newsroom's YYYY-MM-DD):
// - a start ("from") is inclusive, at 00:00:00 UTC of that day;
// - an end ("until") is inclusive of the whole day named, so it is stored as the exclusive
//   instant 00:00:00 UTC of the next day.
// Both nullopt when the text is not a valid YYYY-MM-DD date.
std::optional<UnixTime> day_start(std::string_view yyyy_mm_dd);
std::optional<UnixTime> day_end_exclusive(std::string_view yyyy_mm_dd);
// The day an exclusive end names ("2026-12-31" for 2027-01-01T00:00:00Z), for forms and lists.
std::string end_day(UnixTime exclusive_end);
std::string start_day(UnixTime start);

}  // namespace dossier::clients
