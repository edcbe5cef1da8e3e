// Max flow and min cut against brute-force enumeration of every s–t cut on small random graphs.
#include <gtest/gtest.h>

#include <random>

#include "analysis/max_flow.hpp"

namespace caravan::analysis {
namespace {

struct Edge {
  std::size_t from, to;
  FlowAmount cap;
};

FlowAmount brute_force_min_cut(std::size_t n, const std::vector<Edge>& edges, std::size_t s, std::size_t t) {
  FlowAmount best = std::numeric_limits<FlowAmount>::max();
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (!(mask >> s & 1u) || (mask >> t & 1u)) continue;
    FlowAmount cut = 0;
    for (const auto& e : edges)
      if ((mask >> e.from & 1u) && !(mask >> e.to & 1u)) cut += e.cap;
    best = std::min(best, cut);
  }
  return best;
}

TEST(MaxFlow, MatchesBruteForceCutEnumerationOnRandomGraphs) {
  std::mt19937 rng(20261207);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 2 + rng() % 7;
    std::vector<Edge> edges;
    const std::size_t m = rng() % (n * n);
    for (std::size_t k = 0; k < m; ++k) edges.push_back({rng() % n, rng() % n, static_cast<FlowAmount>(rng() % 10)});
    const std::size_t s = 0, t = n - 1;
    MaxFlowGraph g(n);
    for (const auto& e : edges) g.add_arc(e.from, e.to, e.cap);
    const FlowAmount flow = g.solve(s, t);
    ASSERT_EQ(flow, brute_force_min_cut(n, edges, s, t)) << "trial " << trial;
    // The reported cut separates s from t and its capacity is the flow.
    EXPECT_TRUE(g.source_side(s));
    EXPECT_FALSE(g.source_side(t));
    FlowAmount cut = 0;
    for (const auto k : g.min_cut_arcs()) {
      cut += g.capacity(k);
      EXPECT_EQ(g.flow(k), g.capacity(k)) << "cut arcs are saturated";
    }
    EXPECT_EQ(cut, flow);
    // Flow conservation at every inner node.
    std::vector<FlowAmount> balance(n, 0);
    for (std::size_t k = 0; k < g.arc_count(); ++k) {
      EXPECT_GE(g.flow(k), 0);
      EXPECT_LE(g.flow(k), g.capacity(k));
      balance[g.from(k)] -= g.flow(k);
      balance[g.to(k)] += g.flow(k);
    }
    for (std::size_t v = 0; v < n; ++v) {
      if (v != s && v != t) {
        EXPECT_EQ(balance[v], 0);
      }
    }
  }
}

TEST(MaxFlow, ClassicExample) {
  // CLRS figure 26.1: maximum flow 23.
  MaxFlowGraph g(6);
  g.add_arc(0, 1, 16);
  g.add_arc(0, 2, 13);
  g.add_arc(2, 1, 4);
  g.add_arc(1, 3, 12);
  g.add_arc(3, 2, 9);
  g.add_arc(2, 4, 14);
  g.add_arc(4, 3, 7);
  g.add_arc(3, 5, 20);
  g.add_arc(4, 5, 4);
  EXPECT_EQ(g.solve(0, 5), 23);
}

}  // namespace
}  // namespace caravan::analysis
