// caravan scenario compare, caravan capacity and caravan assign: the corridor analyses of
// docs/analysis.md. Long runs draw a progress bar on a terminal's stderr and stop cleanly on
// Ctrl-C, printing what they finished (flagged partial) and exiting 130.
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>

#include "analysis/assignment.hpp"
#include "analysis/capacity.hpp"
#include "analysis/od_pairs.hpp"
#include "analysis/scenario_compare.hpp"
#include "cli/common.hpp"
#include "core/text.hpp"
#include "network/scenario.hpp"
#include "request/constraints.hpp"

namespace caravan::cli {
namespace {

constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

// SIGINT sets the flag the analysis polls, for as long as this object lives.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = false;
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &previous_);
  }
  ~InterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_ {};
};

// A one-line progress bar on stderr, drawn only when stderr is a terminal.
analysis::RunControl terminal_control() {
  analysis::RunControl control;
  control.cancel = &g_interrupted;
  if (isatty(STDERR_FILENO)) {
    control.progress = [last = std::size_t{101}](std::string_view stage, std::size_t done, std::size_t total) mutable {
      constexpr int kWidth = 30;
      const std::size_t percent = total ? 100 * done / total : 100;
      if (percent == last && done < total) return;  // redraw once per percent
      last = percent;
      const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
      std::cerr << fmt::format("\r{:<8} [{}{}] {}/{}", stage, std::string(static_cast<std::size_t>(filled), '#'),
                               std::string(static_cast<std::size_t>(kWidth - filled), '.'), done, total)
                << (done >= total ? "\r\033[K" : "") << std::flush;
    };
  }
  return control;
}

void finish_interrupted(bool partial) {
  if (!partial) return;
  std::cerr << "\ncaravan: interrupted: the results above are partial\n";
  g_exit_code = kExitInterrupted;
}

std::shared_ptr<const Network> load_base(const DataOptions& data) {
  DataOptions base = data;
  base.scenario.clear();
  return load_or_fail(base);
}

// "baseline" (or empty) is the network as loaded; anything else a scenario name or .toml path.
std::shared_ptr<const Network> with_scenario(const std::shared_ptr<const Network>& base, const std::string& name,
                                             const DataOptions& data, const std::string& flag) {
  if (name.empty() || name == "baseline") return base;
  auto applied = apply_scenario(*base, name, data.scenarios_dir());
  if (!applied.network) throw UsageError(fmt::format("{}: {}", flag, applied.diagnostics.to_string()));
  return applied.network;
}

RouteConstraints constraints_or_fail(const Network& net, const PlaceIndex& index, const ConstraintRequest& o) {
  RequestErrors errors;
  auto built = resolve_constraints(net, index, o, errors);
  if (!errors.empty()) throw request_failure(errors, {}, true);
  return built;
}

void add_constraint_options(CLI::App& cmd, ConstraintRequest& o, const std::string& which) {
  cmd.add_option("--avoid-country", o.avoid_countries, "Countries to avoid" + which + ", ISO codes, comma separated");
  cmd.add_option("--avoid-crossing", o.avoid_crossings, "Border crossings to avoid" + which);
  cmd.add_option("--avoid-chokepoint", o.avoid_chokepoints, "Sea chokepoints to avoid" + which + " (suez, cape, …)");
  cmd.add_option("--modes", o.modes, "Modes allowed, comma separated (rail,road,ferry,sea)")->default_str("rail,road,ferry,sea");
}

void write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out || !(out << text)) throw UsageError(fmt::format("--output: cannot write {}", path));
  std::cerr << fmt::format("caravan: wrote {}\n", path);
}

// ---- scenario compare ----

struct CompareOptions {
  DataOptions data;
  std::string base = "baseline", scenario;
  std::string od_file;
  bool hubs = false;
  std::string depart, optimize = "time", format = "table", output;
  ConstraintRequest constraints;
  int threads = 0;
};

void scenario_compare(const CompareOptions& o) {
  if (!o.od_file.empty() && o.hubs) throw UsageError("--od and --hubs: give one of them");
  const auto base_net = load_base(o.data);
  const PlaceIndex index(*base_net);
  analysis::CompareSide base{with_scenario(base_net, o.base, o.data, "--base"), o.base, {}};
  analysis::CompareSide scen{with_scenario(base_net, o.scenario, o.data, "--scenario"), o.scenario, {}};
  scen.constraints = constraints_or_fail(*scen.network, index, o.constraints);
  // The modes frame the question on both sides; what is avoided is part of the scenario.
  base.constraints.modes_mask = scen.constraints.modes_mask;
  if (!o.constraints.avoid_countries.empty())
    scen.name += " avoiding " + join(o.constraints.avoid_countries, ",");
  std::vector<analysis::OdPair> pairs;
  try {
    pairs = o.od_file.empty() ? analysis::hub_pairs(*base_net) : analysis::read_od_file(*base_net, index, o.od_file);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--od: ") + e.what());
  }
  analysis::CompareOptions options;
  options.depart = parse_time_flag(o.depart);
  options.optimize = *enum_from_name<Objective>(kObjectiveNames, o.optimize);
  options.cargo.size = ContainerSize::ft40;  // one 40 ft container, as `caravan route` by default
  options.threads = o.threads > 0 ? static_cast<unsigned>(o.threads) : 0;
  InterruptGuard guard;
  const auto result = analysis::compare_scenarios(base, scen, pairs, options, terminal_control());
  const Network& net = *base_net;
  if (o.format == "json") write_output(analysis::compare_json(net, result).dump(2) + "\n", o.output);
  else if (o.format == "csv") write_output(analysis::compare_csv(net, result), o.output);
  else if (o.format == "html") write_output(analysis::compare_html(net, result), o.output);
  else write_output(analysis::compare_table(net, result), o.output);
  finish_interrupted(result.interrupted);
}

// ---- capacity ----

struct CapacityOptions {
  DataOptions data;
  std::string from, to, mode = "freight", at, format = "table";
  bool include_planned = false;
  double max_detour = 1.5;
  ConstraintRequest constraints;
};

void capacity(const CapacityOptions& o) {
  const auto net = load_or_fail(o.data);
  const PlaceIndex index(*net);
  analysis::CapacityQuery q;
  auto from = analysis::parse_region(*net, index, o.from);
  if (!from.error.empty()) throw UsageError("--from: " + from.error);
  auto to = analysis::parse_region(*net, index, o.to);
  if (!to.error.empty()) throw UsageError("--to: " + to.error);
  q.from = std::move(from.region);
  q.to = std::move(to.region);
  q.network = o.mode == "pipeline" ? analysis::CapacityNetwork::pipeline : analysis::CapacityNetwork::freight;
  q.availability.at = parse_time_flag(o.at, "at");
  q.availability.include_planned = o.include_planned;
  q.availability.constraints = constraints_or_fail(*net, index, o.constraints);
  if (o.max_detour != 0 && !(o.max_detour >= 1 && o.max_detour <= 100))
    throw UsageError("--max-detour: must be 0 (no limit) or a factor from 1 to 100");
  q.max_detour = o.max_detour;
  analysis::CapacityResult r;
  try {
    r = analysis::max_sustainable_flow(*net, q);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--from/--to: ") + e.what());
  }
  if (o.format == "json") {
    std::cout << analysis::capacity_json(*net, q, r).dump(2) << "\n";
    return;
  }
  if (o.format == "csv") {
    std::cout << "kind,id,from,to,capacity,unit\n";
    for (const auto& c : r.min_cut)
      std::cout << fmt::format("{},{},{},{},{},{}\n", analysis::to_string(c.element.kind), analysis::element_id(*net, c.element),
                               net->nodes[c.element.from].id, net->nodes[c.element.to].id, c.capacity, r.unit);
    return;
  }
  if (r.unbounded) {
    std::cout << fmt::format("{} → {}: unbounded — a path has no published capacity:\n", o.from, o.to);
    for (const auto& e : r.unbounded_path) std::cout << "  " << analysis::element_name(*net, e) << "\n";
    return;
  }
  std::cout << fmt::format("{} → {}{}: maximum sustainable flow {:.1f} {}\n", o.from, o.to,
                           net->scenario_name.empty() ? "" : " (scenario " + net->scenario_name + ")", r.max_flow, r.unit);
  if (q.network == analysis::CapacityNetwork::freight && q.max_detour > 0)
    std::cout << fmt::format("(paths at most {:g} x the shortest between their end places; --max-detour)\n", q.max_detour);
  std::cout << fmt::format("minimum cut ({} elements):\n", r.min_cut.size());
  for (const auto& c : r.min_cut)
    std::cout << fmt::format("  {:>9.1f} {}  {} {}: {}\n            source: {}\n", c.capacity, r.unit,
                             analysis::to_string(c.element.kind), analysis::element_id(*net, c.element),
                             analysis::element_name(*net, c.element),
                             truncate_utf8(analysis::element_source(*net, c.element), 160));
}

// ---- assign ----

struct AssignCliOptions {
  DataOptions data;
  std::string demand, method = "fw", at, format = "table";
  int iterations = 50;
  double gap = 1e-4;
  int threads = 0;
  ConstraintRequest constraints;
};

void assign(const AssignCliOptions& o) {
  const auto net = load_or_fail(o.data);
  const PlaceIndex index(*net);
  std::vector<analysis::DemandRow> demand;
  try {
    demand = analysis::parse_demand_csv(index, analysis::read_text_file(o.demand), o.demand);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--demand: ") + e.what());
  }
  if (o.iterations < 1 || o.iterations > 100000) throw UsageError("--iterations: not within 1..100000");
  if (!(o.gap >= 0 && o.gap < 1)) throw UsageError("--gap: not within [0, 1)");
  analysis::Availability availability;
  availability.at = parse_time_flag(o.at, "at");
  availability.constraints = constraints_or_fail(*net, index, o.constraints);
  const auto graph = analysis::build_assignment_graph(*net, availability);
  analysis::AssignOptions options;
  options.method = o.method == "aon" ? analysis::AssignMethod::aon
                   : o.method == "msa" ? analysis::AssignMethod::msa
                                       : analysis::AssignMethod::fw;
  options.iterations = o.iterations;
  options.gap_tolerance = o.gap;
  options.threads = o.threads > 0 ? static_cast<unsigned>(o.threads) : 0;
  InterruptGuard guard;
  const auto r = analysis::assign(graph, demand, options, terminal_control());
  if (o.format == "json") std::cout << analysis::assignment_json(*net, graph, demand, r).dump(2) << "\n";
  else if (o.format == "csv") std::cout << analysis::assignment_csv(*net, graph, demand, r);
  else std::cout << analysis::assignment_table(*net, graph, demand, r);
  finish_interrupted(r.interrupted);
}

}  // namespace

void register_analysis_commands(CLI::App& app) {
  static CompareOptions c;
  auto* scenario = app.add_subcommand("scenario", "Scenario analyses (see docs/analysis.md)");
  scenario->require_subcommand(1);
  auto* compare = scenario->add_subcommand("compare", "Best itinerary per origin-destination pair on two networks, and what changed");
  compare->add_option("--base", c.base, "Base: 'baseline' or a scenario name or .toml file")->default_str("baseline");
  compare->add_option("--scenario", c.scenario, "Scenario: a name, a .toml file, or 'baseline'")->required();
  compare->add_option("--od", c.od_file, "CSV of pairs (columns origin,destination)");
  compare->add_flag("--hubs", c.hubs, "Every pair of the main hubs (the default)");
  compare->add_option("--depart", c.depart, "Departure, ISO 8601 (default: now)");
  compare->add_option("--optimize", c.optimize, "Best by: time, cost, co2 or risk")
      ->check(CLI::IsMember({"time", "cost", "co2", "risk"}))->default_str("time");
  compare->add_option("--format", c.format, "table, csv, json or html")->check(CLI::IsMember({"table", "csv", "json", "html"}));
  compare->add_option("--output,-o", c.output, "Write to this file instead of stdout");
  compare->add_option("--threads", c.threads, "Worker threads (default: all cores)");
  add_constraint_options(*compare, c.constraints, " on the scenario side (--modes: both sides)");
  c.data.add_to(*compare, false);
  compare->callback([] { scenario_compare(c); });

  static CapacityOptions k;
  auto* cap = app.add_subcommand("capacity", "Maximum sustainable flow between two regions and the minimum cut");
  cap->add_option("--from", k.from, "Origin region: country codes, places or EU, comma separated")->required();
  cap->add_option("--to", k.to, "Destination region, as --from")->required();
  cap->add_option("--mode", k.mode, "freight (TEU/day) or pipeline (bcm/year)")->check(CLI::IsMember({"freight", "pipeline"}));
  cap->add_option("--at", k.at, "Closures in force at this time, ISO 8601 (default: now)");
  cap->add_flag("--include-planned", k.include_planned, "Count planned and under-construction links as built");
  cap->add_option("--max-detour", k.max_detour,
                  "Freight: count only paths at most this many times the shortest between the regions (km); 0 = any")
      ->check(CLI::NonNegativeNumber)
      ->default_str("1.5");
  cap->add_option("--format", k.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  add_constraint_options(*cap, k.constraints, "");
  k.data.add_to(*cap, true);
  cap->callback([] { capacity(k); });

  static AssignCliOptions a;
  auto* as = app.add_subcommand("assign", "Assign a demand table to the network (all-or-nothing or to equilibrium)");
  as->add_option("--demand", a.demand, "CSV: origin,destination,teu_per_year,cargo_class[,value_usd_per_teu]")->required();
  as->add_option("--method", a.method, "aon, msa or fw (Frank-Wolfe)")->check(CLI::IsMember({"aon", "msa", "fw"}))->default_str("fw");
  as->add_option("--iterations", a.iterations, "At most this many iterations")->default_str("50");
  as->add_option("--gap", a.gap, "Stop at this relative gap")->default_str("1e-4");
  as->add_option("--at", a.at, "Closures in force at this time, ISO 8601 (default: now)");
  as->add_option("--format", a.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  as->add_option("--threads", a.threads, "Worker threads (default: all cores)");
  add_constraint_options(*as, a.constraints, "");
  a.data.add_to(*as, true);
  as->callback([] { assign(a); });
}

}  // namespace caravan::cli
