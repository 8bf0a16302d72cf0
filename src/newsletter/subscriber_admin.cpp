#include "newsletter/subscriber_admin.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "store/database.hpp"

namespace dossier::newsletter {

namespace msg {
constexpr char const* kTooLarge = "The file is larger than {} MB.";
constexpr char const* kTooManyRows = "The file has more than {} rows.";
constexpr char const* kBadAddress = "not a valid email address";
constexpr char const* kDuplicateInFile = "the same address appears earlier in the file";
constexpr char const* kNotText = "not valid text (UTF-8)";
}  // namespace msg

namespace {

// A bad row is quoted back to the editor up to this many bytes.
constexpr std::size_t kQuotedLineBytes = 200;

std::string csv_field(std::string const& s) {
  // RFC 4180: quote fields holding commas, quotes or line breaks; double inner quotes. A
  // leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string month_of(UnixTime t) {
  std::time_t tt = t;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1);
}

// The first field of a CSV line, unquoted.
std::string first_field(std::string_view line) {
  line = trim(line);
  if (!line.empty() && line.front() == '"') {
    std::string out;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          out += '"';
          ++i;
          continue;
        }
        break;
      }
      out += line[i];
    }
    return out;
  }
  return std::string(trim(line.substr(0, line.find(','))));
}

}  // namespace

SubscriberCounts SubscriberAdmin::counts() {
  soci::session sql(db_.pool());
  SubscriberCounts c;
  for (auto const& [status, n] : SubscriberStore::count_by_status(sql)) {
    switch (status) {
      case SubscriberStatus::Pending: c.pending = n; break;
      case SubscriberStatus::Active: c.active = n; break;
      case SubscriberStatus::Unsubscribed: c.unsubscribed = n; break;
      case SubscriberStatus::Bounced: c.bounced = n; break;
    }
  }
  return c;
}

std::vector<Subscriber> SubscriberAdmin::browse(SubscriberQuery const& q, long long& total) {
  soci::session sql(db_.pool());
  total = SubscriberStore::count_matching(sql, q.email_contains, q.status);
  auto offset = static_cast<long long>(q.page - 1) * q.per_page;
  std::vector<Subscriber> out;
  for (auto id :
       SubscriberStore::find_matching(sql, q.email_contains, q.status, q.per_page, offset))
    if (auto s = SubscriberStore::find(sql, id)) out.push_back(std::move(*s));
  return out;
}

std::vector<MonthCount> SubscriberAdmin::growth(UnixTime now) {
  soci::session sql(db_.pool());
  std::vector<MonthCount> months;
  // The last kGrowthMonths month labels, oldest first.
  std::time_t tt = now;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
  for (int i = kGrowthMonths - 1; i >= 0; --i) {
    int m = month - i, y = year;
    while (m <= 0) m += 12, --y;
    months.push_back({fmt::format("{:04}-{:02}", y, m), 0, 0});
  }
  long long before = 0;
  for (auto confirmed_at : SubscriberStore::confirmation_times(sql)) {
    auto label = month_of(confirmed_at);
    auto it = std::find_if(months.begin(), months.end(),
                           [&](MonthCount const& mc) { return mc.month == label; });
    if (it != months.end())
      ++it->new_subscribers;
    else if (label < months.front().month)
      ++before;
  }
  long long running = before;
  for (auto& m : months) m.total = running += m.new_subscribers;
  return months;
}

std::string SubscriberAdmin::export_csv() {
  soci::session sql(db_.pool());
  std::string out = "email,status,created_at,confirmed_at,lists\r\n";
  for (auto const& r : SubscriberStore::export_rows(sql)) {
    auto confirmed = r.confirmed_at ? format_rfc3339(*r.confirmed_at) : "";
    out += fmt::format("{},{},{},{},{}\r\n", csv_field(r.email), csv_field(r.status),
                       format_rfc3339(r.created_at), confirmed, csv_field(r.list_slugs));
  }
  return out;
}

ImportReport SubscriberAdmin::import_csv(std::string const& text, ImportMode mode, UnixTime now) {
  ImportReport report;
  if (text.size() > kMaxImportBytes) {
    report.problems.push_back(
        {0, "", fmt::format(msg::kTooLarge, kMaxImportBytes / (1024 * 1024))});
    return report;
  }
  if (!is_valid_utf8(text)) {
    report.problems.push_back({0, "", msg::kNotText});
    return report;
  }
  soci::session sql(db_.pool());
  std::vector<std::string> to_add;
  std::set<std::string> seen;
  int line_number = 0;
  for (auto line : split(text, '\n')) {
    ++line_number;
    if (line_number > kMaxImportRows) {
      report.problems.push_back({line_number, "", fmt::format(msg::kTooManyRows, kMaxImportRows)});
      break;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    auto field = first_field(line);
    if (line_number == 1 && to_lower(field) == "email") continue;  // a header row
    auto email = subscriber_email(field);
    if (!email) {
      report.problems.push_back(
          {line_number, std::string(line.substr(0, kQuotedLineBytes)), msg::kBadAddress});
      continue;
    }
    if (!seen.insert(*email).second) {
      report.problems.push_back(
          {line_number, std::string(line.substr(0, kQuotedLineBytes)), msg::kDuplicateInFile});
      continue;
    }
    if (SubscriberStore::find_by_email(sql, *email)) {
      ++report.already_known;
      continue;
    }
    to_add.push_back(*email);
  }
  report.valid = static_cast<int>(to_add.size());
  if (mode == ImportMode::Preview || !report.problems.empty()) return report;
  store::WriteTransaction tx(sql);
  auto lists = SubscriberStore::lists(sql);
  for (auto const& email : to_add) {
    auto id = SubscriberStore::insert(sql, email, now);
    SubscriberStore::set_status(sql, id, SubscriberStatus::Active, now);
    if (!lists.empty()) SubscriberStore::set_lists(sql, id, {lists.front().id});
  }
  tx.commit();
  report.imported = true;
  return report;
}

std::string growth_svg(std::vector<MonthCount> const& months) {
  constexpr int kWidth = 640, kHeight = 220, kBottom = 190, kTop = 20, kLeft = 40;
  long long max = 1;
  for (auto const& m : months) max = std::max(max, m.total);
  int slot = (kWidth - kLeft) / std::max<int>(1, static_cast<int>(months.size()));
  std::string out = fmt::format(
      "<svg class=\"growth-chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\""
      " aria-labelledby=\"growth-title\"><title id=\"growth-title\">Confirmed subscribers at the "
      "end"
      " of each month, last {} months</title>",
      kWidth, kHeight, kWidth, kHeight, months.size());
  out += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>", kTop + 4, max);
  out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#767f8c\"/>", kLeft,
                     kBottom, kWidth, kBottom);
  for (std::size_t i = 0; i < months.size(); ++i) {
    auto const& m = months[i];
    int h = static_cast<int>((kBottom - kTop) * m.total / max);
    int x = kLeft + static_cast<int>(i) * slot + 4;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#0b4f8a\"><title>{}: {} "
        "subscribers ({} new)</title></rect>",
        x, kBottom - h, slot - 8, h, html_escape(m.month), m.total, m.new_subscribers);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                       x + (slot - 8) / 2, kBottom + 14, html_escape(m.month.substr(2)));
  }
  return out + "</svg>";
}

}  // namespace dossier::newsletter
