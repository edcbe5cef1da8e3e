#pragma once
// Border time as elapsed time. CAREC CPMM's TFI1 is the time from entering the first side of a
// crossing to leaving the second, waiting included, averaged over the trucks and trains that
// crossed. The engine reproduces it as: a vehicle waits while the crossing is closed (hours,
// weekends, public holidays) and needs `work` minutes of open time to clear; `work` is chosen so
// that the mean elapsed time over arrivals spread evenly across the hours of a year equals the
// published figure. Closures then decide *who* waits (Friday evening at a weekday-only crossing
// waits for Monday; Tuesday morning does not) while the yearly mean stays the published one.
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "network/open_calendar.hpp"

namespace caravan {

// The year whose hourly arrivals calibrate every crossing (the holidays file covers it in full).
inline constexpr int kClearingYear = 2026;

// The open periods of a calendar over a span, with running totals of open time, so that "when
// is `work` minutes of open time done, counted from t" is two binary searches.
class OpenTimeline {
 public:
  OpenTimeline(const OpenCalendar& calendar, TimePoint from, TimePoint to);
  // As OpenCalendar::finish_work, within the span; nullopt past its end.
  [[nodiscard]] std::optional<TimePoint> finish_work(TimePoint start, Duration work) const;
  [[nodiscard]] bool always_open() const { return always_open_; }

 private:
  std::vector<std::int64_t> open_from_, open_to_;  // UTC minutes, sorted, disjoint
  std::vector<std::int64_t> open_before_;          // open minutes before open_from_[i]
  bool always_open_ = false;
};

struct YearlyClearing {
  Duration mean;       // mean elapsed time to clear over the hourly arrivals
  Duration p90;        // 90th percentile over the same arrivals
  std::size_t arrivals = 0;  // hours of the year counted (a seasonal closure's hours are not)
};

// The hours of kClearingYear at which arrivals are counted: every hour, except those inside the
// calendar's seasonal closure (a pass closed for the winter has no winter traffic to average).
class ClearingYear {
 public:
  explicit ClearingYear(const OpenCalendar& calendar);
  // Elapsed time to clear with `work` minutes of open time, over the year's arrivals.
  [[nodiscard]] YearlyClearing measure(Duration work) const;
  // The least work whose yearly mean reaches `target_mean` (to the minute); `target_mean` itself
  // when the calendar alone already makes the mean longer (`measure(0)` tells by how much).
  [[nodiscard]] Duration calibrate(Duration target_mean) const;

 private:
  OpenTimeline timeline_;
  std::vector<TimePoint> arrivals_;
};

}  // namespace caravan
