#include "insight/mention_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "core/strings.hpp"

namespace dossier::insight {
namespace {

constexpr int kMonthsPerYear = 12;
constexpr std::array<std::string_view, kMonthsPerYear> kMonthNames{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::size_t kShortMonthName = 3;  // "Mar"

constexpr std::string_view kDefaultLabel = "Mentions by month";
constexpr std::string_view kNoMentions = "No mentions yet.";

// Colours: the bars' blue on white has a contrast ratio above 8:1, the text's #333 above 12:1
// (WCAG 2.1, success criteria 1.4.3 and 1.4.11).
constexpr std::string_view kBarFill = "#0b4f8a";
constexpr std::string_view kTextFill = "#333";
constexpr std::string_view kAxisStroke = "#333";
constexpr std::string_view kGridStroke = "#e0e0e0";
constexpr std::string_view kBackground = "#fff";
constexpr int kFontSize = 12;

constexpr int kEmptyHeight = 40;
constexpr int kEmptyTextBaseline = 24;
// Tick labels sit this far left of the plot; their baseline this far below the tick, so the
// digits are centred on it at kFontSize.
constexpr int kTickLabelGap = 6;
constexpr int kTickLabelDrop = 4;
// The month labels' baseline below the x axis.
constexpr int kMonthLabelDrop = kFontSize + 4;

// Bars are separated by a fifth of their slot (at most 12 px) and are never wider than 48 px,
// so a chart of two months does not look like two walls.
constexpr double kBarGapShare = 0.2;
constexpr double kMaxBarGap = 12;
constexpr double kMaxBarWidth = 48;

// The y axis gets about this many ticks above zero, at multiples of 1, 2 or 5 times a power
// of ten.
constexpr long long kTargetYTicks = 4;
constexpr std::array<long long, 3> kNiceSteps{1, 2, 5};

// The x axis: at most this many labels, their centres at least this far apart (room for
// "Jul 2025" followed by "Oct" at kFontSize), every `step` months; steps of a year or more
// label only Januaries.
constexpr std::size_t kMaxXLabels = 8;
constexpr double kMinLabelSpacing = 44;
constexpr std::array<int, 8> kLabelSteps{1, 2, 3, 6, 12, 24, 60, 120};

// A month as a count of months since January of year 0, so consecutive months are consecutive
// numbers whatever the year.
using MonthIndex = long long;

long long floor_div(long long a, long long b) {
  long long q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long long year_of(MonthIndex index) {
  return floor_div(index, kMonthsPerYear);
}

std::size_t month0_of(MonthIndex index) {
  return static_cast<std::size_t>(index - year_of(index) * kMonthsPerYear);
}

// "March 2026"
std::string month_name(MonthIndex index) {
  return fmt::format("{} {}", kMonthNames[month0_of(index)], year_of(index));
}

long long saturating_add(long long a, long long b) {
  return a > std::numeric_limits<long long>::max() - b ? std::numeric_limits<long long>::max()
                                                       : a + b;
}

// 1234567 -> "1,234,567"
std::string grouped(long long n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// "no mentions", "1 mention", "1,234 mentions"
std::string mentions(long long n) {
  if (n == 0) return "no mentions";
  return fmt::format("{} {}", grouped(n), n == 1 ? "mention" : "mentions");
}

// Tick values are round (at most two significant digits), so "1.5k" and "20M" are exact.
std::string compact(long long n) {
  struct Unit {
    long long size;
    char suffix;
  };
  constexpr std::array<Unit, 4> kUnits{
      {{1'000'000'000'000, 'T'}, {1'000'000'000, 'B'}, {1'000'000, 'M'}, {1'000, 'k'}}};
  for (auto const& unit : kUnits) {
    if (n < unit.size) continue;
    long long tenths = n / (unit.size / 10);
    if (tenths % 10 == 0) return fmt::format("{}{}", tenths / 10, unit.suffix);
    return fmt::format("{}.{}{}", tenths / 10, tenths % 10, unit.suffix);
  }
  return std::to_string(n);
}

// A coordinate rounded to one decimal, written without a trailing ".0".
std::string coord(double value) {
  double rounded = std::round(value * 10) / 10;
  if (rounded == std::floor(rounded)) return std::to_string(static_cast<long long>(rounded));
  return fmt::format("{:.1f}", rounded);
}

// Text for an XML text node or attribute value. XML 1.0 (section 2.2, "Char") allows no C0
// control characters but tab, line feed and carriage return, and the document must be UTF-8,
// so those are dropped and the bytes of a malformed label replaced before escaping.
std::string xml_text(std::string_view text) {
  bool const utf8 = is_valid_utf8(text);
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    clean.push_back(!utf8 && byte >= 0x80 ? '?' : c);
  }
  return html_escape(clean);
}

// The opening tag and the accessible name and description shared by both kinds of chart.
// Per SVG-AAM 1.0 (section 5.1), role="img" makes the SVG one image whose name is its <title>
// (repeated in aria-label for screen readers that skip it) and whose description is its <desc>.
std::string svg_open(int width, int height, std::string_view modifier, std::string const& label,
                     std::string const& description) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart{}\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"{}\">\n<title>{}</title>\n<desc>{}</desc>\n",
      modifier, width, height, width, height, label, kFontSize, label, xml_text(description));
}

std::string empty_chart(int width, std::string const& label) {
  std::string out = svg_open(width, kEmptyHeight, " chart--empty", label, std::string(kNoMentions));
  fmt::format_to(std::back_inserter(out),
                 "<text class=\"chart__label\" x=\"0\" y=\"{}\" fill=\"{}\">{}</text>\n</svg>\n",
                 kEmptyTextBaseline, kTextFill, kNoMentions);
  return out;
}

// Round tick values from 0 up to at most `max`.
std::vector<long long> y_ticks(long long max) {
  double const wanted = static_cast<double>(max) / kTargetYTicks;
  long long step = max;
  for (long long power = 1;; power *= 10) {
    auto nice = std::find_if(kNiceSteps.begin(), kNiceSteps.end(),
                             [&](long long m) { return static_cast<double>(m * power) >= wanted; });
    if (nice != kNiceSteps.end()) {
      step = *nice * power;
      break;
    }
    if (power > std::numeric_limits<long long>::max() / 50) break;
  }
  step = std::max(step, 1LL);
  std::vector<long long> ticks{0};
  // Written so that the last addition cannot overflow near LLONG_MAX.
  while (max - ticks.back() >= step) ticks.push_back(ticks.back() + step);
  return ticks;
}

bool labelled(MonthIndex index, int step) {
  auto const month0 = static_cast<int>(month0_of(index));
  if (step < kMonthsPerYear) return month0 % step == 0;
  long long const years = step / kMonthsPerYear;
  return month0 == 0 && (year_of(index) % years + years) % years == 0;
}

// The bars (offsets from `first`) that get a label under the x axis.
std::vector<std::size_t> x_labels(MonthIndex first, std::size_t months, double slot) {
  std::vector<std::size_t> picked;
  for (int step : kLabelSteps) {
    bool const last_step = step == kLabelSteps.back();
    if (step * slot < kMinLabelSpacing && !last_step) continue;
    picked.clear();
    for (std::size_t i = 0; i < months; ++i) {
      if (labelled(first + static_cast<MonthIndex>(i), step)) picked.push_back(i);
    }
    if (picked.size() <= kMaxXLabels || last_step) break;
  }
  if (picked.empty()) picked.push_back(0);
  return picked;
}

// "From January 2025 to October 2026: 42 mentions in 9 months; most in March 2026 (12)."
std::string describe(MonthIndex first, std::vector<long long> const& bars) {
  long long total = 0;
  long long active = 0;
  std::size_t peak = 0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    total = saturating_add(total, bars[i]);
    if (bars[i] > 0) ++active;
    // The earliest of equal peaks, so the sentence does not change when a later month ties.
    if (bars[i] > bars[peak]) peak = i;
  }
  MonthIndex const last = first + static_cast<MonthIndex>(bars.size()) - 1;
  if (bars.size() == 1) return fmt::format("In {}: {}.", month_name(first), mentions(total));
  std::string out =
      fmt::format("From {} to {}: {}", month_name(first), month_name(last), mentions(total));
  if (total == 0) return out + ".";
  return out + fmt::format(" in {} {}; most in {} ({}).", grouped(active),
                           active == 1 ? "month" : "months",
                           month_name(first + static_cast<MonthIndex>(peak)), grouped(bars[peak]));
}

// Where the plot sits in the chart, and how tall a count is.
struct Plot {
  double left = 0;
  double right = 0;
  double top = 0;
  double baseline = 0;
  double slot = 0;  // one month's width
  double bar_width = 0;
  long long max = 1;
  // Divide first, so the largest count is exactly the plot's height tall.
  double y_of(long long value) const {
    return baseline - static_cast<double>(value) / static_cast<double>(max) * (baseline - top);
  }
};

void put_y_axis(std::string& out, Plot const& p) {
  auto put = std::back_inserter(out);
  out += "<g class=\"chart__axis chart__axis--y\">\n";
  for (long long tick : y_ticks(p.max)) {
    std::string const y = coord(p.y_of(tick));
    if (tick > 0) {
      fmt::format_to(put,
                     "<line class=\"chart__grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                     "stroke=\"{}\"/>\n",
                     coord(p.left), y, coord(p.right), y, kGridStroke);
    }
    fmt::format_to(put,
                   "<text class=\"chart__label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" "
                   "fill=\"{}\">{}</text>\n",
                   coord(p.left - kTickLabelGap), coord(p.y_of(tick) + kTickLabelDrop), kTextFill,
                   compact(tick));
  }
  out += "</g>\n";
}

void put_bars(std::string& out, Plot const& p, MonthIndex first,
              std::vector<long long> const& bars) {
  auto put = std::back_inserter(out);
  out += "<g class=\"chart__bars\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double const x = p.left + static_cast<double>(i) * p.slot + (p.slot - p.bar_width) / 2;
    double const y = p.y_of(bars[i]);
    fmt::format_to(put,
                   "<rect class=\"chart__bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                   "fill=\"{}\"><title>{}: {}</title></rect>\n",
                   coord(x), coord(y), coord(p.bar_width), coord(p.baseline - y), kBarFill,
                   month_name(first + static_cast<MonthIndex>(i)), mentions(bars[i]));
  }
  out += "</g>\n";
}

void put_x_axis(std::string& out, Plot const& p, MonthIndex first, std::size_t months) {
  auto put = std::back_inserter(out);
  fmt::format_to(put,
                 "<line class=\"chart__axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                 "stroke=\"{}\"/>\n",
                 coord(p.left), coord(p.baseline), coord(p.right), coord(p.baseline), kAxisStroke);

  out += "<g class=\"chart__axis chart__axis--x\">\n";
  auto const labels = x_labels(first, months, p.slot);
  for (std::size_t i : labels) {
    MonthIndex const index = first + static_cast<MonthIndex>(i);
    // Januaries are named by their year; the first label carries its year too, so the axis
    // says which year its first months belong to.
    std::string_view const short_name = kMonthNames[month0_of(index)].substr(0, kShortMonthName);
    std::string const text = month0_of(index) == 0 ? fmt::format("{}", year_of(index))
                             : i == labels.front()
                                 ? fmt::format("{} {}", short_name, year_of(index))
                                 : std::string(short_name);
    fmt::format_to(put,
                   "<text class=\"chart__label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                   "fill=\"{}\">{}</text>\n",
                   coord(p.left + (static_cast<double>(i) + 0.5) * p.slot),
                   coord(p.baseline + kMonthLabelDrop), kTextFill, text);
  }
}

}  // namespace

std::string mention_chart_svg(std::vector<MonthCount> const& counts, ChartOptions const& options) {
  int const width = std::clamp(options.width, kChartMinWidth, kChartMaxWidth);
  int const height = std::clamp(options.height, kChartMinHeight, kChartMaxHeight);
  std::string const label =
      xml_text(options.label.empty() ? kDefaultLabel : std::string_view(options.label));

  // Months as indices with their counts; one pass finds the span and whether anything at all
  // was mentioned.
  std::vector<std::pair<MonthIndex, long long>> entries;
  entries.reserve(counts.size());
  bool any_mention = false;
  for (auto const& c : counts) {
    if (c.month < 1 || c.month > kMonthsPerYear) continue;
    long long const count = std::max(c.count, 0LL);
    entries.emplace_back(static_cast<MonthIndex>(c.year) * kMonthsPerYear + (c.month - 1), count);
    any_mention = any_mention || count > 0;
  }
  if (!any_mention) return empty_chart(width, label);

  auto const [lowest, highest] =
      std::minmax_element(entries.begin(), entries.end(),
                          [](auto const& a, auto const& b) { return a.first < b.first; });
  MonthIndex const last = highest->first;
  MonthIndex const first = std::max(lowest->first, last - (kMaxChartMonths - 1));
  std::vector<long long> bars(static_cast<std::size_t>(last - first + 1), 0);
  for (auto const& [index, count] : entries) {
    if (index < first) continue;
    auto& bar = bars[static_cast<std::size_t>(index - first)];
    bar = saturating_add(bar, count);
  }
  // Only months before the window had mentions: the bars are all empty, and the axis runs to 1
  // so nothing divides by zero.
  long long const max = std::max(*std::max_element(bars.begin(), bars.end()), 1LL);

  Plot p;
  p.left = kChartMarginLeft;
  p.right = width - kChartMarginRight;
  p.top = kChartMarginTop;
  p.baseline = height - kChartMarginBottom;
  p.slot = (p.right - p.left) / static_cast<double>(bars.size());
  p.bar_width = std::min(p.slot - std::min(p.slot * kBarGapShare, kMaxBarGap), kMaxBarWidth);
  p.max = max;

  std::string out = svg_open(width, height, "", label, describe(first, bars));
  fmt::format_to(std::back_inserter(out),
                 "<path class=\"chart__background\" fill=\"{}\" d=\"M0 0H{}V{}H0Z\"/>\n",
                 kBackground, width, height);
  put_y_axis(out, p);
  put_bars(out, p, first, bars);
  put_x_axis(out, p, first, bars.size());
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace dossier::insight
