#include "analysis/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <queue>
#include <stdexcept>

#include <fmt/format.h>

#include "analysis/max_flow.hpp"

namespace caravan::analysis {
namespace {

// Capacities are exact integers in thousandths of the unit.
constexpr double kScale = 1000.0;

FlowAmount scaled(std::optional<double> capacity) {
  return capacity ? static_cast<FlowAmount>(std::llround(*capacity * kScale)) : kUnlimited;
}

constexpr double kFar = std::numeric_limits<double>::infinity();

// One freight move for the detour test: a rail or road link in one direction, or a service leg.
struct Move {
  std::size_t from, to;
  double km;
};

// Shortest distances (km) from a set of nodes over `moves` (forward), or to it (backward).
std::vector<double> distances(std::size_t n, const std::vector<Move>& moves, const std::vector<NodeIdx>& seeds, bool backward) {
  std::vector<std::vector<std::pair<std::size_t, double>>> out(n);
  for (const auto& m : moves) {
    if (backward) out[m.to].push_back({m.from, m.km});
    else out[m.from].push_back({m.to, m.km});
  }
  std::vector<double> d(n, kFar);
  using Item = std::pair<double, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (const NodeIdx v : seeds) {
    d[v.index()] = 0;
    queue.push({0, v.index()});
  }
  while (!queue.empty()) {
    const auto [dv, v] = queue.top();
    queue.pop();
    if (dv > d[v]) continue;
    for (const auto& [w, km] : out[v])
      if (dv + km < d[w]) {
        d[w] = dv + km;
        queue.push({d[w], w});
      }
  }
  return d;
}

struct Builder {
  const Network& net;
  const CapacityQuery& q;
  MaxFlowGraph graph;
  std::vector<std::optional<ElementRef>> arc_element;  // per max-flow arc; nullopt for structural arcs
  // The detour test, in km: from each place of the origin region and to each place of the
  // destination region.
  std::vector<std::vector<double>> from_origin, to_destination;
  bool limited = false;

  Builder(const Network& n, const CapacityQuery& query) : net(n), q(query), graph(n.nodes.size()) {}

  // A move from a to b (km long) is one a shipper would use if, for some origin place s and
  // destination place t, going s → a → b → t is at most max_detour times the shortest s → t.
  [[nodiscard]] bool within_detour(NodeIdx a, NodeIdx b, double km) const {
    if (!limited) return true;
    for (std::size_t i = 0; i < from_origin.size(); ++i) {
      const auto& ds = from_origin[i];
      if (ds[a.index()] == kFar) continue;
      for (std::size_t j = 0; j < to_destination.size(); ++j) {
        const double direct = ds[q.to.nodes[j].index()];
        if (direct == kFar || direct == 0) continue;
        if (ds[a.index()] + km + to_destination[j][b.index()] <= q.max_detour * direct * (1 + 1e-12)) return true;
      }
    }
    return false;
  }

  // The freight moves the flow may use, and the distances over them.
  void measure_detours() {
    std::vector<Move> moves;
    for (const auto l : net.links.indices()) {
      const Link& link = net.links[l];
      if ((link.mode != Mode::rail && link.mode != Mode::road) || !q.availability.link_ok(net, l)) continue;
      moves.push_back({link.from.index(), link.to.index(), link.distance_km});
      moves.push_back({link.to.index(), link.from.index(), link.distance_km});
    }
    for (const auto s : net.services.indices()) {
      const Service& service = net.services[s];
      if (service.mode != Mode::ferry && service.mode != Mode::sea) continue;
      for (std::size_t c = 1; c < service.calls.size(); ++c)
        if (q.availability.service_leg_ok(net, s, c - 1))
          moves.push_back({service.calls[c - 1].node.index(), service.calls[c].node.index(),
                           service.calls[c].km_from_start - service.calls[c - 1].km_from_start});
    }
    for (const NodeIdx v : q.from.nodes) from_origin.push_back(distances(net.nodes.size(), moves, {v}, false));
    for (const NodeIdx v : q.to.nodes) to_destination.push_back(distances(net.nodes.size(), moves, {v}, true));
    limited = true;
  }

  void arc(std::size_t from, std::size_t to, FlowAmount cap, std::optional<ElementRef> e) {
    graph.add_arc(from, to, cap);
    arc_element.push_back(e);
  }

  void link_arc(LinkIdx l, bool forward) {
    const Link& link = net.links[l];
    const NodeIdx a = forward ? link.from : link.to, b = forward ? link.to : link.from;
    if (!within_detour(a, b, link.distance_km)) return;
    ElementRef e{ElementKind::link, static_cast<std::uint32_t>(l.index()), a, b};
    FlowAmount cap = scaled(link.capacity_teu_day);
    if (link.crossing.valid()) {
      const FlowAmount crossing_cap = scaled(net.crossings[link.crossing].capacity_teu_day);
      if (crossing_cap <= cap) {
        cap = crossing_cap;
        e = {ElementKind::crossing, static_cast<std::uint32_t>(link.crossing.index()), a, b};
      }
    }
    arc(a.index(), b.index(), cap, e);
  }

  void freight() {
    if (q.max_detour > 0) measure_detours();
    for (const auto l : net.links.indices()) {
      const Link& link = net.links[l];
      if (link.mode != Mode::rail && link.mode != Mode::road) continue;
      if (!q.availability.link_ok(net, l)) continue;
      link_arc(l, true);
      link_arc(l, false);
    }
    // A chain of ride nodes per service: board at a call, ride leg by leg, alight at a later call.
    for (const auto s : net.services.indices()) {
      const Service& service = net.services[s];
      if (service.mode != Mode::ferry && service.mode != Mode::sea) continue;
      const FlowAmount cap = scaled(service_teu_per_day(service));
      std::size_t previous = 0;
      bool riding = false;
      for (std::size_t c = 0; c < service.calls.size(); ++c) {
        const std::size_t here = graph.add_node();
        const NodeIdx node = service.calls[c].node;
        if (riding) {
          const NodeIdx from = service.calls[c - 1].node;
          const double km = service.calls[c].km_from_start - service.calls[c - 1].km_from_start;
          arc(previous, here, within_detour(from, node, km) ? cap : 0,
              ElementRef{ElementKind::service, static_cast<std::uint32_t>(s.index()), from, node});
          if (q.availability.node_ok(net, node)) arc(here, node.index(), kUnlimited, std::nullopt);
        }
        riding = q.availability.service_leg_ok(net, s, c);
        if (riding) arc(node.index(), here, kUnlimited, std::nullopt);
        previous = here;
      }
    }
  }

  void pipeline() {
    for (const auto l : net.links.indices()) {
      const Link& link = net.links[l];
      if (link.mode != Mode::pipeline || !q.availability.link_ok(net, l)) continue;
      arc(link.from.index(), link.to.index(), scaled(link.capacity_bcm_year),
          ElementRef{ElementKind::link, static_cast<std::uint32_t>(l.index()), link.from, link.to});
    }
  }
};

// A source-to-sink path over arcs of unlimited capacity: the reason the flow is unbounded.
std::vector<ElementRef> unlimited_path(const Builder& b, std::size_t source, std::size_t sink) {
  const auto& g = b.graph;
  std::vector<std::size_t> via(g.node_count(), static_cast<std::size_t>(-1));
  std::vector<std::vector<std::size_t>> out(g.node_count());
  for (std::size_t k = 0; k < g.arc_count(); ++k)
    if (g.capacity(k) >= kUnlimited) out[g.from(k)].push_back(k);
  std::deque<std::size_t> queue{source};
  std::vector<bool> seen(g.node_count(), false);
  seen[source] = true;
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    for (const std::size_t k : out[v])
      if (!seen[g.to(k)]) {
        seen[g.to(k)] = true;
        via[g.to(k)] = k;
        queue.push_back(g.to(k));
      }
  }
  std::vector<ElementRef> path;
  for (std::size_t v = sink; v != source && via[v] != static_cast<std::size_t>(-1); v = g.from(via[v]))
    if (b.arc_element[via[v]]) path.push_back(*b.arc_element[via[v]]);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

CapacityResult max_sustainable_flow(const Network& net, const CapacityQuery& q) {
  for (const NodeIdx v : q.from.nodes)
    if (std::binary_search(q.to.nodes.begin(), q.to.nodes.end(), v))
      throw std::invalid_argument(fmt::format("{} is in both regions", net.nodes[v].id));
  Builder b(net, q);
  if (q.network == CapacityNetwork::freight) b.freight();
  else b.pipeline();
  const std::size_t source = b.graph.add_node(), sink = b.graph.add_node();
  for (const NodeIdx v : q.from.nodes)
    if (q.availability.node_ok(net, v)) b.arc(source, v.index(), kUnlimited, std::nullopt);
  for (const NodeIdx v : q.to.nodes)
    if (q.availability.node_ok(net, v)) b.arc(v.index(), sink, kUnlimited, std::nullopt);

  CapacityResult r;
  r.unit = q.network == CapacityNetwork::freight ? "TEU/day" : "bcm/year";
  const FlowAmount flow = b.graph.solve(source, sink);
  if (flow >= kUnlimited) {
    r.unbounded = true;
    r.unbounded_path = unlimited_path(b, source, sink);
    return r;
  }
  r.max_flow = static_cast<double>(flow) / kScale;
  for (const std::size_t k : b.graph.min_cut_arcs())
    if (b.arc_element[k]) r.min_cut.push_back({*b.arc_element[k], static_cast<double>(b.graph.capacity(k)) / kScale});
  std::stable_sort(r.min_cut.begin(), r.min_cut.end(),
                   [](const CutElement& x, const CutElement& y) { return x.capacity > y.capacity; });
  return r;
}

nlohmann::json capacity_json(const Network& net, const CapacityQuery& q, const CapacityResult& r) {
  nlohmann::json cut = nlohmann::json::array();
  for (const auto& c : r.min_cut) {
    auto j = element_json(net, c.element);
    j["capacity"] = c.capacity;
    j["source"] = element_source(net, c.element);
    cut.push_back(std::move(j));
  }
  nlohmann::json path = nlohmann::json::array();
  for (const auto& e : r.unbounded_path) path.push_back(element_json(net, e));
  auto ids = [&](const Region& region) {
    nlohmann::json out = nlohmann::json::array();
    for (const NodeIdx v : region.nodes) out.push_back(net.nodes[v].id);
    return out;
  };
  return {{"from", {{"region", q.from.label}, {"places", ids(q.from)}}},
          {"to", {{"region", q.to.label}, {"places", ids(q.to)}}},
          {"network", q.network == CapacityNetwork::freight ? "freight" : "pipeline"},
          {"scenario", net.scenario_name.empty() ? nlohmann::json() : nlohmann::json(net.scenario_name)},
          {"at", format_utc(q.availability.at)},
          {"unit", r.unit},
          {"max_detour", q.network == CapacityNetwork::freight && q.max_detour > 0 ? nlohmann::json(q.max_detour) : nlohmann::json()},
          {"max_flow", r.unbounded ? nlohmann::json() : nlohmann::json(r.max_flow)},
          {"unbounded", r.unbounded},
          {"unbounded_path", path},
          {"min_cut", cut}};
}

}  // namespace caravan::analysis
