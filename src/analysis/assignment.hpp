#pragma once
// Freight flow assignment: a demand table (origin, destination, TEU per year, cargo class) put
// onto the network all-or-nothing on each pair's cheapest route, or capacity-restrained, where
// crossing waits grow with load (delay_curve.hpp) and the method of successive averages or
// Frank–Wolfe iterates to user equilibrium, reporting the relative gap.
//
// A route's generalized cost per TEU is its cost in USD plus the cargo's value of time × hours;
// the value of time is the inventory carrying cost of the cargo class: value per TEU × 15 % a
// year (a common textbook rate: capital, insurance, obsolescence) / 8,760 h.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/assignment_graph.hpp"
#include "analysis/run_control.hpp"
#include "network/places.hpp"

namespace caravan::analysis {

struct CargoClass {
  std::string_view name;
  double value_usd_per_teu;
};
// Cargo value per TEU by class (estimates: bulk commodities, general manufactured goods,
// electronics and machinery).
inline constexpr CargoClass kCargoClasses[] = {{"bulk", 20000}, {"general", 60000}, {"high-value", 200000}};
inline constexpr double kCarryingRatePerYear = 0.15;
double value_of_time_usd_per_teu_hour(double value_usd_per_teu);

struct DemandRow {
  NodeIdx from, to;
  double teu_per_year = 0;
  std::string cargo_class;
  double value_of_time = 0;  // USD per TEU-hour
  int line = 0;
};

// CSV with origin,destination,teu_per_year,cargo_class and optionally value_usd_per_teu (which
// overrides the class's value). Throws std::invalid_argument("FILE:LINE: column 'x': …").
std::vector<DemandRow> parse_demand_csv(const PlaceIndex& index, const std::string& text, const std::string& file_name);

enum class AssignMethod : std::uint8_t { aon, msa, fw };

struct AssignOptions {
  AssignMethod method = AssignMethod::fw;
  int iterations = 50;          // at most; stops earlier at the gap tolerance
  double gap_tolerance = 1e-4;  // relative gap
  unsigned threads = 0;         // 0 = all cores
};

struct PairFlowResult {
  std::size_t row = 0;  // into the demand
  bool reachable = false;
  double hours = 0, usd = 0, generalized_usd = 0;  // per TEU, on the cheapest route at the final loads
  std::vector<std::int32_t> elements;               // elements of that route, in order
};

struct ElementLoad {
  std::size_t element = 0;  // into graph.elements
  double teu_per_day = 0;
  std::optional<double> capacity;  // TEU/day
  double wait_hours = 0;           // crossings: the load-dependent wait
  [[nodiscard]] std::optional<double> utilisation() const {
    return capacity && *capacity > 0 ? std::optional<double>(teu_per_day / *capacity) : std::nullopt;
  }
};

struct AssignResult {
  AssignMethod method = AssignMethod::fw;
  int iterations = 0;
  double relative_gap = 0;          // at the final loads
  std::vector<double> gap_history;  // per iteration
  bool converged = false;
  bool interrupted = false;          // stopped by the run control: the loads of the last full iteration
  std::vector<double> arc_flow;      // TEU/day per graph arc
  std::vector<ElementLoad> loads;    // every element with a load, by element index
  std::vector<PairFlowResult> pairs;  // per demand row
};

AssignResult assign(const AssignmentGraph& graph, const std::vector<DemandRow>& demand, const AssignOptions& options,
                    const RunControl& control = {});

nlohmann::json assignment_json(const Network& net, const AssignmentGraph& graph, const std::vector<DemandRow>& demand,
                               const AssignResult& result);
std::string assignment_table(const Network& net, const AssignmentGraph& graph, const std::vector<DemandRow>& demand,
                             const AssignResult& result);
// Two CSV sections in one text: loads per element, then results per pair.
std::string assignment_csv(const Network& net, const AssignmentGraph& graph, const std::vector<DemandRow>& demand,
                           const AssignResult& result);

}  // namespace caravan::analysis
