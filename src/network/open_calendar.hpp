#pragma once
// When a border crossing is open, in UTC: both sides' opening hours in their own local time and
// public holidays, a seasonal closure, and closures from scenarios.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/timezone.hpp"
#include "network/holidays.hpp"
#include "network/opening_hours.hpp"

namespace caravan {

class OpenCalendar {
 public:
  struct Side {
    const TimeZone* zone = nullptr;               // nullptr = UTC; must outlive the calendar
    OpeningHours hours;                           // local to `zone`; default 24/7
    std::string country;                          // ISO alpha-2, for `PH off`
    const HolidayCalendar* holidays = nullptr;    // nullptr = no holidays; must outlive the calendar
  };
  // Closed from one month-day to another, both included, written month * 100 + day (1130 = Nov 30);
  // from > to wraps the year. Evaluated on side A's local date.
  struct SeasonalClosure {
    int from_month_day = 0;
    int to_month_day = 0;
  };
  // Closed on [from, to), UTC.
  struct Closure {
    TimePoint from;
    TimePoint to;
  };
  // How far ahead next_open / finish_work look before giving up.
  static constexpr Duration kHorizon = Duration::days(800);

  OpenCalendar() = default;  // no sides: always open
  // Up to two sides (A first); the calendar is open when every side is.
  explicit OpenCalendar(std::vector<Side> sides, std::optional<SeasonalClosure> seasonal = std::nullopt,
                        std::vector<Closure> closures = {});
  void add_closure(TimePoint from, TimePoint to);

  [[nodiscard]] bool is_open(TimePoint t) const;
  // Earliest instant >= t at which the crossing is open; nullopt if none within kHorizon.
  [[nodiscard]] std::optional<TimePoint> next_open(TimePoint t) const;
  // When `work` minutes of open time, counted from `start`, have elapsed: work pauses while the
  // crossing is closed. Monotone in `start` (FIFO). work <= 0 gives next_open(start); nullopt if
  // the work does not finish within kHorizon of `start`.
  [[nodiscard]] std::optional<TimePoint> finish_work(TimePoint start, Duration work) const;

  // The calendar is open (or closed) on all of [t, until).
  struct State {
    bool open = true;
    TimePoint until;
  };
  [[nodiscard]] State state_at(TimePoint t) const;
  // Whether t falls in the seasonal closure (a pass closed for the winter).
  [[nodiscard]] bool in_seasonal_closure(TimePoint t) const { return !seasonal_state(t).open; }
  [[nodiscard]] bool has_dated_closures() const { return !closures_.empty(); }

 private:
  [[nodiscard]] State side_state(const Side& side, TimePoint t) const;
  [[nodiscard]] State seasonal_state(TimePoint t) const;
  [[nodiscard]] State closure_state(TimePoint t) const;

  std::vector<Side> sides_;
  std::optional<SeasonalClosure> seasonal_;
  std::vector<Closure> closures_;  // sorted, disjoint and not touching
};

}  // namespace caravan
