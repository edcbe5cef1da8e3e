#pragma once
// Maximum flow and minimum cut on a small directed graph (Dinic's algorithm). Capacities are
// integers so that the flow value and the cut are exact; callers scale physical units (e.g.
// thousandths of a TEU per day) into them.
#include <cstdint>
#include <limits>
#include <vector>

namespace caravan::analysis {

using FlowAmount = std::int64_t;
// An arc without a published capacity. Large enough never to bind on real data, small enough
// that sums of a few thousand of them cannot overflow.
inline constexpr FlowAmount kUnlimited = std::numeric_limits<FlowAmount>::max() / 8192;

class MaxFlowGraph {
 public:
  explicit MaxFlowGraph(std::size_t nodes = 0);
  std::size_t add_node();
  // Adds the arc from → to; returns its index (arcs are numbered in the order they are added).
  std::size_t add_arc(std::size_t from, std::size_t to, FlowAmount capacity);
  [[nodiscard]] std::size_t node_count() const { return first_.size(); }
  [[nodiscard]] std::size_t arc_count() const { return arcs_.size() / 2; }

  // Computes the maximum flow from `source` to `sink` (resets any previous flow).
  FlowAmount solve(std::size_t source, std::size_t sink);
  [[nodiscard]] FlowAmount flow(std::size_t arc) const { return arcs_[2 * arc + 1].capacity; }
  [[nodiscard]] FlowAmount capacity(std::size_t arc) const { return original_[arc]; }
  [[nodiscard]] std::size_t from(std::size_t arc) const { return arcs_[2 * arc + 1].head; }
  [[nodiscard]] std::size_t to(std::size_t arc) const { return arcs_[2 * arc].head; }
  // After solve(): whether a node is on the source side of the minimum cut (reachable from the
  // source in the residual graph). The cut is every arc from the source side to the other.
  [[nodiscard]] bool source_side(std::size_t node) const { return reachable_[node]; }
  [[nodiscard]] std::vector<std::size_t> min_cut_arcs() const;

 private:
  struct Half {
    std::size_t head;
    FlowAmount capacity;  // residual
    std::size_t next;     // next half-arc out of the same tail
  };
  bool levels(std::size_t source, std::size_t sink);
  FlowAmount push(std::size_t v, std::size_t sink, FlowAmount limit);

  std::vector<std::size_t> first_;  // per node: first half-arc, or npos
  std::vector<Half> arcs_;          // 2k = forward of arc k, 2k+1 = its reverse
  std::vector<FlowAmount> original_;
  std::vector<int> level_;
  std::vector<std::size_t> cursor_;
  std::vector<bool> reachable_;
};

}  // namespace caravan::analysis
