// caravan simulate --queue mmc …: the border-crossing queue simulator on a textbook station,
// its estimates with 95 % confidence intervals beside the closed form.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "border/closed_form.hpp"
#include "border/queue_station.hpp"
#include "cli/common.hpp"

namespace caravan::cli {
namespace {

struct SimulateOptions {
  std::string queue = "mmc";
  double lambda = 0.9;
  double mu = 1.0;
  int servers = 1;
  std::string service = "exp";
  double cv = 1.0;
  double hours = 100000;
  double warmup = 0;
  bool warmup_given = false;  // unset: 5 % of --hours
  int replications = 10;
  std::uint64_t seed = 1;
  int threads = 1;
  std::string format = "table";
};

border::StationConfig build_config(SimulateOptions& o) {
  if (o.queue != "mmc") throw UsageError(fmt::format("--queue: unknown queue '{}' (expected mmc)", o.queue));
  if (!(o.lambda > 0) || !std::isfinite(o.lambda)) throw UsageError(fmt::format("--lambda must be positive (got {})", o.lambda));
  if (!(o.mu > 0) || !std::isfinite(o.mu)) throw UsageError(fmt::format("--mu must be positive (got {})", o.mu));
  if (o.servers < 1) throw UsageError(fmt::format("--servers must be at least 1 (got {})", o.servers));
  if (!(o.hours > 0) || !std::isfinite(o.hours)) throw UsageError(fmt::format("--hours must be positive (got {})", o.hours));
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
  cmd->add_option("--hours", o.hours, "Run length per replication, warm-up included")->default_str("100000");
  auto* warmup = cmd->add_option("--warmup", o.warmup, "Hours deleted at the start of each replication (default: 5 % of --hours)");
  cmd->add_option("--replications", o.replications, "Independent replications")->default_str("10");
  cmd->add_option("--seed", o.seed, "Random seed")->default_str("1");
  cmd->add_option("--threads", o.threads, "Threads running replications (results do not depend on it)")->default_str("1");
  cmd->add_option("--format", o.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->callback([warmup] {
    o.warmup_given = warmup->count() > 0;
    simulate(o);
  });
}

}  // namespace caravan::cli
