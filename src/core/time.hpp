#pragma once
// Time inside Caravan is UTC, counted in whole minutes since 1970-01-01T00:00Z.
// Local time appears only at the edges: opening hours, timetables and display.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

struct Duration {
  std::int64_t minutes = 0;
  static constexpr Duration hours(double h) { return Duration{static_cast<std::int64_t>(h * 60.0 + (h >= 0 ? 0.5 : -0.5))}; }
  static constexpr Duration days(std::int64_t d) { return Duration{d * 1440}; }
  [[nodiscard]] constexpr double in_hours() const { return static_cast<double>(minutes) / 60.0; }
  constexpr Duration operator+(Duration o) const { return Duration{minutes + o.minutes}; }
  constexpr Duration operator-(Duration o) const { return Duration{minutes - o.minutes}; }
  constexpr Duration& operator+=(Duration o) { minutes += o.minutes; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;
};

struct TimePoint {
  std::int64_t minutes = 0;  // UTC minutes since the Unix epoch
  constexpr TimePoint operator+(Duration d) const { return TimePoint{minutes + d.minutes}; }
  constexpr TimePoint operator-(Duration d) const { return TimePoint{minutes - d.minutes}; }
  constexpr Duration operator-(TimePoint o) const { return Duration{minutes - o.minutes}; }
  constexpr TimePoint& operator+=(Duration d) { minutes += d.minutes; return *this; }
  constexpr auto operator<=>(const TimePoint&) const = default;
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  constexpr auto operator<=>(const CivilDate&) const = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(std::int64_t days);
// 0 = Monday … 6 = Sunday, as in ISO 8601.
int weekday_from_days(std::int64_t days);
bool is_valid_date(CivilDate d);

// Parses "2026-12-07T08:00Z", "2026-12-07T08:00:30+05:00", "2026-12-07T08:00" (UTC) and
// "2026-12-07" (midnight UTC). Returns nullopt with a reason in *error on failure.
std::optional<TimePoint> parse_iso8601(std::string_view text, std::string* error = nullptr);
// The current time, to the minute.
TimePoint now_utc();
// "2026-12-07T08:00Z"
std::string format_utc(TimePoint t);
// "2026-12-07T13:00+05:00" for a given offset east of UTC in minutes.
std::string format_with_offset(TimePoint t, int offset_minutes);
// Parses "HH:MM" (00:00..24:00) into minutes after midnight.
std::optional<int> parse_hhmm(std::string_view text);

}  // namespace caravan
