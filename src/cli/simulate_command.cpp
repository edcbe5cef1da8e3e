// caravan simulate: the border-crossing simulator. `--queue mmc …` runs a textbook station and
// prints its estimates with 95 % confidence intervals beside the closed form; `--crossing PLACE
// --mode road|rail …` runs a crossing of the dataset (docs/border-simulator.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "border/closed_form.hpp"
#include "border/crossing_inputs.hpp"
#include "border/crossing_report.hpp"
#include "border/queue_station.hpp"
#include "cli/common.hpp"
#include "core/text.hpp"

namespace caravan::cli {
namespace {

struct SimulateOptions {
  std::string queue = "mmc";
  double lambda = 0.9;
  double mu = 1.0;
  int servers = 1;
  std::string service = "exp";
  double cv = 1.0;
  std::string hours_text = "100000";  // run length (--queue) or opening hours (--crossing)
  double hours = 100000;
  double warmup = 0;
  bool warmup_given = false;  // unset: 5 % of --hours
  int replications = 10;
  std::uint64_t seed = 1;
  int threads = 1;
  bool threads_given = false;
  std::string format = "table";
  // --crossing
  DataOptions data;
  std::string crossing;
  std::string mode = "road";
  std::string direction = "both";
  double days = 365;
  std::optional<double> warmup_days, arrivals_per_day, capacity_per_day, second_side_capacity, gauge_capacity;
  double green_share = 0.3, red_share = 0.1;
  bool hours_given = false;
  std::optional<int> buffer;
  std::vector<std::string> capacity_steps;
  int initial_queue = 0;
  std::string start = "2025-01-06T00:00Z";
  std::string arrivals_csv, write_delays;
  std::string arrival_profile, service_times;
  std::optional<double> sample_every_h;
};

border::StationConfig build_config(SimulateOptions& o) {
  if (o.queue != "mmc") throw UsageError(fmt::format("--queue: unknown queue '{}' (expected mmc)", o.queue));
  if (!(o.lambda > 0) || !std::isfinite(o.lambda)) throw UsageError(fmt::format("--lambda must be positive (got {})", o.lambda));
  if (!(o.mu > 0) || !std::isfinite(o.mu)) throw UsageError(fmt::format("--mu must be positive (got {})", o.mu));
  if (o.servers < 1) throw UsageError(fmt::format("--servers must be at least 1 (got {})", o.servers));
  const auto hours = parse_double(o.hours_text);
  if (!hours || !(*hours > 0)) throw UsageError(fmt::format("--hours must be a positive number of hours with --queue (got '{}')", o.hours_text));
  o.hours = *hours;
  if (!o.warmup_given) o.warmup = 0.05 * o.hours;
  if (!(o.warmup >= 0) || !(o.warmup < o.hours)) throw UsageError(fmt::format("--warmup must be at least 0 and less than --hours (got {})", o.warmup));
  if (o.replications < 1) throw UsageError(fmt::format("--replications must be at least 1 (got {})", o.replications));
  if (o.threads < 1) throw UsageError(fmt::format("--threads must be at least 1 (got {})", o.threads));
  if (!(o.cv > 0) || !std::isfinite(o.cv)) throw UsageError(fmt::format("--cv must be positive (got {})", o.cv));
  border::ServiceSpec service;
  service.mean = 1.0 / o.mu;
  service.cv = o.cv;
  if (o.service == "exp") service.kind = border::ServiceKind::exponential;
  else if (o.service == "det") service.kind = border::ServiceKind::deterministic;
  else if (o.service == "lognormal") service.kind = border::ServiceKind::lognormal;
  else throw UsageError(fmt::format("--service: unknown distribution '{}' (expected exp, det or lognormal)", o.service));
  border::StationConfig c;
  c.servers = o.servers;
  c.hours = o.hours;
  c.warmup = o.warmup;
  c.classes = {border::CustomerClass{"all", o.lambda, 0, service}};
  return c;
}

struct Row {
  std::string name;
  border::Estimate est;
  std::optional<double> exact;
};

struct ClosedForm {
  std::string model;  // which formula, or why there is none
  std::optional<double> wq, p_wait, p50, p90, p99, L, Lq, utilisation, throughput, growth;
};

ClosedForm closed_form(const SimulateOptions& o, const border::StationConfig& c) {
  ClosedForm cf;
  const auto& s = c.classes.front().service;
  const double rho = o.lambda / (o.servers * o.mu);
  if (rho >= 1) {
    cf.model = "overloaded (ρ ≥ 1): the queue grows at λ − cμ";
    cf.growth = o.lambda - o.servers * o.mu;
    cf.utilisation = 1.0;
    cf.throughput = o.servers * o.mu;
    return cf;
  }
  cf.utilisation = rho;
  cf.throughput = o.lambda;
  if (s.kind == border::ServiceKind::exponential) {
    cf.model = "Erlang C (M/M/c)";
    cf.wq = border::mmc_wq(o.servers, o.lambda, o.mu);
    cf.p_wait = border::erlang_c(o.servers, o.lambda, o.mu);
    cf.p50 = border::mmc_wq_quantile(o.servers, o.lambda, o.mu, 0.50);
    cf.p90 = border::mmc_wq_quantile(o.servers, o.lambda, o.mu, 0.90);
    cf.p99 = border::mmc_wq_quantile(o.servers, o.lambda, o.mu, 0.99);
  } else if (o.servers == 1) {
    cf.model = "Pollaczek–Khinchine (M/G/1)";
    cf.wq = border::mg1_wq(o.lambda, s.mean, s.second_moment());
    cf.p_wait = rho;
  } else {
    cf.model = "none for M/G/c with c > 1";
    return cf;
  }
  cf.growth = 0.0;
  cf.Lq = o.lambda * *cf.wq;
  cf.L = *cf.Lq + o.lambda / o.mu;
  return cf;
}

std::string num(double x) { return std::isnan(x) ? "n/a" : fmt::format("{:.4f}", std::abs(x) < 5e-5 ? 0.0 : x); }  // no "-0.0000"
std::string opt(const std::optional<double>& x) { return x ? fmt::format("{:.4f}", *x) : "—"; }
nlohmann::json jopt(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); }
nlohmann::json jnum(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }

void simulate(SimulateOptions& o) {
  const auto config = build_config(o);
  const auto result = border::replicate(config, o.replications, o.seed, o.threads);
  const auto cf = closed_form(o, config);
  const std::vector<Row> rows{
      {"Wq_mean_h", result.wq, cf.wq},          {"P_wait", result.p_wait, cf.p_wait},
      {"Wq_p50_h", result.wq_p50, cf.p50}, {"Wq_p90_h", result.wq_p90, cf.p90},
      {"Wq_p99_h", result.wq_p99, cf.p99}, {"L", result.L, cf.L},
      {"Lq", result.Lq, cf.Lq},                  {"utilisation", result.utilisation, cf.utilisation},
      {"throughput_per_h", result.throughput, cf.throughput},
      {"growth_per_h", result.growth_per_hour, cf.growth}};

  if (o.format == "json") {
    nlohmann::json est = nlohmann::json::object();
    for (const auto& r : rows)
      est[r.name] = {{"mean", jnum(r.est.mean)}, {"ci95_half_width", jnum(r.est.half_width)},
                     {"ci95", {jnum(r.est.lower()), jnum(r.est.upper())}}, {"closed_form", jopt(r.exact)}};
    const nlohmann::json out{
        {"queue", o.queue}, {"lambda", o.lambda}, {"mu", o.mu}, {"servers", o.servers}, {"service", o.service},
        {"hours", o.hours}, {"warmup", o.warmup}, {"replications", o.replications}, {"seed", o.seed},
        {"closed_form_model", cf.model}, {"estimates", est},
        {"little", {{"ok_on_every_run", result.little_ok}, {"max_relative_error", result.little_max_rel_error}}},
        {"events", result.events}, {"wall_seconds", result.wall_seconds}, {"events_per_second", result.events_per_second()}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (o.format == "csv") {
    std::cout << "metric,mean,ci95_low,ci95_high,closed_form\n";
    for (const auto& r : rows)
      std::cout << fmt::format("{},{},{},{},{}\n", r.name, num(r.est.mean), num(r.est.lower()), num(r.est.upper()),
                               r.exact ? fmt::format("{:.6g}", *r.exact) : "");
    return;
  }
  std::cout << fmt::format("M/{}/{} queue: λ = {} /h, μ = {} /h, ρ = {:.4f}; {} replications × {} h (warm-up {} h deleted), seed {}\n",
                           o.service == "exp" ? "M" : o.service == "det" ? "D" : "LN", o.servers, o.lambda, o.mu,
                           o.lambda / (o.servers * o.mu), o.replications, o.hours, o.warmup, o.seed);
  std::cout << fmt::format("closed form: {}\n\n", cf.model);
  std::cout << fmt::format("{:<18} {:>12} {:>26} {:>12} {:>9}\n", "metric", "estimate", "95 % CI", "closed form", "error");
  for (const auto& r : rows) {
    const std::string ci = std::isnan(r.est.half_width) ? "n/a" : fmt::format("[{}, {}]", num(r.est.lower()), num(r.est.upper()));
    std::string err;
    if (r.exact && std::abs(*r.exact) > 1e-12) err = fmt::format("{:+.2f} %", 100 * (r.est.mean - *r.exact) / *r.exact);
    std::cout << fmt::format("{:<18} {:>12} {:>26} {:>12} {:>9}\n", r.name, num(r.est.mean), ci, opt(r.exact), err);
  }
  std::cout << fmt::format("\nLittle's law L = λW: {} on every run (largest relative gap {:.2e})\n",
                           result.little_ok ? "holds" : "FAILS", result.little_max_rel_error);
  std::cout << fmt::format("{} events in {:.3f} s: {:.2f} M events/s on {} thread{}\n", result.events, result.wall_seconds,
                           result.events_per_second() / 1e6, o.threads, o.threads == 1 ? "" : "s");
}

// "capacity_per_day" → "--capacity-per-day".
std::string flag_of(const std::string& field) {
  if (field == "capacity_steps") return "--capacity-step";
  if (field == "second_side_capacity_per_day") return "--second-side-capacity";
  if (field == "gauge_capacity_per_day") return "--gauge-capacity-per-day";
  if (field == "service_times_h") return "--service-times";
  std::string f = "--" + field;
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

border::CapacityStep parse_step(const std::string& text) {
  const auto colon = text.find(':');
  const auto day = colon == std::string::npos ? std::nullopt : parse_double(text.substr(0, colon));
  const auto cap = colon == std::string::npos ? std::nullopt : parse_double(text.substr(colon + 1));
  if (!day || !cap) throw UsageError(fmt::format("--capacity-step: expected DAY:CAPACITY_PER_DAY, e.g. 2:680 (got '{}')", text));
  return border::CapacityStep{*day, *cap};
}

void simulate_crossing(SimulateOptions& o) {
  border::CrossingRequest r;
  r.crossing = o.crossing;
  r.mode = o.mode;
  r.direction = o.direction;
  r.days = o.days;
  r.warmup_days = o.warmup_days;
  r.arrivals_per_day = o.arrivals_per_day;
  r.green_share = o.green_share;
  r.red_share = o.red_share;
  r.capacity_per_day = o.capacity_per_day;
  r.second_side_capacity_per_day = o.second_side_capacity;
  r.gauge_capacity_per_day = o.gauge_capacity;
  if (o.hours_given) r.hours = o.hours_text;
  r.buffer = o.buffer;
  for (const auto& step : o.capacity_steps) r.capacity_steps.push_back(parse_step(step));
  r.initial_queue = o.initial_queue;
  r.start = o.start;
  r.replications = o.replications;
  r.seed = o.seed;
  r.threads = o.threads_given ? o.threads : 2;
  r.sample_every_h = o.sample_every_h;
  if (!o.arrival_profile.empty() && !o.arrivals_csv.empty())
    throw UsageError("--arrival-profile cannot be combined with --arrivals-csv: replayed arrivals keep their own times");
  const auto net = load_or_fail(o.data);
  try {
    if (!o.arrival_profile.empty()) r.arrival_profile = border::read_arrival_profile_csv(o.arrival_profile);
    if (!o.service_times.empty()) r.service_times_h = border::read_service_times_csv(o.service_times);
    if (!o.arrivals_csv.empty()) {
      const auto start = parse_iso8601(o.start);
      if (!start) throw border::ModelError("start", fmt::format("not an ISO 8601 time: '{}'", o.start));
      r.replay = border::read_arrivals_csv(o.arrivals_csv, *start);
      r.replay_given = true;
    }
    const auto run = border::simulate_crossing(*net, r);
    if (!o.write_delays.empty()) {
      std::ofstream out(o.write_delays);
      if (!out) throw UsageError(fmt::format("--write-delays: cannot write '{}'", o.write_delays));
      border::write_delay_file(out, run);
      if (!out.flush()) throw UsageError(fmt::format("--write-delays: cannot write '{}'", o.write_delays));
    }
    const auto j = border::crossing_result_json(*net, r, run);
    if (o.format == "json") std::cout << j.dump(2) << "\n";
    else if (o.format == "csv") std::cout << border::crossing_result_csv(j);
    else std::cout << border::crossing_result_table(j);
  } catch (const border::ModelError& e) {
    if (e.field == "arrivals_csv") throw UsageError(fmt::format("--arrivals-csv: {}", e.what()));
    throw UsageError(fmt::format("{}: {}", flag_of(e.field), e.what()));
  }
}

}  // namespace

void register_simulate_command(CLI::App& app) {
  static SimulateOptions o;
  auto* cmd = app.add_subcommand("simulate", "Simulate a border-crossing queue (discrete events) against its closed form");
  cmd->add_option("--queue", o.queue, "Queue model: mmc (Poisson arrivals, c servers)")->default_str("mmc");
  cmd->add_option("--lambda", o.lambda, "Arrivals per hour")->default_str("0.9");
  cmd->add_option("--mu", o.mu, "Services per hour per server")->default_str("1");
  cmd->add_option("--servers", o.servers, "Number of servers (lanes, booths)")->default_str("1");
  cmd->add_option("--service", o.service, "Service time distribution: exp, det or lognormal")->default_str("exp");
  cmd->add_option("--cv", o.cv, "Coefficient of variation of a lognormal service time")->default_str("1");
  auto* hours = cmd->add_option("--hours", o.hours_text,
                                "With --queue: run length per replication in hours, warm-up included (100000). "
                                "With --crossing: opening hours of both sides, e.g. 24/7 or \"Mo-Fr 08:00-20:00; PH off\"");
  auto* warmup = cmd->add_option("--warmup", o.warmup, "Hours deleted at the start of each replication (default: 5 % of --hours)");
  cmd->add_option("--replications", o.replications, "Independent replications")->default_str("10");
  cmd->add_option("--seed", o.seed, "Random seed")->default_str("1");
  auto* threads = cmd->add_option("--threads", o.threads, "Threads running replications (results do not depend on it; default 1 with --queue, 2 with --crossing)");
  cmd->add_option("--format", o.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  o.data.add_to(*cmd, true);
  cmd->add_option("--crossing", o.crossing, "Simulate this border crossing of the dataset (id, name or a side's place)");
  cmd->add_option("--mode", o.mode, "road or rail (with --crossing)")->default_str("road");
  cmd->add_option("--direction", o.direction, "a_to_b, b_to_a or both (with --crossing)")->default_str("both");
  cmd->add_option("--days", o.days, "Observed days after the warm-up (with --crossing)")->default_str("365");
  cmd->add_option("--warmup-days", o.warmup_days, "Days deleted at the start (default 7; 0 with --initial-queue, --capacity-step or --arrivals-csv)");
  cmd->add_option("--arrivals-per-day", o.arrivals_per_day, "Vehicles (trains) arriving per day; capacity changes never change it (default: the calibrated share of the data's capacity)");
  cmd->add_option("--green-share", o.green_share, "Share of green-lane vehicles: declared in advance, low risk; served first, half the control time, and at road crossings none of the dwell")->default_str("0.3");
  cmd->add_option("--red-share", o.red_share, "Share of red-channel vehicles: physical inspection")->default_str("0.1");
  cmd->add_option("--capacity-per-day", o.capacity_per_day, "Capacity of both sides in vehicles (trains) per day (default: the dataset's)");
  cmd->add_option("--second-side-capacity", o.second_side_capacity, "Capacity of the entry side only, per day");
  cmd->add_option("--gauge-capacity-per-day", o.gauge_capacity, "Rail: trains per day through the gauge change (default: the capacity)");
  cmd->add_option("--buffer", o.buffer, "Places in the neutral zone between the sides (default 50 trucks or 4 trains)");
  cmd->add_option("--capacity-step", o.capacity_steps, "DAY:CAPACITY_PER_DAY, a capacity change on both sides from that day on (repeatable)");
  cmd->add_option("--initial-queue", o.initial_queue, "Vehicles already waiting at the first side at the start")->default_str("0");
  cmd->add_option("--start", o.start, "First observed instant, ISO 8601 UTC")->default_str("2025-01-06T00:00Z");
  cmd->add_option("--arrivals-csv", o.arrivals_csv, "Replay arrivals from a CSV (columns time or hour, optional class)");
  cmd->add_option("--arrival-profile", o.arrival_profile,
                  "Road: hour-of-week shape of arrivals, CSV hour_of_week,weight (0 = Monday 00:00 local time of the first side)");
  cmd->add_option("--service-times", o.service_times,
                  "Measured control times at the first side's exit control, CSV with a column hours (used as an empirical distribution)");
  cmd->add_option("--sample-every-h", o.sample_every_h, "Queue-length series resolution in hours");
  cmd->add_option("--write-delays", o.write_delays, "Write the per-crossing delay model for `caravan route --border-delays`");
  cmd->callback([warmup, threads, hours] {
    o.warmup_given = warmup->count() > 0;
    o.threads_given = threads->count() > 0;
    o.hours_given = hours->count() > 0;
    if (!o.crossing.empty()) simulate_crossing(o);
    else simulate(o);
  });
}

}  // namespace caravan::cli
