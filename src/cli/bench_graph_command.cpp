// `caravan bench-graph`: writes the seeded bi-objective grid benchmark as a pair of 9th DIMACS
// challenge `.gr` files, and runs BOA* on such a pair, so that Caravan and published
// bi-objective solvers can be timed on byte-identical input.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <utility>

#include "cli/common.hpp"
#include "bench_graph/boa_star.hpp"
#include "bench_graph/dimacs_graph.hpp"

namespace caravan::cli {
namespace {

struct BenchGraphOptions {
  std::uint32_t grid = 0;
  std::uint64_t seed = 1;
  std::uint32_t max_d = 10;
  std::string output;
  std::string solve;
  std::uint64_t from = 1;  // 1-based, as in the files
  std::uint64_t to = 0;    // 1-based; 0 = not given: the last node
  int repeat = 1;
  bool print_frontier = false;
  bool to_given = false;
};

constexpr std::uint32_t kMaxGridSide = 4000;  // 16 M nodes, 64 M arcs, about 1.3 GB of text

void write_grid(const BenchGraphOptions& o) {
  if (o.grid < 2 || o.grid > kMaxGridSide)
    throw UsageError(fmt::format("--grid: side {} is not in 2..{}", o.grid, kMaxGridSide));
  if (o.output.empty()) throw UsageError("--grid needs --output PREFIX (writes PREFIX-d.gr and PREFIX-t.gr)");
  if (o.max_d < 1 || o.max_d > 1'000'000) throw UsageError(fmt::format("--max-d: {} is not in 1..1000000", o.max_d));
  const BiObjectiveGraph g = make_grid_graph(o.grid, o.seed, o.max_d);
  for (const auto& [objective, suffix] : {std::pair{1, "-d.gr"}, std::pair{2, "-t.gr"}}) {
    std::string error;
    if (!write_dimacs_gr(g, objective, grid_gr_comment(o.grid, o.seed, o.max_d, objective), o.output + suffix, &error))
      throw UsageError("--output: " + error);
  }
  std::cout << fmt::format("wrote {0}-d.gr and {0}-t.gr: {1} nodes, {2} arcs (grid {3}x{3}, seed {4}, d in [1,{5}])\n",
                           o.output, g.node_count(), g.arc_count(), o.grid, o.seed, o.max_d);
}

void solve(const BenchGraphOptions& o) {
  if (o.repeat < 1) throw UsageError(fmt::format("--repeat: {} is not a positive count", o.repeat));
  std::string error;
  const auto graph = read_dimacs_pair(o.solve + "-d.gr", o.solve + "-t.gr", &error);
  if (!graph) throw UsageError(error);
  const std::uint32_t n = graph->node_count();
  if (n == 0) throw UsageError(fmt::format("{}-d.gr: the graph has no nodes", o.solve));
  const std::uint64_t from = o.from;
  const std::uint64_t to = o.to_given ? o.to : n;
  if (from < 1 || from > n) throw UsageError(fmt::format("--from: node {} is not in 1..{}", from, n));
  if (to < 1 || to > n) throw UsageError(fmt::format("--to: node {} is not in 1..{}", to, n));

  std::optional<BoaStar> search;
  try {
    search.emplace(*graph);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("{}: {}", o.solve, e.what()));
  }
  std::vector<double> ms;
  for (int i = 0; i < o.repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    search->run(static_cast<std::uint32_t>(from - 1), static_cast<std::uint32_t>(to - 1));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto& frontier = search->frontier();
  const auto& stats = search->stats();
  std::cout << fmt::format("{}: {} nodes, {} arcs; {} -> {}: {} Pareto solution{}\n", o.solve, n,
                           graph->arc_count(), from, to, frontier.size(), frontier.size() == 1 ? "" : "s");
  std::cout << fmt::format("time {:.3f} ms (heuristics + search", ms.front());
  if (o.repeat > 1) std::cout << fmt::format("; best of {}, median {:.3f} ms", o.repeat, ms[ms.size() / 2]);
  std::cout << fmt::format("); {} labels generated, {} expanded\n", stats.generated, stats.expanded);
  if (o.print_frontier)
    for (const auto& c : frontier) std::cout << fmt::format("{} {}\n", c.cost1, c.cost2);
}

}  // namespace

void register_bench_graph_command(CLI::App& app) {
  static BenchGraphOptions o;
  auto* cmd = app.add_subcommand(
      "bench-graph",
      "Write a seeded bi-objective grid as DIMACS .gr files (PREFIX-d.gr, PREFIX-t.gr), or run BOA* on such a pair");
  auto* grid = cmd->add_option("--grid", o.grid, "Write a side x side grid (2..4000)");
  auto* seed = cmd->add_option("--seed", o.seed, "Seed of the grid's std::mt19937_64 (default 1)");
  auto* max_d = cmd->add_option("--max-d", o.max_d, "Largest distance cost d, drawn in [1, max-d] (default 10)");
  auto* output = cmd->add_option("--output,-o", o.output, "With --grid: write PREFIX-d.gr and PREFIX-t.gr");
  auto* solve_opt = cmd->add_option("--solve", o.solve, "Read PREFIX-d.gr and PREFIX-t.gr and run BOA*");
  auto* from = cmd->add_option("--from", o.from, "With --solve: 1-based source node (default 1)");
  auto* to = cmd->add_option("--to", o.to, "With --solve: 1-based target node (default: the last node)");
  auto* repeat = cmd->add_option("--repeat", o.repeat, "With --solve: run the query this many times (default 1)");
  auto* print = cmd->add_flag("--print-frontier", o.print_frontier, "With --solve: print each 'cost1 cost2' pair");
  grid->excludes(solve_opt);
  for (auto* opt : {seed, max_d, output}) opt->needs(grid);
  for (auto* opt : {from, to, repeat, print}) opt->needs(solve_opt);
  cmd->callback([grid, solve_opt, to] {
    o.to_given = to->count() > 0;
    if (grid->count() == 0 && solve_opt->count() == 0)
      throw UsageError("bench-graph: give --grid N --output PREFIX or --solve PREFIX");
    if (grid->count() > 0)
      write_grid(o);
    else
      solve(o);
  });
}

}  // namespace caravan::cli
