#pragma once
// IANA time zones read straight from the compiled TZif files (RFC 8536), without touching the
// process-wide TZ / tzset state of libc: zones are plain values, safe to share between threads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace caravan {

class TimeZone {
 public:
  // Reads `iana_name` (e.g. "Asia/Almaty") from $TZDIR or /usr/share/zoneinfo. Names with ".."
  // or a leading '/' are rejected so that a data file cannot point outside the zone directory.
  static std::optional<TimeZone> load(std::string_view iana_name, std::string* error = nullptr);
  // Parses the bytes of a TZif file (any version); `name` is only kept for name().
  static std::optional<TimeZone> from_tzif(std::string_view name, std::string_view bytes,
                                           std::string* error = nullptr);
  // A zone given by a POSIX TZ string alone, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" or "<+05>-5".
  static std::optional<TimeZone> from_posix(std::string_view tz, std::string* error = nullptr);

  [[nodiscard]] const std::string& name() const { return name_; }
  // Offset of local time east of UTC at `utc`, in minutes (historic offsets with seconds are
  // rounded down to the minute).
  [[nodiscard]] int offset_minutes(TimePoint utc) const;
  // The instant of a local wall-clock time (minutes since 1970-01-01T00:00 local). A wall time
  // that does not exist (skipped in a DST gap) is read with the offset in force before the gap,
  // so 02:30 on a spring-forward night in Berlin is 01:30Z (03:30 CEST). A wall time that occurs
  // twice (the overlap when clocks go back) maps to the earlier instant.
  [[nodiscard]] TimePoint to_utc(std::int64_t local_minutes_since_epoch) const;
  // The earliest instant after `utc` at which the offset may change (nullopt: never again).
  // Callers that step through local time use it to know how long the current offset holds.
  [[nodiscard]] std::optional<TimePoint> next_transition(TimePoint utc) const;

  // A POSIX TZ rule date: Jn (1..365, Feb 29 never counted), n (0..365) or Mm.w.d.
  struct RuleDate {
    enum class Kind : std::uint8_t { julian1, zero_based, month_week_day } kind = Kind::month_week_day;
    int day = 0;         // Jn / n
    int month = 1;       // Mm.w.d
    int week = 1;        // 1..5, 5 = last
    int weekday = 0;     // 0 = Sunday, as POSIX has it
    int time = 7200;     // seconds after local midnight, -167h..167h (RFC 8536)
  };
  // The footer rule that extends the table past its last transition.
  struct PosixRule {
    int std_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int dst_offset = 0;
    RuleDate start, end;
  };

 private:
  [[nodiscard]] int offset_seconds(std::int64_t utc_seconds) const;
  [[nodiscard]] std::optional<std::int64_t> next_transition_seconds(std::int64_t utc_seconds) const;

  std::string name_;
  std::vector<std::int64_t> transitions_;   // UTC seconds, strictly increasing
  std::vector<std::uint8_t> transition_type_;  // index into type_offsets_ for each transition
  std::vector<int> type_offsets_;            // seconds east of UTC; never empty
  std::optional<PosixRule> rule_;            // applies from the last transition on
};

}  // namespace caravan
