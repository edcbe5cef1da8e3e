#include "analysis/assignment_graph.hpp"

#include <algorithm>
#include <bit>
#include <map>

namespace caravan::analysis {

void AssignmentGraph::finish() {
  first_out.assign(vertex_count + 1, 0);
  for (const auto& a : arcs) ++first_out[a.tail + 1];
  for (std::size_t v = 0; v < vertex_count; ++v) first_out[v + 1] += first_out[v];
  out_arcs.assign(arcs.size(), 0);
  auto fill = first_out;
  for (std::uint32_t k = 0; k < arcs.size(); ++k) out_arcs[fill[arcs[k].tail]++] = k;
}

std::int32_t AssignmentGraph::element_index(const ElementRef& e, std::optional<double> capacity) {
  const auto it = std::find(elements.begin(), elements.end(), e);
  if (it != elements.end()) return static_cast<std::int32_t>(it - elements.begin());
  elements.push_back(e);
  element_capacity.push_back(capacity);
  return static_cast<std::int32_t>(elements.size() - 1);
}

namespace {

class Builder {
 public:
  Builder(const Network& net, const Availability& av) : net_(net), av_(av) {}

  AssignmentGraph build() {
    collect_gauges();
    g_.place_vertices.resize(net_.nodes.size());
    for (const auto v : net_.nodes.indices()) {
      if (!av_.node_ok(net_, v)) continue;
      auto& states = g_.place_vertices[v.index()];
      road_[v.index()] = g_.add_vertex();
      states.push_back(road_[v.index()]);
      for (const auto gauge : gauges_at_[v.index()]) {
        rail_[{v.index(), gauge}] = g_.add_vertex();
        states.push_back(rail_[{v.index(), gauge}]);
      }
    }
    for (const auto l : net_.links.indices())
      if ((net_.links[l].mode == Mode::rail || net_.links[l].mode == Mode::road) && av_.link_ok(net_, l)) {
        link(l, true);
        link(l, false);
      }
    transfers();
    for (const auto s : net_.services.indices())
      if (net_.services[s].mode == Mode::ferry || net_.services[s].mode == Mode::sea) service(s);
    g_.finish();
    return std::move(g_);
  }

 private:
  void collect_gauges() {
    gauges_at_.resize(net_.nodes.size());
    road_.assign(net_.nodes.size(), 0);
    for (const auto l : net_.links.indices()) {
      const Link& link = net_.links[l];
      if (link.mode != Mode::rail || !av_.link_ok(net_, l)) continue;
      gauges_at_[link.from.index()].push_back(link.gauge_from_mm);
      gauges_at_[link.to.index()].push_back(link.gauge_to_mm);
    }
    for (auto& g : gauges_at_) {
      std::sort(g.begin(), g.end());
      g.erase(std::unique(g.begin(), g.end()), g.end());
    }
  }

  std::uint32_t vertex(NodeIdx v, Mode mode, std::uint16_t gauge) const {
    return mode == Mode::road ? road_[v.index()] : rail_.at({v.index(), gauge});
  }

  void arc(std::uint32_t tail, std::uint32_t head, double hours, double usd,
           std::shared_ptr<const CrossingDelayCurve> delay = nullptr, std::int32_t e0 = -1, std::int32_t e1 = -1) {
    AssignArc a;
    a.tail = tail;
    a.head = head;
    a.hours = hours;
    a.usd = usd;
    a.delay = std::move(delay);
    a.elements[0] = e0;
    a.elements[1] = e1;
    g_.arcs.push_back(std::move(a));
  }

  void link(LinkIdx l, bool forward) {
    const Link& link = net_.links[l];
    const NodeIdx a = forward ? link.from : link.to, b = forward ? link.to : link.from;
    const std::uint16_t ga = forward ? link.gauge_from_mm : link.gauge_to_mm;
    const std::uint16_t gb = forward ? link.gauge_to_mm : link.gauge_from_mm;
    const CostProfile& p = net_.profile(link.profile);
    const double speed = link.speed_kmh.value_or(p.speed_kmh);
    double hours = speed > 0 ? link.distance_km / speed : 0;
    double usd = link.distance_km * p.cost_usd_per_teu_km;
    const std::int32_t le = g_.element_index({ElementKind::link, static_cast<std::uint32_t>(l.index()), a, b},
                                             link.capacity_teu_day);
    std::int32_t ce = -1;
    std::shared_ptr<const CrossingDelayCurve> delay;
    if (link.crossing.valid()) {
      const Crossing& c = net_.crossings[link.crossing];
      const bool a_to_b = a == c.side_a;
      hours += (a_to_b ? c.a_to_b : c.b_to_a).median.in_hours();
      usd += c.fee_usd_per_teu;
      if (ga != gb && c.gauge_change) {
        hours += c.gauge_change->time.in_hours();
        usd += c.gauge_change->usd_per_teu;
      }
      delay = crossing_delay_curve(c, a_to_b);
      ce = g_.element_index({ElementKind::crossing, static_cast<std::uint32_t>(link.crossing.index()), a, b},
                            c.capacity_teu_day);
    }
    arc(vertex(a, link.mode, ga), vertex(b, link.mode, gb), hours, usd, std::move(delay), le, ce);
  }

  static bool handles_containers(NodeKind k) {
    return k != NodeKind::border_crossing && k != NodeKind::chokepoint && k != NodeKind::waypoint && k != NodeKind::gas_field;
  }

  void transfers() {
    const CostProfile& lift = net_.profile(Profile::rail_diesel);
    for (const auto v : net_.nodes.indices()) {
      const Node& n = net_.nodes[v];
      if (!av_.node_ok(net_, v)) continue;
      const auto& gauges = gauges_at_[v.index()];
      if (handles_containers(n.kind))
        for (const auto g : gauges) {
          arc(road_[v.index()], vertex(v, Mode::rail, g), lift.terminal_time.in_hours(), lift.terminal_usd_per_teu);
          arc(vertex(v, Mode::rail, g), road_[v.index()], lift.terminal_time.in_hours(), lift.terminal_usd_per_teu);
        }
      if (n.gauge_change)
        for (const auto g1 : gauges)
          for (const auto g2 : gauges)
            if (g1 != g2)
              arc(vertex(v, Mode::rail, g1), vertex(v, Mode::rail, g2), n.gauge_change->time.in_hours(),
                  n.gauge_change->usd_per_teu);
    }
  }

  void service(ServiceIdx s) {
    const Service& service = net_.services[s];
    const int departures = std::popcount(static_cast<unsigned>(service.days_mask));
    if (departures == 0 || service.calls.size() < 2) return;
    const CostProfile& p = net_.profile(service.mode == Mode::ferry ? Profile::ferry : Profile::sea);
    const double half_headway = 7.0 * 24.0 / departures / 2.0;
    const double lift_h = p.terminal_time.in_hours(), lift_usd = p.terminal_usd_per_teu;
    const auto capacity = service_teu_per_day(service);
    std::uint32_t previous = 0;
    bool riding = false;
    for (std::size_t c = 0; c < service.calls.size(); ++c) {
      const NodeIdx node = service.calls[c].node;
      const std::uint32_t here = g_.add_vertex();
      if (riding) {
        const auto& from = service.calls[c - 1];
        const double hours = (service.calls[c].arrive - from.depart).in_hours();
        const double share = service.total_km() > 0 ? (service.calls[c].km_from_start - from.km_from_start) / service.total_km() : 0;
        const std::int32_t e = g_.element_index(
            {ElementKind::service, static_cast<std::uint32_t>(s.index()), from.node, node}, capacity);
        arc(previous, here, hours, service.tariff_usd_per_teu * share, nullptr, e);
        if (av_.node_ok(net_, node))
          for (const auto v : g_.place_vertices[node.index()]) arc(here, v, lift_h, lift_usd);
      }
      riding = av_.service_leg_ok(net_, s, c);
      if (riding)
        for (const auto v : g_.place_vertices[node.index()]) arc(v, here, half_headway + lift_h, lift_usd);
      previous = here;
    }
  }

  const Network& net_;
  const Availability& av_;
  AssignmentGraph g_;
  std::vector<std::vector<std::uint16_t>> gauges_at_;
  std::vector<std::uint32_t> road_;
  std::map<std::pair<std::size_t, std::uint16_t>, std::uint32_t> rail_;
};

}  // namespace

AssignmentGraph build_assignment_graph(const Network& net, const Availability& availability) {
  return Builder(net, availability).build();
}

}  // namespace caravan::analysis
