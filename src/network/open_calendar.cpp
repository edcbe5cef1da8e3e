#include "network/open_calendar.hpp"

#include <algorithm>
#include <limits>

namespace caravan {

namespace {

// "Until the end of time", far enough to never be reached and small enough to never overflow.
constexpr TimePoint kForever{std::numeric_limits<std::int64_t>::max() / 4};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int offset_at(const TimeZone* zone, TimePoint t) { return zone ? zone->offset_minutes(t) : 0; }

// The instant `local_target` (local minutes) is reached from t, assuming the offset at t holds;
// cut short at the zone's next transition, where the caller looks again.
TimePoint local_until(const TimeZone* zone, TimePoint t, std::int64_t local_now, std::int64_t local_target) {
  TimePoint until = t + Duration{local_target - local_now};
  if (zone) {
    if (const auto change = zone->next_transition(t); change && *change < until) until = *change;
  }
  return until;
}

int month_day(std::int64_t day) {
  const CivilDate d = civil_from_days(day);
  return d.month * 100 + d.day;
}

// The first day of `year` whose month-day is >= md, or > md: a month-day that does not exist in
// that year (Feb 29 in a common year) counts as the end of its month. May be Jan 1 of year + 1.
std::int64_t first_day_from(int year, int md) {
  const CivilDate d{year, md / 100, md % 100};
  if (is_valid_date(d)) return days_from_civil(d);
  return d.month == 12 ? days_from_civil(CivilDate{year + 1, 1, 1}) : days_from_civil(CivilDate{year, d.month + 1, 1});
}
std::int64_t first_day_after(int year, int md) {
  const CivilDate d{year, md / 100, md % 100};
  return is_valid_date(d) ? days_from_civil(d) + 1 : first_day_from(year, md);
}

}  // namespace

OpenCalendar::OpenCalendar(std::vector<Side> sides, std::optional<SeasonalClosure> seasonal,
                           std::vector<Closure> closures)
    : sides_(std::move(sides)), seasonal_(seasonal) {
  for (const auto& c : closures) add_closure(c.from, c.to);
}

void OpenCalendar::add_closure(TimePoint from, TimePoint to) {
  if (!(from < to)) return;
  // Keep the list merged so that an instant lies in at most one closure.
  closures_.push_back({from, to});
  std::sort(closures_.begin(), closures_.end(), [](auto& a, auto& b) { return a.from < b.from; });
  std::vector<Closure> merged;
  for (const auto& c : closures_) {
    if (!merged.empty() && c.from <= merged.back().to) merged.back().to = std::max(merged.back().to, c.to);
    else merged.push_back(c);
  }
  closures_ = std::move(merged);
}

OpenCalendar::State OpenCalendar::side_state(const Side& side, TimePoint t) const {
  if (side.hours.always_open()) return {true, kForever};
  if (side.hours.never_open()) return {false, kForever};
  const std::int64_t local = t.minutes + offset_at(side.zone, t);
  const std::int64_t day = floor_div(local, 1440);
  const std::int64_t minute = local - day * 1440;
  const std::int64_t midnight = (day + 1) * 1440;
  if (side.hours.closed_on_public_holidays() && side.holidays && side.holidays->is_holiday(side.country, day))
    return {false, local_until(side.zone, t, local, midnight)};
  for (const auto& span : side.hours.open_intervals(weekday_from_days(day))) {
    if (minute < span.open) return {false, local_until(side.zone, t, local, day * 1440 + span.open)};
    if (minute < span.close) return {true, local_until(side.zone, t, local, day * 1440 + span.close)};
  }
  return {false, local_until(side.zone, t, local, midnight)};
}

OpenCalendar::State OpenCalendar::seasonal_state(TimePoint t) const {
  if (!seasonal_) return {true, kForever};
  const int from = seasonal_->from_month_day;
  const int to = seasonal_->to_month_day;
  const TimeZone* zone = sides_.empty() ? nullptr : sides_.front().zone;
  const std::int64_t local = t.minutes + offset_at(zone, t);
  const std::int64_t day = floor_div(local, 1440);
  const int md = month_day(day);
  const int year = civil_from_days(day).year;
  const bool wraps = from > to;
  const bool closed = wraps ? (md >= from || md <= to) : (md >= from && md <= to);
  // Closed: reopens the day after `to`, this year or, inside a closure that wraps, next year.
  // Open: closes on `from`, this year or next. (A closure of the whole year is simply closed
  // for a year at a time.)
  const std::int64_t change_day = closed ? first_day_after(wraps && md >= from ? year + 1 : year, to)
                                         : first_day_from(md < from ? year : year + 1, from);
  return {!closed, local_until(zone, t, local, change_day * 1440)};
}

OpenCalendar::State OpenCalendar::closure_state(TimePoint t) const {
  const auto it = std::upper_bound(closures_.begin(), closures_.end(), t, [](TimePoint x, const Closure& c) { return x < c.to; });
  if (it == closures_.end()) return {true, kForever};
  if (it->from <= t) return {false, it->to};
  return {true, it->from};
}

OpenCalendar::State OpenCalendar::state_at(TimePoint t) const {
  // Open until the first part closes; closed until the last closed part opens (until then at
  // least one of them is still closed).
  TimePoint open_until = kForever;
  TimePoint closed_until = t;
  bool open = true;
  auto combine = [&](State s) {
    if (s.open) open_until = std::min(open_until, s.until);
    else {
      open = false;
      closed_until = std::max(closed_until, s.until);
    }
  };
  for (const auto& side : sides_) combine(side_state(side, t));
  combine(seasonal_state(t));
  combine(closure_state(t));
  return open ? State{true, open_until} : State{false, closed_until};
}

bool OpenCalendar::is_open(TimePoint t) const { return state_at(t).open; }

std::optional<TimePoint> OpenCalendar::next_open(TimePoint t) const {
  const TimePoint limit = t + kHorizon;
  while (t <= limit) {
    const State s = state_at(t);
    if (s.open) return t;
    t = s.until;
  }
  return std::nullopt;
}

std::optional<TimePoint> OpenCalendar::finish_work(TimePoint start, Duration work) const {
  if (work.minutes <= 0) return next_open(start);
  const TimePoint limit = start + kHorizon;
  TimePoint t = start;
  Duration left = work;
  while (t <= limit) {
    const State s = state_at(t);
    if (s.open) {
      if (s.until - t >= left) return t + left <= limit ? std::optional<TimePoint>(t + left) : std::nullopt;
      left = left - (s.until - t);
    }
    t = s.until;
  }
  return std::nullopt;
}

}  // namespace caravan
