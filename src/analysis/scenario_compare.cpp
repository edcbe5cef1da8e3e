#include "analysis/scenario_compare.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "core/text.hpp"

namespace caravan::analysis {

RouteSummary summarize(const Network& net, const Itinerary& it) {
  RouteSummary s;
  s.hours = it.duration_hours();
  s.cost_usd = it.cost_usd;
  s.co2e_kg = it.co2e_wtw_kg;
  s.risk = it.risk();
  s.distance_km = it.distance_km;
  std::vector<std::string> countries;
  for (const auto c : it.countries) countries.push_back(to_string(c));
  s.corridor = join(countries, "-");
  for (const auto& leg : it.legs) {
    for (const auto& p : leg.passed) s.crossings.push_back(net.crossings[p.crossing].id);
    for (std::size_t i = 0; i < leg.path.size(); ++i) {
      const NodeIdx v = leg.path[i];
      if (!s.path.empty() && s.path.back() == v) continue;
      s.path.push_back(v);
      s.path_modes.push_back(leg.mode);
      if (net.nodes[v].kind == NodeKind::chokepoint) s.chokepoints.push_back(net.nodes[v].id);
    }
  }
  return s;
}

bool PairComparison::route_changed() const {
  if (base.has_value() != scenario.has_value()) return true;
  if (!base) return false;
  return base->path != scenario->path || base->path_modes != scenario->path_modes;
}

CompareResult compare_scenarios(const CompareSide& base, const CompareSide& scenario, const std::vector<OdPair>& pairs,
                                const CompareOptions& options, const RunControl& control) {
  CompareResult result;
  result.base_name = base.name;
  result.scenario_name = scenario.name;
  result.optimize = options.optimize;
  result.depart = options.depart;
  result.pairs.resize(pairs.size());
  std::vector<bool> done(pairs.size(), false);
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  std::mutex progress_mutex;
  const unsigned workers = std::max(1u, options.threads > 0 ? options.threads : std::thread::hardware_concurrency());

  auto best = [&](Planner& planner, const CompareSide& side, const OdPair& pair) -> std::optional<RouteSummary> {
    RouteQuery q;
    q.from = pair.from;
    q.to = pair.to;
    q.depart = options.depart;
    q.cargo = options.cargo;
    q.optimize = options.optimize;
    q.max_results = 1;
    q.constraints = side.constraints;
    auto r = planner.plan(q);
    if (r.itineraries.empty()) return std::nullopt;
    return summarize(*side.network, r.itineraries.front());
  };

  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      Planner base_planner(base.network), scenario_planner(scenario.network);
      for (std::size_t i; !control.cancelled() && (i = next++) < pairs.size();) {
        PairComparison& out = result.pairs[i];
        out.pair = pairs[i];
        out.base = best(base_planner, base, pairs[i]);
        out.scenario = best(scenario_planner, scenario, pairs[i]);
        std::lock_guard lock(progress_mutex);
        done[i] = true;
        control.report("compare", ++finished, pairs.size());
      }
    });
  for (auto& t : pool) t.join();

  // Keep only the finished pairs, in input order.
  std::vector<PairComparison> kept;
  for (std::size_t i = 0; i < pairs.size(); ++i)
    if (done[i]) kept.push_back(std::move(result.pairs[i]));
  result.pairs = std::move(kept);
  result.completed = result.pairs.size();
  result.interrupted = result.completed < pairs.size();
  return result;
}

}  // namespace caravan::analysis
