// caravan sweep: scenarios × departures × origin–destination pairs (and assignment runs) as
// independent tasks (analysis/sweep.hpp), one CSV result set. Started by mpirun, the processes
// take every size-th task each and rank 0 writes the rows in task order; otherwise one process
// runs them all on its threads. Either way the CSV is the same, row for row.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "analysis/sweep.hpp"
#include "cli/common.hpp"
#include "cli/mpi_world.hpp"
#include "core/text.hpp"
#include "network/places.hpp"
#include "network/scenario.hpp"

namespace caravan::cli {
namespace {

constexpr int kMaxDepartures = 1000;

struct SweepOptions {
  DataOptions data;
  std::vector<std::string> scenarios{"baseline"};
  std::string od_file;
  bool hubs = false;
  std::string depart, optimize = "time", output;
  int departures = 1;
  double every_hours = 24;
  std::string demand, method = "fw";
  int iterations = 50;
  double gap = 1e-4;
  int threads = 0;
};

analysis::SweepGrid build_grid(const SweepOptions& o) {
  if (!o.od_file.empty() && o.hubs) throw UsageError("--od and --hubs: give one of them");
  if (o.departures < 1 || o.departures > kMaxDepartures)
    throw UsageError(fmt::format("--departures: not within 1..{}", kMaxDepartures));
  if (!(o.every_hours > 0 && o.every_hours <= 24 * 366)) throw UsageError("--every-hours: not within (0, 8784]");
  if (o.iterations < 1 || o.iterations > 100000) throw UsageError("--iterations: not within 1..100000");
  if (!(o.gap >= 0 && o.gap < 1)) throw UsageError("--gap: not within [0, 1)");
  DataOptions base_options = o.data;
  base_options.scenario.clear();
  const auto base = load_or_fail(base_options);
  const PlaceIndex index(*base);

  analysis::SweepGrid grid;
  for (const auto& name : o.scenarios) {
    if (name.empty()) throw UsageError("--scenarios: an empty name");
    for (const auto& seen : grid.scenarios)
      if (seen.name == name) throw UsageError(fmt::format("--scenarios: '{}' is named twice", name));
    if (name == "baseline") {
      grid.scenarios.push_back({name, base});
      continue;
    }
    auto applied = apply_scenario(*base, name, o.data.scenarios_dir());
    if (!applied.network) throw UsageError(fmt::format("--scenarios: {}: {}", name, applied.diagnostics.to_string()));
    grid.scenarios.push_back({name, applied.network});
  }
  const TimePoint first = parse_time_flag(o.depart);
  for (int d = 0; d < o.departures; ++d)
    grid.departures.push_back(first + Duration::hours(d * o.every_hours));
  try {
    grid.pairs = o.od_file.empty() ? analysis::hub_pairs(*base) : analysis::read_od_file(*base, index, o.od_file);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--od: ") + e.what());
  }
  grid.optimize = *enum_from_name<Objective>(kObjectiveNames, o.optimize);
  grid.cargo.size = ContainerSize::ft40;  // one 40 ft container, as `caravan route` by default
  if (!o.demand.empty()) {
    try {
      grid.demand = analysis::parse_demand_csv(index, analysis::read_text_file(o.demand), o.demand);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--demand: ") + e.what());
    }
    grid.assign.method = o.method == "aon" ? analysis::AssignMethod::aon
                         : o.method == "msa" ? analysis::AssignMethod::msa
                                             : analysis::AssignMethod::fw;
    grid.assign.iterations = o.iterations;
    grid.assign.gap_tolerance = o.gap;
  }
  return grid;
}

// A process's rows for the gather: "TASK LENGTH\n" then LENGTH bytes, for each task.
std::string pack(const std::vector<analysis::TaskRows>& rows) {
  std::string out;
  for (const auto& r : rows) out += fmt::format("{} {}\n", r.task, r.rows.size()) + r.rows;
  return out;
}

void unpack(const std::string& text, std::vector<analysis::TaskRows>& out) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto eol = text.find('\n', at);
    const auto space = text.find(' ', at);
    if (eol == std::string::npos || space == std::string::npos || space > eol)
      throw std::runtime_error("sweep: a process sent malformed rows");
    const std::size_t task = std::stoull(text.substr(at, space - at));
    const std::size_t length = std::stoull(text.substr(space + 1, eol - space - 1));
    out.push_back({task, text.substr(eol + 1, length)});
    at = eol + 1 + length;
  }
}

void write_result(const std::string& csv, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << csv << std::flush;
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out || !(out << csv)) throw UsageError(fmt::format("--output: cannot write {}", path));
}

void sweep(const SweepOptions& o) {
  if (mpi_launched() && !mpi_built())
    throw UsageError("started by mpirun, but this caravan was built without MPI (CARAVAN_WITH_MPI): every process "
                     "would run the whole sweep; run it without mpirun, or build with libopenmpi-dev installed");
  const auto grid = build_grid(o);
  const auto start = std::chrono::steady_clock::now();
  const bool distributed = mpi_launched();
  std::optional<MpiWorld> world;
  if (distributed) world.emplace();
  const int rank = world ? world->rank() : 0, ranks = world ? world->size() : 1;
  // One process per core is what mpirun starts by default, so its processes run one thread each.
  const unsigned threads = o.threads > 0 ? static_cast<unsigned>(o.threads)
                           : distributed ? 1u
                                         : std::max(1u, std::thread::hardware_concurrency());
  const auto mine = analysis::run_sweep_share(grid, static_cast<std::size_t>(rank), static_cast<std::size_t>(ranks), threads);
  std::vector<analysis::TaskRows> all;
  if (world) {
    for (const auto& part : world->gather(pack(mine))) unpack(part, all);
  } else {
    all = mine;
  }
  if (rank != 0) return;
  if (all.size() != grid.tasks())
    throw std::runtime_error(fmt::format("sweep: {} of {} tasks came back", all.size(), grid.tasks()));
  write_result(analysis::sweep_csv(std::move(all)), o.output);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << fmt::format(
      "caravan sweep: {} scenarios x {} departures x {} pairs = {} route tasks, {} assignment runs; {} process{} x {} "
      "thread{}: {:.1f} s{}\n",
      grid.scenarios.size(), grid.departures.size(), grid.pairs.size(), grid.route_tasks(), grid.assign_tasks(), ranks,
      ranks == 1 ? "" : "es", threads, threads == 1 ? "" : "s", seconds,
      o.output.empty() || o.output == "-" ? "" : ", wrote " + o.output);
}

}  // namespace

void register_sweep_command(CLI::App& app) {
  static SweepOptions o;
  auto* cmd = app.add_subcommand(
      "sweep", "Scenarios x departures x origin-destination pairs (and assignment runs) as independent tasks, one CSV; "
               "spread over processes when started by mpirun");
  cmd->add_option("--scenarios", o.scenarios, "Scenario names or .toml files, comma separated; 'baseline' is the network as loaded")
      ->delimiter(',')
      ->default_str("baseline");
  cmd->add_option("--od", o.od_file, "CSV of pairs (columns origin,destination)");
  cmd->add_flag("--hubs", o.hubs, "Every pair of the main hubs (the default)");
  cmd->add_option("--depart", o.depart, "First departure, ISO 8601 (default: now)");
  cmd->add_option("--departures", o.departures, fmt::format("Departures per pair and scenario (1-{})", kMaxDepartures))
      ->default_str("1");
  cmd->add_option("--every-hours", o.every_hours, "Hours between departures (168: weekly)")->default_str("24");
  cmd->add_option("--optimize", o.optimize, "Best by: time, cost, co2 or risk")
      ->check(CLI::IsMember({"time", "cost", "co2", "risk"}))
      ->default_str("time");
  cmd->add_option("--demand", o.demand,
                  "Also assign this demand CSV (as caravan assign) once per scenario and departure");
  cmd->add_option("--method", o.method, "Assignment: aon, msa or fw")->check(CLI::IsMember({"aon", "msa", "fw"}))->default_str("fw");
  cmd->add_option("--iterations", o.iterations, "Assignment: at most this many iterations")->default_str("50");
  cmd->add_option("--gap", o.gap, "Assignment: stop at this relative gap")->default_str("1e-4");
  cmd->add_option("--output,-o", o.output, "Write the CSV to this file instead of stdout");
  cmd->add_option("--threads", o.threads, "Worker threads per process (default: all cores; 1 under mpirun)");
  o.data.add_to(*cmd, false);
  cmd->callback([] { sweep(o); });
}

}  // namespace caravan::cli
