// RFC 3339 formatting and parsing, HTTP dates and reader-facing dates, all in UTC.
#include <gtest/gtest.h>

#include "core/time.hpp"

namespace dossier {
namespace {

// 2026-11-28T09:30:00Z, a Saturday.
constexpr UnixTime kSample = 1795858200;

TEST(Rfc3339, FormatsUtc) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(kSample), "2026-11-28T09:30:00Z");
}

TEST(Rfc3339, RoundTrips) {
  for (UnixTime t : {UnixTime{0}, UnixTime{951782400} /* 2000-02-29 */, kSample,
                     UnixTime{4102444799} /* 2099-12-31T23:59:59Z */}) {
    auto parsed = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(parsed.has_value()) << t;
    EXPECT_EQ(*parsed, t);
  }
}

TEST(Rfc3339, ParsesDateOnlyAsMidnight) {
  EXPECT_EQ(parse_rfc3339("2026-11-28"), UnixTime{1795824000});
  EXPECT_EQ(parse_rfc3339("1970-01-01"), UnixTime{0});
}

TEST(Rfc3339, ParsesSpaceSeparator) {
  EXPECT_EQ(parse_rfc3339("2026-11-28 09:30:00Z"), kSample);
}

TEST(Rfc3339, RejectsImpossibleDates) {
  EXPECT_EQ(parse_rfc3339("2026-13-01"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-00-10"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-02-30"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-02-29"), std::nullopt);  // 2026 is no leap year
  EXPECT_EQ(parse_rfc3339("2026-04-31"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-01-00"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-01-01T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-01-01T12:60:00Z"), std::nullopt);
}

TEST(Rfc3339, RejectsWrongSeparatorsAndShapes) {
  EXPECT_EQ(parse_rfc3339("2026/11/28"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-28X09:30:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-28T09-30-00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-28T09:30:00"), std::nullopt);  // no Z
  EXPECT_EQ(parse_rfc3339("2026-11-28T09:30Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("26-11-28"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-1-28"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-2a"), std::nullopt);
  EXPECT_EQ(parse_rfc3339(""), std::nullopt);
}

TEST(Rfc3339, RejectsTrailingJunk) {
  EXPECT_EQ(parse_rfc3339("2026-11-28T09:30:00Zjunk"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-28x"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-28T09:30:00+01:00"), std::nullopt);
}

TEST(HttpDate, FormatsImfFixdate) {
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(kSample), "Sat, 28 Nov 2026 09:30:00 GMT");
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
}

TEST(LongDate, SpellsTheMonth) {
  EXPECT_EQ(format_long_date(0), "1 January 1970");
  EXPECT_EQ(format_long_date(kSample), "28 November 2026");
}

TEST(YearOf, GivesTheUtcYear) {
  EXPECT_EQ(year_of(kSample), 2026);
  EXPECT_EQ(year_of(1798761599), 2026);  // 2026-12-31T23:59:59Z
  EXPECT_EQ(year_of(1798761600), 2027);
}

}  // namespace
}  // namespace dossier
