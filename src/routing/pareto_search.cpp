#include "routing/pareto_search.hpp"

#include <algorithm>
#include <queue>

namespace caravan {
namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kTime = static_cast<std::size_t>(Objective::time);
}  // namespace

ParetoSearch::ParetoSearch(const Network& net) : net_(net) {
  // Which services can be left at each node, for the backward heuristic searches.
  first_alighting_.assign(net.nodes.size() + 1, 0);
  for (const auto& s : net.services)
    for (std::size_t c = 1; c < s.calls.size(); ++c) ++first_alighting_[s.calls[c].node.index() + 1];
  for (std::size_t v = 0; v < net.nodes.size(); ++v) first_alighting_[v + 1] += first_alighting_[v];
  alightings_.resize(first_alighting_.back());
  std::vector<std::uint32_t> fill(first_alighting_.begin(), first_alighting_.end() - 1);
  for (const auto si : net.services.indices()) {
    const auto& s = net.services[si];
    for (std::size_t c = 1; c < s.calls.size(); ++c)
      alightings_[fill[s.calls[c].node.index()]++] = {si, static_cast<std::uint32_t>(c)};
  }
  heuristic_.resize(net.nodes.size());
  labels_.reserve(1 << 14);
}

void ParetoSearch::reset() {
  labels_.raw().clear();
  starts_.clear();
  stats_ = {};
}

LabelIdx ParetoSearch::add_start(const Label& label) {
  starts_.push_back(labels_.next_index());
  labels_.push_back(label);
  labels_[starts_.back()].dead = false;
  return starts_.back();
}

std::vector<ParetoSearch::BagEntry>& ParetoSearch::bag(NodeIdx v, VehicleState s) {
  const std::size_t i = v.index() * states_ + s;
  if (bag_stamp_[i] != stamp_) {
    bag_stamp_[i] = stamp_;
    bags_[i].clear();
  }
  return bags_[i];
}

void ParetoSearch::compute_heuristics(const FreightCosting& costing, NodeIdx target) {
  const std::size_t n = net_.nodes.size();
  for (auto& h : heuristic_) h.fill(kInfinity);
  // Lower bounds per link and per ride do not depend on the objective being searched; compute once.
  std::vector<LowerBound> link_lb(net_.links.size());
  for (const auto l : net_.links.indices())
    if (costing.link_allowed(l)) link_lb[l.index()] = costing.link_lower_bound(l);

  using Item = std::pair<double, std::uint32_t>;
  for (std::size_t k = 0; k < kObjectiveCount; ++k) {
    if (!active_[k] && k != kTime) continue;
    auto weight = [k](const LowerBound& b) {
      switch (k) {
        case 0: return b.minutes;
        case 1: return b.cost;
        case 2: return b.co2;
        default: return b.risk_log;
      }
    };
    std::vector<double> dist(n, kInfinity);
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    dist[target.index()] = 0;
    queue.push({0, static_cast<std::uint32_t>(target.index())});
    while (!queue.empty()) {
      const auto [d, v] = queue.top();
      queue.pop();
      if (d > dist[v]) continue;
      const NodeIdx node{v};
      // Links are usable both ways, so the arcs out of v are the reversed arcs into v.
      for (const Arc& arc : net_.arcs_of(node)) {
        if (!costing.link_allowed(arc.link)) continue;
        const double nd = d + weight(link_lb[arc.link.index()]);
        if (nd < dist[arc.head.index()]) {
          dist[arc.head.index()] = nd;
          queue.push({nd, static_cast<std::uint32_t>(arc.head.index())});
        }
      }
      for (auto a = first_alighting_[v]; a < first_alighting_[v + 1]; ++a) {
        const auto [si, alight] = alightings_[a];
        const auto& s = net_.services[si];
        for (std::uint32_t board = 0; board < alight; ++board) {
          if (!costing.service_ride_allowed(si, board, alight)) continue;
          const std::size_t u = s.calls[board].node.index();
          const double nd = d + weight(costing.ride_lower_bound(si, board, alight));
          if (nd < dist[u]) {
            dist[u] = nd;
            queue.push({nd, static_cast<std::uint32_t>(u)});
          }
        }
      }
    }
    for (std::size_t v = 0; v < n; ++v) heuristic_[v][k] = dist[v];
  }
}

ParetoSearch::Criteria ParetoSearch::criteria(const Label& l) const {
  const Criteria all{static_cast<double>((l.time - origin_time_).minutes), l.cost, l.co2, l.risk_log};
  Criteria c{};
  for (std::size_t k = 0; k < kObjectiveCount; ++k)
    if (active_[k]) c[k] = all[k];
  return c;
}

ParetoSearch::BagEntry ParetoSearch::entry(LabelIdx i) const {
  const Label& l = labels_[i];
  return {criteria(l), l.time.minutes, l.drive_minutes, i};
}

bool ParetoSearch::dominates(const BagEntry& a, const BagEntry& b) const {
  bool equal = true;
  for (std::size_t k = 0; k < kObjectiveCount; ++k) {
    if (a.criteria[k] > b.criteria[k]) return false;
    if (a.criteria[k] != b.criteria[k]) equal = false;
  }
  // More hours at the wheel only matter if the other truck is not a whole rest later: one that
  // arrives a rest or more earlier can rest and still be first, with a fresh driver.
  if (a.drive_minutes > b.drive_minutes && a.arrive_minutes + rest_minutes_ > b.arrive_minutes) return false;
  // Equal on every objective: keep the earlier arrival (it matters when time is not an objective).
  if (equal && !active_[kTime] && a.arrive_minutes > b.arrive_minutes) return false;
  return true;
}

bool ParetoSearch::solutions_cover(const Criteria& f) const {
  // At a via point the labels go on: one arriving on another vehicle or with fewer driving hours
  // may continue better, so only the bags (per vehicle state) decide there.
  if (!final_segment_) return false;
  Criteria bound;
  for (std::size_t k = 0; k < kObjectiveCount; ++k) bound[k] = (1.0 + eps_) * f[k];
  for (const auto& cs : solution_criteria_) {
    bool covered = true;
    for (std::size_t k = 0; k < kObjectiveCount; ++k) covered &= cs[k] <= bound[k];
    if (covered) return true;
  }
  return false;
}

void ParetoSearch::consider(LabelIdx pred_index, const Step& step, NodeIdx node, MoveKind kind, MoveIdx move,
                            std::uint16_t board, std::uint16_t alight) {
  const Label& pred = labels_[pred_index];
  Label l;
  l.time = step.arrive;
  l.cost = pred.cost + step.cost_usd;
  l.co2 = pred.co2 + step.co2e_wtw_kg;
  l.risk_log = pred.risk_log + step.risk_log;
  l.drive_minutes = step.drive_minutes_after;
  l.pred = pred_index;
  l.node = node;
  l.state = step.state_after;
  l.kind = kind;
  l.move = move;
  l.board = board;
  l.alight = alight;

  const auto& h = heuristic_[node.index()];
  const Criteria g = criteria(l);
  Criteria f = g;
  for (std::size_t k = 0; k < kObjectiveCount; ++k) {
    if (!active_[k]) continue;
    if (h[k] == kInfinity) return;  // cannot reach the target from here
    f[k] += h[k];
  }
  if (solutions_cover(f)) return;
  auto& b = bag(node, l.state);
  const BagEntry candidate{g, l.time.minutes, l.drive_minutes, labels_.next_index()};
  for (const auto& other : b)
    if (dominates(other, candidate)) return;
  std::erase_if(b, [&](const BagEntry& other) {
    if (!dominates(candidate, other)) return false;
    labels_[other.label].dead = true;
    return true;
  });
  labels_.push_back(l);
  b.push_back(candidate);
  ++stats_.labels_created;
  Key key{};
  for (std::size_t k = 0; k < kObjectiveCount; ++k) key[k] = f[k];
  key[kObjectiveCount] = static_cast<double>(l.time.minutes);
  queue_.push_back({key, candidate.label});
  std::push_heap(queue_.begin(), queue_.end(), QueueOrder{});
}

std::vector<LabelIdx> ParetoSearch::run(const FreightCosting& costing, const RouteQuery& query, NodeIdx target,
                                        bool finish, TimePoint origin_time,
                                        std::chrono::steady_clock::time_point deadline) {
  const ObjectiveSet objectives = query.active_objectives();
  for (std::size_t k = 0; k < kObjectiveCount; ++k) active_[k] = objectives.has(static_cast<Objective>(k));
  eps_ = query.eps;
  final_segment_ = finish;
  origin_time_ = origin_time;
  states_ = costing.state_count();
  const std::size_t bag_count = net_.nodes.size() * states_;
  if (bags_.size() < bag_count) {
    bags_.resize(bag_count);
    bag_stamp_.resize(bag_count, 0);
  }
  ++stamp_;
  rest_minutes_ = costing.rest().minutes;
  solutions_.clear();
  solution_criteria_.clear();
  queue_.clear();
  compute_heuristics(costing, target);

  for (const auto s : starts_) {
    Step none;
    none.arrive = labels_[s].time;
    none.state_after = labels_[s].state;
    none.drive_minutes_after = labels_[s].drive_minutes;
    // Re-enter the start as a child of itself so it sits in a bag of this segment.
    consider(s, none, labels_[s].node, MoveKind::start, MoveIdx{}, 0, 0);
  }
  starts_.clear();

  std::size_t pops = 0;
  while (!queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end(), QueueOrder{});
    const LabelIdx current = queue_.back().label;
    // The key holds the label's lower bounds (criteria plus heuristic) as when it was queued: a
    // solution found since may cover them now.
    Criteria bound;
    std::copy_n(queue_.back().key.begin(), kObjectiveCount, bound.begin());
    queue_.pop_back();
    if (labels_[current].dead) continue;
    if ((++pops & 255) == 0 && std::chrono::steady_clock::now() > deadline) {
      stats_.budget_exhausted = true;
      break;
    }
    const Label at = labels_[current];  // copy: consider() may grow labels_
    if (solutions_cover(bound)) continue;
    if (at.node == target) {
      LabelIdx solution = current;
      if (finish) {
        const Step step = costing.finish(at.node, at.state, at.time);
        Label f = at;
        f.time = step.arrive;
        f.cost += step.cost_usd;
        f.pred = current;
        f.kind = MoveKind::finish;
        f.state = step.state_after;
        f.drive_minutes = 0;  // delivered: drivers' hours no longer matter when solutions compare
        if (solutions_cover(criteria(f))) continue;
        solution = labels_.next_index();
        labels_.push_back(f);
      }
      const BagEntry s = entry(solution);
      if (finish) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < solutions_.size(); ++i)
          if (!dominates(s, entry(solutions_[i]))) {
            solutions_[kept] = solutions_[i];
            solution_criteria_[kept++] = solution_criteria_[i];
          }
        solutions_.resize(kept);
        solution_criteria_.resize(kept);
      }
      solutions_.push_back(solution);
      solution_criteria_.push_back(s.criteria);
      continue;
    }
    ++stats_.labels_expanded;
    for (const Arc& arc : net_.arcs_of(at.node)) {
      const Step step = costing.traverse(at.node, at.state, at.drive_minutes, at.time, arc);
      if (step.feasible)
        consider(current, step, arc.head, MoveKind::link, move_of(ArcIdx{static_cast<std::size_t>(&arc - net_.arcs.data())}),
                 0, 0);
    }
    for (const auto& boarding : net_.boardings_at(at.node)) {
      const auto& service = net_.services[boarding.service];
      for (auto alight = boarding.call + 1; alight < service.calls.size(); ++alight) {
        if (!costing.service_ride_allowed(boarding.service, boarding.call, alight)) break;
        const Step step = costing.ride(at.node, at.state, at.time, boarding.service, boarding.call, alight);
        if (step.feasible)
          consider(current, step, service.calls[alight].node, MoveKind::ride, move_of(boarding.service),
                   static_cast<std::uint16_t>(boarding.call), static_cast<std::uint16_t>(alight));
      }
    }
  }
  std::sort(solutions_.begin(), solutions_.end(),
            [&](LabelIdx a, LabelIdx b) { return labels_[a].time < labels_[b].time; });
  return solutions_;
}

}  // namespace caravan
