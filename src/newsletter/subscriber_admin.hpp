#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "newsletter/subscription.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::newsletter {

constexpr std::size_t kMaxImportBytes = 5 * 1024 * 1024;
constexpr int kMaxImportRows = 100'000;
constexpr int kGrowthMonths = 12;

struct SubscriberCounts {
  long long pending = 0;
  long long active = 0;
  long long unsubscribed = 0;
  long long bounced = 0;
};

struct SubscriberQuery {
  std::string email_contains;
  std::optional<SubscriberStatus> status;
  int page = 1;
  int per_page = 50;
};

struct MonthCount {
  std::string month;  // "2026-11"
  long long new_subscribers = 0;
  long long total = 0;  // subscribers who confirmed by the end of the month
};

struct ImportProblem {
  int line = 0;
  std::string text;
  std::string reason;
};

struct ImportReport {
  int valid = 0;          // rows that would be added
  int already_known = 0;  // addresses already in the list (left as they are)
  std::vector<ImportProblem> problems;
  bool imported = false;
};

enum class ImportMode { Preview, Commit };

// The newsroom's view of subscribers: counts, search, growth, CSV export and import.
class SubscriberAdmin {
 public:
  explicit SubscriberAdmin(store::Database& db) : db_(db) {}

  SubscriberCounts counts();
  std::vector<Subscriber> browse(SubscriberQuery const& q, long long& total);
  // Confirmations per month for the last kGrowthMonths months up to `now`.
  std::vector<MonthCount> growth(UnixTime now);
  // "email,status,created_at,confirmed_at,lists" with RFC 4180 quoting.
  std::string export_csv();
  // One address per line, or CSV whose first column is the address (a header row naming
  // "email" is skipped). All or nothing: with any bad row, Commit imports none and says why.
  // Imported addresses become active subscribers of the first list.
  ImportReport import_csv(std::string const& text, ImportMode mode, UnixTime now);

 private:
  store::Database& db_;
};

// An accessible bar chart of confirmations per month, as SVG markup (escaped labels).
std::string growth_svg(std::vector<MonthCount> const& months);

}  // namespace dossier::newsletter
