#include "network/opening_hours.hpp"

#include <gtest/gtest.h>

namespace caravan {
namespace {

using Span = OpeningHours::Span;
using Spans = std::vector<Span>;

OpeningHours parse_ok(std::string_view text) {
  std::string error;
  auto hours = OpeningHours::parse(text, &error);
  EXPECT_TRUE(hours) << text << ": " << error;
  return hours ? *hours : OpeningHours{};
}

std::string parse_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(OpeningHours::parse(text, &error)) << text;
  return error;
}

TEST(OpeningHours, AlwaysOpen) {
  const auto h = parse_ok("24/7");
  EXPECT_TRUE(h.always_open());
  EXPECT_FALSE(h.never_open());
  EXPECT_FALSE(h.closed_on_public_holidays());
  for (int d = 0; d < 7; ++d) EXPECT_EQ(h.open_intervals(d), (Spans{{0, 1440}}));
  EXPECT_EQ(h.to_string(), "24/7");
  EXPECT_EQ(OpeningHours{}, h);  // the default is 24/7
  EXPECT_TRUE(parse_ok("Mo-Su 00:00-24:00").always_open());
  EXPECT_EQ(parse_ok(" Mo-Fr 00:00-12:00,12:00-24:00; Sa-Su 00:00-24:00 ").to_string(), "24/7");
}

TEST(OpeningHours, WeekdaysWithHolidaysOff) {
  const auto h = parse_ok("Mo-Fr 09:00-18:00; Sa-Su off; PH off");
  EXPECT_FALSE(h.always_open());
  EXPECT_TRUE(h.closed_on_public_holidays());
  for (int d = 0; d < 5; ++d) EXPECT_EQ(h.open_intervals(d), (Spans{{540, 1080}}));
  EXPECT_TRUE(h.open_intervals(5).empty());
  EXPECT_TRUE(h.open_intervals(6).empty());
  EXPECT_EQ(h.to_string(), "Mo-Fr 09:00-18:00; PH off");
  // 24/7 that closes on holidays is not "always open".
  const auto ph = parse_ok("24/7; PH off");
  EXPECT_FALSE(ph.always_open());
  EXPECT_EQ(ph.to_string(), "24/7; PH off");
}

TEST(OpeningHours, ListsOfDaysAndTimes) {
  const auto h = parse_ok("Mo,We 08:00-12:00,13:00-17:00");
  EXPECT_EQ(h.open_intervals(0), (Spans{{480, 720}, {780, 1020}}));
  EXPECT_TRUE(h.open_intervals(1).empty());
  EXPECT_EQ(h.open_intervals(2), (Spans{{480, 720}, {780, 1020}}));
  for (int d = 3; d < 7; ++d) EXPECT_TRUE(h.open_intervals(d).empty());
  EXPECT_EQ(h.to_string(), "Mo,We 08:00-12:00,13:00-17:00");
}

TEST(OpeningHours, LaterRulesReplaceEarlierOnes) {
  const auto h = parse_ok("Mo-Su 08:00-20:00; Sa 10:00-14:00; Su off");
  EXPECT_EQ(h.open_intervals(4), (Spans{{480, 1200}}));
  EXPECT_EQ(h.open_intervals(5), (Spans{{600, 840}}));
  EXPECT_TRUE(h.open_intervals(6).empty());
  EXPECT_EQ(h.to_string(), "Mo-Fr 08:00-20:00; Sa 10:00-14:00");
  EXPECT_EQ(parse_ok("24/7; Su off").to_string(), "Mo-Sa 00:00-24:00");
  EXPECT_EQ(parse_ok("Mo-Fr 09:00-18:00; Mo-Fr off").to_string(), "Mo-Su off");
  EXPECT_TRUE(parse_ok("Mo-Su off").never_open());
}

TEST(OpeningHours, EndOfDayWrappedRangesAndMerging) {
  EXPECT_EQ(parse_ok("Mo 18:00-24:00").open_intervals(0), (Spans{{1080, 1440}}));
  // A day range may wrap the week.
  const auto h = parse_ok("Fr-Mo 10:00-12:00");
  EXPECT_EQ(h.open_intervals(0), (Spans{{600, 720}}));
  EXPECT_TRUE(h.open_intervals(1).empty());
  EXPECT_EQ(h.open_intervals(6), (Spans{{600, 720}}));
  EXPECT_EQ(h.to_string(), "Mo,Fr-Su 10:00-12:00");
  // Overlapping and touching spans become one.
  EXPECT_EQ(parse_ok("Mo 11:00-13:00,08:00-12:00,13:00-14:00").open_intervals(0), (Spans{{480, 840}}));
  EXPECT_EQ(parse_ok("Tu 09:00-12:00;Th 09:00-12:00; Sa 09:00-12:00").to_string(), "Tu,Th,Sa 09:00-12:00");
}

TEST(OpeningHours, CanonicalFormRoundTrips) {
  for (const char* text : {"24/7", "24/7; PH off", "Mo-Fr 09:00-18:00; PH off", "Mo,We 08:00-12:00,13:00-17:00",
                           "Mo-Su 08:00-20:00; Sa 10:00-14:00; Su off", "Fr-Mo 10:00-12:00", "Mo-Su off; PH off",
                           "Mo 00:00-01:00; Tu 00:00-01:00; We 23:00-24:00; Su 00:00-24:00"}) {
    const auto h = parse_ok(text);
    EXPECT_EQ(parse_ok(h.to_string()), h) << text << " -> " << h.to_string();
  }
}

TEST(OpeningHours, ErrorsNameTheOffendingToken) {
  EXPECT_EQ(parse_error(""), "empty opening hours");
  EXPECT_EQ(parse_error("  "), "empty opening hours");
  EXPECT_EQ(parse_error("Mo-Fr 09:00-18:00; Mx 10:00-12:00"), "unknown day 'Mx' in rule 2");
  EXPECT_EQ(parse_error("Mo-Fx 09:00-18:00"), "unknown day 'Fx' in rule 1");
  EXPECT_EQ(parse_error("mo 09:00-18:00"), "unknown day 'mo' in rule 1");
  EXPECT_EQ(parse_error("Mo,,We 09:00-18:00"), "unknown day '' in rule 1");
  EXPECT_EQ(parse_error("Mo-Fr 09:00-25:00"), "time '25:00' out of range in rule 1");
  EXPECT_EQ(parse_error("Mo-Fr 09:60-18:00"), "time '09:60' out of range in rule 1");
  EXPECT_EQ(parse_error("Mo-Fr 09:00-24:30"), "time '24:30' out of range in rule 1");
  EXPECT_EQ(parse_error("Mo-Fr 18:00-09:00"), "closing time before opening time in '18:00-09:00' in rule 1");
  EXPECT_EQ(parse_error("Sa 22:00-02:00"), "closing time before opening time in '22:00-02:00' in rule 1");
  EXPECT_EQ(parse_error("Mo 09:00-09:00"), "empty time span '09:00-09:00' in rule 1");
  EXPECT_EQ(parse_error("Mo 9:00-18:00"), "bad time '9:00', expected HH:MM in rule 1");
  EXPECT_EQ(parse_error("Mo 09:00-18:00-20:00"), "bad time '18:00-20:00', expected HH:MM in rule 1");
  EXPECT_EQ(parse_error("Mo 09:00"), "bad time span '09:00', expected HH:MM-HH:MM in rule 1");
  EXPECT_EQ(parse_error("Mo-Fr 09:00-18:00;"), "empty rule 2");
  EXPECT_EQ(parse_error("Mo-Fr 09:00-18:00;; PH off"), "empty rule 2");
  EXPECT_EQ(parse_error("Mo-Fr"), "expected '<days> <times>' or '<days> off', not 'Mo-Fr' in rule 1");
  EXPECT_EQ(parse_error("09:00-18:00"), "expected '<days> <times>' or '<days> off', not '09:00-18:00' in rule 1");
  EXPECT_EQ(parse_error("Mo 09:00-12:00 14:00-18:00"),
            "expected '<days> <times>' or '<days> off', not 'Mo 09:00-12:00 14:00-18:00' in rule 1");
  EXPECT_EQ(parse_error("24/7; PH 10:00-12:00"), "public holidays support only 'PH off', not 'PH 10:00-12:00' in rule 2");
  EXPECT_EQ(parse_error("24/7; PH"), "public holidays support only 'PH off', not 'PH' in rule 2");
  // The error pointer is optional.
  EXPECT_FALSE(OpeningHours::parse("Mx 09:00-18:00"));
}

}  // namespace
}  // namespace caravan
