#include "border/crossing_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

#include "border/crossing_lookup.hpp"
#include "core/text.hpp"

namespace caravan::border {
namespace {

// Model constants (docs/border-simulator.md §2 gives the reasons; all are assumptions where no
// published figure exists).
constexpr double kRoadControlH = 0.25;  // one truck's documentary control at a booth, yellow
constexpr double kRailControlH = 2.0;   // one train's border control on a station track
constexpr double kRoadCv = 0.6, kRailCv = 0.4, kGaugeCv = 0.3, kDwellCv = 0.5;
// Control time of each class relative to yellow; green is pre-declared and low risk, red is
// physically inspected.
constexpr double kClassFactor[3] = {0.5, 1.0, 3.0};
constexpr double kDefaultGreen = 0.3, kDefaultRed = 0.1;
constexpr int kRoadBuffer = 50, kRailBuffer = 4;
constexpr double kDefaultWarmupDays = 7;
// Default demand as a share of capacity, tried in this order by the calibration.
constexpr double kDemandShares[] = {0.8, 0.6, 0.4, 0.2, 0.1};
constexpr double kCalibrationDays = 365;
constexpr int kCalibrationReplications = 2;
constexpr std::uint64_t kCalibrationSeed = 20230313;

double mix_factor(double green, double red) {
  return green * kClassFactor[0] + (1 - green - red) * kClassFactor[1] + red * kClassFactor[2];
}

// Road traffic peaks in daytime on working days (an assumption: no hourly counts are published
// for the corridor's crossings). Hour 0 = Monday 00:00 local.
std::array<double, kHoursPerWeek> road_profile() {
  std::array<double, kHoursPerWeek> p{};
  for (int h = 0; h < kHoursPerWeek; ++h) {
    const int day = h / 24, hour = h % 24;
    const bool daytime = hour >= 6 && hour < 22;
    if (day < 5) p[h] = daytime ? 1.4 : 0.5;
    else if (day == 5) p[h] = daytime ? 1.0 : 0.4;
    else p[h] = daytime ? 0.6 : 0.3;
  }
  return p;
}

double hour_of_week_at(const TimeZone& tz, TimePoint t) {
  const std::int64_t local = t.minutes + tz.offset_minutes(t);
  const std::int64_t day = local >= 0 ? local / 1440 : (local - 1439) / 1440;
  const std::int64_t minute = local - day * 1440;
  return weekday_from_days(day) * 24.0 + static_cast<double>(minute) / 60.0;
}

double open_hours_per_day(const std::vector<OpenWindow>& windows, double span_h) {
  if (windows.empty()) return 24.0;
  double open = 0;
  for (const auto& w : windows) open += std::min(w.to, span_h) - std::max(w.from, 0.0);
  return std::max(open / span_h * 24.0, 1e-9);
}

// The hours both window lists are open (an empty list is always open), sorted.
std::vector<OpenWindow> intersect(const std::vector<OpenWindow>& a, const std::vector<OpenWindow>& b, double span_h) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  std::vector<OpenWindow> out;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    const double from = std::max(a[i].from, b[j].from), to = std::min({a[i].to, b[j].to, span_h});
    if (from < to) out.push_back({from, to});
    (a[i].to < b[j].to ? i : j)++;
  }
  if (out.empty()) throw ModelError("hours", "the two sides are never open at the same time in the simulated period");
  return out;
}

// The integral over the open windows of `profile` normalised to mean 1 over the week, hour of the
// week of time t being week_offset + t (as the engine evaluates it): the arrival rate that keeps a
// daily mean while trucks come only in open hours is (arrivals a day) × span / 24 / this.
double profile_weight_within(const std::array<double, kHoursPerWeek>& profile, double week_offset,
                             const std::vector<OpenWindow>& open, double span_h) {
  double sum = 0;
  for (const double w : profile) sum += w;
  const double mean = sum / kHoursPerWeek;
  double integral = 0;
  for (const auto& w : open) {
    const double to = std::min(w.to, span_h);
    for (double t = std::max(w.from, 0.0); t < to;) {
      const double pos = week_offset + t;
      const double hour = std::floor(pos);
      const double next = std::max(hour + 1 - week_offset, std::nextafter(t, to));
      const double end = std::min(next, to);
      auto h = static_cast<long long>(hour) % kHoursPerWeek;
      if (h < 0) h += kHoursPerWeek;
      integral += profile[static_cast<std::size_t>(h)] / mean * (end - t);
      t = end;
    }
  }
  return integral;
}

struct Settings {
  double demand_share = 0.8;
  double dwell_h = 0;
  double service_scale = 1;
};

DirectionModel build_direction(const Network& net, CrossingIdx idx, bool a_to_b, const CrossingRequest& r,
                               const Settings& settings, const std::optional<OpeningHours>& hours_override) {
  const Crossing& c = net.crossings[idx];
  const bool rail = c.mode == Mode::rail;
  DirectionModel m;
  m.a_to_b = a_to_b;
  const NodeIdx first = a_to_b ? c.side_a : c.side_b;
  const NodeIdx second = a_to_b ? c.side_b : c.side_a;
  m.from_country = to_string(net.nodes[first].country);
  m.to_country = to_string(net.nodes[second].country);

  const bool transient = r.initial_queue > 0 || !r.capacity_steps.empty() || r.replay_given;
  m.warmup_h = 24.0 * r.warmup_days.value_or(transient ? 0.0 : kDefaultWarmupDays);
  const double span_h = m.warmup_h + 24.0 * r.days;
  std::string error;
  const auto start = parse_iso8601(r.start, &error);
  if (!start) throw ModelError("start", fmt::format("not an ISO 8601 time: {}", error));
  const TimePoint t0 = *start - Duration::hours(m.warmup_h);
  m.start = t0;

  const double capacity = r.capacity_per_day.value_or(c.capacity_per_day.value_or(0));
  if (!(capacity > 0))
    throw ModelError("capacity_per_day", fmt::format("crossing '{}' has no capacity in the data; give one", c.id));
  const double capacity_second = r.second_side_capacity_per_day.value_or(capacity);
  m.capacity_per_day = std::min(capacity, capacity_second);

  auto& cfg = m.config;
  const double yellow = 1 - r.green_share - r.red_share;
  // At a road crossing green vehicles take the green lane: served first, half the control time,
  // and none of the dwell (the queueing a pre-declared truck passes by; --green-lane in the
  // planner). A train keeps its processing whatever its papers.
  cfg.classes = {VehicleClass{kClassNames[0], 0, r.green_share, !rail}, VehicleClass{kClassNames[1], 1, yellow},
                 VehicleClass{kClassNames[2], 1, r.red_share}};
  const double control_h = rail ? kRailControlH : kRoadControlH;
  const double cv = rail ? kRailCv : kRoadCv;

  const auto control_station = [&](const std::string& name, NodeIdx side, const OpeningHours& side_hours, double cap,
                                    std::optional<int> buffer, const std::vector<double>* measured) {
    StationSpec s;
    s.name = name;
    s.open = open_windows(net, c, side, side_hours, t0, span_h);
    const double open_h = open_hours_per_day(s.open, span_h);
    s.servers = std::max(1, static_cast<int>(std::lround(cap * control_h / open_h)));
    // The mean control time with the default class mix that makes the side's capacity `cap`.
    const double mean = s.servers * open_h / cap * settings.service_scale;
    const double yellow_h = mean / mix_factor(kDefaultGreen, kDefaultRed);
    double mean_h = mix_factor(r.green_share, r.red_share) * yellow_h;
    if (measured && !measured->empty()) {
      // Measured times are per vehicle whatever its class and are taken as they are: no class
      // factors, no calibration scale. The lanes stay those staffed for the side's capacity.
      const auto empirical = ServiceSpec::empirical(*measured);
      s.service.assign(3, empirical);
      mean_h = empirical.mean;
    } else {
      for (const double f : kClassFactor) s.service.push_back(ServiceSpec{ServiceKind::lognormal, f * yellow_h, cv, nullptr});
    }
    for (const auto& step : r.capacity_steps)
      s.steps.push_back(ServerStep{m.warmup_h + 24.0 * step.day,
                                   std::max(0, static_cast<int>(std::lround(step.capacity_per_day * mean / settings.service_scale / open_h)))});
    if (buffer) s.buffer = static_cast<std::size_t>(*buffer);
    StationInfo info{name, s.servers, mean_h, s.servers * open_h / mean_h, buffer};
    m.stations.push_back(info);
    cfg.stations.push_back(std::move(s));
  };

  const OpeningHours& hours_first = hours_override ? *hours_override : (a_to_b ? c.hours_a : c.hours_b);
  const OpeningHours& hours_second = hours_override ? *hours_override : (a_to_b ? c.hours_b : c.hours_a);
  const int buffer = r.buffer.value_or(rail ? kRailBuffer : kRoadBuffer);
  control_station(fmt::format("{} exit control", m.from_country), first, hours_first, capacity, std::nullopt, &r.service_times_h);
  if (rail && c.gauge_change) {
    const double gauge_h = c.gauge_change->time.in_hours() * settings.service_scale;
    const double g = r.gauge_capacity_per_day.value_or(capacity);
    if (!(g > 0)) throw ModelError("gauge_capacity_per_day", "must be positive");
    StationSpec s;
    s.name = "gauge change";
    s.servers = std::max(1, static_cast<int>(std::ceil(g * gauge_h / 24.0 - 1e-9)));
    for (int k = 0; k < 3; ++k) s.service.push_back(ServiceSpec{ServiceKind::lognormal, gauge_h, kGaugeCv, nullptr});
    s.buffer = static_cast<std::size_t>(buffer);
    m.stations.push_back(StationInfo{s.name, s.servers, gauge_h, s.servers * 24.0 / gauge_h, buffer});
    cfg.stations.push_back(std::move(s));
    control_station(fmt::format("{} entry control", m.to_country), second, hours_second, capacity_second, std::nullopt, nullptr);
  } else {
    control_station(fmt::format("{} entry control", m.to_country), second, hours_second, capacity_second, buffer, nullptr);
  }

  // Demand is an input of its own: by default the calibrated share of the capacity the data
  // gives, so a what-if capacity changes the lanes, never the traffic that arrives.
  if (!r.arrivals_per_day && !c.capacity_per_day)
    throw ModelError("arrivals_per_day",
                     fmt::format("crossing '{}' has no capacity in the data to derive its demand from; give the arrivals per day", c.id));
  m.arrivals_per_day = r.arrivals_per_day.value_or(settings.demand_share * c.capacity_per_day.value_or(0));
  const double week_offset = hour_of_week_at(net.time_zone(first), t0);
  if (r.replay_given) {
    cfg.arrivals.kind = ArrivalKind::replay;
    for (const auto& a : r.replay) cfg.arrivals.replay.push_back(Arrival{a.hour + m.warmup_h, a.cls});
    m.arrivals_per_day = r.days > 0 ? static_cast<double>(r.replay.size()) / r.days : 0;
  } else if (rail) {
    // Trains run to a timetable: round(7 X) a week, evenly spaced.
    const long per_week = std::lround(7 * m.arrivals_per_day);
    if (per_week < 1) throw ModelError("arrivals_per_day", "a rail crossing needs at least one train a week (0.15 a day)");
    cfg.arrivals.kind = ArrivalKind::scheduled;
    for (long k = 0; k < per_week; ++k) cfg.arrivals.weekly_schedule.push_back(kHoursPerWeek * static_cast<double>(k) / static_cast<double>(per_week));
    m.arrivals_per_day = static_cast<double>(per_week) / 7.0;
  } else {
    // Trucks come while both sides are open (they do not queue through a closed week), at a rate
    // that keeps the requested arrivals per day.
    const auto open = intersect(cfg.stations.front().open, cfg.stations.back().open, span_h);
    cfg.arrivals.kind = ArrivalKind::poisson;
    if (r.arrival_profile) {
      // The planner's shape: the rate in open hours is set so that the expected arrivals over the
      // run are exactly arrivals_per_day × days, wherever the weight falls.
      cfg.arrivals.profile = *r.arrival_profile;
      if (open.empty()) {
        cfg.arrivals.per_hour = m.arrivals_per_day / 24.0;
      } else {
        const double weight = profile_weight_within(*r.arrival_profile, week_offset, open, span_h);
        if (!(weight > 0)) throw ModelError("arrival_profile", "puts no weight on the hours when both sides are open");
        cfg.arrivals.per_hour = m.arrivals_per_day * span_h / 24.0 / weight;
      }
    } else {
      cfg.arrivals.per_hour = m.arrivals_per_day / open_hours_per_day(open, span_h);
      cfg.arrivals.profile = road_profile();
    }
    cfg.arrivals.only_within = open;
  }
  cfg.arrivals.week_offset_h = week_offset;
  cfg.hours = span_h;
  cfg.warmup = m.warmup_h;
  cfg.initial_queue = r.initial_queue;
  cfg.sample_every_h = r.sample_every_h.value_or(r.days <= 30 ? 1.0 : r.days <= 120 ? 6.0 : 24.0);
  if (settings.dwell_h > 0) cfg.dwell = ServiceSpec{ServiceKind::lognormal, settings.dwell_h, kDwellCv, nullptr};
  cfg.little_tolerance = 0.05;
  return m;
}

void check_request(const CrossingRequest& r) {
  if (r.mode != "road" && r.mode != "rail") throw ModelError("mode", fmt::format("unknown mode '{}' (expected road or rail)", r.mode));
  if (r.direction != "a_to_b" && r.direction != "b_to_a" && r.direction != "both")
    throw ModelError("direction", fmt::format("unknown direction '{}' (expected a_to_b, b_to_a or both)", r.direction));
  if (!(r.days > 0 && r.days <= 3660)) throw ModelError("days", fmt::format("must be more than 0 and at most 3660 (got {})", r.days));
  if (r.warmup_days && !(*r.warmup_days >= 0 && *r.warmup_days <= 365))
    throw ModelError("warmup_days", fmt::format("must be between 0 and 365 (got {})", *r.warmup_days));
  if (r.arrivals_per_day && !(*r.arrivals_per_day > 0 && *r.arrivals_per_day <= 1e6))
    throw ModelError("arrivals_per_day", fmt::format("must be more than 0 and at most 1e6 (got {})", *r.arrivals_per_day));
  if (!(r.green_share >= 0 && r.green_share <= 1)) throw ModelError("green_share", fmt::format("must be between 0 and 1 (got {})", r.green_share));
  if (!(r.red_share >= 0 && r.red_share <= 1)) throw ModelError("red_share", fmt::format("must be between 0 and 1 (got {})", r.red_share));
  if (r.green_share + r.red_share > 1 + 1e-12) throw ModelError("red_share", "green_share + red_share must not exceed 1");
  for (const auto& [value, name] : {std::pair{r.capacity_per_day, "capacity_per_day"},
                                    std::pair{r.second_side_capacity_per_day, "second_side_capacity_per_day"},
                                    std::pair{r.gauge_capacity_per_day, "gauge_capacity_per_day"}})
    if (value && !(*value > 0 && *value <= 1e6)) throw ModelError(name, fmt::format("must be more than 0 and at most 1e6 (got {})", *value));
  if (r.buffer && !(*r.buffer >= 0 && *r.buffer <= 1000000)) throw ModelError("buffer", fmt::format("must be between 0 and 1000000 (got {})", *r.buffer));
  double last = -1;
  for (const auto& s : r.capacity_steps) {
    if (!(s.day >= 0) || s.day < last) throw ModelError("capacity_steps", "days must be sorted and not negative");
    if (!(s.capacity_per_day >= 0 && s.capacity_per_day <= 1e6)) throw ModelError("capacity_steps", "capacity must be between 0 and 1e6");
    last = s.day;
  }
  if (r.arrival_profile) {
    if (r.replay_given) throw ModelError("arrival_profile", "cannot be combined with replayed arrivals (arrivals_csv)");
    if (r.mode == "rail") throw ModelError("arrival_profile", "rail crossings run to a timetable; an arrival profile shapes road arrivals only");
    double sum = 0;
    for (int h = 0; h < kHoursPerWeek; ++h) {
      const double w = (*r.arrival_profile)[static_cast<std::size_t>(h)];
      if (!(w >= 0) || !std::isfinite(w)) throw ModelError("arrival_profile", fmt::format("weight of hour {} must be a number >= 0 (got {})", h, w));
      sum += w;
    }
    if (!(sum > 0)) throw ModelError("arrival_profile", "all weights are 0");
  }
  if (r.service_times_h.size() > kMaxServiceTimes)
    throw ModelError("service_times_h", fmt::format("at most {} service times (got {})", kMaxServiceTimes, r.service_times_h.size()));
  for (std::size_t i = 0; i < r.service_times_h.size(); ++i)
    if (!(r.service_times_h[i] > 0) || !std::isfinite(r.service_times_h[i]))
      throw ModelError("service_times_h", fmt::format("service time {} must be a positive number of hours (got {})", i, r.service_times_h[i]));
  if (!(r.initial_queue >= 0 && r.initial_queue <= 1000000)) throw ModelError("initial_queue", "must be between 0 and 1000000");
  if (!(r.replications >= 1 && r.replications <= 1000)) throw ModelError("replications", fmt::format("must be between 1 and 1000 (got {})", r.replications));
  if (!(r.threads >= 1 && r.threads <= 256)) throw ModelError("threads", "must be between 1 and 256");
  if (r.sample_every_h && !(*r.sample_every_h > 0 && *r.sample_every_h <= 24 * 30))
    throw ModelError("sample_every_h", "must be more than 0 and at most 720");
  if (r.sample_every_h && 24 * r.days / *r.sample_every_h > 100000) throw ModelError("sample_every_h", "more than 100000 samples; sample less often");
}

}  // namespace

std::vector<OpenWindow> open_windows(const Network& net, const Crossing& c, NodeIdx side, const OpeningHours& hours,
                                     TimePoint start, double span_h) {
  const bool seasonal = c.seasonal_closure.has_value();
  if (hours.always_open() && !seasonal && c.closures.empty()) return {};
  std::optional<OpenCalendar::SeasonalClosure> season;
  if (seasonal) season = OpenCalendar::SeasonalClosure{c.seasonal_closure->first, c.seasonal_closure->second};
  std::vector<OpenCalendar::Closure> closures;
  for (const auto& x : c.closures) closures.push_back({x.from, x.to});
  const OpenCalendar cal({OpenCalendar::Side{&net.time_zone(side), hours, to_string(net.nodes[side].country), &net.holidays}},
                         season, closures);
  // Opening hours are whole minutes; a 15-minute scan finds every change of the syntax's usual
  // quarter-hour times, then the edge is refined to the minute.
  std::vector<OpenWindow> out;
  const std::int64_t end = start.minutes + static_cast<std::int64_t>(std::ceil(span_h * 60));
  bool open = cal.is_open(start);
  std::int64_t since = start.minutes;
  for (std::int64_t t = start.minutes; t < end;) {
    const std::int64_t next = std::min(t + 15, end);
    if (cal.is_open(TimePoint{next}) != open || next == end) {
      std::int64_t edge = next;
      if (next != end || cal.is_open(TimePoint{next}) != open) {
        for (edge = t + 1; edge < next && cal.is_open(TimePoint{edge}) == open; ++edge) {}
      }
      if (open) out.push_back(OpenWindow{static_cast<double>(since - start.minutes) / 60.0, static_cast<double>(edge - start.minutes) / 60.0});
      open = !open;
      since = edge;
      if (next == end) break;
    }
    t = next;
  }
  if (out.empty()) out.push_back(OpenWindow{span_h + 1, span_h + 2});  // never open within the run
  return out;
}

Calibration calibrate(const Network& net, CrossingIdx idx, bool a_to_b) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, std::string, std::string, bool>, Calibration> memo;
  const Crossing& c = net.crossings[idx];
  const auto key = std::tuple{net.data_dir, net.scenario_name, c.id, a_to_b};
  {
    const std::lock_guard lock(mutex);
    if (const auto it = memo.find(key); it != memo.end()) return it->second;
  }
  Calibration cal;
  const double target = (a_to_b ? c.a_to_b : c.b_to_a).median.in_hours();
  if (target > 0) cal.target_h = target;
  cal.published_cpmm = target > 0 && c.source.find("CPMM") != std::string::npos;
  CrossingRequest r;
  r.crossing = c.id;
  r.mode = std::string(to_string(c.mode));
  r.days = kCalibrationDays;
  r.replications = kCalibrationReplications;
  r.seed = kCalibrationSeed;
  r.sample_every_h = 24.0;
  // The least demand that still leaves room for a dwell is the calibrated one: the first of the
  // candidate shares whose congestion alone stays under 90 % of the target.
  for (const double share : kDemandShares) {
    const auto m = build_direction(net, idx, a_to_b, r, Settings{share, 0.0}, std::nullopt);
    const auto res = replicate(m.config, r.replications, r.seed, r.threads);
    cal.demand_share = share;
    cal.congestion_h = res.ttc.mean;
    if (!cal.target_h || res.ttc.mean <= 0.9 * *cal.target_h) break;
  }
  // Shorter published times than the default control and gauge-change times allow even without
  // queues: those times are scaled down until the model leaves 10 % of the target as dwell.
  if (cal.target_h && cal.congestion_h > 0.9 * *cal.target_h) {
    cal.service_scale = 0.9 * *cal.target_h / cal.congestion_h;
    const auto m = build_direction(net, idx, a_to_b, r, Settings{cal.demand_share, 0.0, cal.service_scale}, std::nullopt);
    cal.congestion_h = replicate(m.config, r.replications, r.seed, r.threads).ttc.mean;
  }
  // The dwell falls on the vehicles that are not in a green lane, so that the default mix still
  // clears in the target time on average.
  const double dwelling_share = c.mode == Mode::rail ? 1.0 : 1.0 - CrossingRequest{}.green_share;
  cal.dwell_h = cal.target_h ? std::max(0.0, *cal.target_h - cal.congestion_h) / dwelling_share : 0.0;
  const std::lock_guard lock(mutex);
  memo.emplace(key, cal);
  return cal;
}

CrossingModel build_crossing_model(const Network& net, const CrossingRequest& r, const PlaceIndex* places) {
  check_request(r);
  const auto mode = enum_from_name<Mode>(kModeNames, r.mode);
  const CrossingIdx idx = places ? find_crossing(net, *places, r.crossing, *mode)
                                 : find_crossing(net, PlaceIndex(net), r.crossing, *mode);
  std::optional<OpeningHours> hours;
  if (r.hours) {
    std::string error;
    hours = OpeningHours::parse(*r.hours, &error);
    if (!hours) throw ModelError("hours", fmt::format("'{}': {}", *r.hours, error));
    if (hours->never_open()) throw ModelError("hours", fmt::format("'{}' is never open", *r.hours));
  }
  CrossingModel out;
  out.crossing = &net.crossings[idx];
  for (const bool a_to_b : {true, false}) {
    if ((r.direction == "a_to_b" && !a_to_b) || (r.direction == "b_to_a" && a_to_b)) continue;
    const Calibration cal = calibrate(net, idx, a_to_b);
    auto m = build_direction(net, idx, a_to_b, r, Settings{cal.demand_share, cal.dwell_h, cal.service_scale}, hours);
    m.calibration = cal;
    out.directions.push_back(std::move(m));
  }
  return out;
}

}  // namespace caravan::border
