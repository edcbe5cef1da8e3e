// Full Pareto queries between the main hubs of the bundled corridor network, one thread.
// Reports per-query latency percentiles as counters (p50_ms, p99_ms, max_ms) and the mean
// number of itineraries.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

#include "routing/planner.hpp"

namespace {

using namespace caravan;

const char* kHubs[] = {"CN_XIAN",   "CN_URUMQI",  "CN_SHANGHAI", "CN_CHONGQING", "KZ_ALMATY",   "KZ_ASTANA",
                       "KZ_AKTAU",  "UZ_TASHKENT", "KG_BISHKEK", "TM_ASHGABAT", "AZ_BAKU",     "GE_POTI",
                       "TR_ISTANBUL", "RU_MOSCOW", "PL_WARSAW",  "DE_DUISBURG", "NL_ROTTERDAM", "IR_TEHRAN"};

std::shared_ptr<const Network> bundled() {
  static auto net = load_network(std::string(CARAVAN_DATA_DIR) + "/corridors").network;
  return net;
}

void run_all_pairs(benchmark::State& state, double eps) {
  const auto net = bundled();
  Planner planner(net);
  std::vector<std::pair<NodeIdx, NodeIdx>> pairs;
  for (const char* a : kHubs)
    for (const char* b : kHubs)
      if (a != b) pairs.push_back({net->node_by_id.at(a), net->node_by_id.at(b)});
  std::vector<double> latencies_ms;
  std::size_t results = 0;
  for (auto _ : state) {
    for (const auto& [from, to] : pairs) {
      RouteQuery q;
      q.from = from;
      q.to = to;
      q.depart = *parse_iso8601("2026-12-07T08:00Z");
      q.eps = eps;
      const auto start = std::chrono::steady_clock::now();
      const auto result = planner.plan(q);
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      results += result.itineraries.size();
      benchmark::DoNotOptimize(result);
    }
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) { return latencies_ms[static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size() - 1))]; };
  state.counters["queries"] = static_cast<double>(latencies_ms.size());
  state.counters["p50_ms"] = pct(0.5);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["max_ms"] = latencies_ms.back();
  state.counters["itineraries_per_query"] = static_cast<double>(results) / static_cast<double>(latencies_ms.size());
}

void BM_HubPairsExactPareto(benchmark::State& state) { run_all_pairs(state, 0.0); }
void BM_HubPairsEps005(benchmark::State& state) { run_all_pairs(state, 0.05); }
BENCHMARK(BM_HubPairsExactPareto)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_HubPairsEps005)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
