#include "core/timezone.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace caravan {

namespace {

// Instants are clamped to about ±35 million years so that seconds, days and years never overflow.
constexpr std::int64_t kMaxSeconds = std::int64_t{1} << 50;
// RFC 8536: UT offsets lie in -24:59:59..25:59:59.
constexpr std::int64_t kMaxOffsetSeconds = 26 * 3600;
// Nothing in the tz database comes near this; it only bounds what a hostile file can make us read.
constexpr std::size_t kMaxFileBytes = 1 << 20;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }
std::int64_t clamp_seconds(std::int64_t s) { return std::clamp(s, -kMaxSeconds, kMaxSeconds); }
std::int64_t to_seconds(TimePoint t) { return std::clamp(t.minutes, -kMaxSeconds / 60, kMaxSeconds / 60) * 60; }

template <class T>
std::nullopt_t fail(std::string* error, T&& reason) {
  if (error) *error = std::forward<T>(reason);
  return std::nullopt;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// ---- POSIX TZ strings -------------------------------------------------------------------------

class TzStringParser {
 public:
  explicit TzStringParser(std::string_view s) : s_(s) {}

  std::optional<TimeZone::PosixRule> parse(std::string* error) {
    TimeZone::PosixRule rule;
    int west = 0;
    if (!name()) return fail(error, "bad standard time name");
    if (!hms(24, west)) return fail(error, "bad standard time offset");
    rule.std_offset = -west;
    if (done()) return rule;
    rule.has_dst = true;
    if (!name()) return fail(error, "bad daylight time name");
    rule.dst_offset = rule.std_offset + 3600;
    if (!done() && peek() != ',') {
      if (!hms(24, west)) return fail(error, "bad daylight time offset");
      rule.dst_offset = -west;
    }
    if (done()) {
      // POSIX leaves the dates to the implementation; glibc and the tz code use the US rules.
      rule.start = {TimeZone::RuleDate::Kind::month_week_day, 0, 3, 2, 0, 7200};
      rule.end = {TimeZone::RuleDate::Kind::month_week_day, 0, 11, 1, 0, 7200};
      return rule;
    }
    if (!take(',') || !date(rule.start) || !take(',') || !date(rule.end) || !done())
      return fail(error, "bad daylight saving rule");
    return rule;
  }

 private:
  bool done() const { return pos_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

  bool name() {
    const std::size_t begin = pos_;
    if (take('<')) {
      while (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-') ++pos_;
      return pos_ - begin - 1 >= 3 && take('>');
    }
    while (is_alpha(peek())) ++pos_;
    return pos_ - begin >= 3;
  }

  bool number(int max_digits, int max_value, int& out) {
    int digits = 0;
    out = 0;
    while (is_digit(peek()) && digits < max_digits) {
      out = out * 10 + (s_[pos_++] - '0');
      ++digits;
    }
    return digits > 0 && out <= max_value;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours up to max_hours.
  bool hms(int max_hours, int& seconds) {
    const int sign = take('-') ? -1 : (take('+'), 1);
    int h = 0, m = 0, sec = 0;
    if (!number(3, max_hours, h)) return false;
    if (take(':')) {
      if (!number(2, 59, m)) return false;
      if (take(':') && !number(2, 59, sec)) return false;
    }
    seconds = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool date(TimeZone::RuleDate& d) {
    using Kind = TimeZone::RuleDate::Kind;
    if (take('J')) {
      d.kind = Kind::julian1;
      if (!number(3, 365, d.day) || d.day < 1) return false;
    } else if (take('M')) {
      d.kind = Kind::month_week_day;
      if (!number(2, 12, d.month) || d.month < 1 || !take('.') || !number(1, 5, d.week) || d.week < 1 ||
          !take('.') || !number(1, 6, d.weekday))
        return false;
    } else {
      d.kind = Kind::zero_based;
      if (!number(3, 365, d.day)) return false;
    }
    d.time = 7200;
    if (take('/')) return hms(167, d.time);
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Local day (days since the epoch) of a rule date in `year`.
std::int64_t rule_day(const TimeZone::RuleDate& d, int year) {
  using Kind = TimeZone::RuleDate::Kind;
  const std::int64_t jan1 = days_from_civil(CivilDate{year, 1, 1});
  switch (d.kind) {
    case Kind::julian1:
      return jan1 + d.day - 1 + (is_leap(year) && d.day >= 60 ? 1 : 0);
    case Kind::zero_based:
      return jan1 + d.day;
    case Kind::month_week_day: {
      const std::int64_t first = days_from_civil(CivilDate{year, d.month, 1});
      const int wanted = (d.weekday + 6) % 7;  // POSIX 0 = Sunday; ours 0 = Monday
      std::int64_t day = first + (wanted - weekday_from_days(first) + 7) % 7 + 7 * (d.week - 1);
      const std::int64_t next_month = d.month == 12 ? days_from_civil(CivilDate{year + 1, 1, 1})
                                                    : days_from_civil(CivilDate{year, d.month + 1, 1});
      while (day >= next_month) day -= 7;  // week 5 means the last such weekday
      return day;
    }
  }
  return jan1;
}

struct RuleEvent {
  std::int64_t at;  // UTC seconds
  bool starts_dst;
};

// DST start and end instants for `count` years from `first_year`, in time order. On a tie the end
// comes first, so a rule such as "EST5EDT,0/0,J365/25" (DST all year) stays in DST.
template <std::size_t N>
std::array<RuleEvent, N> rule_events(const TimeZone::PosixRule& r, int first_year) {
  std::array<RuleEvent, N> events{};
  for (std::size_t i = 0; i < N / 2; ++i) {
    const int y = first_year + static_cast<int>(i);
    // The start is given in standard time, the end in daylight time.
    events[2 * i] = {rule_day(r.start, y) * 86400 + r.start.time - r.std_offset, true};
    events[2 * i + 1] = {rule_day(r.end, y) * 86400 + r.end.time - r.dst_offset, false};
  }
  std::sort(events.begin(), events.end(), [](const RuleEvent& a, const RuleEvent& b) {
    return a.at != b.at ? a.at < b.at : (!a.starts_dst && b.starts_dst);
  });
  return events;
}

int rule_year(const TimeZone::PosixRule& r, std::int64_t utc_seconds) {
  return civil_from_days(floor_div(utc_seconds + r.std_offset, 86400)).year;
}

int rule_offset(const TimeZone::PosixRule& r, std::int64_t t) {
  if (!r.has_dst) return r.std_offset;
  const auto events = rule_events<6>(r, rule_year(r, t) - 1);
  bool dst = !events.front().starts_dst;  // the state before the first event
  for (const auto& e : events)
    if (e.at <= t) dst = e.starts_dst;
  return dst ? r.dst_offset : r.std_offset;
}

std::optional<std::int64_t> rule_next(const TimeZone::PosixRule& r, std::int64_t t) {
  if (!r.has_dst) return std::nullopt;
  for (const auto& e : rule_events<8>(r, rule_year(r, t) - 1))
    if (e.at > t) return e.at;
  return std::nullopt;
}

// ---- TZif ------------------------------------------------------------------------------------

class ByteReader {
 public:
  explicit ByteReader(std::string_view b) : b_(b) {}
  [[nodiscard]] std::size_t remaining() const { return b_.size() - pos_; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  bool skip(std::uint64_t n) {
    if (n > remaining()) return false;
    pos_ += n;
    return true;
  }
  std::string_view bytes(std::size_t n) {  // caller checked remaining()
    const auto v = b_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::int64_t big_endian(int width) {  // signed, width 4 or 8; caller checked remaining()
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

struct TzifHeader {
  char version = 0;
  std::uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
  [[nodiscard]] std::uint64_t data_size(int time_width) const {
    return timecnt * (time_width + 1) + typecnt * 6 + charcnt + leapcnt * (time_width + 4) + isstdcnt + isutcnt;
  }
};

std::optional<TzifHeader> read_header(ByteReader& in, std::string* error) {
  if (in.remaining() < 44) return fail(error, "truncated TZif header");
  if (in.bytes(4) != "TZif") return fail(error, "not a TZif file");
  TzifHeader h;
  h.version = in.bytes(1)[0];
  in.skip(15);
  for (auto* field : {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt})
    *field = static_cast<std::uint32_t>(in.big_endian(4));
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 || (h.isutcnt != 0 && h.isutcnt != h.typecnt) ||
      (h.isstdcnt != 0 && h.isstdcnt != h.typecnt))
    return fail(error, "inconsistent TZif header counts");
  return h;
}

}  // namespace

std::optional<TimeZone> TimeZone::from_tzif(std::string_view name, std::string_view bytes, std::string* error) {
  ByteReader in(bytes);
  auto header = read_header(in, error);
  if (!header) return std::nullopt;
  int width = 4;
  if (header->version != '\0') {
    // Version 2+ repeats the data with 64-bit times after the version-1 block; only that is read.
    if (!in.skip(header->data_size(4))) return fail(error, "truncated TZif data");
    header = read_header(in, error);
    if (!header) return std::nullopt;
    width = 8;
  }
  const TzifHeader& h = *header;
  if (h.data_size(width) > in.remaining()) return fail(error, "truncated TZif data");

  TimeZone zone;
  zone.name_ = std::string(name);
  zone.transitions_.reserve(h.timecnt);
  for (std::int64_t i = 0, previous = 0; i < static_cast<std::int64_t>(h.timecnt); ++i) {
    const std::int64_t t = in.big_endian(width);
    if (i > 0 && t <= previous) return fail(error, "TZif transition times are not increasing");
    previous = t;
    zone.transitions_.push_back(clamp_seconds(t));
  }
  for (std::uint64_t i = 0; i < h.timecnt; ++i) {
    const auto type = static_cast<std::uint8_t>(in.bytes(1)[0]);
    if (type >= h.typecnt) return fail(error, "TZif transition names an undefined local time type");
    zone.transition_type_.push_back(type);
  }
  for (std::uint64_t i = 0; i < h.typecnt; ++i) {
    const std::int64_t utoff = in.big_endian(4);
    const auto isdst = static_cast<unsigned char>(in.bytes(1)[0]);
    const auto desigidx = static_cast<unsigned char>(in.bytes(1)[0]);
    if (utoff <= -kMaxOffsetSeconds || utoff >= kMaxOffsetSeconds || isdst > 1 || desigidx >= h.charcnt)
      return fail(error, "bad TZif local time type");
    zone.type_offsets_.push_back(static_cast<int>(utoff));
  }
  // Abbreviations, leap seconds and the std/wall and UT/local indicators do not affect offsets.
  // (Leap-second "right/" zones are therefore off by the leap seconds, at most half a minute.)
  in.skip(h.charcnt + h.leapcnt * (width + 4) + h.isstdcnt + h.isutcnt);

  if (width == 8) {
    // The footer: "\n<POSIX TZ string>\n", possibly empty.
    const std::string_view rest = bytes.substr(in.pos());
    const std::size_t end = rest.size() >= 2 ? rest.find('\n', 1) : std::string_view::npos;
    if (rest.empty() || rest[0] != '\n' || end == std::string_view::npos) return fail(error, "missing TZif footer");
    const std::string_view tz = rest.substr(1, end - 1);
    if (!tz.empty()) {
      std::string reason;
      zone.rule_ = TzStringParser(tz).parse(&reason);
      if (!zone.rule_) return fail(error, "bad TZ string '" + std::string(tz) + "' in TZif footer: " + reason);
    }
  }
  return zone;
}

std::optional<TimeZone> TimeZone::from_posix(std::string_view tz, std::string* error) {
  std::string reason;
  auto rule = TzStringParser(tz).parse(&reason);
  if (!rule) return fail(error, "bad TZ string '" + std::string(tz) + "': " + reason);
  TimeZone zone;
  zone.name_ = std::string(tz);
  zone.type_offsets_.push_back(rule->std_offset);
  zone.rule_ = std::move(rule);
  return zone;
}

std::optional<TimeZone> TimeZone::load(std::string_view iana_name, std::string* error) {
  const std::string name(iana_name);
  const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+' || c == '.';
  });
  if (name.empty() || !allowed || name.front() == '/' || name.find("..") != std::string::npos)
    return fail(error, "invalid IANA time zone name '" + name + "'");

  const char* tzdir = std::getenv("TZDIR");
  const std::filesystem::path path =
      std::filesystem::path(tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo") / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return fail(error, "unknown IANA time zone '" + name + "'");
  std::ifstream file(path, std::ios::binary);
  std::string bytes;
  bytes.resize(kMaxFileBytes + 1);
  file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (file.bad() || file.gcount() == 0) return fail(error, "cannot read time zone file " + path.string());
  bytes.resize(static_cast<std::size_t>(file.gcount()));
  if (bytes.size() > kMaxFileBytes) return fail(error, "time zone file " + path.string() + " is too large");

  std::string reason;
  auto zone = from_tzif(name, bytes, &reason);
  if (!zone) return fail(error, "time zone '" + name + "': " + reason);
  return zone;
}

int TimeZone::offset_seconds(std::int64_t t) const {
  if (transitions_.empty()) return rule_ ? rule_offset(*rule_, t) : type_offsets_.front();
  // RFC 8536: before the first transition the first local time type applies.
  if (t < transitions_.front()) return type_offsets_.front();
  // Like the tz reference code and glibc, the footer rule takes over at the last transition.
  if (rule_ && t >= transitions_.back()) return rule_offset(*rule_, t);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return type_offsets_[transition_type_[static_cast<std::size_t>(it - transitions_.begin()) - 1]];
}

std::optional<std::int64_t> TimeZone::next_transition_seconds(std::int64_t t) const {
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  if (it != transitions_.end()) return *it;
  if (!rule_) return std::nullopt;
  return rule_next(*rule_, transitions_.empty() ? t : std::max(t, transitions_.back()));
}

int TimeZone::offset_minutes(TimePoint utc) const {
  return static_cast<int>(floor_div(offset_seconds(to_seconds(utc)), 60));
}

std::optional<TimePoint> TimeZone::next_transition(TimePoint utc) const {
  // A transition at second s first shows in the minute that starts at or after s.
  const auto s = next_transition_seconds(to_seconds(utc));
  if (!s) return std::nullopt;
  return TimePoint{ceil_div(*s, 60)};
}

TimePoint TimeZone::to_utc(std::int64_t local_minutes) const {
  const std::int64_t local = to_seconds(TimePoint{local_minutes});
  // Any solution t of t + offset(t) == local lies within ±26 h of `local`: walk the stretches of
  // constant offset in that window, earliest first.
  std::int64_t from = local - kMaxOffsetSeconds;
  std::optional<int> offset_before_gap;
  for (int guard = 0; guard < 1000; ++guard) {
    const int offset = offset_seconds(from);
    const auto until = next_transition_seconds(from);
    const std::int64_t t = local - offset;
    if (t >= from && (!until || t < *until)) return TimePoint{floor_div(t, 60)};
    if (from + offset <= local) offset_before_gap = offset;  // this stretch began at or before `local`
    if (!until || *until > local + kMaxOffsetSeconds) break;
    from = *until;
  }
  return TimePoint{floor_div(local - offset_before_gap.value_or(offset_seconds(local)), 60)};
}

}  // namespace caravan
