#include "bench_graph/boa_star.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace caravan {

BoaStar::BoaStar(const BiObjectiveGraph& graph) : graph_(graph) {
  const std::uint32_t n = graph.node_count();
  // Overflow guard (see the header): B_k = sum over nodes of the largest out-arc cost.
  std::uint64_t bound1 = 0, bound2 = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint32_t max1 = 0, max2 = 0;
    for (std::uint32_t k = graph.first_out[v]; k < graph.first_out[v + 1]; ++k) {
      max1 = std::max(max1, graph.arcs[k].cost1);
      max2 = std::max(max2, graph.arcs[k].cost2);
    }
    bound1 += max1;
    bound2 += max2;
  }
  const std::uint64_t limit = (kInfinity - 1) / 2;
  if (bound1 > limit || bound2 > limit)
    throw std::invalid_argument(fmt::format(
        "path costs could exceed 32 bits (sum over nodes of the largest out-arc cost: {} and {}, limit {})", bound1,
        bound2, limit));

  reverse_first_out_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const BiArc& a : graph.arcs) ++reverse_first_out_[a.head + 1];
  for (std::uint32_t v = 0; v < n; ++v) reverse_first_out_[v + 1] += reverse_first_out_[v];
  reverse_arcs_.resize(graph.arcs.size());
  std::vector<std::uint32_t> next(reverse_first_out_.begin(), reverse_first_out_.end() - 1);
  for (std::uint32_t v = 0; v < n; ++v)
    for (std::uint32_t k = graph.first_out[v]; k < graph.first_out[v + 1]; ++k) {
      const BiArc& a = graph.arcs[k];
      reverse_arcs_[next[a.head]++] = {v, a.cost1, a.cost2};
    }
  state_.resize(n);
}

template <bool Second>
void BoaStar::backward_dijkstra(std::uint32_t target) {
  NodeState* st = state_.data();
  const BiArc* arcs = reverse_arcs_.data();
  const std::uint32_t* first = reverse_first_out_.data();
  const auto h = [st](std::uint32_t v) -> std::uint32_t& { return Second ? st[v].h2 : st[v].h1; };
  dijkstra_queue_.clear();
  h(target) = 0;
  dijkstra_queue_.push({0, target});
  while (!dijkstra_queue_.empty()) {
    const DijkstraEntry e = dijkstra_queue_.pop();
    // Lazy deletion: a node may be queued several times; only the entry with its current
    // distance counts.
    if (e.key != h(e.node)) continue;
    // The first pass settles exactly the nodes that can reach the target; only they may
    // hold labels (the others keep g2_min = 0, which prunes every label on arrival).
    if (!Second) st[e.node].g2_min = kInfinity;
    const std::uint32_t end = first[e.node + 1];
    for (std::uint32_t k = first[e.node]; k < end; ++k) {
      const BiArc& a = arcs[k];
      const std::uint32_t nd = e.key + (Second ? a.cost2 : a.cost1);
      if (nd < h(a.head)) {
        h(a.head) = nd;
        dijkstra_queue_.push({nd, a.head});
      }
    }
  }
}

const std::vector<BiCost>& BoaStar::run(std::uint32_t source, std::uint32_t target) {
  const std::uint32_t n = graph_.node_count();
  if (source >= n || target >= n)
    throw std::out_of_range(fmt::format("BoaStar::run: {} -> {} but the graph has {} nodes", source, target, n));
  stats_ = {};
  frontier_.clear();
  frontier_parent_.clear();
  open_.clear();
  expanded_.clear();
  target_ = target;
  if (source == target) {  // costs are non-negative: the empty path dominates every other
    frontier_.push_back({0, 0});
    frontier_parent_.push_back(kNone);
    stats_ = {1, 0, 1};
    return frontier_;
  }
  std::fill(state_.begin(), state_.end(), NodeState{kInfinity, kInfinity, 0, 0});
  backward_dijkstra<false>(target);
  backward_dijkstra<true>(target);

  NodeState* st = state_.data();
  const BiArc* arcs = graph_.arcs.data();
  const std::uint32_t* first = graph_.first_out.data();
  if (st[source].h1 == kInfinity) return frontier_;
  // Every label has f2 >= h2(source) (consistency), so once a solution reaches that value
  // nothing left in the open list can be non-dominated and the search may stop.
  const std::uint32_t min_cost2 = st[source].h2;
  open_.push({(std::uint64_t{st[source].h1} << 32) | st[source].h2, source, kNone});
  std::uint64_t generated = 1, expanded = 0, popped = 0;
  std::uint32_t best2 = kInfinity;  // g2_min(target)
  while (!open_.empty()) {
    const OpenEntry e = open_.pop();
    ++popped;
    NodeState& s = st[e.node];
    const auto f2 = static_cast<std::uint32_t>(e.key);
    const std::uint32_t g2 = f2 - s.h2;
    if (g2 >= s.g2_min || f2 >= best2) continue;
    s.g2_min = g2;
    const std::uint32_t g1 = static_cast<std::uint32_t>(e.key >> 32) - s.h1;
    if (e.node == target) {
      frontier_.push_back({g1, g2});
      frontier_parent_.push_back(e.parent);
      best2 = g2;
      if (g2 == min_cost2) break;
      continue;
    }
    ++expanded;
    const auto label = static_cast<std::uint32_t>(expanded_.size());
    expanded_.push_back({e.parent, e.node});
    const std::uint32_t end = first[e.node + 1];
    for (std::uint32_t k = first[e.node]; k < end; ++k) {
      const BiArc a = arcs[k];
      const NodeState& w = st[a.head];
      const std::uint32_t ng2 = g2 + a.cost2;
      const std::uint32_t nf2 = ng2 + w.h2;  // no overflow: w is reachable here or pruned below
      if (ng2 >= w.g2_min || nf2 >= best2) continue;
      open_.push({(std::uint64_t{g1 + a.cost1 + w.h1} << 32) | nf2, a.head, label});
      ++generated;
    }
  }
  stats_ = {generated, expanded, popped};
  return frontier_;
}

void BoaStar::path(std::size_t solution, std::vector<std::uint32_t>& nodes) const {
  if (solution >= frontier_.size())
    throw std::out_of_range(fmt::format("BoaStar::path: solution {} of {}", solution, frontier_.size()));
  nodes.clear();
  nodes.push_back(target_);
  for (std::uint32_t p = frontier_parent_[solution]; p != kNone; p = expanded_[p].parent)
    nodes.push_back(expanded_[p].node);
  std::reverse(nodes.begin(), nodes.end());
}

std::vector<std::uint32_t> BoaStar::path(std::size_t solution) const {
  std::vector<std::uint32_t> nodes;
  path(solution, nodes);
  return nodes;
}

}  // namespace caravan
