// BOA* on the seeded grid benchmark (src/bench_graph/dimacs_graph.hpp), read back from DIMACS
// .gr files so that the timed input is exactly what `caravan bench-graph --grid N --seed 1
// --max-d D` writes (byte for byte) and what other solvers can be given. Times include both backward Dijkstras, as
// jorgebaier/BOAstar's reported runtime does.
//
//   boa_star_bench                              # all cases
//   boa_star_bench --benchmark_filter=Corner/200
//
// The files live in $TMPDIR/caravan-bench (default /tmp), named
// grid<side>-seed1-maxd<max_d>-{d,t}.gr; they are written on first use and read on later runs.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "bench_graph/boa_star.hpp"
#include "bench_graph/dimacs_graph.hpp"

namespace caravan {
namespace {

constexpr std::uint64_t kGridSeed = 1;
constexpr std::uint64_t kPairSeed = 1;
constexpr std::size_t kRandomPairs = 50;

struct Instance {
  BiObjectiveGraph graph;
  std::unique_ptr<BoaStar> search;
  std::string source;  // which files
};

// side x side grid, seed 1, distances in [1, max_d] (10: the standard instance).
const Instance& instance(std::uint32_t side, std::uint32_t max_d) {
  static std::map<std::pair<std::uint32_t, std::uint32_t>, std::unique_ptr<Instance>> cache;
  auto& slot = cache[{side, max_d}];
  if (slot) return *slot;
  const auto dir = std::filesystem::temp_directory_path() / "caravan-bench";
  std::filesystem::create_directories(dir);
  const std::string prefix = (dir / ("grid" + std::to_string(side) + "-seed" + std::to_string(kGridSeed) + "-maxd" +
                                     std::to_string(max_d)))
                                 .string();
  const std::string d = prefix + "-d.gr", t = prefix + "-t.gr";
  std::string error;
  if (!std::filesystem::exists(d) || !std::filesystem::exists(t)) {
    const auto g = make_grid_graph(side, kGridSeed, max_d);
    if (!write_dimacs_gr(g, 1, grid_gr_comment(side, kGridSeed, max_d, 1), d, &error) ||
        !write_dimacs_gr(g, 2, grid_gr_comment(side, kGridSeed, max_d, 2), t, &error))
      throw std::runtime_error(error);
  }
  auto graph = read_dimacs_pair(d, t, &error);
  if (!graph) throw std::runtime_error(error);
  slot = std::make_unique<Instance>();
  slot->graph = std::move(*graph);
  slot->search = std::make_unique<BoaStar>(slot->graph);
  slot->source = prefix;
  return *slot;
}

void set_search_counters(benchmark::State& state, const BoaStar& search) {
  state.counters["frontier"] = static_cast<double>(search.frontier().size());
  state.counters["expanded"] = static_cast<double>(search.stats().expanded);
  state.counters["generated"] = static_cast<double>(search.stats().generated);
}

void BM_BoaStarCornerToCorner(benchmark::State& state) {
  const auto side = static_cast<std::uint32_t>(state.range(0));
  const Instance& in = instance(side, static_cast<std::uint32_t>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(in.search->run(0, side * side - 1).data());
  set_search_counters(state, *in.search);
  state.SetLabel(in.source + "-{d,t}.gr");
}

// Nearest-rank percentile: the smallest sample with at least p of the samples at or below it
// (with 50 queries, p99 is the slowest one).
double percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
  return samples[std::max<std::size_t>(rank, 1) - 1];
}

void BM_BoaStarRandomPairs(benchmark::State& state) {
  const auto side = static_cast<std::uint32_t>(state.range(0));
  const Instance& in = instance(side, static_cast<std::uint32_t>(state.range(1)));
  const auto pairs = random_node_pairs(side * side, kRandomPairs, kPairSeed);
  // Per pair, the median over the benchmark's iterations; then percentiles over the pairs.
  std::vector<std::vector<double>> runs(pairs.size());
  std::vector<double> frontier(pairs.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(in.search->run(pairs[i].first, pairs[i].second).data());
      runs[i].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      frontier[i] = static_cast<double>(in.search->frontier().size());
    }
  }
  std::vector<double> ms;
  for (const auto& r : runs) ms.push_back(percentile(r, 0.5));
  state.counters["p50_ms"] = percentile(ms, 0.50);
  state.counters["p99_ms"] = percentile(ms, 0.99);
  state.counters["frontier_p50"] = percentile(frontier, 0.50);
  state.counters["frontier_max"] = percentile(frontier, 1.0);
  double total = 0;
  for (const double f : frontier) total += f;
  state.counters["frontier_mean"] = total / static_cast<double>(frontier.size());
  state.SetLabel(std::to_string(kRandomPairs) + " pairs, seed " + std::to_string(kPairSeed) + "; time is for all " + std::to_string(kRandomPairs));
}

// Args: grid side, largest distance cost.
BENCHMARK(BM_BoaStarCornerToCorner)->Args({200, 10})->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BoaStarCornerToCorner)->Args({500, 10})->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_BoaStarCornerToCorner)->Args({200, 1000})->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BoaStarCornerToCorner)->Args({500, 1000})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_BoaStarRandomPairs)->Args({200, 10})->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_BoaStarRandomPairs)->Args({500, 10})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_BoaStarRandomPairs)->Args({200, 1000})->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_BoaStarRandomPairs)->Args({500, 1000})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace caravan

BENCHMARK_MAIN();
