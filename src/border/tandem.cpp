#include "border/tandem.hpp"

#include "border/replications.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caravan::border {
namespace {

constexpr std::uint32_t kArrival = 0;
constexpr std::uint32_t kDeparture = 1;
constexpr std::uint32_t kOpen = 2;
constexpr std::uint32_t kClose = 3;
constexpr std::uint32_t kStep = 4;

int hour_of_week(double offset, double t) {
  const double h = std::fmod(offset + t, static_cast<double>(kHoursPerWeek));
  const int i = static_cast<int>(h < 0 ? h + kHoursPerWeek : h);
  return std::clamp(i, 0, kHoursPerWeek - 1);
}

void check_service(const ServiceSpec& s, const std::string& where) {
  if (s.kind == ServiceKind::empirical) {
    if (!s.samples || s.samples->empty()) throw std::invalid_argument(where + ": an empirical distribution needs samples");
    for (const double v : *s.samples)
      if (!(v >= 0) || !std::isfinite(v)) throw std::invalid_argument(where + ": empirical samples must be non-negative");
    if (!(s.mean > 0)) throw std::invalid_argument(where + ": empirical samples must not all be 0");
    return;
  }
  if (!(s.mean > 0) || !std::isfinite(s.mean)) throw std::invalid_argument(where + ": mean service time must be positive");
  if (s.kind == ServiceKind::lognormal && !(s.cv > 0 && std::isfinite(s.cv))) throw std::invalid_argument(where + ": cv must be positive");
}

}  // namespace

void validate(const TandemConfig& c) {
  if (c.classes.empty()) throw std::invalid_argument("classes: at least one vehicle class is needed");
  double share = 0;
  for (const auto& k : c.classes) {
    if (!(k.share >= 0) || !std::isfinite(k.share)) throw std::invalid_argument("share of class '" + k.name + "' must be non-negative");
    share += k.share;
  }
  if (!(share > 0)) throw std::invalid_argument("classes: the shares must not all be 0");
  if (c.stations.empty()) throw std::invalid_argument("stations: at least one station is needed");
  if (!(c.hours > 0) || !std::isfinite(c.hours)) throw std::invalid_argument("hours must be positive");
  if (!(c.warmup >= 0) || !(c.warmup < c.hours)) throw std::invalid_argument("warmup must be in [0, hours)");
  if (!(c.sample_every_h > 0)) throw std::invalid_argument("sample_every_h must be positive");
  if (c.hours / c.sample_every_h > 2e6) throw std::invalid_argument("sample_every_h: too many samples");
  if (c.initial_queue < 0) throw std::invalid_argument("initial_queue must not be negative");
  for (std::size_t i = 0; i < c.stations.size(); ++i) {
    const auto& s = c.stations[i];
    const std::string where = "station '" + s.name + "'";
    if (s.servers < 1 || s.servers > 100000) throw std::invalid_argument(where + ": lanes must be between 1 and 100000");
    if (s.service.size() != c.classes.size()) throw std::invalid_argument(where + ": one service time per class is needed");
    for (std::size_t k = 0; k < s.service.size(); ++k) check_service(s.service[k], where + ", class '" + c.classes[k].name + "'");
    double last = -std::numeric_limits<double>::infinity();
    for (const auto& w : s.open) {
      if (!(w.from < w.to) || w.from < last) throw std::invalid_argument(where + ": opening windows must be sorted and disjoint");
      last = w.to;
    }
    last = -std::numeric_limits<double>::infinity();
    for (const auto& step : s.steps) {
      if (step.servers < 0 || step.servers > 100000 || step.from_hour < last)
        throw std::invalid_argument(where + ": capacity steps must be sorted with 0 to 100000 lanes");
      last = step.from_hour;
    }
  }
  const auto& a = c.arrivals;
  if (a.kind == ArrivalKind::poisson) {
    if (!(a.per_hour > 0) || !std::isfinite(a.per_hour)) throw std::invalid_argument("arrivals: the rate must be positive");
    double sum = 0;
    for (const double w : a.profile) {
      if (!(w >= 0) || !std::isfinite(w)) throw std::invalid_argument("arrivals: profile weights must be non-negative");
      sum += w;
    }
    if (!(sum > 0)) throw std::invalid_argument("arrivals: the profile must not be all 0");
  } else if (a.kind == ArrivalKind::scheduled) {
    if (a.weekly_schedule.empty()) throw std::invalid_argument("arrivals: a schedule needs at least one arrival");
    for (const double h : a.weekly_schedule)
      if (!(h >= 0 && h < kHoursPerWeek)) throw std::invalid_argument("arrivals: scheduled hours must be in [0, 168)");
  } else {
    double last = 0;
    for (const auto& x : a.replay) {
      if (!(x.hour >= last) || !std::isfinite(x.hour)) throw std::invalid_argument("arrivals: replayed arrivals must be sorted and not negative");
      if (x.cls >= c.classes.size()) throw std::invalid_argument("arrivals: replayed arrival of an unknown class");
      last = x.hour;
    }
  }
  if (c.dwell.mean > 0) check_service(c.dwell, "dwell");
}

TandemSimulator::TandemSimulator(TandemConfig config) : config_(std::move(config)) {
  validate(config_);
  const std::size_t n_classes = config_.classes.size();
  std::vector<int> levels;
  double share = 0;
  for (const auto& k : config_.classes) {
    levels.push_back(k.priority);
    share += k.share;
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  double cum = 0;
  for (const auto& k : config_.classes) {
    level_of_.push_back(static_cast<std::uint32_t>(std::lower_bound(levels.begin(), levels.end(), k.priority) - levels.begin()));
    cum += k.share / share;
    class_cdf_.push_back(cum);
  }
  class_cdf_.back() = 1.0;
  std::uint32_t base = 0;
  st_.resize(config_.stations.size());
  for (std::size_t i = 0; i < config_.stations.size(); ++i) {
    const auto& s = config_.stations[i];
    std::vector<ServiceSampler> per_class;
    for (std::size_t k = 0; k < n_classes; ++k) per_class.emplace_back(s.service[k]);
    samplers_.push_back(std::move(per_class));
    int lanes = s.servers;
    for (const auto& step : s.steps) lanes = std::max(lanes, step.servers);
    lane_base_.push_back(base);
    base += static_cast<std::uint32_t>(lanes);
    st_[i].lines.resize(levels.size());
    st_[i].lanes.resize(static_cast<std::size_t>(lanes));
  }
  lane_base_.push_back(base);
  if (config_.dwell.mean > 0) dwell_ = ServiceSampler(config_.dwell);
  const auto& p = config_.arrivals.profile;
  double sum = 0, mx = 0;
  for (const double w : p) {
    sum += w;
    mx = std::max(mx, w);
  }
  max_weight_ = mx / (sum / kHoursPerWeek);  // peak rate relative to the mean
  for (int h = 0; h < kHoursPerWeek; ++h) accept_[h] = p[h] / mx;
}

std::uint32_t TandemSimulator::draw_class() {
  if (class_cdf_.size() == 1) return 0;
  const double u = rng_.uniform();
  std::uint32_t k = 0;
  while (k + 1 < class_cdf_.size() && u >= class_cdf_[k]) ++k;
  return k;
}

std::uint32_t TandemSimulator::new_vehicle() {
  if (!free_vehicles_.empty()) {
    const std::uint32_t v = free_vehicles_.back();
    free_vehicles_.pop_back();
    live_[v] = true;
    return v;
  }
  vehicles_.emplace_back();
  live_.push_back(true);
  return static_cast<std::uint32_t>(vehicles_.size() - 1);
}

void TandemSimulator::advance(double t) {
  const double H = config_.hours, W = config_.warmup;
  while (next_sample_ <= t && next_sample_ <= H) {
    out_.queue_series.push_back(static_cast<float>(waiting_total_));
    out_.system_series.push_back(static_cast<float>(in_system_));
    next_sample_ = W + config_.sample_every_h * static_cast<double>(out_.queue_series.size());
  }
  if (!warm_) {
    if (t < W) {
      last_t_ = t;
      return;
    }
    warm_ = true;
    n_at_warmup_ = static_cast<double>(in_system_);
    last_t_ = W;
  }
  const double dt = t - last_t_;
  if (dt > 0) {
    area_system_ += static_cast<double>(in_system_) * dt;
    area_waiting_ += static_cast<double>(waiting_total_) * dt;
    out_.queue_max = std::max(out_.queue_max, static_cast<double>(waiting_total_));
    for (auto& s : st_) {
      s.busy_area += static_cast<double>(s.busy) * dt;
      s.blocked_area += static_cast<double>(s.n_blocked) * dt;
      s.staffed_area += static_cast<double>(s.staffed) * dt;
      if (s.open) s.open_time += dt;
    }
  }
  last_t_ = t;
}

bool TandemSimulator::can_accept(std::size_t i) const {
  const Station& s = st_[i];
  if (i == 0 || s.waiting < config_.stations[i].buffer) return true;
  return s.open && !s.free.empty() && s.waiting == 0;  // straight onto an idle lane
}

void TandemSimulator::start(std::size_t i, std::uint32_t lane, std::uint32_t v, double now) {
  Vehicle& veh = vehicles_[v];
  const double service = samplers_[i][veh.cls](rng_);
  veh.service += service;
  Lane& l = st_[i].lanes[lane];
  l.vehicle = v;
  l.busy = true;
  ++st_[i].busy;
  calendar_.schedule(now + service, kDeparture, lane_base_[i] + lane);
}

void TandemSimulator::enter(std::size_t i, std::uint32_t v, double now) {
  Station& s = st_[i];
  if (s.open && !s.free.empty() && s.waiting == 0) {
    const std::uint32_t lane = s.free.back();
    s.free.pop_back();
    start(i, lane, v, now);
    return;
  }
  s.lines[level_of_[vehicles_[v].cls]].push(v);
  ++s.waiting;
  ++waiting_total_;
  vehicles_[v].waited = true;
}

bool TandemSimulator::try_start(std::size_t i, double now) {
  Station& s = st_[i];
  bool changed = false;
  while (s.open && !s.free.empty() && s.waiting > 0) {
    std::uint32_t v = 0;
    for (auto& line : s.lines)
      if (!line.empty()) {
        v = line.pop();
        break;
      }
    --s.waiting;
    --waiting_total_;
    const std::uint32_t lane = s.free.back();
    s.free.pop_back();
    start(i, lane, v, now);
    changed = true;
  }
  return changed;
}

bool TandemSimulator::try_unblock(std::size_t i, double now) {
  Station& s = st_[i];
  bool changed = false;
  while (!s.blocked.empty() && can_accept(i + 1)) {
    const std::uint32_t lane = s.blocked.pop();
    Lane& l = s.lanes[lane];
    l.blocked = false;
    --s.n_blocked;
    --waiting_total_;
    enter(i + 1, l.vehicle, now);
    if (static_cast<int>(lane) < s.staffed) s.free.push_back(lane);
    changed = true;
  }
  return changed;
}

void TandemSimulator::settle(double now) {
  const std::size_t n = st_.size();
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = n; i-- > 0;) {
      changed |= try_start(i, now);
      if (i + 1 < n) changed |= try_unblock(i, now);
    }
  }
}

void TandemSimulator::set_staffed(std::size_t i, int n) {
  Station& s = st_[i];
  if (n > s.staffed) {
    for (int l = s.staffed; l < n; ++l) {
      const Lane& lane = s.lanes[static_cast<std::size_t>(l)];
      if (!lane.busy && !lane.blocked) s.free.push_back(static_cast<std::uint32_t>(l));
    }
  } else {
    std::erase_if(s.free, [n](std::uint32_t l) { return static_cast<int>(l) >= n; });
  }
  s.staffed = n;
}

void TandemSimulator::leave(std::uint32_t v, double now) {
  const Vehicle& veh = vehicles_[v];
  --in_system_;
  if (veh.arrived >= config_.warmup) {
    const double sojourn = now - veh.arrived;
    censored_sum_ += sojourn;
    const double dwell = config_.dwell.mean > 0 && !config_.classes[veh.cls].skips_dwell ? dwell_(rng_) : 0.0;
    const double ttc = sojourn + dwell;
    const double wait = std::max(0.0, sojourn - veh.service);
    ttc_.push_back(ttc);
    waits_.push_back(wait);
    class_ttc_sum_[veh.cls] += ttc;
    class_wait_sum_[veh.cls] += wait;
    ++out_.class_cleared[veh.cls];
    if (veh.waited) ++waited_count_;
    const int h = hour_of_week(config_.arrivals.week_offset_h, veh.arrived);
    out_.how_ttc_sum[h] += ttc;
    ++out_.how_count[h];
  }
  live_[v] = false;
  free_vehicles_.push_back(v);
}

void TandemSimulator::arrive(double now, std::uint32_t cls) {
  const std::uint32_t v = new_vehicle();
  vehicles_[v] = Vehicle{now, 0.0, cls, false};
  ++in_system_;
  if (now >= config_.warmup) ++out_.arrivals;
  enter(0, v, now);
}

namespace {
bool within(const std::vector<OpenWindow>& windows, double t) {
  const auto it = std::upper_bound(windows.begin(), windows.end(), t,
                                   [](double x, const OpenWindow& w) { return x < w.from; });
  return it != windows.begin() && t < std::prev(it)->to;
}
}  // namespace

void TandemSimulator::schedule_next_arrival(double now) {
  const auto& a = config_.arrivals;
  if (a.kind == ArrivalKind::poisson) {
    const double mean_gap = 1.0 / (a.per_hour * max_weight_);
    double t = now;
    for (;;) {
      t += rng_.exponential(mean_gap);
      if (t > config_.hours) return;
      if (rng_.uniform() >= accept_[hour_of_week(a.week_offset_h, t)]) continue;
      if (a.only_within.empty() || within(a.only_within, t)) break;
    }
    calendar_.schedule(t, kArrival, draw_class());
    return;
  }
  if (next_planned_ < planned_.size()) {
    const Arrival& x = planned_[next_planned_++];
    calendar_.schedule(x.hour, kArrival, a.kind == ArrivalKind::replay ? x.cls : draw_class());
  }
}

// Clears every counter of the previous run; the simulator is reused across replications.
void TandemSimulator::reset(std::uint64_t seed) {
  const std::size_t n_classes = config_.classes.size();
  rng_.seed(seed);
  calendar_.clear();
  out_ = TandemRun{};
  out_.seed = seed;
  out_.class_cleared.assign(n_classes, 0);
  out_.queue_series.reserve(static_cast<std::size_t>((config_.hours - config_.warmup) / config_.sample_every_h) + 2);
  out_.system_series.reserve(out_.queue_series.capacity());
  class_ttc_sum_.assign(n_classes, 0.0);
  class_wait_sum_.assign(n_classes, 0.0);
  ttc_.clear();
  waits_.clear();
  vehicles_.clear();
  free_vehicles_.clear();
  live_.clear();
  waited_count_ = 0;
  last_t_ = 0;
  next_sample_ = config_.warmup;
  warm_ = false;
  in_system_ = waiting_total_ = 0;
  area_system_ = area_waiting_ = n_at_warmup_ = censored_sum_ = 0;
}

// Empties every station, staffs its lanes as at hour 0 and schedules its staffing steps and
// opening and closing times within the run.
void TandemSimulator::reset_stations() {
  const double H = config_.hours;
  for (std::size_t i = 0; i < st_.size(); ++i) {
    Station& s = st_[i];
    const auto& spec = config_.stations[i];
    for (auto& line : s.lines) line.clear();
    s.blocked.clear();
    for (auto& l : s.lanes) l = Lane{};
    s.waiting = s.busy = s.n_blocked = 0;
    s.busy_area = s.blocked_area = s.staffed_area = s.open_time = 0;
    s.served = 0;
    s.staffed = 0;
    s.free.clear();
    int staffed = spec.servers;
    for (std::size_t k = 0; k < spec.steps.size(); ++k) {
      if (spec.steps[k].from_hour <= 0) staffed = spec.steps[k].servers;
      else if (spec.steps[k].from_hour <= H) calendar_.schedule(spec.steps[k].from_hour, kStep, static_cast<std::uint32_t>((i << 16) | k));
    }
    set_staffed(i, staffed);
    std::reverse(s.free.begin(), s.free.end());  // lane 0 first
    s.open = spec.open.empty();
    for (const auto& w : spec.open) {
      if (w.from <= 0 && w.to > 0) s.open = true;
      if (w.from > 0 && w.from <= H) calendar_.schedule(w.from, kOpen, static_cast<std::uint32_t>(i));
      if (w.to > 0 && w.to <= H) calendar_.schedule(w.to, kClose, static_cast<std::uint32_t>(i));
    }
  }
}

// Timetabled and replayed arrivals are known in advance; Poisson ones are drawn as the run goes.
void TandemSimulator::plan_arrivals() {
  const double H = config_.hours;
  const auto& a = config_.arrivals;
  planned_.clear();
  next_planned_ = 0;
  if (a.kind == ArrivalKind::scheduled) {
    for (double week = 0; week <= H + kHoursPerWeek; week += kHoursPerWeek)
      for (const double h : a.weekly_schedule) {
        double t = week + h - a.week_offset_h;
        if (t >= 0 && t <= H) planned_.push_back(Arrival{t, 0});
      }
    std::sort(planned_.begin(), planned_.end(), [](const Arrival& x, const Arrival& y) { return x.hour < y.hour; });
  } else if (a.kind == ArrivalKind::replay) {
    for (const auto& x : a.replay)
      if (x.hour <= H) planned_.push_back(x);
  }
}

// A lane of station i finished its vehicle: it moves on, leaves, or blocks the lane while the
// next station is full.
void TandemSimulator::depart(std::uint32_t global_lane, double now) {
  std::size_t i = 0;
  while (global_lane >= lane_base_[i + 1]) ++i;
  const std::uint32_t lane = global_lane - lane_base_[i];
  Station& s = st_[i];
  Lane& l = s.lanes[lane];
  l.busy = false;
  --s.busy;
  if (now >= config_.warmup) ++s.served;
  const std::uint32_t v = l.vehicle;
  if (i + 1 == st_.size()) {
    leave(v, now);
    if (static_cast<int>(lane) < s.staffed) s.free.push_back(lane);
  } else if (can_accept(i + 1)) {
    if (static_cast<int>(lane) < s.staffed) s.free.push_back(lane);
    enter(i + 1, v, now);
  } else {
    l.blocked = true;
    ++s.n_blocked;
    ++waiting_total_;
    vehicles_[v].waited = true;
    s.blocked.push(lane);
  }
}

// Runs the event calendar up to the run's end; returns the number of events handled.
std::uint64_t TandemSimulator::run_events() {
  const double H = config_.hours;
  const auto advance_to = [this](double t) { advance(t); };
  return calendar_.run_until(H, advance_to, [&](const Event& e) {
    const double now = e.time;
    switch (e.kind) {
      case kArrival:
        arrive(now, e.id);
        schedule_next_arrival(now);
        break;
      case kDeparture: depart(e.id, now); break;
      case kOpen: st_[e.id].open = true; break;
      case kClose: st_[e.id].open = false; break;
      case kStep: {
        const std::size_t i = e.id >> 16;
        set_staffed(i, config_.stations[i].steps[e.id & 0xFFFF].servers);
        break;
      }
      default: break;
    }
    settle(now);
  });
}

// Turns the counters of the observation window into the run's statistics.
void TandemSimulator::collect_statistics() {
  const double H = config_.hours, W = config_.warmup, window = H - W;
  TandemRun& r = out_;
  for (std::size_t v = 0; v < vehicles_.size(); ++v)
    if (live_[v] && vehicles_[v].arrived >= W) censored_sum_ += H - vehicles_[v].arrived;
  r.cleared = ttc_.size();
  double ttc_sum = 0, wait_sum = 0;
  for (std::size_t k = 0; k < config_.classes.size(); ++k) {
    ttc_sum += class_ttc_sum_[k];
    wait_sum += class_wait_sum_[k];
    const double n = static_cast<double>(r.class_cleared[k]);
    r.class_ttc_mean.push_back(n > 0 ? class_ttc_sum_[k] / n : std::numeric_limits<double>::quiet_NaN());
    r.class_wait_mean.push_back(n > 0 ? class_wait_sum_[k] / n : std::numeric_limits<double>::quiet_NaN());
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double cleared = static_cast<double>(r.cleared);
  r.ttc_mean = r.cleared ? ttc_sum / cleared : nan;
  r.wait_mean = r.cleared ? wait_sum / cleared : nan;
  r.p_wait = r.cleared ? static_cast<double>(waited_count_) / cleared : nan;
  r.wait_values.assign(waits_.begin(), waits_.end());
  r.ttc_p99 = quantile_in_place(ttc_, 0.99);
  r.ttc_p90 = quantile_in_place(ttc_, 0.90);
  r.ttc_p50 = quantile_in_place(ttc_, 0.50);
  r.wait_p99 = quantile_in_place(waits_, 0.99);
  r.wait_p90 = quantile_in_place(waits_, 0.90);
  r.wait_p50 = quantile_in_place(waits_, 0.50);
  r.L = area_system_ / window;
  r.queue_mean = area_waiting_ / window;
  r.throughput_per_day = static_cast<double>(st_.empty() ? 0 : st_.back().served) / window * 24;
  r.growth_per_hour = (static_cast<double>(in_system_) - n_at_warmup_) / window;
  r.little_L = censored_sum_ / window;
  const double scale = std::max(std::abs(r.L), std::abs(r.little_L));
  r.little_rel_error = scale > 1e-12 ? std::abs(r.L - r.little_L) / scale : 0.0;
  r.little_ok = r.little_rel_error <= config_.little_tolerance || std::abs(r.L - r.little_L) <= 1e-3;
  for (const auto& s : st_) {
    StationRun sr;
    sr.busy_share = s.staffed_area > 0 ? s.busy_area / s.staffed_area : 0;
    sr.blocked_share = s.staffed_area > 0 ? s.blocked_area / s.staffed_area : 0;
    sr.open_share = s.open_time / window;
    sr.lanes_mean = s.staffed_area / window;
    sr.served = s.served;
    r.stations.push_back(sr);
  }
}

TandemRun TandemSimulator::run(std::uint64_t seed) {
  reset(seed);
  reset_stations();
  plan_arrivals();
  for (int k = 0; k < config_.initial_queue; ++k) arrive(0.0, draw_class());
  settle(0.0);
  schedule_next_arrival(0.0);
  out_.events = run_events();
  collect_statistics();
  return out_;
}

TandemResult replicate(const TandemConfig& config, int replications, std::uint64_t seed, int threads) {
  TandemResult out;
  replicate_into<TandemSimulator>(out, config, replications, seed, threads, &out.threads);
  // A run in which no vehicle cleared has no time to clear (NaN): the estimate is over the others.
  constexpr auto undefined = UndefinedRuns::kSkip;
  const auto est = [&](auto field) { return estimate_over(out.runs, field, undefined); };
  using R = TandemResult;
  using S = TandemRun;
  estimate_statistics<R, S>(out,
                            {{&R::ttc, &S::ttc_mean}, {&R::ttc_p50, &S::ttc_p50}, {&R::ttc_p90, &S::ttc_p90},
                             {&R::ttc_p99, &S::ttc_p99}, {&R::wait, &S::wait_mean}, {&R::wait_p50, &S::wait_p50},
                             {&R::wait_p90, &S::wait_p90}, {&R::wait_p99, &S::wait_p99}, {&R::p_wait, &S::p_wait},
                             {&R::L, &S::L}, {&R::queue_mean, &S::queue_mean}, {&R::queue_max, &S::queue_max},
                             {&R::throughput_per_day, &S::throughput_per_day}, {&R::growth_per_hour, &S::growth_per_hour}},
                            undefined);
  for (std::size_t i = 0; i < config.stations.size(); ++i) {
    out.station_busy.push_back(est([i](const S& r) { return r.stations[i].busy_share; }));
    out.station_blocked.push_back(est([i](const S& r) { return r.stations[i].blocked_share; }));
    out.station_open.push_back(est([i](const S& r) { return r.stations[i].open_share; }));
    out.station_lanes.push_back(est([i](const S& r) { return r.stations[i].lanes_mean; }));
  }
  for (std::size_t k = 0; k < config.classes.size(); ++k) {
    out.class_ttc.push_back(est([k](const S& r) { return r.class_ttc_mean[k]; }));
    out.class_wait.push_back(est([k](const S& r) { return r.class_wait_mean[k]; }));
  }
  std::size_t samples = std::numeric_limits<std::size_t>::max();
  for (const auto& r : out.runs) samples = std::min(samples, r.queue_series.size());
  std::vector<double> column(out.runs.size());
  for (std::size_t j = 0; j < samples; ++j) {
    double q = 0, sys = 0;
    for (std::size_t r = 0; r < out.runs.size(); ++r) {
      column[r] = out.runs[r].queue_series[j];
      q += column[r];
      sys += out.runs[r].system_series[j];
    }
    out.queue_series_mean.push_back(q / static_cast<double>(out.runs.size()));
    out.system_series_mean.push_back(sys / static_cast<double>(out.runs.size()));
    out.queue_series_p90.push_back(quantile_in_place(column, 0.9));
    out.queue_series_p10.push_back(quantile_in_place(column, 0.1));
  }
  for (int h = 0; h < kHoursPerWeek; ++h) {
    double sum = 0, n = 0;
    for (const auto& r : out.runs) {
      sum += r.how_ttc_sum[h];
      n += r.how_count[h];
    }
    out.how_ttc_mean[h] = n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
  }
  fold_run_checks(out);
  return out;
}

}  // namespace caravan::border
