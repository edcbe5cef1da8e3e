// Border time as elapsed time: the open-time timeline agrees with the calendar, and the open
// time to clear is calibrated so that the mean over a year of hourly arrivals is the target.
#include "network/clearing_time.hpp"

#include <gtest/gtest.h>

#include <random>

namespace caravan {
namespace {

TimePoint at(const char* iso) { return *parse_iso8601(iso); }
OpeningHours hours(const char* text) { return *OpeningHours::parse(text); }

const TimeZone& zone(const char* name) {
  static std::vector<std::unique_ptr<TimeZone>> zones;
  for (const auto& z : zones)
    if (z->name() == name) return *z;
  auto z = TimeZone::load(name);
  if (!z) throw std::runtime_error(std::string("no time zone ") + name);
  return *zones.emplace_back(std::make_unique<TimeZone>(std::move(*z)));
}

// Open 08:00-20:00 UTC every day.
OpenCalendar twelve_hours() { return OpenCalendar({{nullptr, hours("Mo-Su 08:00-20:00"), "KG", nullptr}}); }

TEST(OpenTimeline, FinishesWorkAsTheCalendarDoes) {
  HolidayCalendar holidays;
  for (int d = 1; d <= 7; ++d) holidays.add("CN", CivilDate{2026, 10, d});
  const OpenCalendar calendar({{&zone("Asia/Shanghai"), hours("Mo-Fr 10:00-24:00; PH off"), "CN", &holidays},
                               {&zone("Asia/Bishkek"), hours("Mo-Su 08:00-22:00"), "KG", nullptr}},
                              OpenCalendar::SeasonalClosure{1201, 115});
  const OpenTimeline timeline(calendar, at("2026-01-01T00:00Z"), at("2028-01-01T00:00Z"));
  EXPECT_FALSE(timeline.always_open());
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const TimePoint start = at("2026-01-01T00:00Z") + Duration{static_cast<std::int64_t>(rng() % (365 * 1440))};
    const Duration work{static_cast<std::int64_t>(i % 10 == 0 ? 0 : rng() % 6000)};
    ASSERT_EQ(timeline.finish_work(start, work), calendar.finish_work(start, work)) << format_utc(start) << " " << work.minutes;
  }
}

// Twelve open hours a day and 12 h of work: an arrival at 08:00 finishes at 20:00 (12 h), one at
// 09:00 … 19:00 the next day (24 h); one at 20:00 waits 12 h and works 12 h (24 h), at 21:00 23 h
// … at 07:00 13 h. Per day: 12 + 12 x 24 + (23 + … + 13) = 498 h, a mean of 20.75 h; 90 % of the
// arrivals do not exceed 24 h.
TEST(ClearingYear, ElapsedTimeOverHourlyArrivals) {
  const ClearingYear year(twelve_hours());
  const auto y = year.measure(Duration::hours(12));
  EXPECT_EQ(y.arrivals, 8760u);
  EXPECT_EQ(y.mean, Duration{1245});
  EXPECT_EQ(y.p90, Duration::hours(24));
  // With no work at all the arrivals in closed hours still wait: (12 + 11 + … + 1) / 24 = 3.25 h.
  EXPECT_EQ(year.measure(Duration{0}).mean, Duration{195});
}

TEST(ClearingYear, CalibratesTheOpenTimeToTheYearlyMean) {
  const ClearingYear year(twelve_hours());
  EXPECT_EQ(year.calibrate(Duration{1245}), Duration::hours(12));
  // A target the opening hours alone already exceed can only describe arrivals while it is open:
  // each takes the target itself, and the yearly mean stays above it.
  EXPECT_EQ(year.calibrate(Duration::hours(2)), Duration::hours(2));
  // Open around the clock: the open time is the target itself.
  const ClearingYear always(OpenCalendar({{nullptr, hours("24/7"), "KZ", nullptr}}));
  EXPECT_EQ(always.calibrate(Duration::hours(51.4)), Duration::hours(51.4));
  EXPECT_EQ(always.measure(Duration::hours(51.4)).p90, Duration::hours(51.4));
}

TEST(ClearingYear, ASeasonalClosureIsNotCountedAsArrivals) {
  // Closed 1 Dec - 31 Jan inclusive (wrapping the year): 59 + 31 + ... = Jan 31 + Dec 31 = 62 days.
  const ClearingYear year(OpenCalendar({{nullptr, hours("24/7"), "PK", nullptr}}, OpenCalendar::SeasonalClosure{1201, 131}));
  const auto y = year.measure(Duration::hours(24));
  EXPECT_EQ(y.arrivals, (365u - 62u) * 24u);
  // Arrivals on 30 Nov finish in the closure and wait for February: the mean is above 24 h.
  EXPECT_GT(y.mean, Duration::hours(24));
}

}  // namespace
}  // namespace caravan
