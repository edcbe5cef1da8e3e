#include "border/queue_station.hpp"

#include "border/replications.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caravan::border {
namespace {

constexpr std::uint32_t kArrival = 0;
constexpr std::uint32_t kDeparture = 1;

}  // namespace

void validate(const StationConfig& c) {
  if (c.servers < 1) throw std::invalid_argument("servers must be at least 1");
  if (c.classes.empty()) throw std::invalid_argument("classes: at least one customer class is needed");
  if (!(c.hours > 0) || !std::isfinite(c.hours)) throw std::invalid_argument("hours must be positive");
  if (!(c.warmup >= 0) || !(c.warmup < c.hours)) throw std::invalid_argument("warmup must be in [0, hours)");
  double total = 0;
  for (const auto& k : c.classes) {
    if (!(k.lambda >= 0) || !std::isfinite(k.lambda)) throw std::invalid_argument("lambda of class '" + k.name + "' must be non-negative");
    if (!(k.service.mean > 0) || !std::isfinite(k.service.mean)) throw std::invalid_argument("service mean of class '" + k.name + "' must be positive");
    if (k.service.kind == ServiceKind::lognormal && !(k.service.cv > 0)) throw std::invalid_argument("cv of class '" + k.name + "' must be positive");
    total += k.lambda;
  }
  if (!(total > 0)) throw std::invalid_argument("lambda: the total arrival rate must be positive");
}

QueueStation::QueueStation(StationConfig config) : config_(std::move(config)) {
  validate(config_);
  std::vector<int> levels;
  for (const auto& k : config_.classes) {
    samplers_.emplace_back(k.service);
    levels.push_back(k.priority);
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  for (const auto& k : config_.classes)
    level_of_.push_back(static_cast<std::uint32_t>(std::lower_bound(levels.begin(), levels.end(), k.priority) - levels.begin()));
  lines_.resize(levels.size());
  calendar_.reserve(config_.classes.size() + static_cast<std::size_t>(config_.servers) + 4);
  double lambda = 0;
  for (const auto& k : config_.classes) lambda += k.lambda;
  waits_.reserve(static_cast<std::size_t>(std::min(1e8, lambda * (config_.hours - config_.warmup) * 1.05 + 16)));
}

void QueueStation::advance(double t) {
  if (!warm_ && t >= config_.warmup) {
    warm_ = true;
    n_at_warmup_ = static_cast<double>(in_queue_ + busy_);
    last_t_ = config_.warmup;
  }
  if (warm_) {
    const double dt = t - last_t_;
    area_q_ += static_cast<double>(in_queue_) * dt;
    area_busy_ += static_cast<double>(busy_) * dt;
  }
  last_t_ = t;
}

void QueueStation::start_service(std::uint32_t cls, double arrived, double now, std::uint32_t server) {
  const double service = samplers_[cls](rng_);
  ++busy_;
  calendar_.schedule(now + service, kDeparture, server);
  if (arrived >= config_.warmup) {
    const double wait = now - arrived;
    waits_.push_back(wait);
    class_wait_sum_[cls] += wait;
    ++stats_.classes[cls].served;
    if (wait > 0) ++class_waited_[cls];
    censored_wait_sum_ += wait;
    censored_sojourn_sum_ += std::min(now + service, config_.hours) - arrived;
  }
}

RunStats QueueStation::run(std::uint64_t seed) {
  const std::size_t n_classes = config_.classes.size();
  const double H = config_.hours, W = config_.warmup, window = H - W;
  rng_.seed(seed);
  calendar_.clear();
  for (auto& l : lines_) l.clear();
  free_servers_.clear();
  for (int s = config_.servers - 1; s >= 0; --s) free_servers_.push_back(static_cast<std::uint32_t>(s));
  waits_.clear();
  class_wait_sum_.assign(n_classes, 0.0);
  class_waited_.assign(n_classes, 0);
  stats_ = RunStats{};
  stats_.seed = seed;
  stats_.classes.assign(n_classes, ClassRun{});
  last_t_ = 0;
  in_queue_ = busy_ = 0;
  area_q_ = area_busy_ = 0;
  n_at_warmup_ = 0;
  warm_ = false;
  censored_wait_sum_ = censored_sojourn_sum_ = 0;

  std::vector<double> means(n_classes);
  for (std::size_t k = 0; k < n_classes; ++k) {
    means[k] = config_.classes[k].lambda > 0 ? 1.0 / config_.classes[k].lambda : 0.0;
    if (means[k] > 0) calendar_.schedule(rng_.exponential(means[k]), kArrival, static_cast<std::uint32_t>(k));
  }

  const auto advance_to = [this](double t) { advance(t); };
  const std::uint64_t events = calendar_.run_until(H, advance_to, [&](const Event& e) {
    const double now = e.time;
    if (e.kind == kArrival) {
      const std::uint32_t k = e.id;
      calendar_.schedule(now + rng_.exponential(means[k]), kArrival, k);
      if (now >= W) ++stats_.classes[k].arrivals;
      if (!free_servers_.empty()) {
        const std::uint32_t s = free_servers_.back();
        free_servers_.pop_back();
        start_service(k, now, now, s);
      } else {
        lines_[level_of_[k]].push(Waiting{now, k});
        ++in_queue_;
      }
    } else {
      --busy_;
      if (now >= W) ++stats_.departures;
      bool started = false;
      for (auto& line : lines_) {
        if (line.empty()) continue;
        const Waiting w = line.pop();
        --in_queue_;
        start_service(w.cls, w.arrived, now, e.id);
        started = true;
        break;
      }
      if (!started) free_servers_.push_back(e.id);
    }
  });

  // Customers still waiting at the end: their time so far counts for Little's law.
  for (const auto& line : lines_)
    for (std::size_t i = 0; i < line.size(); ++i) {
      const double a = line.at(i).arrived;
      if (a >= W) {
        censored_wait_sum_ += H - a;
        censored_sojourn_sum_ += H - a;
      }
    }

  RunStats& s = stats_;
  s.events = events;
  double wait_sum = 0;
  std::uint64_t waited = 0;
  for (std::size_t k = 0; k < n_classes; ++k) {
    auto& c = s.classes[k];
    s.arrivals += c.arrivals;
    s.served += c.served;
    wait_sum += class_wait_sum_[k];
    waited += class_waited_[k];
    c.wq_mean = c.served ? class_wait_sum_[k] / static_cast<double>(c.served) : 0.0;
    c.p_wait = c.served ? static_cast<double>(class_waited_[k]) / static_cast<double>(c.served) : 0.0;
  }
  s.wq_mean = s.served ? wait_sum / static_cast<double>(s.served) : 0.0;
  s.p_wait = s.served ? static_cast<double>(waited) / static_cast<double>(s.served) : 0.0;
  if (!waits_.empty()) {
    s.wq_p99 = quantile_in_place(waits_, 0.99);
    s.wq_p90 = quantile_in_place(waits_, 0.90);
    s.wq_p50 = quantile_in_place(waits_, 0.50);
  }
  s.Lq = area_q_ / window;
  s.L = (area_q_ + area_busy_) / window;
  s.utilisation = area_busy_ / (window * config_.servers);
  s.throughput = static_cast<double>(s.departures) / window;
  s.growth_per_hour = (static_cast<double>(in_queue_ + busy_) - n_at_warmup_) / window;
  s.little_Lq = censored_wait_sum_ / window;  // = λ̂ · Wq with λ̂ = arrivals / window
  s.little_L = censored_sojourn_sum_ / window;
  const auto rel = [](double a, double b) {
    const double scale = std::max(std::abs(a), std::abs(b));
    return scale > 1e-12 ? std::abs(a - b) / scale : 0.0;
  };
  s.little_rel_error = std::max(rel(s.L, s.little_L), rel(s.Lq, s.little_Lq));
  // A queue that is essentially never formed (Lq tiny) is judged on an absolute scale.
  const double abs_gap = std::max(std::abs(s.L - s.little_L), std::abs(s.Lq - s.little_Lq));
  s.little_ok = s.little_rel_error <= config_.little_tolerance || abs_gap <= 1e-3;
  return s;
}

ReplicationResult replicate(const StationConfig& config, int replications, std::uint64_t seed, int threads) {
  ReplicationResult out;
  replicate_into<QueueStation>(out, config, replications, seed, threads);
  // Every statistic of a station run is defined (0 where nothing waited), so every run counts.
  constexpr auto undefined = UndefinedRuns::kKeep;
  using R = ReplicationResult;
  using S = RunStats;
  estimate_statistics<R, S>(out,
                            {{&R::wq, &S::wq_mean}, {&R::p_wait, &S::p_wait}, {&R::wq_p50, &S::wq_p50},
                             {&R::wq_p90, &S::wq_p90}, {&R::wq_p99, &S::wq_p99}, {&R::L, &S::L}, {&R::Lq, &S::Lq},
                             {&R::utilisation, &S::utilisation}, {&R::throughput, &S::throughput},
                             {&R::growth_per_hour, &S::growth_per_hour}},
                            undefined);
  for (std::size_t k = 0; k < config.classes.size(); ++k) {
    out.class_wq.push_back(estimate_over(out.runs, [k](const S& r) { return r.classes[k].wq_mean; }, undefined));
    out.class_p_wait.push_back(estimate_over(out.runs, [k](const S& r) { return r.classes[k].p_wait; }, undefined));
  }
  fold_run_checks(out);
  return out;
}

}  // namespace caravan::border
