#include "network/clearing_time.hpp"

#include <algorithm>
#include <cmath>

namespace caravan {

OpenTimeline::OpenTimeline(const OpenCalendar& calendar, TimePoint from, TimePoint to) {
  std::int64_t total = 0;
  for (TimePoint t = from; t < to;) {
    const auto s = calendar.state_at(t);
    const TimePoint until = std::min(s.until, to);
    if (s.open) {
      if (!open_to_.empty() && open_to_.back() == t.minutes) {
        open_to_.back() = until.minutes;  // a time-zone change splits no open period
      } else {
        open_from_.push_back(t.minutes);
        open_to_.push_back(until.minutes);
        open_before_.push_back(total);
      }
      total += until.minutes - t.minutes;
    }
    t = until;
  }
  always_open_ = open_from_.size() == 1 && open_from_.front() == from.minutes && open_to_.front() == to.minutes;
}

std::optional<TimePoint> OpenTimeline::finish_work(TimePoint start, Duration work) const {
  // The first open period that ends after `start`.
  const auto i = static_cast<std::size_t>(std::upper_bound(open_to_.begin(), open_to_.end(), start.minutes) - open_to_.begin());
  if (i == open_to_.size()) return std::nullopt;
  const std::int64_t begin = std::max(start.minutes, open_from_[i]);
  if (work.minutes <= 0) return TimePoint{begin};
  const std::int64_t target = open_before_[i] + (begin - open_from_[i]) + work.minutes;
  // The first period whose running total at its end reaches the target (work that ends exactly
  // at a closing time finishes then, as OpenCalendar::finish_work does).
  std::size_t lo = i, hi = open_to_.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (open_before_[mid] + (open_to_[mid] - open_from_[mid]) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo == open_to_.size()) return std::nullopt;
  return TimePoint{open_from_[lo] + (target - open_before_[lo])};
}

namespace {

TimePoint year_start(int year) { return TimePoint{days_from_civil(CivilDate{year, 1, 1}) * 1440}; }

}  // namespace

ClearingYear::ClearingYear(const OpenCalendar& calendar)
    // Two years of calendar: a vehicle arriving late in the year, or just before a winter
    // closure, finishes clearing in the next.
    : timeline_(calendar, year_start(kClearingYear), year_start(kClearingYear + 2)) {
  for (TimePoint t = year_start(kClearingYear); t < year_start(kClearingYear + 1); t += Duration{60})
    if (!calendar.in_seasonal_closure(t)) arrivals_.push_back(t);
}

YearlyClearing ClearingYear::measure(Duration work) const {
  YearlyClearing out;
  if (timeline_.always_open()) {
    out.mean = out.p90 = work;
    out.arrivals = arrivals_.size();
    return out;
  }
  std::vector<std::int64_t> elapsed;
  elapsed.reserve(arrivals_.size());
  long double sum = 0;
  for (const TimePoint t : arrivals_) {
    const auto done = timeline_.finish_work(t, work);
    if (!done) continue;
    elapsed.push_back((*done - t).minutes);
    sum += static_cast<long double>(elapsed.back());
  }
  out.arrivals = elapsed.size();
  if (elapsed.empty()) return out;
  out.mean = Duration{static_cast<std::int64_t>(std::llround(sum / static_cast<long double>(elapsed.size())))};
  // Nearest rank: the value that 90 % of the arrivals do not exceed.
  const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(elapsed.size()))) - 1;
  std::nth_element(elapsed.begin(), elapsed.begin() + static_cast<std::ptrdiff_t>(rank), elapsed.end());
  out.p90 = Duration{elapsed[rank]};
  return out;
}

Duration ClearingYear::calibrate(Duration target_mean) const {
  if (target_mean.minutes <= 0 || timeline_.always_open() || arrivals_.empty()) return std::max(target_mean, Duration{});
  // The mean never falls as work grows and is at least the work, so the answer lies in
  // [0, target]; pick the work whose mean is nearest the target.
  std::int64_t lo = 0, hi = target_mean.minutes;
  // Where the closures alone keep the yearly mean above the figure (a pass open 14 h a day with a
  // published 1.8 h), the figure can only describe trucks that arrive while it is open: each of
  // them takes the figure, and the yearly mean stays above it (the crossing table shows by how much).
  if (measure(Duration{0}).mean >= target_mean) return target_mean;
  while (lo + 1 < hi) {
    const std::int64_t mid = (lo + hi) / 2;
    if (measure(Duration{mid}).mean >= target_mean) hi = mid;
    else lo = mid;
  }
  const auto above = measure(Duration{hi}).mean - target_mean;
  const auto below = target_mean - measure(Duration{lo}).mean;
  return Duration{below < above ? lo : hi};
}

}  // namespace caravan
