#include "analysis/max_flow.hpp"

#include <algorithm>
#include <deque>

namespace caravan::analysis {
namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
}

MaxFlowGraph::MaxFlowGraph(std::size_t nodes) : first_(nodes, kNone) {}

std::size_t MaxFlowGraph::add_node() {
  first_.push_back(kNone);
  return first_.size() - 1;
}

std::size_t MaxFlowGraph::add_arc(std::size_t from, std::size_t to, FlowAmount capacity) {
  const std::size_t k = original_.size();
  arcs_.push_back({to, capacity, first_[from]});
  first_[from] = arcs_.size() - 1;
  arcs_.push_back({from, 0, first_[to]});
  first_[to] = arcs_.size() - 1;
  original_.push_back(capacity);
  return k;
}

bool MaxFlowGraph::levels(std::size_t source, std::size_t sink) {
  level_.assign(first_.size(), -1);
  std::deque<std::size_t> queue{source};
  level_[source] = 0;
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    for (std::size_t e = first_[v]; e != kNone; e = arcs_[e].next)
      if (arcs_[e].capacity > 0 && level_[arcs_[e].head] < 0) {
        level_[arcs_[e].head] = level_[v] + 1;
        queue.push_back(arcs_[e].head);
      }
  }
  return level_[sink] >= 0;
}

// Depth-first blocking flow along strictly increasing levels; `cursor_` skips arcs already
// found useless in this phase, which keeps a phase O(VE).
FlowAmount MaxFlowGraph::push(std::size_t v, std::size_t sink, FlowAmount limit) {
  if (v == sink) return limit;
  for (std::size_t& e = cursor_[v]; e != kNone; e = arcs_[e].next) {
    Half& arc = arcs_[e];
    if (arc.capacity <= 0 || level_[arc.head] != level_[v] + 1) continue;
    const FlowAmount pushed = push(arc.head, sink, std::min(limit, arc.capacity));
    if (pushed > 0) {
      arc.capacity -= pushed;
      arcs_[e ^ 1u].capacity += pushed;
      return pushed;
    }
  }
  return 0;
}

FlowAmount MaxFlowGraph::solve(std::size_t source, std::size_t sink) {
  for (std::size_t k = 0; k < original_.size(); ++k) {
    arcs_[2 * k].capacity = original_[k];
    arcs_[2 * k + 1].capacity = 0;
  }
  FlowAmount total = 0;
  if (source != sink)
    while (levels(source, sink)) {
      cursor_ = first_;
      while (const FlowAmount f = push(source, sink, std::numeric_limits<FlowAmount>::max())) total += f;
    }
  // The source side of the cut: what the residual graph still reaches.
  reachable_.assign(first_.size(), false);
  std::deque<std::size_t> queue{source};
  reachable_[source] = true;
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    for (std::size_t e = first_[v]; e != kNone; e = arcs_[e].next)
      if (arcs_[e].capacity > 0 && !reachable_[arcs_[e].head]) {
        reachable_[arcs_[e].head] = true;
        queue.push_back(arcs_[e].head);
      }
  }
  return total;
}

std::vector<std::size_t> MaxFlowGraph::min_cut_arcs() const {
  std::vector<std::size_t> cut;
  for (std::size_t k = 0; k < original_.size(); ++k)
    if (reachable_[from(k)] && !reachable_[to(k)] && original_[k] > 0) cut.push_back(k);
  return cut;
}

}  // namespace caravan::analysis
