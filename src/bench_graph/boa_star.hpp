#pragma once
// BOA*, Bi-Objective A* (Hernández, Yeoh, Baier, Zhang, Suazo, Koenig, ICAPS 2020; AIJ 314,
// 2023): the exact Pareto frontier of (cost1, cost2) path costs between two nodes of a
// BiObjectiveGraph.
//
// How it stays fast:
//  * heuristics are exact single-objective distances to the target, from two backward
//    Dijkstras (consistent, so every popped label's key is >= the previous one);
//  * the open list is ordered lexicographically by (f1, f2), packed into one 64-bit key; as
//    keys never decrease (consistent heuristics), it is a radix heap, not a binary heap;
//  * dominance checks are O(1): a label at v is dominated iff g2 >= g2_min(v), the smallest
//    g2 of a label expanded at v so far (all of them have smaller or equal f1); a label is
//    useless iff g2 + h2 >= g2_min(target);
//  * heap entries carry (key, node, parent) and nothing else: g is recovered as f - h, and only
//    expanded labels get an 8-byte (parent, node) record for path extraction;
//  * one BoaStar object per thread owns every buffer; they keep their capacity between queries,
//    so repeated queries do not allocate once the buffers have grown (RoutingKit style).
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

#include "bench_graph/dimacs_graph.hpp"

namespace caravan {

namespace detail {

// A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990): a priority queue for *monotone* integer
// keys, i.e. no key pushed is smaller than the last key popped. Both searches here are
// monotone (consistent heuristics), and a radix heap then beats a binary heap: an entry is
// appended to one of Bits+1 buckets, chosen by the highest bit in which its key differs from
// the last popped key, and is moved only when its bucket is split, each time to a lower bucket;
// all of it is sequential memory traffic. Buckets keep their capacity across clear().
template <class Entry, class Key>
class RadixHeap {
  static constexpr int kBits = static_cast<int>(sizeof(Key) * 8);

 public:
  void clear() {
    for (auto& b : buckets_) b.clear();
    last_ = 0;
    size_ = 0;
  }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  void push(const Entry& e) {
    assert(e.key >= last_);
    buckets_[bucket(e.key)].push_back(e);
    ++size_;
  }
  Entry pop() {
    assert(size_ > 0);
    if (buckets_[0].empty()) {
      int i = 1;
      while (buckets_[i].empty()) ++i;
      auto& b = buckets_[i];
      Key smallest = b[0].key;
      for (const Entry& e : b) smallest = e.key < smallest ? e.key : smallest;
      last_ = smallest;
      for (const Entry& e : b) buckets_[bucket(e.key)].push_back(e);
      b.clear();
    }
    --size_;
    const Entry e = buckets_[0].back();
    buckets_[0].pop_back();
    return e;
  }

 private:
  [[nodiscard]] int bucket(Key key) const { return key == last_ ? 0 : kBits - std::countl_zero(Key(key ^ last_)); }

  std::array<std::vector<Entry>, kBits + 1> buckets_;
  Key last_ = 0;
  std::size_t size_ = 0;
};

}  // namespace detail

struct BiCost {
  std::uint32_t cost1 = 0;
  std::uint32_t cost2 = 0;
  friend auto operator<=>(const BiCost&, const BiCost&) = default;
};

struct BoaStarStats {
  std::uint64_t generated = 0;  // labels pushed on the open list (the start label included)
  std::uint64_t expanded = 0;   // labels whose arcs were scanned
  std::uint64_t popped = 0;     // labels taken off the open list, pruned ones included
};

class BoaStar {
 public:
  // Keeps a reference to `graph`, which must outlive the search and not change. Throws
  // std::invalid_argument if path costs could overflow 32 bits: every label's g is the cost of
  // a simple path (so at most the sum over nodes of their most expensive out-arc, B), and
  // f = g + h <= 2B must stay below 2^32 - 1.
  explicit BoaStar(const BiObjectiveGraph& graph);

  // Computes the Pareto frontier from `source` to `target` (0-based ids; throws
  // std::out_of_range otherwise). One BiCost per distinct non-dominated cost pair, in
  // increasing cost1 (hence strictly decreasing cost2) order. Empty if target is unreachable.
  // The reference stays valid until the next run().
  const std::vector<BiCost>& run(std::uint32_t source, std::uint32_t target);

  [[nodiscard]] const std::vector<BiCost>& frontier() const { return frontier_; }
  [[nodiscard]] const BoaStarStats& stats() const { return stats_; }

  // One path (node ids, source first, target last) realising frontier()[solution].
  void path(std::size_t solution, std::vector<std::uint32_t>& nodes) const;
  [[nodiscard]] std::vector<std::uint32_t> path(std::size_t solution) const;

 private:
  static constexpr std::uint32_t kInfinity = 0xffffffffu;
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // Everything the inner loop needs about a node, in one 16-byte record (one cache access).
  struct NodeState {
    std::uint32_t h1 = kInfinity;  // cost1 distance to the target
    std::uint32_t h2 = kInfinity;  // cost2 distance to the target
    std::uint32_t g2_min = kInfinity;
    std::uint32_t unused = 0;
  };
  struct OpenEntry {
    std::uint64_t key;     // f1 << 32 | f2
    std::uint32_t node;
    std::uint32_t parent;  // index into expanded_, kNone for the start label
  };
  struct DijkstraEntry {
    std::uint32_t key;  // distance to the target
    std::uint32_t node;
  };
  struct Expanded {
    std::uint32_t parent;
    std::uint32_t node;
  };

  template <bool Second>
  void backward_dijkstra(std::uint32_t target);

  const BiObjectiveGraph& graph_;
  // Reverse graph (arcs entering each node; BiArc::head holds the tail), for the heuristics.
  std::vector<std::uint32_t> reverse_first_out_;
  std::vector<BiArc> reverse_arcs_;

  std::vector<NodeState> state_;
  detail::RadixHeap<DijkstraEntry, std::uint32_t> dijkstra_queue_;
  detail::RadixHeap<OpenEntry, std::uint64_t> open_;
  std::vector<Expanded> expanded_;
  std::vector<BiCost> frontier_;
  std::vector<std::uint32_t> frontier_parent_;
  std::uint32_t target_ = 0;
  BoaStarStats stats_;
};

}  // namespace caravan
