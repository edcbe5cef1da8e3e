#include "network/open_calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace caravan {
namespace {

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

const TimeZone& zone(const char* name) {
  // Zones live as long as the test binary, as they must outlive the calendars.
  static std::vector<std::unique_ptr<TimeZone>> zones;
  for (const auto& z : zones)
    if (z->name() == name) return *z;
  auto z = TimeZone::load(name);
  if (!z) throw std::runtime_error(std::string("no time zone ") + name);
  return *zones.emplace_back(std::make_unique<TimeZone>(std::move(*z)));
}

OpeningHours hours(const char* text) { return *OpeningHours::parse(text); }

HolidayCalendar china_national_day() {
  HolidayCalendar h;
  for (int d = 1; d <= 7; ++d) h.add("CN", CivilDate{2026, 10, d});
  return h;
}

// Torugart-like: both sides Mo-Fr 09:00-18:00 and closed on their public holidays. Beijing is
// two hours ahead of Bishkek, so both are open only 03:00-10:00Z = 11:00-18:00 Beijing =
// 09:00-16:00 Bishkek.
OpenCalendar torugart(const HolidayCalendar* holidays) {
  return OpenCalendar({{&zone("Asia/Shanghai"), hours("Mo-Fr 09:00-18:00; PH off"), "CN", holidays},
                       {&zone("Asia/Bishkek"), hours("Mo-Fr 09:00-18:00; PH off"), "KG", holidays}});
}

// The reference: minute by minute.
std::optional<TimePoint> brute_finish(const OpenCalendar& c, TimePoint start, Duration work, Duration limit) {
  TimePoint t = start;
  for (std::int64_t left = work.minutes; t < start + limit; ++t.minutes) {
    if (!c.is_open(t)) continue;
    if (left == 0) return t;
    if (--left == 0) return t + Duration{1};
  }
  return std::nullopt;
}

TEST(HolidayCalendar, AddAndLookUp) {
  HolidayCalendar h;
  EXPECT_TRUE(h.add("CN", CivilDate{2026, 10, 1}));
  EXPECT_TRUE(h.add("CN", CivilDate{2026, 10, 1}));  // twice is harmless
  EXPECT_TRUE(h.add("KZ", CivilDate{2026, 12, 16}));
  EXPECT_FALSE(h.add("cn", CivilDate{2026, 10, 2}));
  EXPECT_FALSE(h.add("CHN", CivilDate{2026, 10, 2}));
  EXPECT_FALSE(h.add("CN", CivilDate{2026, 2, 30}));
  EXPECT_EQ(h.size(), 2u);
  const std::int64_t oct1 = days_from_civil(CivilDate{2026, 10, 1});
  EXPECT_TRUE(h.is_holiday("CN", oct1));
  EXPECT_FALSE(h.is_holiday("CN", oct1 + 1));
  EXPECT_FALSE(h.is_holiday("KZ", oct1));
  EXPECT_FALSE(h.is_holiday("", oct1));
  EXPECT_TRUE(h.is_holiday("KZ", days_from_civil(CivilDate{2026, 12, 16})));
}

TEST(OpenCalendar, AlwaysOpen) {
  const OpenCalendar none;
  const OpenCalendar both({{&zone("Asia/Almaty"), hours("24/7"), "KZ", nullptr},
                           {&zone("Asia/Shanghai"), OpeningHours{}, "CN", nullptr}});
  for (const OpenCalendar* c : {&none, &both}) {
    const TimePoint t = at("2026-12-07T08:13Z");
    EXPECT_TRUE(c->is_open(t));
    EXPECT_EQ(c->next_open(t), t);
    EXPECT_EQ(c->finish_work(t, Duration{0}), t);
    EXPECT_EQ(c->finish_work(t, Duration::hours(2)), at("2026-12-07T10:13Z"));
    // Answered in one step, however long the work.
    EXPECT_EQ(c->finish_work(t, Duration::days(700)), t + Duration::days(700));
    EXPECT_EQ(c->finish_work(t, Duration::days(801)), std::nullopt);  // beyond the horizon
  }
}

TEST(OpenCalendar, TorugartBothSidesOpen) {
  const HolidayCalendar holidays = china_national_day();
  const OpenCalendar c = torugart(&holidays);
  // Monday 2026-09-21.
  EXPECT_FALSE(c.is_open(at("2026-09-21T02:59Z")));  // 10:59 Beijing, 08:59 Bishkek
  EXPECT_TRUE(c.is_open(at("2026-09-21T03:00Z")));   // 11:00 Beijing, 09:00 Bishkek
  EXPECT_TRUE(c.is_open(at("2026-09-21T09:59Z")));
  EXPECT_FALSE(c.is_open(at("2026-09-21T10:00Z")));  // 18:00 Beijing: China closes
  EXPECT_EQ(c.next_open(at("2026-09-21T00:00Z")), at("2026-09-21T03:00Z"));
  EXPECT_EQ(c.next_open(at("2026-09-21T10:00Z")), at("2026-09-22T03:00Z"));
  // A full day of work exactly: finishes at closing time.
  EXPECT_EQ(c.finish_work(at("2026-09-21T03:00Z"), Duration::hours(7)), at("2026-09-21T10:00Z"));
  // One hour on Monday, two on Tuesday.
  EXPECT_EQ(c.finish_work(at("2026-09-21T09:00Z"), Duration::hours(3)), at("2026-09-22T05:00Z"));
}

TEST(OpenCalendar, FridayEveningWaitsForMonday) {
  // One side, Mo-Fr 09:00-18:00 in Bishkek: a truck at 19:00 on Friday 2026-09-18 with 2 h of
  // processing finishes on Monday at 11:00 local.
  const OpenCalendar one({{&zone("Asia/Bishkek"), hours("Mo-Fr 09:00-18:00"), "KG", nullptr}});
  const auto done = one.finish_work(at("2026-09-18T19:00+06:00"), Duration::hours(2));
  ASSERT_TRUE(done);
  EXPECT_EQ(format_with_offset(*done, 360), "2026-09-21T11:00+06:00");
  EXPECT_EQ(one.next_open(at("2026-09-18T19:00+06:00")), at("2026-09-21T09:00+06:00"));
  // Both sides: Monday opens at 09:00 Bishkek, and 2 h later is 11:00 Bishkek = 13:00 Beijing.
  const HolidayCalendar holidays = china_national_day();
  const OpenCalendar c = torugart(&holidays);
  EXPECT_EQ(c.finish_work(at("2026-09-18T19:00+06:00"), Duration::hours(2)), at("2026-09-21T05:00Z"));
  // Arriving Friday 15:00 Bishkek (17:00 Beijing) leaves one hour for Monday.
  EXPECT_EQ(c.finish_work(at("2026-09-18T15:00+06:00"), Duration::hours(2)), at("2026-09-21T04:00Z"));
}

TEST(OpenCalendar, ChineseHolidayPushesToOctober8) {
  const HolidayCalendar holidays = china_national_day();
  const OpenCalendar c = torugart(&holidays);
  // Wednesday 2026-09-30 at 17:00 Beijing: one hour today, then National Day (Oct 1-7) closes
  // the Chinese side; the rest is done on Thursday Oct 8 from 11:00 Beijing.
  EXPECT_EQ(c.finish_work(at("2026-09-30T17:00+08:00"), Duration::hours(2)), at("2026-10-08T12:00+08:00"));
  EXPECT_FALSE(c.is_open(at("2026-10-05T05:00Z")));  // a Monday, but a Chinese holiday
  EXPECT_EQ(c.next_open(at("2026-10-01T00:00Z")), at("2026-10-08T03:00Z"));
  // Without holidays the Monday is an ordinary day.
  const OpenCalendar plain = torugart(nullptr);
  EXPECT_TRUE(plain.is_open(at("2026-10-05T05:00Z")));
  EXPECT_EQ(plain.next_open(at("2026-10-01T00:00Z")), at("2026-10-01T03:00Z"));
}

TEST(OpenCalendar, SeasonalClosureKhunjerab) {
  // Khunjerab: closed 30 November to 1 May on the Chinese side's calendar.
  const OpenCalendar c({{&zone("Asia/Shanghai"), OpeningHours{}, "CN", nullptr},
                        {&zone("Asia/Karachi"), OpeningHours{}, "PK", nullptr}},
                       OpenCalendar::SeasonalClosure{1130, 501});
  EXPECT_TRUE(c.is_open(at("2026-11-29T15:59Z")));   // 23:59 Nov 29 Beijing
  EXPECT_FALSE(c.is_open(at("2026-11-29T16:00Z")));  // 00:00 Nov 30 Beijing
  EXPECT_FALSE(c.is_open(at("2027-02-15T12:00Z")));
  EXPECT_FALSE(c.is_open(at("2027-05-01T15:59Z")));
  // Reopens 2027-05-02 00:00 Beijing.
  EXPECT_EQ(c.next_open(at("2026-12-15T00:00Z")), at("2027-05-02T00:00+08:00"));
  EXPECT_EQ(c.next_open(at("2026-11-29T16:00Z")), at("2027-05-01T16:00Z"));
  // One hour before the closure, one after it.
  EXPECT_EQ(c.finish_work(at("2026-11-29T15:00Z"), Duration::hours(2)), at("2027-05-01T17:00Z"));
  EXPECT_TRUE(c.is_open(at("2027-08-01T00:00Z")));
}

TEST(OpenCalendar, SeasonalClosureEdges) {
  // February 29 as an end: in a common year the closure ends with February.
  const OpenCalendar leap({{nullptr, OpeningHours{}, "XX", nullptr}}, OpenCalendar::SeasonalClosure{225, 229});
  EXPECT_EQ(leap.next_open(at("2027-02-26T00:00Z")), at("2027-03-01T00:00Z"));
  EXPECT_EQ(leap.next_open(at("2028-02-26T00:00Z")), at("2028-03-01T00:00Z"));
  EXPECT_FALSE(leap.is_open(at("2028-02-29T12:00Z")));
  // ... and as a start: in a common year the closure begins on March 1.
  const OpenCalendar from_leap({{nullptr, OpeningHours{}, "XX", nullptr}}, OpenCalendar::SeasonalClosure{229, 302});
  EXPECT_TRUE(from_leap.is_open(at("2027-02-28T23:59Z")));
  EXPECT_FALSE(from_leap.is_open(at("2027-03-01T00:00Z")));
  EXPECT_EQ(from_leap.next_open(at("2027-03-01T00:00Z")), at("2027-03-03T00:00Z"));
  EXPECT_EQ(from_leap.finish_work(at("2027-02-28T23:00Z"), Duration::hours(2)), at("2027-03-03T01:00Z"));
  // A closure up to New Year's Eve reopens on January 1.
  const OpenCalendar december({{nullptr, OpeningHours{}, "XX", nullptr}}, OpenCalendar::SeasonalClosure{1201, 1231});
  EXPECT_EQ(december.next_open(at("2026-12-10T00:00Z")), at("2027-01-01T00:00Z"));
  EXPECT_EQ(december.finish_work(at("2026-11-30T23:00Z"), Duration::hours(2)), at("2027-01-01T01:00Z"));
  // A closure starting January 1 (wrapping from nothing).
  const OpenCalendar january({{nullptr, OpeningHours{}, "XX", nullptr}}, OpenCalendar::SeasonalClosure{101, 115});
  EXPECT_EQ(january.next_open(at("2026-12-31T23:00Z")), at("2026-12-31T23:00Z"));
  EXPECT_EQ(january.finish_work(at("2026-12-31T23:00Z"), Duration::hours(2)), at("2027-01-16T01:00Z"));
}

TEST(OpenCalendar, ExtraClosures) {
  OpenCalendar c({{&zone("Asia/Almaty"), OpeningHours{}, "KZ", nullptr}}, std::nullopt,
                 {{at("2026-12-01T00:00Z"), at("2026-12-04T00:00Z")}});
  EXPECT_TRUE(c.is_open(at("2026-11-30T23:59Z")));
  EXPECT_FALSE(c.is_open(at("2026-12-01T00:00Z")));
  EXPECT_FALSE(c.is_open(at("2026-12-03T23:59Z")));
  EXPECT_TRUE(c.is_open(at("2026-12-04T00:00Z")));
  EXPECT_EQ(c.next_open(at("2026-12-02T05:00Z")), at("2026-12-04T00:00Z"));
  EXPECT_EQ(c.finish_work(at("2026-11-30T23:00Z"), Duration::hours(2)), at("2026-12-04T01:00Z"));
  // Overlapping and touching closures join up.
  c.add_closure(at("2026-12-03T00:00Z"), at("2026-12-05T00:00Z"));
  c.add_closure(at("2026-12-05T00:00Z"), at("2026-12-05T06:00Z"));
  c.add_closure(at("2026-12-10T00:00Z"), at("2026-12-10T00:00Z"));  // empty: ignored
  EXPECT_EQ(c.next_open(at("2026-12-02T05:00Z")), at("2026-12-05T06:00Z"));
  EXPECT_TRUE(c.is_open(at("2026-12-10T00:00Z")));
}

TEST(OpenCalendar, NeverOpen) {
  const OpenCalendar closed({{&zone("Asia/Almaty"), hours("Mo-Su off"), "KZ", nullptr}});
  EXPECT_FALSE(closed.is_open(at("2026-07-01T00:00Z")));
  EXPECT_EQ(closed.next_open(at("2026-07-01T00:00Z")), std::nullopt);
  EXPECT_EQ(closed.finish_work(at("2026-07-01T00:00Z"), Duration::hours(1)), std::nullopt);
  // Sides that are never open at the same time.
  const OpenCalendar disjoint({{&zone("Asia/Shanghai"), hours("Mo-Fr 09:00-12:00"), "CN", nullptr},
                               {&zone("Asia/Shanghai"), hours("Mo-Fr 13:00-18:00"), "CN", nullptr}});
  EXPECT_EQ(disjoint.next_open(at("2026-07-01T00:00Z")), std::nullopt);
  // Closed all year round, and a closure longer than the horizon.
  const OpenCalendar all_year({}, OpenCalendar::SeasonalClosure{101, 1231});
  EXPECT_EQ(all_year.next_open(at("2026-07-01T00:00Z")), std::nullopt);
  const OpenCalendar long_closure({}, std::nullopt, {{at("2026-01-01T00:00Z"), at("2029-01-01T00:00Z")}});
  EXPECT_EQ(long_closure.next_open(at("2026-07-01T00:00Z")), std::nullopt);
  EXPECT_EQ(long_closure.next_open(at("2027-01-01T00:00Z")), at("2029-01-01T00:00Z"));
}

TEST(OpenCalendar, DaylightSavingTime) {
  // Berlin local hours across the spring-forward night of 2026-03-29 (a Sunday): the 02:00-03:00
  // hour does not exist, so 01:00-04:00 local is two hours long.
  const OpenCalendar c({{&zone("Europe/Berlin"), hours("Su 01:00-04:00"), "DE", nullptr}});
  EXPECT_EQ(c.next_open(at("2026-03-28T12:00Z")), at("2026-03-29T00:00Z"));  // 01:00 CET
  EXPECT_EQ(c.finish_work(at("2026-03-29T00:00Z"), Duration::hours(2)), at("2026-03-29T02:00Z"));  // 04:00 CEST
  EXPECT_FALSE(c.is_open(at("2026-03-29T02:00Z")));
  // In autumn 02:00-03:00 happens twice, so the same hours give four hours of work.
  EXPECT_EQ(c.finish_work(at("2026-10-24T23:00Z"), Duration::hours(4)), at("2026-10-25T03:00Z"));
  EXPECT_FALSE(c.is_open(at("2026-10-25T03:00Z")));
}

TEST(OpenCalendar, MatchesMinuteByMinuteAndIsFifo) {
  HolidayCalendar holidays = china_national_day();
  holidays.add("DE", CivilDate{2026, 12, 25});
  holidays.add("DE", CivilDate{2026, 12, 26});
  std::vector<OpenCalendar> calendars;
  calendars.push_back(torugart(&holidays));
  calendars.push_back(OpenCalendar({{&zone("Europe/Berlin"), hours("Mo-Fr 06:00-22:00; Sa 08:00-12:00; PH off"), "DE", &holidays},
                                    {&zone("Australia/Lord_Howe"), hours("Mo-Su 00:00-02:30,03:00-24:00"), "AU", nullptr}},
                                   OpenCalendar::SeasonalClosure{1224, 102},
                                   {{at("2026-11-03T10:00Z"), at("2026-11-05T17:30Z")}}));
  calendars.push_back(OpenCalendar({{&zone("America/New_York"), hours("Mo-Fr 00:00-01:30,01:30-02:30; Su 22:00-24:00"), "US", nullptr}}));

  std::mt19937_64 rng(42);
  const TimePoint base = at("2026-09-01T00:00Z");
  for (std::size_t k = 0; k < calendars.size(); ++k) {
    const OpenCalendar& c = calendars[k];
    for (int i = 0; i < 300; ++i) {
      const TimePoint start = base + Duration{static_cast<std::int64_t>(rng() % (200 * 1440))};
      const Duration work{static_cast<std::int64_t>(i % 10 == 0 ? 0 : rng() % 2000)};
      const auto finish = c.finish_work(start, work);
      ASSERT_TRUE(finish) << k << " " << format_utc(start);
      if (i < 60) {
        ASSERT_EQ(finish, brute_finish(c, start, work, Duration::days(60))) << k << " " << format_utc(start) << " " << work.minutes;
      }
      if (work.minutes == 0) {
        ASSERT_EQ(finish, c.next_open(start));
      }
      // FIFO for the same amount of work: a later start never finishes earlier.
      for (std::int64_t later : {1, 7, 59, 600, 1441}) {
        const auto finish2 = c.finish_work(start + Duration{later}, work);
        ASSERT_TRUE(finish2);
        ASSERT_LE(*finish, *finish2) << k << " " << format_utc(start) << " +" << later << " work " << work.minutes;
      }
    }
  }
}

}  // namespace
}  // namespace caravan
