#include "routing/planner.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace caravan {

Planner::Planner(std::shared_ptr<const Network> network) : network_(std::move(network)), search_(*network_) {}

std::vector<Itinerary> Planner::search(const RouteQuery& query, std::chrono::steady_clock::time_point deadline,
                                       SearchStats& stats) {
  const FreightCosting costing(*network_, query);
  search_.reset();
  Label origin;
  origin.time = query.depart;
  origin.node = query.from;
  search_.add_start(origin);
  std::vector<NodeIdx> targets = query.via;
  targets.push_back(query.to);
  std::vector<LabelIdx> solutions;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const bool last = i + 1 == targets.size();
    solutions = search_.run(costing, query, targets[i], last, query.depart, deadline);
    if (!last)
      for (const auto s : solutions) search_.add_start(search_.label(s));
    if (solutions.empty()) break;
  }
  stats = search_.stats();
  std::vector<Itinerary> out;
  for (const auto s : solutions) out.push_back(build_itinerary(search_, costing, s));
  return out;
}

std::vector<Itinerary> select_results(std::vector<Itinerary> all, int max_results) {
  if (max_results <= 0 || static_cast<int>(all.size()) <= max_results) return all;
  std::vector<bool> chosen(all.size(), false);
  auto pick_best = [&](auto value) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < all.size(); ++i)
      if (value(all[i]) < value(all[best])) best = i;
    chosen[best] = true;
  };
  pick_best([](const Itinerary& it) { return it.duration_hours(); });
  pick_best([](const Itinerary& it) { return it.cost_usd; });
  pick_best([](const Itinerary& it) { return it.co2e_wtw_kg; });
  pick_best([](const Itinerary& it) { return it.risk_log; });
  // Then the most balanced: smallest sum of values normalised by each objective's best.
  double best_t = 1e300, best_c = 1e300, best_e = 1e300;
  for (const auto& it : all) {
    best_t = std::min(best_t, it.duration_hours());
    best_c = std::min(best_c, it.cost_usd);
    best_e = std::min(best_e, it.co2e_wtw_kg);
  }
  std::vector<std::pair<double, std::size_t>> balance;
  for (std::size_t i = 0; i < all.size(); ++i)
    balance.push_back({all[i].duration_hours() / std::max(best_t, 1e-9) + all[i].cost_usd / std::max(best_c, 1e-9) +
                           all[i].co2e_wtw_kg / std::max(best_e, 1e-9),
                       i});
  std::sort(balance.begin(), balance.end());
  std::vector<Itinerary> out;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (chosen[i]) out.push_back(all[i]);
  for (const auto& [score, i] : balance) {
    if (static_cast<int>(out.size()) >= max_results) break;
    if (!chosen[i]) {
      chosen[i] = true;
      out.push_back(all[i]);
    }
  }
  if (static_cast<int>(out.size()) > max_results) out.resize(static_cast<std::size_t>(max_results));
  std::sort(out.begin(), out.end(), [](const Itinerary& a, const Itinerary& b) { return a.arrive < b.arrive; });
  return out;
}

NoRouteExplanation Planner::explain(const RouteQuery& query, std::chrono::steady_clock::time_point deadline) {
  const Network& net = *network_;
  struct Relaxation {
    Constraint constraint;
    std::vector<std::string> values;
    RouteQuery query;
  };
  std::vector<Relaxation> relaxations;
  const auto& c = query.constraints;
  if (!c.avoid_countries.empty()) {
    std::vector<std::string> names;
    for (auto cc : c.avoid_countries) names.push_back(to_string(cc));
    RouteQuery q = query;
    q.constraints.avoid_countries.clear();
    relaxations.push_back({Constraint::avoid_countries, std::move(names), q});
  }
  if (!c.avoid_crossings.empty()) {
    std::vector<std::string> names;
    for (auto x : c.avoid_crossings) names.push_back(net.crossings[x].id);
    RouteQuery q = query;
    q.constraints.avoid_crossings.clear();
    relaxations.push_back({Constraint::avoid_crossings, std::move(names), q});
  }
  if (!c.avoid_nodes.empty()) {
    std::vector<std::string> names;
    for (auto v : c.avoid_nodes) names.push_back(net.nodes[v].id);
    RouteQuery q = query;
    q.constraints.avoid_nodes.clear();
    relaxations.push_back({Constraint::avoid_chokepoints, std::move(names), q});
  }
  if (c.modes_mask != RouteConstraints{}.modes_mask) {
    RouteQuery q = query;
    q.constraints.modes_mask = RouteConstraints{}.modes_mask;
    relaxations.push_back({Constraint::modes, {}, q});
  }
  if (!query.via.empty()) {
    RouteQuery q = query;
    q.via.clear();
    relaxations.push_back({Constraint::via, {}, q});
  }
  // The cargo's own restrictions: what carries a reefer, where dangerous goods may not go.
  if (query.cargo.reefer) {
    RouteQuery q = query;
    q.cargo.reefer = false;
    relaxations.push_back({Constraint::reefer, {}, q});
  }
  if (query.cargo.dangerous_class > 0) {
    RouteQuery q = query;
    q.cargo.dangerous_class = 0;
    relaxations.push_back({Constraint::dangerous, {}, q});
  }
  for (auto& r : relaxations) {
    r.query.optimize = Objective::time;
    SearchStats stats;
    auto found = search(r.query, deadline, stats);
    if (found.empty()) continue;
    // Dangerous goods: the rules the route without them breaks.
    if (r.constraint == Constraint::dangerous)
      for (const auto rule : dangerous_rules_met(net, found.front(), query.cargo.dangerous_class, CargoRuleKind::forbids_dangerous))
        r.values.push_back(cargo_rule_target_id(net, net.cargo_rules[rule]));
    return {NoRouteCause::constraint, r.constraint, std::move(r.values), std::move(found.front())};
  }
  if (relaxations.size() > 1) {
    RouteQuery q = query;
    q.constraints = RouteConstraints{};
    q.via.clear();
    q.cargo.reefer = false;
    q.cargo.dangerous_class = 0;
    q.optimize = Objective::time;
    SearchStats stats;
    auto found = search(q, deadline, stats);
    if (!found.empty()) return {NoRouteCause::constraints_together, {}, {}, std::move(found.front())};
  }
  return {};
}

bool Planner::leave_out_long_waits(RouteQuery& q, const std::vector<Itinerary>& found, std::vector<LeftOut>& left_out,
                                   std::optional<Itinerary>& fastest_left_out) const {
  const Network& net = *network_;
  bool added = false;
  auto record = [&](LeftOutKind kind, std::string id, std::string name, Duration wait, std::string why, const Itinerary& it) {
    auto known = std::find_if(left_out.begin(), left_out.end(), [&](const LeftOut& l) { return l.kind == kind && l.id == id; });
    if (known == left_out.end()) {
      left_out.push_back({kind, std::move(id), std::move(name), wait, std::move(why), it.duration_hours() / 24});
    } else {
      known->wait = std::max(known->wait, wait);
      known->fastest_days = std::min(known->fastest_days, it.duration_hours() / 24);
    }
    if (!fastest_left_out || it.arrive < fastest_left_out->arrive) fastest_left_out = it;
  };
  auto leave_out = [&](auto& list, auto item) {
    if (std::find(list.begin(), list.end(), item) != list.end()) return;
    list.push_back(item);
    added = true;
  };
  auto& avoid = q.constraints;
  for (const auto& it : found)
    for (const auto& leg : it.legs) {
      if (leg.crossing && leg.crossing->wait > *q.max_wait) {
        const Crossing& x = net.crossings[leg.crossing->crossing];
        leave_out(avoid.avoid_crossings, leg.crossing->crossing);
        record(LeftOutKind::crossing, x.id, x.name, leg.crossing->wait, leg.crossing->why, it);
      } else if (leg.service.valid() && leg.wait - net.services[leg.service].cutoff > *q.max_wait) {
        // The cut-off belongs to the sailing, not to the wait: a weekly service never waits over 7 days.
        const Service& s = net.services[leg.service];
        leave_out(avoid.avoid_services, leg.service);
        record(LeftOutKind::service, s.id, s.name, leg.wait - s.cutoff, leg.wait_reason, it);
      } else if (leg.closed_link.valid() && leg.wait > *q.max_wait) {
        const Link& l = net.links[leg.closed_link];
        leave_out(avoid.avoid_links, leg.closed_link);
        record(LeftOutKind::link, l.id, l.id, leg.wait, leg.wait_reason, it);
      }
    }
  return added;
}

bool Planner::leave_out_unplugged(RouteQuery& q, const std::vector<Itinerary>& found, bool record, std::vector<LeftOut>& left_out,
                                  std::optional<Itinerary>& fastest_left_out) const {
  const Network& net = *network_;
  bool added = false;
  auto leave_out = [&](auto& list, auto item) {
    if (std::find(list.begin(), list.end(), item) != list.end()) return;
    list.push_back(item);
    added = true;
  };
  for (const auto& it : found) {
    if (!it.unplugged || it.unplugged->time <= *it.unplugged_limit) continue;
    const UnpluggedStretch& u = *it.unplugged;
    for (std::size_t i = u.first_leg; i <= u.last_leg; ++i) {
      const Leg& leg = it.legs[i];
      if (leg.service.valid()) leave_out(q.constraints.avoid_services, leg.service);
      else if (leg.mode == Mode::rail)
        for (const LinkIdx l : leg_links(net, leg)) leave_out(q.constraints.avoid_links, l);
    }
    if (!fastest_left_out || it.arrive < fastest_left_out->arrive) fastest_left_out = it;
    if (!record) continue;
    const std::string id = fmt::format("{}>{}", net.nodes[u.from].id, net.nodes[u.to].id);
    const std::string name = u.from == u.to ? net.nodes[u.from].name : fmt::format("{} to {}", net.nodes[u.from].name, net.nodes[u.to].name);
    const std::string why = fmt::format("terminals and single wagons give a reefer no power; at most {:g} h, reefer_max_unplugged_hours",
                                        it.unplugged_limit->in_hours());
    auto known = std::find_if(left_out.begin(), left_out.end(), [&](const LeftOut& l) { return l.kind == LeftOutKind::stretch && l.id == id; });
    if (known == left_out.end()) {
      left_out.push_back({LeftOutKind::stretch, id, name, u.time, why, it.duration_hours() / 24, Constraint::reefer});
    } else {
      known->wait = std::max(known->wait, u.time);
      known->fastest_days = std::min(known->fastest_days, it.duration_hours() / 24);
    }
  }
  return added;
}

std::vector<DecidingRule> Planner::deciding_rules(const RouteQuery& query, std::chrono::steady_clock::time_point deadline) {
  const Network& net = *network_;
  RouteQuery free = query;
  free.cargo.dangerous_class = 0;
  SearchStats stats;
  // Every option the answer would hold without the restrictions and cannot (it breaks a rule):
  // those rules decided the route.
  const auto without = search(free, deadline, stats);
  std::vector<DecidingRule> out;
  for (const auto& it : without) {
    for (const auto rule : dangerous_rules_met(net, it, query.cargo.dangerous_class, CargoRuleKind::forbids_dangerous)) {
      auto known = std::find_if(out.begin(), out.end(), [&](const DecidingRule& d) { return d.rule == rule; });
      if (known == out.end()) out.push_back({rule, it.duration_hours() / 24});
      else known->fastest_without_days = std::min(known->fastest_without_days, it.duration_hours() / 24);
    }
  }
  return out;
}

PlanResult Planner::plan(const RouteQuery& query, std::chrono::milliseconds budget) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  PlanResult result;
  // Search, leave out what only a wait over the limit reaches, and search again without it, until
  // the answer holds no such wait: the Pareto set is exact over what remains.
  RouteQuery q = query;
  std::optional<Itinerary> fastest_left_out;
  for (bool again = true, first = true; again; first = false) {
    result.itineraries = search(q, deadline, result.stats);
    again = false;
    if (result.stats.budget_exhausted) break;
    if (q.max_wait && leave_out_long_waits(q, result.itineraries, result.left_out, fastest_left_out)) again = true;
    // A reefer's stretches are named as the first answer had them: the options it would have
    // shown; later rounds only find what hid behind them.
    if (q.cargo.reefer && leave_out_unplugged(q, result.itineraries, first, result.left_out, fastest_left_out)) again = true;
  }
  // A reefer stretch with nothing left to leave out (a port's dwell at the destination) is still
  // too long: such a route is not offered.
  if (q.cargo.reefer)
    std::erase_if(result.itineraries, [](const Itinerary& it) { return it.unplugged && it.unplugged->time > *it.unplugged_limit; });
  result.budget_exhausted = result.stats.budget_exhausted;
  if (result.itineraries.empty() && !result.budget_exhausted) {
    if (!result.left_out.empty()) {
      std::vector<std::string> ids;
      bool reefer_only = true;
      for (const auto& l : result.left_out) {
        ids.push_back(l.id);
        reefer_only = reefer_only && l.limit == Constraint::reefer;
      }
      result.no_route = NoRouteExplanation{NoRouteCause::constraint, reefer_only ? Constraint::reefer : Constraint::max_wait_days,
                                           std::move(ids), fastest_left_out};
    } else {
      result.no_route = explain(query, deadline);
    }
  } else if (query.cargo.dangerous_class > 0 && !result.budget_exhausted) {
    result.restrictions = deciding_rules(query, deadline);
  }
  result.itineraries = select_results(std::move(result.itineraries), query.max_results);
  return result;
}

}  // namespace caravan
