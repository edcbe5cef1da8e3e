#pragma once
// Multi-criteria label-setting search over the time-dependent corridor network (in the spirit of
// NAMOA*dr): labels carry arrival time, cost, CO2e and risk; bags per (node, vehicle state) keep
// only non-dominated labels; backward single-criterion Dijkstras give lower bounds that prune
// labels which cannot beat a solution already found; ε-dominance thins the answer.
//
// One ParetoSearch per worker thread: it owns all buffers and reuses them across queries.
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/strong_index.hpp"
#include "network/network.hpp"
#include "routing/costing.hpp"
#include "request/query.hpp"

namespace caravan {

enum class MoveKind : std::uint8_t { start, link, ride, finish };

// A label's place in the search's label store.
using LabelIdx = StrongIndex<struct LabelTag>;
// The move that made a label: the arc taken (link) or the service ridden (ride). One slot holds
// either so labels stay small; the label's kind says which, and arc() / service() read it.
using MoveIdx = StrongIndex<struct MoveTag>;
[[nodiscard]] constexpr MoveIdx move_of(ArcIdx arc) { return MoveIdx{arc.value}; }
[[nodiscard]] constexpr MoveIdx move_of(ServiceIdx service) { return MoveIdx{service.value}; }

struct Label {
  TimePoint time;
  double cost = 0;
  double co2 = 0;
  double risk_log = 0;
  std::int32_t drive_minutes = 0;
  LabelIdx pred;  // invalid for the origin
  NodeIdx node;
  VehicleState state = 0;
  MoveKind kind = MoveKind::start;
  bool dead = false;  // dominated after it was queued
  MoveIdx move;
  std::uint16_t board = 0, alight = 0;
  [[nodiscard]] ArcIdx arc() const { return ArcIdx{move.value}; }              // kind == link
  [[nodiscard]] ServiceIdx service() const { return ServiceIdx{move.value}; }  // kind == ride
};

struct SearchStats {
  std::size_t labels_created = 0;
  std::size_t labels_expanded = 0;
  bool budget_exhausted = false;
};

class ParetoSearch {
 public:
  explicit ParetoSearch(const Network& network);

  // Starts a new query: forgets all labels.
  void reset();
  // A label to start from (origin, or a solution of the previous segment of a via route).
  LabelIdx add_start(const Label& label);
  // Searches from the current starts to `target`; returns the solution labels (at `target`,
  // passed through costing.finish() when `finish` is set). `origin_time` anchors elapsed time.
  std::vector<LabelIdx> run(const FreightCosting& costing, const RouteQuery& query, NodeIdx target, bool finish,
                            TimePoint origin_time, std::chrono::steady_clock::time_point deadline);

  [[nodiscard]] const Label& label(LabelIdx i) const { return labels_[i]; }
  [[nodiscard]] const SearchStats& stats() const { return stats_; }
  [[nodiscard]] const Network& network() const { return net_; }

 private:
  // The objectives of a label as the search compares them: elapsed minutes, cost, CO2e, risk;
  // objectives the query does not ask for are 0, so they never decide a comparison.
  using Criteria = std::array<double, kObjectiveCount>;
  // A bag's entry keeps what dominance compares beside the label's index, so checking a bag
  // reads one contiguous array instead of chasing labels across the store.
  struct BagEntry {
    Criteria criteria;
    std::int64_t arrive_minutes = 0;
    std::int32_t drive_minutes = 0;
    LabelIdx label;
  };
  using Key = std::array<double, kObjectiveCount + 1>;
  struct QueueEntry {
    Key key;
    LabelIdx label;
  };
  struct QueueOrder {
    bool operator()(const QueueEntry& a, const QueueEntry& b) const { return a.key > b.key; }
  };

  void compute_heuristics(const FreightCosting& costing, NodeIdx target);
  [[nodiscard]] Criteria criteria(const Label& l) const;
  [[nodiscard]] BagEntry entry(LabelIdx i) const;
  [[nodiscard]] bool dominates(const BagEntry& a, const BagEntry& b) const;  // exact, within a bag
  [[nodiscard]] bool solutions_cover(const Criteria& f) const;
  void consider(LabelIdx pred, const Step& step, NodeIdx node, MoveKind kind, MoveIdx move, std::uint16_t board,
                std::uint16_t alight);
  std::vector<BagEntry>& bag(NodeIdx v, VehicleState s);

  const Network& net_;
  IndexedVector<LabelIdx, Label> labels_;
  std::vector<LabelIdx> starts_;
  std::vector<std::vector<BagEntry>> bags_;
  std::vector<std::uint32_t> bag_stamp_;
  std::uint32_t stamp_ = 0;
  std::size_t states_ = 0;
  std::vector<std::array<double, kObjectiveCount>> heuristic_;  // per node, lower bounds to target
  std::vector<LabelIdx> solutions_;
  std::vector<Criteria> solution_criteria_;  // beside solutions_, for solutions_cover
  std::vector<QueueEntry> queue_;
  std::vector<std::pair<ServiceIdx, std::uint32_t>> alightings_;  // by node (CSR below)
  std::vector<std::uint32_t> first_alighting_;
  std::array<bool, kObjectiveCount> active_{};
  TimePoint origin_time_;
  std::int64_t rest_minutes_ = 0;  // drivers' daily rest, for dominance between trucks
  double eps_ = 0;
  bool final_segment_ = true;
  SearchStats stats_;
};

}  // namespace caravan
