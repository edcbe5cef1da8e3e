#include "core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace caravan {

std::int64_t days_from_civil(CivilDate d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool is_valid_date(CivilDate d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int max_day = (d.month == 2 && leap) ? 29 : kDays[d.month - 1];
  return d.day <= max_day;
}

namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

std::optional<TimePoint> fail(std::string* error, std::string reason) {
  if (error) *error = std::move(reason);
  return std::nullopt;
}

}  // namespace

std::optional<TimePoint> parse_iso8601(std::string_view s, std::string* error) {
  const std::string expected = "expected an ISO 8601 date-time such as 2026-12-07T08:00Z";
  CivilDate date;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !read_int(s, 0, 4, date.year) ||
      !read_int(s, 5, 2, date.month) || !read_int(s, 8, 2, date.day))
    return fail(error, expected);
  if (!is_valid_date(date)) return fail(error, "no such calendar date");
  std::int64_t minutes = days_from_civil(date) * 1440;
  if (s.size() == 10) return TimePoint{minutes};
  if (s[10] != 'T' && s[10] != ' ') return fail(error, expected);
  int hh = 0, mm = 0, ss = 0;
  if (!read_int(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !read_int(s, 14, 2, mm))
    return fail(error, expected);
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, ss)) return fail(error, expected);
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {  // fractional seconds are accepted and dropped
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return fail(error, "time of day out of range");
  minutes += hh * 60 + mm;
  if (pos == s.size()) return TimePoint{minutes};
  if (s[pos] == 'Z' && pos + 1 == s.size()) return TimePoint{minutes};
  if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om) || oh > 18 || om > 59)
      return fail(error, "bad UTC offset");
    const int offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    return TimePoint{minutes - offset};
  }
  return fail(error, expected);
}

std::string format_with_offset(TimePoint t, int offset_minutes) {
  const std::int64_t local = t.minutes + offset_minutes;
  std::int64_t days = local / 1440;
  std::int64_t rem = local % 1440;
  if (rem < 0) { rem += 1440; --days; }
  const CivilDate d = civil_from_days(days);
  char buf[48];
  if (offset_minutes == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02dZ", d.year, d.month, d.day,
                  static_cast<int>(rem / 60), static_cast<int>(rem % 60));
  } else {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", d.year, d.month, d.day,
                  static_cast<int>(rem / 60), static_cast<int>(rem % 60), offset_minutes < 0 ? '-' : '+',
                  a / 60, a % 60);
  }
  return buf;
}

TimePoint now_utc() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return TimePoint{std::chrono::duration_cast<std::chrono::minutes>(now).count()};
}

std::string format_utc(TimePoint t) { return format_with_offset(t, 0); }

std::optional<int> parse_hhmm(std::string_view s) {
  int hh = 0, mm = 0;
  if (s.size() != 5 || s[2] != ':' || !read_int(s, 0, 2, hh) || !read_int(s, 3, 2, mm)) return std::nullopt;
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return std::nullopt;
  return hh * 60 + mm;
}

}  // namespace caravan
