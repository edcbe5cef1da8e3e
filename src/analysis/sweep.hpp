#pragma once
// A sweep: a grid of scenarios × departures × origin–destination pairs (the best itinerary of each,
// as `caravan scenario compare` finds it) and, with a demand table, one flow assignment per
// scenario × departure. Every cell is an independent task numbered in grid order, so any set of
// processes can take any share of the tasks and the rows, put back in task order, are the same
// CSV whoever computed them (`caravan sweep`, over MPI or on one machine).
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analysis/assignment.hpp"
#include "analysis/od_pairs.hpp"
#include "analysis/run_control.hpp"
#include "routing/planner.hpp"

namespace caravan::analysis {

struct SweepScenario {
  std::string name;  // "baseline" or the scenario's name
  std::shared_ptr<const Network> network;
};

struct SweepGrid {
  std::vector<SweepScenario> scenarios;
  std::vector<TimePoint> departures;
  std::vector<OdPair> pairs;  // node indices of the baseline, the same in every scenario network
  Objective optimize = Objective::time;
  Cargo cargo;
  // Assignment runs: one per scenario × departure (closures in force at the departure), when
  // `demand` is not empty. Each runs on one thread: the tasks are the parallel units.
  std::vector<DemandRow> demand;
  AssignOptions assign;

  [[nodiscard]] std::size_t route_tasks() const { return scenarios.size() * departures.size() * pairs.size(); }
  [[nodiscard]] std::size_t assign_tasks() const { return demand.empty() ? 0 : scenarios.size() * departures.size(); }
  [[nodiscard]] std::size_t tasks() const { return route_tasks() + assign_tasks(); }
};

// The CSV header line (with its newline). Columns: kind (route, assign), scenario, origin,
// destination, depart (UTC), found, hours, cost_usd, co2e_kg, risk, distance_km, corridor,
// crossings (';' separated), then for assign rows teu_per_year, generalized_usd and relative_gap.
std::string sweep_csv_header();

// The CSV rows of one task (a route task: one row; an assign task: one per demand row).
struct TaskRows {
  std::size_t task = 0;
  std::string rows;
};

// Computes the tasks `first`, `first + stride`, … below grid.tasks() on `threads` threads (a
// planner per thread and scenario), in any order; stops early when the control is cancelled.
std::vector<TaskRows> run_sweep_share(const SweepGrid& grid, std::size_t first, std::size_t stride, unsigned threads,
                                      const RunControl& control = {});

// Every task's rows in task order after the header: the result set.
std::string sweep_csv(std::vector<TaskRows> rows);

}  // namespace caravan::analysis
