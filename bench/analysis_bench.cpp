// Corridor analyses at full size on the bundled data: a hub-to-hub scenario comparison (every
// ordered pair of the 24 hubs, baseline vs red-sea-closed, cheapest itinerary on both sides) and a
// capacity-restrained assignment (Frank–Wolfe) of a 10,000-pair demand table, each on 1 and on 2
// worker threads. Prints p50 / p99 / max over the repetitions (wall time, ms).
//
//   analysis_bench [--repetitions N]      (default 10)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <random>

#include "analysis/assignment.hpp"
#include "analysis/od_pairs.hpp"
#include "analysis/scenario_compare.hpp"
#include "network/scenario.hpp"

using namespace caravan;
using namespace caravan::analysis;

namespace {

void report(const std::string& name, int repetitions, const std::function<std::string()>& run) {
  std::vector<double> ms;
  std::string detail;
  for (int i = 0; i < repetitions; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    detail = run();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto q = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))]; };
  fmt::print("{:<44} n={:<3} p50 {:>9.1f} ms  p99 {:>9.1f} ms  max {:>9.1f} ms  {}\n", name, ms.size(), q(0.5), q(0.99),
             ms.back(), detail);
}

// 10,000 pairs: 100 origins × 100 destinations drawn (seeded) from the places that handle
// containers, each 100–5,000 TEU a year of one of the three cargo classes: about 25 million TEU a
// year in all, several times what the land crossings can take, so the equilibrium has work to do.
std::vector<DemandRow> demand_table(const Network& net) {
  std::vector<NodeIdx> places;
  for (const auto v : net.nodes.indices()) {
    const auto k = net.nodes[v].kind;
    if (k == NodeKind::city || k == NodeKind::rail_terminal || k == NodeKind::dry_port || k == NodeKind::seaport)
      places.push_back(v);
  }
  std::mt19937_64 rng(7);
  std::shuffle(places.begin(), places.end(), rng);
  std::vector<DemandRow> rows;
  for (std::size_t i = 0; rows.size() < 10000; ++i) {
    const NodeIdx a = places[i % places.size()], b = places[(i / places.size() + 1 + i) % places.size()];
    if (a == b) continue;
    DemandRow r;
    r.from = a;
    r.to = b;
    r.teu_per_year = 100 + static_cast<double>(rng() % 4901);
    const auto& cls = kCargoClasses[rng() % 3];
    r.cargo_class = std::string(cls.name);
    r.value_of_time = value_of_time_usd_per_teu_hour(cls.value_usd_per_teu);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  int repetitions = 10;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--repetitions") == 0) repetitions = std::max(1, std::atoi(argv[i + 1]));
  const auto loaded = load_network(default_data_dir() + "/corridors");
  if (!loaded.network) {
    fmt::print(stderr, "{}\n", loaded.diagnostics.to_string());
    return 1;
  }
  const auto base = loaded.network;
  const auto closed = apply_scenario(*base, "red-sea-closed", default_data_dir() + "/scenarios").network;
  const auto pairs = hub_pairs(*base);
  const TimePoint depart = *parse_iso8601("2026-12-07T08:00Z");

  for (const unsigned threads : {1u, 2u}) {
    report(fmt::format("compare hubs ({} pairs), {} thread{}", pairs.size(), threads, threads > 1 ? "s" : ""), repetitions, [&] {
      CompareOptions o;
      o.depart = depart;
      o.optimize = Objective::cost;
      o.cargo.size = ContainerSize::ft40;
      o.threads = threads;
      const auto r = compare_scenarios({base, "baseline", {}}, {closed, "red-sea-closed", {}}, pairs, o);
      std::size_t changed = 0;
      for (const auto& p : r.pairs) changed += p.route_changed() ? 1 : 0;
      return fmt::format("{} routes changed", changed);
    });
  }

  const auto rows = demand_table(*base);
  Availability av;
  av.at = depart;
  const auto graph = build_assignment_graph(*base, av);
  for (const unsigned threads : {1u, 2u}) {
    report(fmt::format("assign fw 10,000 pairs, 20 it, {} thread{}", threads, threads > 1 ? "s" : ""), repetitions, [&] {
      AssignOptions o;
      o.method = AssignMethod::fw;
      o.iterations = 20;
      o.gap_tolerance = 0;
      o.threads = threads;
      const auto r = assign(graph, rows, o);
      return fmt::format("gap {:.2e} after {} iterations", r.relative_gap, r.iterations);
    });
  }
  fmt::print("assignment graph: {} vertices, {} arcs, {} elements\n", graph.vertex_count, graph.arcs.size(), graph.elements.size());
  return 0;
}
