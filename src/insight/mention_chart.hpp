#pragma once

// The "mentions by month" bar chart of the entity pages (/people/maria-ellison): an inline SVG
// drawn on the server, so the page needs no script to show it. It is a pure function of the
// counts, so the page cache can keep its output like any other part of the page.

#include <string>
#include <vector>

namespace dossier::insight {

// Mentions of one entity in one calendar month.
struct MonthCount {
  int year = 0;
  int month = 0;  // 1..12
  long long count = 0;
};

struct ChartOptions {
  int width = 640;
  int height = 180;
  std::string label;  // the accessible name, e.g. "Mentions of Maria Ellison by month"
};

// The chart shows at most the last ten years up to the latest month given, so one article with
// an odd old date cannot stretch it into thousands of hairline bars.
constexpr int kMaxChartMonths = 120;

// The plot area's margins inside the SVG (room for the y tick labels on the left and the month
// labels below). The tallest bar is options.height - kChartMarginTop - kChartMarginBottom high.
constexpr int kChartMarginTop = 8;
constexpr int kChartMarginBottom = 24;
constexpr int kChartMarginLeft = 40;
constexpr int kChartMarginRight = 16;

// Width and height are clamped to these, so a mistaken option cannot make a degenerate chart.
constexpr int kChartMinWidth = 160;
constexpr int kChartMaxWidth = 4096;
constexpr int kChartMinHeight = 80;
constexpr int kChartMaxHeight = 2048;

// An accessible inline SVG (role="img", a <title> with options.label and a <desc> that says
// what the bars show in words) with one <rect class="chart__bar"> per month from the first to
// the last month given, months without mentions included as empty bars so time runs linearly.
// Each bar has a <title> tooltip ("March 2026: 12 mentions"). The y axis runs from 0 to the
// largest count with a few round tick values; the x axis labels January of each year and, when
// there is room, other months, at most eight labels in all.
//
// Months may come unsorted or repeated (repeats are summed). Entries with a month outside
// 1..12 are ignored and negative counts count as zero. Only the last kMaxChartMonths months up
// to the latest month given are drawn (and summarised in <desc>). Without any mention the SVG
// is a small box saying "No mentions yet.".
//
// The output has no script and no external reference; it carries class attributes
// (chart__bar, chart__axis, chart__grid, chart__label) for a stylesheet and default fills so it
// reads without one. Coordinates have at most one decimal, so the output is stable.
std::string mention_chart_svg(std::vector<MonthCount> const& counts, ChartOptions const& options);

}  // namespace dossier::insight
