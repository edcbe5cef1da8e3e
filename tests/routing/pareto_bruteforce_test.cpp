// The multi-criteria search against brute force: on hundreds of seeded random small multimodal
// networks (≤ 12 nodes, rail of two gauges with gauge-changing crossings and inland gauge breaks,
// roads through border crossings with limited hours and public holidays, scheduled ferries and
// ships with port dwell after discharge, link / crossing / service closures), every simple path
// from origin to destination is costed with the same FreightCosting the search uses, and the
// Pareto-minimal set of criteria vectors must equal the search's answer exactly (eps = 0), or be
// ε-covered by it (eps > 0).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "network/network.hpp"
#include "routing/costing.hpp"
#include "routing/pareto_search.hpp"
#include "routing/planner.hpp"

namespace caravan {
namespace {

using Vec = std::vector<double>;  // the active criteria, in objective order

// Our own mapping from mt19937_64 output to [lo, hi], so the data are the same with every
// standard library.
int uniform(std::mt19937_64& rng, int lo, int hi) {
  return lo + static_cast<int>(((rng() >> 32) * static_cast<std::uint64_t>(hi - lo + 1)) >> 32);
}
bool chance(std::mt19937_64& rng, int percent) { return uniform(rng, 1, 100) <= percent; }

const TimeZone& zone(const char* name) {
  static std::vector<std::unique_ptr<TimeZone>> zones;
  for (const auto& z : zones)
    if (z->name() == name) return *z;
  auto z = TimeZone::load(name);
  if (!z) throw std::runtime_error(std::string("time zone ") + name);
  return *zones.emplace_back(std::make_unique<TimeZone>(std::move(*z)));
}

OpeningHours hours(const char* text) {
  auto h = OpeningHours::parse(text);
  if (!h) throw std::runtime_error(std::string("hours ") + text);
  return *h;
}

struct Country {
  CountryCode code;
  const char* zone;
  std::uint16_t gauge;
};
constexpr Country kCountries[] = {{{'C', 'N'}, "Asia/Shanghai", 1435}, {{'K', 'Z'}, "Asia/Almaty", 1520},
                                  {{'A', 'Z'}, "Asia/Baku", 1520}};

// A random network of n ≤ 12 nodes in up to three countries.
struct Generated {
  std::shared_ptr<Network> net;
  TimePoint depart;
  NodeIdx from, to;
};

Generated random_network(std::mt19937_64& rng) {
  auto net = std::make_shared<Network>();
  Network& n = *net;
  for (const auto& c : kCountries) n.time_zones.push_back(zone(c.zone));
  n.parameters["payload_t_per_teu"] = {10, "t", "test", 0};
  n.parameters["road_max_driving_hours"] = {9, "h", "test", 0};
  n.parameters["road_rest_hours"] = {11, "h", "test", 0};
  // All six profiles, with distinct numbers (and trade-offs between them).
  const double speed[] = {50, 40, 60, 20, 30, 10};
  const double per_km[] = {0.12, 0.10, 0.60, 0.35, 0.05, 0.01};
  const double per_leg[] = {150, 140, 20, 40, 60, 0};
  const double terminal_usd[] = {60, 55, 15, 45, 80, 0};
  const double terminal_h[] = {6, 5, 1, 3, 12, 0};
  const double wtw[] = {20, 35, 95, 60, 15, 5};
  const double p1000[] = {0.01, 0.015, 0.03, 0.02, 0.005, 0.001};
  for (std::size_t p = 0; p < n.profiles.size(); ++p) {
    auto& pr = n.profiles[p];
    pr.speed_kmh = speed[p];
    pr.cost_usd_per_teu_km = per_km[p];
    pr.cost_usd_per_teu_leg = per_leg[p];
    pr.terminal_usd_per_teu = terminal_usd[p];
    pr.terminal_time = Duration::hours(terminal_h[p]);
    pr.co2e_wtw_g_per_tkm = wtw[p];
    pr.co2e_ttw_g_per_tkm = wtw[p] * 0.8;
    pr.disruption_p_per_1000km = p1000[p];
    pr.present = true;
  }

  const int count = uniform(rng, 5, 12);
  const int countries = uniform(rng, 1, 3);
  for (int i = 0; i < count; ++i) {
    Node v;
    v.id = "N" + std::to_string(i);
    v.name = v.id;
    const int c = i == 0 ? 0 : uniform(rng, 0, countries - 1);
    v.country = kCountries[c].code;
    v.timezone = kCountries[c].zone;
    v.timezone_index = static_cast<std::uint16_t>(c);
    const int kind = uniform(rng, 0, 9);
    v.kind = kind == 0 ? NodeKind::waypoint : kind <= 2 ? NodeKind::rail_terminal : kind == 3 ? NodeKind::dry_port : NodeKind::city;
    if (chance(rng, 15)) v.gauge_change = GaugeChange{Duration::hours(uniform(rng, 1, 8)), double(uniform(rng, 20, 200))};
    if (chance(rng, 20)) v.disruption_p = uniform(rng, 1, 30) / 1000.0;
    n.nodes.push_back(std::move(v));
  }
  auto country_index = [&](NodeIdx v) {
    for (int c = 0; c < 3; ++c)
      if (kCountries[c].code == n.nodes[v].country) return c;
    return 0;
  };

  auto add_crossing = [&](NodeIdx a, NodeIdx b, Mode mode, bool gauge_change) {
    Crossing c;
    c.id = "x" + std::to_string(n.crossings.size());
    c.name = c.id;
    c.mode = mode;
    c.side_a = a;
    c.side_b = b;
    const bool limited = mode == Mode::road || chance(rng, 25);
    if (limited) {
      // China's side keeps office hours and closes on public holidays; the other side is wider.
      c.hours_a = hours(chance(rng, 70) ? "Mo-Fr 09:00-18:00; PH off" : "Mo-Sa 08:00-20:00");
      c.hours_b = hours(chance(rng, 50) ? "Mo-Fr 09:00-18:00" : "24/7");
    }
    if (chance(rng, 10)) c.seasonal_closure = std::pair{1205, 1208};
    c.a_to_b = {Duration::hours(uniform(rng, 0, 12) / 2.0), Duration::hours(uniform(rng, 6, 30) / 2.0)};
    c.b_to_a = {Duration::hours(uniform(rng, 0, 12) / 2.0), Duration::hours(uniform(rng, 6, 30) / 2.0)};
    if (gauge_change) c.gauge_change = GaugeChange{Duration::hours(uniform(rng, 1, 6)), double(uniform(rng, 50, 200))};
    c.fee_usd_per_teu = uniform(rng, 0, 300);
    c.disruption_p = uniform(rng, 0, 40) / 1000.0;
    n.crossings.push_back(std::move(c));
    return CrossingIdx{n.crossings.size() - 1};
  };

  // Rail and road links between random pairs (parallel links allowed).
  const int links = count + uniform(rng, 0, count);
  for (int k = 0; k < links; ++k) {
    const NodeIdx a{static_cast<std::size_t>(uniform(rng, 0, count - 1))};
    const NodeIdx b{static_cast<std::size_t>(uniform(rng, 0, count - 1))};
    if (a == b) continue;
    Link l;
    l.from = a;
    l.to = b;
    l.mode = chance(rng, 55) ? Mode::rail : Mode::road;
    l.id = std::string(to_string(l.mode)) + ":" + n.nodes[a].id + ":" + n.nodes[b].id + ":" + std::to_string(k);
    l.distance_km = uniform(rng, 50, 900);
    const bool border = n.nodes[a].country != n.nodes[b].country;
    if (l.mode == Mode::rail) {
      l.profile = chance(rng, 50) ? Profile::rail_electric : Profile::rail_diesel;
      const std::uint16_t ga = kCountries[country_index(a)].gauge, gb = kCountries[country_index(b)].gauge;
      if (border && ga != gb && chance(rng, 75)) {
        l.gauge_from_mm = ga;  // A/B: the crossing converts gauge
        l.gauge_to_mm = gb;
        l.crossing = add_crossing(a, b, Mode::rail, true);
      } else {
        // One gauge throughout: a break of gauge at a node without gauge_change needs a lift.
        l.gauge_from_mm = l.gauge_to_mm = chance(rng, 50) ? ga : gb;
        if (border) l.crossing = add_crossing(a, b, Mode::rail, false);
      }
    } else {
      l.profile = Profile::road;
      if (chance(rng, 30)) l.speed_kmh = 45;
      if (border) l.crossing = add_crossing(a, b, Mode::road, false);
    }
    if (chance(rng, 8)) l.status = LinkStatus::closed;
    else if (chance(rng, 8)) l.status = LinkStatus::disrupted;
    if (chance(rng, 15)) l.disruption_p = uniform(rng, 0, 50) / 1000.0;
    n.links.push_back(std::move(l));
  }

  // A scheduled ferry or ship over 2..4 ports, sometimes passing a chokepoint without a call.
  if (count >= 4 && chance(rng, 80)) {
    const bool ferry = chance(rng, 60);
    std::vector<NodeIdx> ports;
    const int calls = uniform(rng, 2, std::min(4, count - 1));
    while (static_cast<int>(ports.size()) < calls) {
      const NodeIdx p{static_cast<std::size_t>(uniform(rng, 0, count - 1))};
      if (std::find(ports.begin(), ports.end(), p) == ports.end()) ports.push_back(p);
    }
    for (const auto p : ports) {
      if (n.nodes[p].kind == NodeKind::waypoint) continue;
      n.nodes[p].kind = ferry ? NodeKind::ferry_port : NodeKind::seaport;
      // Some ports keep a discharged container in the yard for a while (nodes.csv discharge_dwell_hours).
      if (chance(rng, 40)) n.nodes[p].discharge_dwell = Duration::hours(uniform(rng, 6, 96));
    }
    Service s;
    s.id = ferry ? "ferry" : "ship";
    s.name = s.id;
    s.mode = ferry ? Mode::ferry : Mode::sea;
    const std::uint16_t ferry_gauge = ferry && chance(rng, 60) ? 1520 : 0;
    s.days_mask = static_cast<std::uint8_t>(uniform(rng, 1, 127));
    s.depart_local_minute = uniform(rng, 0, 47) * 30;
    s.dwell = Duration::hours(uniform(rng, 0, 6));
    s.cutoff = Duration::hours(uniform(rng, 0, 24));
    s.tariff_usd_per_teu = uniform(rng, 100, 1500);
    Duration clock{};
    double km = 0;
    NodeIdx chokepoint;
    if (!ferry && chance(rng, 40)) {
      Node c;
      c.id = "CHK_" + std::to_string(n.nodes.size());
      c.name = c.id;
      c.country = n.nodes[ports[0]].country;
      c.timezone_index = n.nodes[ports[0]].timezone_index;
      c.kind = NodeKind::chokepoint;
      c.disruption_p = 0.05;
      n.nodes.push_back(std::move(c));
      chokepoint = NodeIdx{n.nodes.size() - 1};
    }
    auto lane = [&](NodeIdx a, NodeIdx b, double dist) {
      Link l;
      l.id = std::string(ferry ? "ferry:" : "sea:") + n.nodes[a].id + ":" + n.nodes[b].id;
      l.from = a;
      l.to = b;
      l.mode = s.mode;
      l.profile = ferry ? Profile::ferry : Profile::sea;
      l.gauge_from_mm = l.gauge_to_mm = ferry_gauge;
      l.distance_km = dist;
      n.links.push_back(std::move(l));
      return LinkIdx{n.links.size() - 1};
    };
    for (int c = 0; c < calls; ++c) {
      ServiceCall call;
      call.node = ports[c];
      call.arrive = clock;
      call.depart = c == 0 ? Duration{} : clock + s.dwell;
      call.km_from_start = km;
      s.route.push_back(ports[c]);
      if (c + 1 < calls) {
        const double dist = uniform(rng, 100, 1200);
        if (c == 0 && chokepoint.valid()) {
          call.links_to_next = {lane(ports[0], chokepoint, dist / 2), lane(chokepoint, ports[1], dist / 2)};
          s.route.push_back(chokepoint);
        } else {
          call.links_to_next = {lane(ports[c], ports[c + 1], dist)};
        }
        km += dist;
        clock = call.depart + Duration::hours(uniform(rng, 6, 60));
      }
      s.calls.push_back(std::move(call));
    }
    n.services.push_back(std::move(s));
  }

  Generated g;
  // Departures in the first half of December 2026, at any quarter hour.
  g.depart = TimePoint{days_from_civil({2026, 12, uniform(rng, 1, 14)}) * 1440 + uniform(rng, 0, 95) * 15};

  // Closures: a link for a few days, sometimes a crossing, a service, or a link for ever.
  const auto near = [&](int from_h, int to_h) { return g.depart + Duration::hours(uniform(rng, from_h, to_h)); };
  if (!n.links.empty() && chance(rng, 60)) {
    auto& l = n.links[LinkIdx{static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(n.links.size()) - 1))}];
    Closure c;
    c.from = near(0, 48);
    c.to = c.from + Duration::hours(uniform(rng, 6, 96));
    c.reason = "works";
    l.closures.push_back(c);
    if (chance(rng, 15)) l.closures.push_back(Closure{});  // closed for ever
  }
  if (!n.crossings.empty() && chance(rng, 30)) {
    auto& x = n.crossings[CrossingIdx{static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(n.crossings.size()) - 1))}];
    Closure c;
    c.from = near(0, 72);
    c.to = c.from + Duration::hours(uniform(rng, 12, 72));
    c.reason = "strike";
    x.closures.push_back(c);
  }
  if (!n.services.empty() && chance(rng, 30)) {
    Closure c;
    c.from = near(0, 72);
    c.to = c.from + Duration::hours(uniform(rng, 24, 200));
    c.reason = "storm";
    n.services.raw().front().closures.push_back(c);
  }
  // Chinese public holidays right after the departure (closes `PH off` sides).
  for (int d = 0; d < 14; ++d)
    if (chance(rng, 20)) n.holidays.add("CN", civil_from_days(g.depart.minutes / 1440 + d));

  g.from = NodeIdx{std::size_t{0}};
  g.to = NodeIdx{static_cast<std::size_t>(uniform(rng, 1, count - 1))};
  n.build_indexes();
  g.net = std::move(net);
  return g;
}

// ---- Brute force: every simple path, each step a link or a ride, costed as the search does ----

// Simple paths come in two kinds. `nodes`: no node twice — the definition. `states`: no
// (node, vehicle) pair twice — the graph the search actually labels, where a route may come back
// to a node on another vehicle (e.g. a truck U-turn at a port to lift a container off a wagon of
// the wrong gauge). The search must equal the `states` brute force exactly, and be at least as
// good as the `nodes` one.
enum class Simple { nodes, states };

struct BruteForce {
  const Network& net;
  const FreightCosting& costing;
  const RouteQuery& query;
  Simple simple;
  std::array<bool, kObjectiveCount> active{};
  std::set<Vec> all;  // criteria of every feasible simple path
  std::vector<bool> visited;
  std::size_t paths = 0;

  BruteForce(const Network& n, const FreightCosting& c, const RouteQuery& q, Simple kind = Simple::states)
      : net(n), costing(c), query(q), simple(kind) {
    const auto objectives = q.active_objectives();
    for (std::size_t k = 0; k < kObjectiveCount; ++k) active[k] = objectives.has(static_cast<Objective>(k));
    visited.assign(n.nodes.size() * c.state_count(), false);
  }

  Vec project(double minutes, double cost, double co2, double risk) const {
    const double all_criteria[] = {minutes, cost, co2, risk};
    Vec v;
    for (std::size_t k = 0; k < kObjectiveCount; ++k)
      if (active[k]) v.push_back(all_criteria[k]);
    return v;
  }

  std::size_t key(NodeIdx v, VehicleState s) const {
    return v.index() * costing.state_count() + (simple == Simple::states ? s : 0);
  }

  void run() { walk(query.from, 0, 0, query.depart, 0, 0, 0); }

  void walk(NodeIdx at, VehicleState state, std::int32_t drive, TimePoint t, double cost, double co2, double risk) {
    if (at == query.to) {
      const Step f = costing.finish(at, state, t);
      all.insert(project(static_cast<double>((f.arrive - query.depart).minutes), cost + f.cost_usd, co2, risk));
      ++paths;
      return;
    }
    visited[key(at, state)] = true;
    for (const Arc& arc : net.arcs_of(at)) {
      const Step s = costing.traverse(at, state, drive, t, arc);
      if (s.feasible && !visited[key(arc.head, s.state_after)])
        walk(arc.head, s.state_after, s.drive_minutes_after, s.arrive, cost + s.cost_usd, co2 + s.co2e_wtw_kg,
             risk + s.risk_log);
    }
    for (const auto& boarding : net.boardings_at(at)) {
      const Service& service = net.services[boarding.service];
      std::vector<NodeIdx> passed;  // every node after the boarding call, up to the alighting call
      NodeIdx here = at;
      for (auto alight = boarding.call + 1; alight < service.calls.size(); ++alight) {
        for (const LinkIdx l : service.calls[alight - 1].links_to_next) {
          const auto& link = net.links[l];
          here = link.from == here ? link.to : link.from;
          passed.push_back(here);
        }
        if (!costing.service_ride_allowed(boarding.service, boarding.call, alight)) break;
        const Step s = costing.ride(at, state, t, boarding.service, boarding.call, alight);
        if (!s.feasible) continue;
        // The ride passes its nodes on the vehicle it arrives with; all must be new.
        std::vector<std::size_t> keys;
        for (const auto v : passed) keys.push_back(key(v, s.state_after));
        std::vector<std::size_t> sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) continue;
        if (std::any_of(keys.begin(), keys.end(), [&](std::size_t k) { return visited[k]; })) continue;
        for (std::size_t i = 0; i + 1 < keys.size(); ++i) visited[keys[i]] = true;
        walk(service.calls[alight].node, s.state_after, s.drive_minutes_after, s.arrive, cost + s.cost_usd,
             co2 + s.co2e_wtw_kg, risk + s.risk_log);
        for (std::size_t i = 0; i + 1 < keys.size(); ++i) visited[keys[i]] = false;
      }
    }
    visited[key(at, state)] = false;
  }

  static bool dominates(const Vec& a, const Vec& b) {
    for (std::size_t k = 0; k < a.size(); ++k)
      if (a[k] > b[k]) return false;
    return a != b;
  }
  std::set<Vec> pareto() const {
    std::set<Vec> out;
    for (const auto& v : all)
      if (std::none_of(all.begin(), all.end(), [&](const Vec& o) { return dominates(o, v); })) out.insert(v);
    return out;
  }
};

std::string show(const std::set<Vec>& s) {
  std::ostringstream out;
  out.precision(12);
  for (const auto& v : s) {
    out << "  (";
    for (std::size_t k = 0; k < v.size(); ++k) out << (k ? ", " : "") << v[k];
    out << ")\n";
  }
  return out.str();
}

// The path of a solution label, and whether it visits a node twice.
std::string describe_path(const ParetoSearch& search, LabelIdx label, bool* simple) {
  const Network& net = search.network();
  std::vector<LabelIdx> chain;
  for (auto i = label; i.valid(); i = search.label(i).pred) chain.push_back(i);
  std::reverse(chain.begin(), chain.end());
  std::vector<NodeIdx> nodes;
  std::string text;
  for (std::size_t k = 0; k < chain.size(); ++k) {
    const Label& l = search.label(chain[k]);
    if (l.kind == MoveKind::finish || (l.kind == MoveKind::start && k > 0)) continue;
    if (l.kind == MoveKind::ride) {
      const Service& s = net.services[l.service()];
      NodeIdx here = nodes.back();
      for (auto c = l.board; c < l.alight; ++c)
        for (const LinkIdx li : s.calls[c].links_to_next) {
          here = net.links[li].from == here ? net.links[li].to : net.links[li].from;
          nodes.push_back(here);
        }
      text += " =" + s.id + "=> " + net.nodes[l.node].id;
    } else {
      if (l.kind == MoveKind::link) text += " -" + net.links[net.arcs[l.arc().index()].link].id + "-> ";
      text += net.nodes[l.node].id + "[s" + std::to_string(l.state) + "]";
      nodes.push_back(l.node);
    }
  }
  std::vector<NodeIdx> sorted = nodes;
  std::sort(sorted.begin(), sorted.end());
  *simple = std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
  return text;
}

struct SearchAnswer {
  std::set<Vec> vectors;
  std::vector<LabelIdx> labels;
};

SearchAnswer run_search(ParetoSearch& search, const FreightCosting& costing, const RouteQuery& q, const BruteForce& bf) {
  search.reset();
  Label origin;
  origin.time = q.depart;
  origin.node = q.from;
  search.add_start(origin);
  SearchAnswer a;
  a.labels = search.run(costing, q, q.to, true, q.depart, std::chrono::steady_clock::now() + std::chrono::seconds(60));
  for (const auto s : a.labels) {
    const Label& l = search.label(s);
    a.vectors.insert(bf.project(static_cast<double>((l.time - q.depart).minutes), l.cost, l.co2, l.risk_log));
  }
  return a;
}

RouteQuery query_for(const Generated& g, std::mt19937_64& rng, int variant) {
  RouteQuery q;
  q.from = g.from;
  q.to = g.to;
  q.depart = g.depart;
  if (chance(rng, 20)) {
    q.cargo.containers = uniform(rng, 1, 3);
    q.cargo.size = ContainerSize::ft40;
  }
  if (variant == 1) q.objectives.mask = 0b1111;  // all four
  if (variant == 2) q.optimize = static_cast<Objective>(uniform(rng, 0, 3));
  if (variant == 3) q.objectives.mask = static_cast<std::uint8_t>(uniform(rng, 1, 15));  // any subset
  if (chance(rng, 10)) q.reliability = Reliability::p90;
  return q;
}

TEST(ParetoBruteForce, SearchEqualsBruteForceOnSeededMultimodalGraphs) {
  std::size_t cases = 0, reachable = 0, points = 0, fronts_of_3 = 0, by_variant[4] = {};
  std::size_t revisits = 0;
  std::size_t with_ride = 0, with_gauge = 0, with_crossing_wait = 0, with_rest = 0, with_lift = 0, with_dwell = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const Generated g = random_network(rng);
    const Network& net = *g.net;
    ParetoSearch search(net);
    const int variant = seed % 10 < 6 ? 0 : seed % 10 < 8 ? 1 : seed % 10 == 8 ? 2 : 3;
    const RouteQuery q = query_for(g, rng, variant);
    const FreightCosting costing(net, q);
    BruteForce bf(net, costing, q);
    bf.run();
    const auto expected = bf.pareto();
    const auto got = run_search(search, costing, q, bf);
    // The node-simple paths: the search is never worse, and differs only by routes that
    // come back to a node on another vehicle.
    BruteForce by_nodes(net, costing, q, Simple::nodes);
    by_nodes.run();
    const auto node_simple = by_nodes.pareto();
    if (node_simple != expected) {
      ++revisits;
      for (const auto& p : node_simple)
        EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), [&](const Vec& e) { return !BruteForce::dominates(p, e) && std::equal(e.begin(), e.end(), p.begin(), [](double a, double b) { return a <= b; }); }))
            << "seed " << seed << ": a node-simple path beats the search\n" << show({p});
    }
    ++cases;
    ++by_variant[variant];
    reachable += !expected.empty();
    points += expected.size();
    fronts_of_3 += expected.size() >= 3;
    if (got.vectors != expected) {
      std::string paths;
      for (const auto s : got.labels) {
        bool simple = true;
        paths += "  " + describe_path(search, s, &simple) + (simple ? "" : "   (NOT SIMPLE)") + "\n";
      }
      ADD_FAILURE() << "seed " << seed << " variant " << variant << " mask " << int(q.active_objectives().mask)
                    << "\nbrute force:\n" << show(expected) << "search:\n" << show(got.vectors) << "search paths:\n" << paths;
      continue;
    }
    // Planner gives as many itineraries, each ending at the destination.
    Planner planner(g.net);
    RouteQuery all = q;
    all.max_results = 0;
    const auto plan = planner.plan(all, std::chrono::seconds(60));
    ASSERT_EQ(plan.itineraries.size(), got.labels.size()) << "seed " << seed;
    for (const auto& it : plan.itineraries) {
      ASSERT_FALSE(it.legs.empty());
      EXPECT_EQ(it.legs.front().from, q.from);
      EXPECT_EQ(it.legs.back().to, q.to);
      for (const auto& leg : it.legs) {
        // Ferry and sea lanes are used only by riding a service.
        if (leg.mode == Mode::ferry || leg.mode == Mode::sea) {
          EXPECT_TRUE(leg.service.valid()) << "seed " << seed;
        }
        with_ride += leg.service.valid();
        with_gauge += leg.gauge_changed;
        with_lift += leg.lifted;
        with_crossing_wait += leg.crossing && leg.crossing->wait.minutes > 0;
        with_rest += leg.rest.minutes > 0;
        with_dwell += leg.port_dwell.minutes > 0;
      }
      with_dwell += it.destination_dwell.minutes > 0;
    }
    if (plan.itineraries.empty()) {
      EXPECT_TRUE(plan.no_route.has_value());
    }
  }
  std::cout << "cases " << cases << " reachable " << reachable << " points " << points << " fronts>=3 " << fronts_of_3
            << " variants " << by_variant[0] << "/" << by_variant[1] << "/" << by_variant[2] << "/" << by_variant[3]
            << " legs: rides " << with_ride << " gauge " << with_gauge << " lifts " << with_lift << " crossing waits "
            << with_crossing_wait << " rests " << with_rest << " port dwells " << with_dwell
            << "; node-simple Pareto set differs in " << revisits << "\n";
  EXPECT_GE(reachable, 300u);
  // The generated cases exercise what they claim to (each count is fixed by the seeds).
  EXPECT_GT(with_ride, 0u);
  EXPECT_GT(with_gauge, 0u);
  EXPECT_GT(with_crossing_wait, 0u);
  EXPECT_GT(with_rest, 0u);
  EXPECT_GT(with_dwell, 0u);
}

// The wait limit: the planner leaves out every crossing, service or link where an option waited
// longer than the limit, and what it answers is exactly the Pareto set of the network without
// them (brute force), with no answered option waiting over the limit anywhere.
TEST(ParetoBruteForce, WaitLimitLeavesOutWhatOnlyLongWaitsReachAndStaysExact) {
  std::size_t cases = 0, limited = 0, emptied = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed * 104729);
    const Generated g = random_network(rng);
    const Network& net = *g.net;
    RouteQuery q = query_for(g, rng, 0);
    q.max_results = 0;
    q.max_wait = Duration::hours(4);
    Planner planner(g.net);
    const auto plan = planner.plan(q, std::chrono::seconds(60));
    ASSERT_FALSE(plan.budget_exhausted);
    RouteQuery remaining = q;
    for (const auto& l : plan.left_out) {
      if (l.kind == LeftOutKind::crossing) remaining.constraints.avoid_crossings.push_back(net.crossing_by_id.at(l.id));
      if (l.kind == LeftOutKind::service) remaining.constraints.avoid_services.push_back(net.service_by_id.at(l.id));
      if (l.kind == LeftOutKind::link) remaining.constraints.avoid_links.push_back(net.link_by_id.at(l.id));
    }
    const FreightCosting costing(net, remaining);
    BruteForce bf(net, costing, remaining);
    bf.run();
    ParetoSearch search(net);
    const auto got = run_search(search, costing, remaining, bf);
    EXPECT_EQ(got.vectors, bf.pareto()) << "seed " << seed;
    ASSERT_EQ(plan.itineraries.size(), got.labels.size()) << "seed " << seed;
    for (const auto& it : plan.itineraries)
      for (const auto& leg : it.legs) {
        if (leg.crossing) EXPECT_LE(leg.crossing->wait, *q.max_wait) << "seed " << seed;
        if (leg.service.valid()) EXPECT_LE(leg.wait - net.services[leg.service].cutoff, *q.max_wait) << "seed " << seed;
        if (leg.closed_link.valid()) EXPECT_LE(leg.wait, *q.max_wait) << "seed " << seed;
      }
    if (plan.itineraries.empty() && !plan.left_out.empty()) {
      ++emptied;
      ASSERT_TRUE(plan.no_route.has_value());
      EXPECT_EQ(plan.no_route->constraint, Constraint::max_wait_days);
      EXPECT_TRUE(plan.no_route->best_without.has_value());
    }
    ++cases;
    limited += !plan.left_out.empty();
  }
  std::cout << "cases " << cases << " with something left out " << limited << " (no option left " << emptied << ")\n";
  EXPECT_GE(limited, 20u);  // the seeds exercise the limit
}

// eps > 0: each brute-force Pareto point is ε-covered by a returned point, and every returned
// point is the criteria of a real path.
TEST(ParetoBruteForce, EpsilonAnswerCoversTheParetoSet) {
  std::size_t cases = 0, thinner = 0;
  for (std::uint64_t seed = 1001; seed <= 1300; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const Generated g = random_network(rng);
    const Network& net = *g.net;
    ParetoSearch search(net);
    RouteQuery q = query_for(g, rng, seed % 3 == 0 ? 1 : 0);
    q.eps = std::array{0.01, 0.05, 0.1, 0.3}[seed % 4];
    const FreightCosting costing(net, q);
    BruteForce bf(net, costing, q);
    bf.run();
    const auto expected = bf.pareto();
    const auto got = run_search(search, costing, q, bf);
    ++cases;
    ASSERT_EQ(got.vectors.empty(), expected.empty()) << "seed " << seed;
    thinner += got.vectors.size() < expected.size();
    for (const auto& p : expected) {
      const bool covered = std::any_of(got.vectors.begin(), got.vectors.end(), [&](const Vec& s) {
        for (std::size_t k = 0; k < s.size(); ++k)
          if (s[k] > (1.0 + q.eps) * p[k]) return false;
        return true;
      });
      EXPECT_TRUE(covered) << "seed " << seed << " eps " << q.eps << "\nbrute force:\n" << show(expected)
                           << "search:\n" << show(got.vectors);
    }
    for (const auto& s : got.vectors)
      EXPECT_TRUE(bf.all.contains(s)) << "seed " << seed << ": returned a vector no simple path has\n"
                                      << show({s});
  }
  std::cout << "eps cases " << cases << ", thinner than the exact set " << thinner << "\n";
}

}  // namespace
}  // namespace caravan
