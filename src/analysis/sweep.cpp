#include "analysis/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "analysis/assignment_graph.hpp"
#include "analysis/availability.hpp"
#include "analysis/scenario_compare.hpp"
#include "core/text.hpp"

namespace caravan::analysis {
namespace {

// A field as CSV writes it: quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

struct RouteCell {
  std::size_t scenario, departure, pair;
};

RouteCell route_cell(const SweepGrid& grid, std::size_t task) {
  const std::size_t pairs = grid.pairs.size(), departures = grid.departures.size();
  return {task / (departures * pairs), task / pairs % departures, task % pairs};
}

std::string route_row(const SweepGrid& grid, Planner& planner, std::size_t task) {
  const RouteCell cell = route_cell(grid, task);
  const SweepScenario& scenario = grid.scenarios[cell.scenario];
  const Network& net = *scenario.network;
  const OdPair& pair = grid.pairs[cell.pair];
  RouteQuery q;
  q.from = pair.from;
  q.to = pair.to;
  q.depart = grid.departures[cell.departure];
  q.cargo = grid.cargo;
  q.optimize = grid.optimize;
  q.max_results = 1;
  const auto result = planner.plan(q, std::chrono::hours(24));
  std::string row = fmt::format("route,{},{},{},{}", csv_field(scenario.name), csv_field(net.nodes[pair.from].id),
                                csv_field(net.nodes[pair.to].id), format_utc(q.depart));
  if (result.itineraries.empty()) return row + ",false,,,,,,,,,,\n";
  const RouteSummary s = summarize(net, result.itineraries.front());
  return row + fmt::format(",true,{:.2f},{:.2f},{:.1f},{:.4f},{:.0f},{},{},,,\n", s.hours, s.cost_usd, s.co2e_kg, s.risk,
                           s.distance_km, csv_field(s.corridor), csv_field(join(s.crossings, ";")));
}

std::string assign_rows(const SweepGrid& grid, std::size_t assign_task) {
  const std::size_t scenario_index = assign_task / grid.departures.size();
  const SweepScenario& scenario = grid.scenarios[scenario_index];
  const Network& net = *scenario.network;
  const TimePoint at = grid.departures[assign_task % grid.departures.size()];
  Availability availability;
  availability.at = at;
  const auto graph = build_assignment_graph(net, availability);
  AssignOptions options = grid.assign;
  options.threads = 1;  // the same sums in the same order in every process
  const AssignResult r = assign(graph, grid.demand, options);
  std::string rows;
  for (const auto& p : r.pairs) {
    const DemandRow& d = grid.demand[p.row];
    rows += fmt::format("assign,{},{},{},{}", csv_field(scenario.name), csv_field(net.nodes[d.from].id),
                        csv_field(net.nodes[d.to].id), format_utc(at));
    if (!p.reachable) {
      rows += fmt::format(",false,,,,,,,,{:g},,{:.6f}\n", d.teu_per_year, r.relative_gap);
      continue;
    }
    std::vector<std::string> countries{to_string(net.nodes[d.from].country)}, crossings;
    for (const auto e : p.elements) {
      const auto& element = graph.elements[static_cast<std::size_t>(e)];
      const std::string c = to_string(net.nodes[element.to].country);
      if (countries.back() != c) countries.push_back(c);
      if (element.kind == ElementKind::crossing) crossings.push_back(net.crossings[CrossingIdx{element.index}].id);
    }
    rows += fmt::format(",true,{:.2f},{:.2f},,,,{},{},{:g},{:.2f},{:.6f}\n", p.hours, p.usd, csv_field(join(countries, "-")),
                        csv_field(join(crossings, ";")), d.teu_per_year, p.generalized_usd, r.relative_gap);
  }
  return rows;
}

}  // namespace

std::string sweep_csv_header() {
  return "kind,scenario,origin,destination,depart,found,hours,cost_usd,co2e_kg,risk,distance_km,corridor,crossings,"
         "teu_per_year,generalized_usd,relative_gap\n";
}

std::vector<TaskRows> run_sweep_share(const SweepGrid& grid, std::size_t first, std::size_t stride, unsigned threads,
                                      const RunControl& control) {
  std::vector<std::size_t> mine;
  for (std::size_t t = first; t < grid.tasks(); t += std::max<std::size_t>(1, stride)) mine.push_back(t);
  std::vector<TaskRows> out(mine.size());
  std::vector<bool> done(mine.size(), false);
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t finished = 0;
  std::vector<std::thread> pool;
  const unsigned workers = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, mine.size()))));
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      std::map<std::size_t, std::unique_ptr<Planner>> planners;  // by scenario, made when first needed
      for (std::size_t i; !control.cancelled() && (i = next++) < mine.size();) {
        const std::size_t task = mine[i];
        std::string rows;
        if (task < grid.route_tasks()) {
          const std::size_t scenario = route_cell(grid, task).scenario;
          auto& planner = planners[scenario];
          if (!planner) planner = std::make_unique<Planner>(grid.scenarios[scenario].network);
          rows = route_row(grid, *planner, task);
        } else {
          rows = assign_rows(grid, task - grid.route_tasks());
        }
        out[i] = {task, std::move(rows)};
        std::lock_guard lock(progress_mutex);
        done[i] = true;
        control.report("sweep", ++finished, mine.size());
      }
    });
  for (auto& t : pool) t.join();
  std::vector<TaskRows> kept;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (done[i]) kept.push_back(std::move(out[i]));
  return kept;
}

std::string sweep_csv(std::vector<TaskRows> rows) {
  std::sort(rows.begin(), rows.end(), [](const TaskRows& a, const TaskRows& b) { return a.task < b.task; });
  std::string text = sweep_csv_header();
  for (const auto& r : rows) text += r.rows;
  return text;
}

}  // namespace caravan::analysis
