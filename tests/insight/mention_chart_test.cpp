// mention_chart_svg: one bar per month with gaps kept, the scale, repeated and unsorted months,
// the <desc> sentence, XML escaping, the empty chart, the 120-month cap, the axis labels and
// well-formed XML (checked with xmllint when the machine has it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "insight/mention_chart.hpp"

namespace dossier::insight {
namespace {

constexpr char const* kXmllint = "/usr/bin/xmllint";

ChartOptions options(std::string label = "Mentions of Maria Ellison by month") {
  return ChartOptions{640, 180, std::move(label)};
}

struct Bar {
  double y = 0;
  double height = 0;
  std::string tooltip;
};

std::vector<Bar> bars(std::string const& svg) {
  static std::regex const bar_re(
      R"re(<rect class="chart__bar" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)")re"
      R"re( fill="[^"]*"><title>([^<]*)</title></rect>)re");
  std::vector<Bar> out;
  for (std::sregex_iterator it(svg.begin(), svg.end(), bar_re), end; it != end; ++it) {
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3]});
  }
  return out;
}

std::size_t count_of(std::string const& text, std::string const& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

std::string desc(std::string const& svg) {
  std::smatch m;
  static std::regex const desc_re("<desc>([^<]*)</desc>");
  return std::regex_search(svg, m, desc_re) ? m[1].str() : std::string();
}

// The text of the <text> elements inside the group with class `group`.
std::vector<std::string> labels_in(std::string const& svg, std::string const& group) {
  auto start = svg.find("<g class=\"" + group + "\">");
  if (start == std::string::npos) return {};
  auto end = svg.find("</g>", start);
  std::string part = svg.substr(start, end - start);
  static std::regex const text_re("<text[^>]*>([^<]*)</text>");
  std::vector<std::string> out;
  for (std::sregex_iterator it(part.begin(), part.end(), text_re), e; it != e; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

int plot_height() {
  return options().height - kChartMarginTop - kChartMarginBottom;
}

TEST(MentionChart, OneBarPerMonthSpannedWithGapsEmpty) {
  auto svg = mention_chart_svg({{2026, 1, 3}, {2026, 4, 5}, {2025, 11, 1}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), 6u);  // November 2025 .. April 2026
  EXPECT_EQ(count_of(svg, "<rect"), 6u);
  EXPECT_EQ(b[1].tooltip, "December 2025: no mentions");
  EXPECT_EQ(b[1].height, 0);
  EXPECT_EQ(b[0].tooltip, "November 2025: 1 mention");
  EXPECT_EQ(b[2].tooltip, "January 2026: 3 mentions");
}

TEST(MentionChart, TallestBarFillsThePlotHeight) {
  auto svg = mention_chart_svg({{2026, 1, 3}, {2026, 2, 12}, {2026, 3, 6}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1].height, plot_height());
  EXPECT_EQ(b[1].y, kChartMarginTop);
  EXPECT_EQ(b[2].height, plot_height() / 2.0);
  for (auto const& bar : b) EXPECT_EQ(bar.y + bar.height, kChartMarginTop + plot_height());
}

TEST(MentionChart, RepeatedMonthsAreSummed) {
  auto svg = mention_chart_svg({{2026, 3, 5}, {2026, 3, 7}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].tooltip, "March 2026: 12 mentions");
  EXPECT_EQ(desc(svg), "In March 2026: 12 mentions.");
}

TEST(MentionChart, UnsortedMonthsComeOutInOrder) {
  auto svg = mention_chart_svg({{2026, 2, 2}, {2025, 12, 4}, {2026, 1, 1}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].tooltip, "December 2025: 4 mentions");
  EXPECT_EQ(b[1].tooltip, "January 2026: 1 mention");
  EXPECT_EQ(b[2].tooltip, "February 2026: 2 mentions");
}

TEST(MentionChart, DescriptionSummarisesTheData) {
  std::vector<MonthCount> counts{{2025, 1, 2}, {2025, 4, 5},  {2025, 9, 3},
                                 {2026, 1, 4}, {2026, 3, 12}, {2026, 5, 12},
                                 {2026, 6, 1}, {2026, 8, 2},  {2026, 10, 1}};
  EXPECT_EQ(desc(mention_chart_svg(counts, options())),
            "From January 2025 to October 2026: 42 mentions in 9 months; most in March 2026 (12).");
  EXPECT_EQ(desc(mention_chart_svg({{2025, 1, 1}, {2025, 2, 0}}, options())),
            "From January 2025 to February 2025: 1 mention in 1 month; most in January 2025 (1).");
  EXPECT_EQ(desc(mention_chart_svg({{2024, 12, 1500}, {2025, 1, 234}}, options())),
            "From December 2024 to January 2025: 1,734 mentions in 2 months; most in December "
            "2024 (1,500).");
}

TEST(MentionChart, LabelIsXmlEscaped) {
  auto svg = mention_chart_svg({{2026, 3, 1}}, options("Mentions of \"Tom\" <&> Jerry\x01"));
  EXPECT_NE(svg.find("<title>Mentions of &quot;Tom&quot; &lt;&amp;&gt; Jerry</title>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("aria-label=\"Mentions of &quot;Tom&quot; &lt;&amp;&gt; Jerry\""),
            std::string::npos);
  EXPECT_EQ(svg.find("<&"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
}

TEST(MentionChart, EmptyInputSaysNoMentionsYet) {
  for (auto const& counts : {std::vector<MonthCount>{}, std::vector<MonthCount>{{2026, 3, 0}},
                             std::vector<MonthCount>{{2026, 13, 4}}}) {
    auto svg = mention_chart_svg(counts, options());
    EXPECT_NE(svg.find(">No mentions yet.</text>"), std::string::npos) << svg;
    EXPECT_EQ(desc(svg), "No mentions yet.");
    EXPECT_EQ(svg.find("<rect"), std::string::npos);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  }
}

TEST(MentionChart, SpanIsCappedToTheLast120Months) {
  auto svg = mention_chart_svg({{1970, 1, 50}, {2026, 10, 3}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), static_cast<std::size_t>(kMaxChartMonths));
  EXPECT_EQ(b.front().tooltip, "November 2016: no mentions");
  EXPECT_EQ(b.back().tooltip, "October 2026: 3 mentions");
  EXPECT_EQ(desc(svg),
            "From November 2016 to October 2026: 3 mentions in 1 month; most in October 2026 (3).");
}

TEST(MentionChart, OnlyOldMentionsGiveEmptyBarsNotAnError) {
  auto svg = mention_chart_svg({{1970, 1, 50}, {2026, 10, 0}}, options());
  auto b = bars(svg);
  ASSERT_EQ(b.size(), static_cast<std::size_t>(kMaxChartMonths));
  for (auto const& bar : b) EXPECT_EQ(bar.height, 0);
  EXPECT_EQ(desc(svg), "From November 2016 to October 2026: no mentions.");
}

TEST(MentionChart, AxesHaveRoundTicksAndFewMonthLabels) {
  auto svg = mention_chart_svg({{2026, 1, 3}, {2026, 2, 12}}, options());
  EXPECT_EQ(labels_in(svg, "chart__axis chart__axis--y"),
            (std::vector<std::string>{"0", "5", "10"}));

  std::vector<MonthCount> decade;
  for (int year = 2017; year <= 2026; ++year) {
    for (int month = 1; month <= 12; ++month) decade.push_back({year, month, 1500000LL * month});
  }
  svg = mention_chart_svg(decade, options());
  auto x = labels_in(svg, "chart__axis chart__axis--x");
  EXPECT_LE(x.size(), 8u);
  EXPECT_GE(x.size(), 3u);
  for (auto const& label : x) EXPECT_EQ(label.size(), 4u) << label;  // years only
  EXPECT_EQ(labels_in(svg, "chart__axis chart__axis--y"),
            (std::vector<std::string>{"0", "5M", "10M", "15M"}));

  // A short span without a January names the year on its first label.
  svg = mention_chart_svg({{2026, 3, 1}, {2026, 8, 2}}, options());
  x = labels_in(svg, "chart__axis chart__axis--x");
  ASSERT_FALSE(x.empty());
  EXPECT_EQ(x.front(), "Mar 2026");

  // Every January in a two-year span is labelled by its year.
  svg = mention_chart_svg({{2025, 6, 1}, {2026, 10, 2}}, options());
  x = labels_in(svg, "chart__axis chart__axis--x");
  EXPECT_LE(x.size(), 8u);
  EXPECT_NE(std::find(x.begin(), x.end(), "2026"), x.end());
}

TEST(MentionChart, HasNoScriptsOrExternalReferences) {
  auto svg = mention_chart_svg({{2026, 1, 3}, {2026, 4, 5}}, options());
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  EXPECT_EQ(svg.find("url("), std::string::npos);
  EXPECT_EQ(count_of(svg, "http"), 1u);  // the SVG namespace name only
  EXPECT_NE(svg.find("fill=\"#0b4f8a\""), std::string::npos);
}

TEST(MentionChart, OutputIsWellFormedXml) {
  if (!std::filesystem::exists(kXmllint)) GTEST_SKIP() << "no " << kXmllint;
  std::vector<std::vector<MonthCount>> cases{
      {},
      {{2026, 3, 1}},
      {{2025, 6, 1}, {2026, 10, 2}, {2026, 1, 7}},
      {{1970, 1, 50}, {2026, 10, 3}},
  };
  for (auto const& counts : cases) {
    auto svg = mention_chart_svg(counts, options("Ünïcode \"quotes\" & <tags> \xff"));
    FILE* lint = popen("/usr/bin/xmllint --noout - 2>&1", "w");
    ASSERT_NE(lint, nullptr);
    std::fwrite(svg.data(), 1, svg.size(), lint);
    EXPECT_EQ(pclose(lint), 0) << svg;
  }
}

}  // namespace
}  // namespace dossier::insight
