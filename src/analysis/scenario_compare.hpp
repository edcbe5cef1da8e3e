#pragma once
// Scenario comparison: for every origin–destination pair, the best itinerary on the base network
// and on the scenario network (same departure, cargo and objective), what changed in time, cost,
// CO2e and risk, and which corridors and crossings each uses.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/od_pairs.hpp"
#include "analysis/run_control.hpp"
#include "routing/planner.hpp"

namespace caravan::analysis {

struct CompareSide {
  std::shared_ptr<const Network> network;
  std::string name;             // "baseline" or the scenario name
  RouteConstraints constraints;  // e.g. avoided countries on one side only
};

struct CompareOptions {
  TimePoint depart;
  Objective optimize = Objective::time;
  Cargo cargo;
  unsigned threads = 0;  // 0 = all cores
};

// The facts of one itinerary a comparison shows.
struct RouteSummary {
  double hours = 0, cost_usd = 0, co2e_kg = 0, risk = 0, distance_km = 0;
  std::string corridor;                 // countries passed, "CN-KZ-RU-BY-PL"
  std::vector<std::string> crossings;   // crossing ids in order
  std::vector<std::string> chokepoints; // chokepoint node ids passed (sea)
  std::vector<NodeIdx> path;            // every node, for maps
  std::vector<Mode> path_modes;         // mode of the step into path[i] (path_modes[0] unused)
};
RouteSummary summarize(const Network& net, const Itinerary& it);

struct PairComparison {
  OdPair pair;
  std::optional<RouteSummary> base, scenario;  // nullopt: no route on that side
  [[nodiscard]] bool route_changed() const;
};

struct CompareResult {
  std::string base_name, scenario_name;
  Objective optimize = Objective::time;
  TimePoint depart;
  std::vector<PairComparison> pairs;  // in input order
  std::size_t completed = 0;          // pairs computed (all of them unless interrupted)
  bool interrupted = false;           // stopped by the run control: only `completed` pairs are set
};

CompareResult compare_scenarios(const CompareSide& base, const CompareSide& scenario, const std::vector<OdPair>& pairs,
                                const CompareOptions& options, const RunControl& control = {});

nlohmann::json compare_json(const Network& net, const CompareResult& result);
std::string compare_csv(const Network& net, const CompareResult& result);
std::string compare_table(const Network& net, const CompareResult& result);
// One self-contained HTML file (inline CSS and SVG, no network access): summary, charts of the
// changes and a map of the routes that changed, drawn from the nodes' coordinates.
std::string compare_html(const Network& net, const CompareResult& result);

}  // namespace caravan::analysis
