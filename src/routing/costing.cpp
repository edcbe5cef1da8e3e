#include "routing/costing.hpp"

#include "routing/border_delays.hpp"

#include <algorithm>
#include <cmath>

namespace caravan {
namespace {

template <class T>
bool contains(const std::vector<T>& list, T item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Waits out closures that overlap [t, t + duration): returns the start time, or nullopt if a
// closure never ends.
std::optional<TimePoint> after_closures(const std::vector<Closure>& closures, TimePoint t, Duration duration) {
  for (bool moved = true; moved;) {
    moved = false;
    for (const auto& c : closures) {
      if (c.from < t + duration && t < c.to) {
        if (c.endless()) return std::nullopt;
        t = c.to;
        moved = true;
      }
    }
  }
  return t;
}

bool overlaps(const std::vector<Closure>& closures, TimePoint from, TimePoint to) {
  for (const auto& c : closures)
    if (c.from < to && from < c.to) return true;
  return false;
}

}  // namespace

FreightCosting::FreightCosting(const Network& net, const RouteQuery& query)
    : net_(net), query_(query), prices_(net, query.cargo, query.depart, query.rate_card) {
  for (const auto& l : net.links)
    for (const auto g : {l.gauge_from_mm, l.gauge_to_mm})
      if (g && std::find(gauges_.begin(), gauges_.end(), g) == gauges_.end()) gauges_.push_back(g);
  std::sort(gauges_.begin(), gauges_.end());

  teu_ = query.cargo.teu();
  payload_t_ = query.cargo.gross_tonnes.value_or(teu_ * net.parameter("payload_t_per_teu", 10.0));
  max_driving_ = Duration::hours(net.parameter("road_max_driving_hours", 9.0));
  rest_ = Duration::hours(net.parameter("road_rest_hours", 11.0));
  green_lane_clear_ = Duration::hours(net.parameter("green_lane_clear_hours", 1.0));
  own_trains_ = query.cargo.block_trains(net.block_train_teu()) > 0;
  groupage_ = query.cargo.kind == CargoKind::lcl;
  lcl_minimum_wm_ = net.parameter("lcl_minimum_wm", 1.0);
  hub_wm_ = groupage_ ? query.cargo.revenue_tonnes(1000, lcl_minimum_wm_) : 0;
  parcel_ = query.cargo.kind == CargoKind::parcel;
  if (parcel_) init_parcel();
  // Below a whole train, a container goes as a wagon in each national network's regular traffic,
  // at that network's commercial speed (marshalling yards included; Network::link_wagonload_kmh).
  link_speed_kmh_.resize(net.links.size());
  for (const auto i : net.links.indices()) {
    const auto& l = net.links[i];
    link_speed_kmh_[i.index()] = l.mode == Mode::rail && !own_trains_ ? net.link_wagonload_kmh[i.index()]
                                                                     : l.speed_kmh.value_or(net.profile(l.profile).speed_kmh);
  }

  const auto& avoid = query.constraints;
  node_allowed_.resize(net.nodes.size());
  for (const auto v : net.nodes.indices())
    node_allowed_[v.index()] = !contains(avoid.avoid_countries, net.nodes[v].country) &&
                               std::find(avoid.avoid_nodes.begin(), avoid.avoid_nodes.end(), v) == avoid.avoid_nodes.end();
  crossing_allowed_.resize(net.crossings.size());
  for (const auto c : net.crossings.indices())
    crossing_allowed_[c.index()] =
        std::find(avoid.avoid_crossings.begin(), avoid.avoid_crossings.end(), c) == avoid.avoid_crossings.end();
  link_allowed_.resize(net.links.size());
  for (const auto i : net.links.indices()) {
    const auto& l = net.links[i];
    // Ferry and sea lanes are usable only by riding a scheduled service (docs/data-format.md), never
    // by the shipper's own vehicle.
    // Groupage moves only in a forwarder's consolidated containers, on groupage services; parcels
    // on parcel services, and by a courier's van only between a city and its airport.
    const bool airport_access = l.mode == Mode::road && (net.nodes[l.from].kind == NodeKind::airport || net.nodes[l.to].kind == NodeKind::airport);
    const bool own_vehicle = l.mode != Mode::ferry && l.mode != Mode::sea && l.mode != Mode::air && !groupage_ && (!parcel_ || airport_access);
    link_allowed_[i.index()] = own_vehicle && l.routable_status() && avoid.mode_allowed(l.mode) && node_allowed_[l.from.index()] &&
                               node_allowed_[l.to.index()] && (!l.crossing.valid() || crossing_allowed_[l.crossing.index()]) &&
                               !contains(avoid.avoid_links, i);
  }
  if (query.cargo.restricted()) build_cargo_filters();
}

void FreightCosting::build_cargo_filters() {
  const Cargo& cargo = query_.cargo;
  link_cargo_ok_.assign(net_.links.size(), true);
  service_cargo_ok_.assign(net_.services.size(), true);
  if (cargo.reefer) {
    // A reefer rides only what powers it (cargo_rules.csv carries_reefers): its own truck's unit on
    // the road, the services and modes named there. Rail links without a service stay open: single
    // wagons carry it unplugged and the shipper's own trains with a generator wagon
    // (routing/reefer.hpp counts the unplugged time).
    std::array<bool, kModeNames.size()> powered{};
    std::vector<bool> service_powered(net_.services.size(), false);
    for (const auto& rule : net_.cargo_rules) {
      if (rule.kind != CargoRuleKind::carries_reefers) continue;
      if (rule.applies_to == TariffTarget::mode) powered[rule.index] = true;
      else if (rule.applies_to == TariffTarget::service) service_powered[rule.index] = true;
    }
    for (const auto s : net_.services.indices())
      service_cargo_ok_[s.index()] = service_powered[s.index()] || powered[static_cast<std::size_t>(net_.services[s].mode)];
    for (const auto l : net_.links.indices())
      if (net_.links[l].mode == Mode::road) link_cargo_ok_[l.index()] = powered[static_cast<std::size_t>(Mode::road)];
    co2_factor_[static_cast<std::size_t>(Profile::road)] = net_.parameter("reefer_co2e_road_factor", 1.0);
    co2_factor_[static_cast<std::size_t>(Profile::sea)] = net_.parameter("reefer_co2e_sea_factor", 1.0);
    reefer_sea_usd_per_teu_ = net_.parameter("reefer_sea_usd_per_feu", 0.0) / 2;
  }
  if (cargo.dangerous_class > 0) {
    std::vector<bool> node_ok(net_.nodes.size(), true), crossing_ok(net_.crossings.size(), true);
    std::array<bool, kModeNames.size()> mode_ok{true, true, true, true, true};
    for (const auto& rule : net_.cargo_rules) {
      if (rule.kind != CargoRuleKind::forbids_dangerous || !rule.applies_to_class(cargo.dangerous_class)) continue;
      switch (rule.applies_to) {
        case TariffTarget::mode: mode_ok[rule.index] = false; break;
        case TariffTarget::service: service_cargo_ok_[rule.index] = false; break;
        case TariffTarget::link: link_cargo_ok_[rule.index] = false; break;
        case TariffTarget::crossing: crossing_ok[rule.index] = false; break;
        case TariffTarget::node: node_ok[rule.index] = false; break;
      }
    }
    for (const auto l : net_.links.indices()) {
      const Link& link = net_.links[l];
      if (!mode_ok[static_cast<std::size_t>(link.mode)] || !node_ok[link.from.index()] || !node_ok[link.to.index()] ||
          (link.crossing.valid() && !crossing_ok[link.crossing.index()]))
        link_cargo_ok_[l.index()] = false;
    }
    for (const auto s : net_.services.indices())
      if (!mode_ok[static_cast<std::size_t>(net_.services[s].mode)]) service_cargo_ok_[s.index()] = false;
  }
  for (const auto l : net_.links.indices())
    if (!link_cargo_ok_[l.index()]) link_allowed_[l.index()] = false;
}

VehicleState FreightCosting::wagon_state(std::uint16_t gauge_mm) const {
  const auto it = std::lower_bound(gauges_.begin(), gauges_.end(), gauge_mm);
  return static_cast<VehicleState>(3 + (it - gauges_.begin()));
}

bool FreightCosting::transfers_allowed(NodeIdx v) const {
  const auto kind = net_.nodes[v].kind;
  return kind != NodeKind::chokepoint && kind != NodeKind::waypoint && kind != NodeKind::gas_field;
}

Duration FreightCosting::crossing_processing(const Crossing& c, bool a_to_b) const {
  // Open time to clear, calibrated so that the yearly mean of the elapsed time (closed hours
  // included) is the published figure.
  const ProcessingTime& p = a_to_b ? c.work_a_to_b : c.work_b_to_a;
  const Duration published = query_.reliability == Reliability::p90 ? p.p90 : p.median;
  // A green lane never makes a crossing slower than its published time.
  return green_lane_at(c) ? std::min(published, green_lane_clear_) : published;
}

double FreightCosting::link_risk_log(LinkIdx i) const {
  const auto& l = net_.links[i];
  const double p = l.disruption_p.value_or(net_.profile(l.profile).disruption_p_per_1000km * l.distance_km / 1000.0);
  return risk_log_of(p);
}

void FreightCosting::add_emissions(Step& step, Profile profile, double km) const {
  const auto& p = net_.profile(profile);
  const double factor = co2_factor_[static_cast<std::size_t>(profile)];
  step.co2e_wtw_kg += p.co2e_wtw_g_per_tkm * payload_t_ * km / 1000.0 * factor;
  step.co2e_ttw_kg += p.co2e_ttw_g_per_tkm * payload_t_ * km / 1000.0 * factor;
}

Duration FreightCosting::handling_time(NodeIdx at, VehicleState from, Duration terminal_time, Step& step) const {
  const auto& dwell = net_.nodes[at].discharge_dwell;
  if (!dwell || vehicle(from) != Vehicle::vessel) return terminal_time;
  step.port_dwell = *dwell;
  return *dwell;
}

bool FreightCosting::board(NodeIdx at, VehicleState from, VehicleState wanted, Profile profile, Step& step,
                           TimePoint& t) const {
  if (from == wanted && wanted != static_cast<VehicleState>(Vehicle::vessel)) return true;
  if (vehicle(from) == Vehicle::wagon && vehicle(wanted) == Vehicle::wagon) {
    const auto& change = net_.nodes[at].gauge_change;
    if (!change) return false;
    t += change->time;
    step.gauge_changed = true;
    step.cost[Charge::transshipment] += prices_.node_transshipment(at);
    return true;
  }
  if (!transfers_allowed(at)) return false;
  const auto& p = net_.profile(profile);
  // A container lifted off a train (onto a truck, a ship or a ferry) is handled at the rail
  // terminal, on the train's schedule: at least the rail terminal's time, not only the next
  // vehicle's (Khorgos Gateway took 5 h per container on average before its 2025 upgrade;
  // astanatimes.com 2026-02).
  Duration terminal_time = p.terminal_time;
  if (vehicle(from) == Vehicle::wagon) terminal_time = std::max(terminal_time, net_.profile(Profile::rail_diesel).terminal_time);
  t += handling_time(at, from, terminal_time, step);
  step.lifted = from != static_cast<VehicleState>(Vehicle::none);
  step.cost[Charge::handling] += prices_.handling(profile);
  step.cost[Charge::documents] += prices_.documents(profile);
  return true;
}

Step FreightCosting::traverse(NodeIdx at, VehicleState state, std::int32_t drive_minutes, TimePoint t,
                              const Arc& arc) const {
  if (parcel_) return traverse_parcel(at, t, arc);
  Step s;
  if (!link_allowed_[arc.link.index()]) return s;
  const Link& link = net_.links[arc.link];
  const std::uint16_t gauge_out = arc.forward ? link.gauge_from_mm : link.gauge_to_mm;
  const std::uint16_t gauge_in = arc.forward ? link.gauge_to_mm : link.gauge_from_mm;
  const VehicleState wanted = link.mode == Mode::rail ? wagon_state(gauge_out) : static_cast<VehicleState>(Vehicle::truck);
  if (!board(at, state, wanted, link.profile, s, t)) return s;
  s.ready = t;
  const bool same_truck = wanted == state && link.mode == Mode::road;
  Duration driven{same_truck ? drive_minutes : 0};

  if (link.crossing.valid()) {
    const Crossing& c = net_.crossings[link.crossing];
    const bool a_to_b = at == c.side_a;
    Duration processing = crossing_processing(c, a_to_b);
    std::optional<TimePoint> done;
    // A simulated delay model replaces the median; its values already include waits for the
    // opening hours, so no calendar is applied on top. It models the queue of all trucks, which
    // a green lane passes by, so a green lane keeps its own time and the calendar.
    const bool green = green_lane_at(c);
    const auto simulated = query_.border_delays && !green ? query_.border_delays->time_to_clear(net_, link.crossing, a_to_b, t)
                                                          : std::nullopt;
    if (simulated) {
      processing = *simulated;
      done = t + processing;
    } else {
      done = net_.crossing_calendars[link.crossing].finish_work(t, processing);
    }
    if (!done) return s;
    s.crossing = link.crossing;
    s.crossing_processing = processing;
    s.crossing_wait = (*done - t) - processing;
    s.crossing_green_lane = green;
    s.crossing_fee_usd = prices_.border_fees(link.crossing);
    s.cost[Charge::border_fees] += s.crossing_fee_usd;
    s.risk_log += risk_log_of(c.disruption_p);
    if (*done - t >= rest_) driven = Duration{};  // drivers rest while the truck waits
    t = *done;
    if (link.gauge_from_mm != link.gauge_to_mm && c.gauge_change) {
      t += c.gauge_change->time;
      s.gauge_changed = true;
      s.cost[Charge::transshipment] += prices_.transshipment(link.crossing);
    }
  }

  Duration moving = Duration::hours(link.distance_km / link_speed_kmh_[arc.link.index()]);
  const auto start = after_closures(link.closures, t, moving);
  if (!start) return s;
  s.wait = *start - t;
  if (s.wait >= rest_) driven = Duration{};
  t = *start;
  s.depart = t;

  if (link.mode == Mode::road) {
    // Drivers' hours (AETR): at most max_driving_ between rests of rest_.
    Duration left = moving;
    while (driven + left > max_driving_) {
      const Duration chunk = max_driving_ - driven;
      t += chunk + rest_;
      s.rest += rest_;
      left = left - chunk;
      driven = Duration{};
    }
    t += left;
    driven += left;
  } else {
    t += moving;
  }
  s.arrive = t;
  s.distance_km = link.distance_km;
  s.cost[Charge::freight] += prices_.link_freight(arc.link).value_or(prices_.freight(link.profile).at(link.distance_km));
  s.cost_usd = s.cost.total();
  add_emissions(s, link.profile, link.distance_km);
  const NodeIdx head = arc.head;
  s.risk_log += link_risk_log(arc.link) + risk_log_of(net_.nodes[head].disruption_p);
  s.cost[Charge::freight] += prices_.node_surcharge(head);
  s.cost_usd = s.cost.total();
  s.state_after = link.mode == Mode::rail ? wagon_state(gauge_in) : wanted;
  s.drive_minutes_after = link.mode == Mode::road ? static_cast<std::int32_t>(driven.minutes) : 0;
  s.feasible = true;
  return s;
}

bool FreightCosting::service_ride_allowed(ServiceIdx si, std::uint32_t board_call, std::uint32_t alight_call) const {
  const Service& s = net_.services[si];
  if (s.cargo != query_.cargo.kind) return false;
  if (!service_takes_cargo(si)) return false;
  if (!query_.constraints.mode_allowed(s.mode) || contains(query_.constraints.avoid_services, si)) return false;
  if (!node_allowed_[s.calls[board_call].node.index()]) return false;
  for (auto c = board_call; c < alight_call; ++c) {
    for (const LinkIdx l : s.calls[c].links_to_next) {
      const auto& link = net_.links[l];
      if (!link.routable_status() || !node_allowed_[link.from.index()] || !node_allowed_[link.to.index()]) return false;
      if (!link_takes_cargo(l)) return false;
      if (link.crossing.valid() && !crossing_allowed_[link.crossing.index()]) return false;
    }
  }
  return true;
}

std::optional<TimePoint> FreightCosting::next_trip(ServiceIdx si, std::uint32_t board_call, std::uint32_t alight_call,
                                                   TimePoint earliest) const {
  const Service& s = net_.services[si];
  const TimeZone& zone = net_.time_zone(s.calls.front().node);
  const Duration board_offset = s.calls[board_call].depart;
  const Duration alight_offset = s.calls[alight_call].arrive;
  const TimePoint target = earliest - board_offset;  // departure from the first call must be >= this
  std::int64_t local_day = (target.minutes + zone.offset_minutes(target)) / 1440;
  if (target.minutes + zone.offset_minutes(target) < 0) --local_day;
  constexpr int kSearchDays = 120;  // skip at most this far past closures
  for (int k = -1; k <= kSearchDays; ++k) {
    const std::int64_t day = local_day + k;
    if (!((s.days_mask >> weekday_from_days(day)) & 1u)) continue;
    const TimePoint first = zone.to_utc(day * 1440 + s.depart_local_minute);
    if (first < target) continue;
    const TimePoint from = first + board_offset;
    const TimePoint to = first + alight_offset;
    bool blocked = overlaps(s.closures, from, to);
    for (auto c = board_call; c < alight_call && !blocked; ++c)
      for (const LinkIdx l : s.calls[c].links_to_next) {
        const auto& link = net_.links[l];
        if (overlaps(link.closures, from, to) ||
            (link.crossing.valid() && overlaps(net_.crossings[link.crossing].closures, from, to))) {
          blocked = true;
          break;
        }
      }
    if (!blocked) return first;
  }
  return std::nullopt;
}

Step FreightCosting::ride(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx si, std::uint32_t board_call,
                          std::uint32_t alight_call) const {
  if (groupage_) return ride_groupage(at, state, t, si, board_call, alight_call);
  if (parcel_) return ride_parcel(at, state, t, si, board_call, alight_call);
  Step s;
  if (!service_ride_allowed(si, board_call, alight_call)) return s;
  const Service& service = net_.services[si];
  const Link& first_link = net_.links[service.calls[board_call].links_to_next.front()];
  const bool first_forward = first_link.from == at;
  const VehicleState vessel = static_cast<VehicleState>(Vehicle::vessel);

  VehicleState wanted = vessel;
  Profile profile = first_link.profile;
  if (service.mode == Mode::rail) {
    wanted = wagon_state(first_forward ? first_link.gauge_from_mm : first_link.gauge_to_mm);
    // A scheduled train is made up at its terminal: a container that came by another train is
    // transferred into it like any other, so the ride costs the same whatever came before.
    if (vehicle(state) == Vehicle::wagon) state = static_cast<VehicleState>(Vehicle::truck);
  } else if (service.mode == Mode::ferry) {
    // Wagons of the ferry's gauge and trucks roll on; anything else is lifted aboard.
    const bool rolls = state == static_cast<VehicleState>(Vehicle::truck) ||
                       (vehicle(state) == Vehicle::wagon && first_link.gauge_from_mm != 0 &&
                        gauge_of(state) == first_link.gauge_from_mm);
    // A loose container boards a rail ferry on a wagon (lifted at the port, then rolled aboard),
    // so nothing gains by driving a wagon out and back just to roll on — unless rail is not among
    // the modes asked for: then it goes aboard as a container, at the ferry's container fare.
    const bool rail_ferry = first_link.gauge_from_mm != 0 && query_.constraints.mode_allowed(Mode::rail);
    if (rolls) wanted = state;
    else if (rail_ferry && vehicle(state) != Vehicle::wagon) wanted = wagon_state(first_link.gauge_from_mm);
    else wanted = vessel;
  }
  if (!board(at, state, wanted, profile, s, t)) return s;
  s.ready = t;
  const auto first = next_trip(si, board_call, alight_call, t + service.cutoff);
  if (!first) return s;
  s.depart = *first + service.calls[board_call].depart;
  s.arrive = *first + service.calls[alight_call].arrive;
  s.wait = s.depart - s.ready;

  double km = 0;
  NodeIdx here = at;
  LinkIdx last;
  for (auto c = board_call; c < alight_call; ++c) {
    for (const LinkIdx l : service.calls[c].links_to_next) {
      const auto& link = net_.links[l];
      km += link.distance_km;
      add_emissions(s, link.profile, link.distance_km);
      here = link.from == here ? link.to : link.from;
      s.risk_log += link_risk_log(l) + risk_log_of(net_.nodes[here].disruption_p);
      if (link.crossing.valid()) s.risk_log += risk_log_of(net_.crossings[link.crossing].disruption_p);
      s.cost[Charge::freight] += prices_.node_surcharge(here);
      last = l;
    }
  }
  s.distance_km = km;
  const double share = service.total_km() > 0 ? km / service.total_km() : 1.0;
  const Carriage carriage = vehicle(wanted) == Vehicle::truck   ? Carriage::truck
                            : vehicle(wanted) == Vehicle::wagon ? Carriage::wagon
                                                                : Carriage::container;
  s.cost[Charge::freight] += prices_.service_freight(si, carriage) * share;
  // A reefer pays the reefer rate on deep-sea lanes (premium over a dry box; parameters.csv).
  if (service.mode == Mode::sea && reefer_sea_usd_per_teu_ > 0) s.cost[Charge::freight] += reefer_sea_usd_per_teu_ * teu_ * share;
  s.cost_usd = s.cost.total();
  if (service.mode == Mode::rail) {
    const auto& l = net_.links[last];
    s.state_after = wagon_state(l.to == here ? l.gauge_to_mm : l.gauge_from_mm);
  } else {
    s.state_after = wanted;
  }
  s.drive_minutes_after = 0;  // drivers rest on board
  s.feasible = true;
  return s;
}

double FreightCosting::service_revenue_tonnes(ServiceIdx si) const {
  return query_.cargo.revenue_tonnes(net_.services[si].kg_per_wm, lcl_minimum_wm_);
}

Step FreightCosting::ride_groupage(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx si, std::uint32_t board_call,
                                   std::uint32_t alight_call) const {
  Step s;
  if (!service_ride_allowed(si, board_call, alight_call)) return s;
  const ConsolidationHub* hub = net_.hub_at(at);
  if (!hub) return s;
  const Service& service = net_.services[si];
  if (state != static_cast<VehicleState>(Vehicle::none)) {
    // Came in another forwarder's box: stripped here before it can be consolidated again.
    t += hub->deconsolidation;
    s.cost[Charge::handling] += hub->deconsolidation_usd_per_wm * hub_wm_;
    s.lifted = true;
  }
  s.ready = t;
  // Consolidation happens between the hub's cut-off and the departure.
  const auto first = next_trip(si, board_call, alight_call, t + hub->cutoff);
  if (!first) return s;
  s.depart = *first + service.calls[board_call].depart;
  s.arrive = *first + service.calls[alight_call].arrive;
  s.wait = s.depart - s.ready;
  s.cost[Charge::handling] += hub->consolidation_usd_per_wm * hub_wm_;
  const double km = add_ride_links(s, at, service, board_call, alight_call);
  s.distance_km = km;
  const double share = service.total_km() > 0 ? km / service.total_km() : 1.0;
  s.cost[Charge::freight] += prices_.service_freight(si, Carriage::container) * share;
  s.cost_usd = s.cost.total();
  s.state_after = static_cast<VehicleState>(Vehicle::vessel);
  s.feasible = true;
  return s;
}

double FreightCosting::add_ride_links(Step& s, NodeIdx at, const Service& service, std::uint32_t board,
                                     std::uint32_t alight) const {
  double km = 0;
  NodeIdx here = at;
  for (auto c = board; c < alight; ++c)
    for (const LinkIdx l : service.calls[c].links_to_next) {
      const auto& link = net_.links[l];
      km += link.distance_km;
      if (link.mode == Mode::air) add_air_emissions(s, link.distance_km);
      else add_emissions(s, link.profile, link.distance_km);
      here = link.from == here ? link.to : link.from;
      s.risk_log += link_risk_log(l) + risk_log_of(net_.nodes[here].disruption_p);
      if (link.crossing.valid()) s.risk_log += risk_log_of(net_.crossings[link.crossing].disruption_p);
    }
  return km;
}

Step FreightCosting::finish(NodeIdx at, VehicleState state, TimePoint t) const {
  Step s;
  s.ready = s.depart = t;
  if (groupage_ && state != static_cast<VehicleState>(Vehicle::none)) {
    // Stripped out of the consolidated box at the destination hub.
    const ConsolidationHub* hub = net_.hub_at(at);
    if (!hub) return s;
    s.arrive = t + hub->deconsolidation;
    s.cost[Charge::handling] = hub->deconsolidation_usd_per_wm * hub_wm_;
    s.cost_usd = s.cost.total();
    s.state_after = static_cast<VehicleState>(Vehicle::none);
    s.feasible = true;
    return s;
  }
  if (parcel_) {  // handed over at the door or the counter: no terminal
    s.arrive = t;
    s.state_after = static_cast<VehicleState>(Vehicle::none);
    s.feasible = true;
    return s;
  }
  const Vehicle v = vehicle(state);
  Profile profile = Profile::sea;
  if (v == Vehicle::truck) profile = Profile::road;
  else if (v == Vehicle::wagon) profile = Profile::rail_diesel;
  else if (v == Vehicle::none) {  // already there
    s.arrive = t;
    s.feasible = true;
    return s;
  }
  s.arrive = t + handling_time(at, state, net_.profile(profile).terminal_time, s);
  s.cost[Charge::handling] = prices_.handling(profile);
  s.cost_usd = s.cost.total();
  s.state_after = static_cast<VehicleState>(Vehicle::none);
  s.feasible = true;
  return s;
}

LowerBound FreightCosting::link_lower_bound(LinkIdx i) const {
  const Link& link = net_.links[i];
  const auto& profile = net_.profile(link.profile);
  LowerBound b;
  b.minutes = static_cast<double>(Duration::hours(link.distance_km / link_speed_kmh_[i.index()]).minutes);
  b.cost = parcel_ ? parcel_access_usd(link) : prices_.link_freight(i).value_or(prices_.freight(link.profile).at(link.distance_km));
  b.co2 = profile.co2e_wtw_g_per_tkm * payload_t_ * link.distance_km / 1000.0;
  b.risk_log = link_risk_log(i);
  if (link.crossing.valid()) {
    const Crossing& c = net_.crossings[link.crossing];
    Duration least = std::min(crossing_processing(c, true), crossing_processing(c, false));
    if (query_.border_delays)
      if (const auto d = query_.border_delays->minimum(link.crossing)) least = std::min(least, *d);
    b.minutes += static_cast<double>(least.minutes);
    b.cost += prices_.border_fees(link.crossing);
    b.risk_log += risk_log_of(c.disruption_p);
    if (link.gauge_from_mm != link.gauge_to_mm && c.gauge_change) {
      b.minutes += static_cast<double>(c.gauge_change->time.minutes);
      b.cost += prices_.transshipment(link.crossing);
    }
  }
  return b;
}

LowerBound FreightCosting::ride_lower_bound(ServiceIdx si, std::uint32_t board_call, std::uint32_t alight_call) const {
  const Service& s = net_.services[si];
  LowerBound b;
  b.minutes = static_cast<double>((s.calls[alight_call].arrive - s.calls[board_call].depart).minutes);
  double km = 0;
  for (auto c = board_call; c < alight_call; ++c)
    for (const LinkIdx l : s.calls[c].links_to_next) {
      const auto& link = net_.links[l];
      km += link.distance_km;
      b.co2 += net_.profile(link.profile).co2e_wtw_g_per_tkm * payload_t_ * link.distance_km / 1000.0;
      b.risk_log += link_risk_log(l);
      if (link.crossing.valid()) b.risk_log += risk_log_of(net_.crossings[link.crossing].disruption_p);
    }
  const double whole = std::min({prices_.service_freight(si, Carriage::container), prices_.service_freight(si, Carriage::truck),
                                 prices_.service_freight(si, Carriage::wagon)});
  b.cost = whole * (s.total_km() > 0 ? km / s.total_km() : 1.0);
  return b;
}

}  // namespace caravan
