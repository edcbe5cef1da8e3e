#pragma once
// Freight costing, a plug-in separate from the search (as Valhalla's sif is from thor): how long a
// move takes, what it costs, what it emits and how likely it is to be disrupted, given where the
// cargo is, on what vehicle, and when. The search only compares the numbers it returns.
//
// A move is one link (rail or road, by the shipper's own train or truck) or one ride on a
// scheduled service from one call to a later one. Before a move the cargo may need a lift
// (container crane: mode change), a gauge change, or a roll-on (wagons and trucks onto ferries).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "network/network.hpp"
#include "request/query.hpp"
#include "routing/pricing.hpp"

namespace caravan {

// The vehicle the container is on: part of the search state, since it decides what the next move
// costs (a wagon continues on its own gauge for free; a truck needs a crane to go by rail).
enum class Vehicle : std::uint8_t { none, truck, vessel, wagon };
using VehicleState = std::uint8_t;  // none = 0, truck = 1, vessel = 2, wagon of gauge g = 3 + index(g)

// What one move did, in full: the search keeps the totals, itineraries show the parts.
struct Step {
  bool feasible = false;
  TimePoint ready;       // when the cargo was ready to leave the node (after lift / gauge change)
  TimePoint depart;      // when the move started (after waiting for a departure or an opening)
  TimePoint arrive;      // at the far end
  double cost_usd = 0;     // cost.total()
  CostBreakdown cost;      // what cost_usd pays for
  double co2e_wtw_kg = 0;
  double co2e_ttw_kg = 0;
  double risk_log = 0;   // −log(1 − p) of everything passed
  double distance_km = 0;
  VehicleState state_after = 0;
  std::int32_t drive_minutes_after = 0;

  // Parts, for itineraries.
  bool lifted = false;           // container crane (mode change)
  bool gauge_changed = false;    // transshipment at a break of gauge (node or crossing)
  Duration port_dwell;           // in a port's yard after discharge from a ship or ferry
  Duration rest;                 // drivers' rest inserted on the road
  Duration wait;                 // waiting for a departure, an opening or the end of a closure
  CrossingIdx crossing;          // crossing passed (link moves)
  Duration crossing_processing;  // time to clear (open hours)
  Duration crossing_wait;        // closed time while clearing
  bool crossing_green_lane = false;  // cleared in the crossing's green lane (pre-declared cargo)
  double crossing_fee_usd = 0;
};

// −log(1 − p): risks of independent events add up in this form (p capped just below 1).
inline double risk_log_of(double p) { return -std::log1p(-std::min(p, 0.999999)); }

struct LowerBound {
  double minutes = 0, cost = 0, co2 = 0, risk_log = 0;
};

class FreightCosting {
 public:
  FreightCosting(const Network& network, const RouteQuery& query);

  [[nodiscard]] std::size_t state_count() const { return 3 + gauges_.size(); }
  [[nodiscard]] Vehicle vehicle(VehicleState s) const { return s >= 3 ? Vehicle::wagon : static_cast<Vehicle>(s); }
  [[nodiscard]] std::uint16_t gauge_of(VehicleState s) const { return s >= 3 ? gauges_[s - 3] : 0; }
  [[nodiscard]] VehicleState wagon_state(std::uint16_t gauge_mm) const;

  // Static filters: mode, status, avoided countries, crossings and places.
  [[nodiscard]] bool link_allowed(LinkIdx link) const { return link_allowed_[link.index()]; }
  [[nodiscard]] bool service_ride_allowed(ServiceIdx s, std::uint32_t board, std::uint32_t alight) const;
  // Reefers and dangerous goods: whether the cargo may use a link or service at all (always true
  // for other cargo, whose queries build no such filter).
  [[nodiscard]] bool link_takes_cargo(LinkIdx l) const { return link_cargo_ok_.empty() || link_cargo_ok_[l.index()]; }
  [[nodiscard]] bool service_takes_cargo(ServiceIdx s) const { return service_cargo_ok_.empty() || service_cargo_ok_[s.index()]; }
  [[nodiscard]] bool node_allowed(NodeIdx v) const { return node_allowed_[v.index()]; }

  // Moves from a node, given the state there.
  [[nodiscard]] Step traverse(NodeIdx at, VehicleState state, std::int32_t drive_minutes, TimePoint t,
                              const Arc& arc) const;
  [[nodiscard]] Step ride(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx service, std::uint32_t board,
                          std::uint32_t alight) const;
  // Unloading at the destination.
  [[nodiscard]] Step finish(NodeIdx at, VehicleState state, TimePoint t) const;

  // Lower bounds that no move can beat, for the search's heuristics.
  [[nodiscard]] LowerBound link_lower_bound(LinkIdx link) const;
  [[nodiscard]] LowerBound ride_lower_bound(ServiceIdx s, std::uint32_t board, std::uint32_t alight) const;

  [[nodiscard]] double payload_tonnes() const { return payload_t_; }
  [[nodiscard]] double teu() const { return teu_; }
  // Whether rail links without a service are run by trains of the shipment's own (a full train
  // or asked for) rather than as single wagons in the national networks' regular traffic.
  [[nodiscard]] bool own_trains() const { return own_trains_; }
  // How fast the cargo moves on a rail or road link by its own vehicle or wagon.
  [[nodiscard]] double link_speed_kmh(LinkIdx link) const { return link_speed_kmh_[link.index()]; }
  [[nodiscard]] const PriceList& prices() const { return prices_; }
  // Drivers' daily rest (AETR), which a truck may take anywhere.
  [[nodiscard]] Duration rest() const { return rest_; }
  [[nodiscard]] int query_containers() const { return query_.cargo.containers; }
  [[nodiscard]] const Cargo& cargo() const { return query_.cargo; }
  // Groupage: the revenue tonnes (W/M) the consignment is charged for on a groupage service, and
  // at a consolidation hub (1,000 kg to the cubic metre).
  [[nodiscard]] double service_revenue_tonnes(ServiceIdx s) const;
  [[nodiscard]] double hub_revenue_tonnes() const { return hub_wm_; }
  // Parcels: the kilograms a parcel service charges (its divisor applied to the volume).
  [[nodiscard]] double service_chargeable_kg(ServiceIdx s) const;
  [[nodiscard]] Duration crossing_processing(const Crossing& c, bool a_to_b) const;
  // Whether the query's pre-declared cargo clears `c` in a green lane: road crossings only (a
  // train's time at the border is its processing and gauge change, which a declaration does not skip).
  [[nodiscard]] bool green_lane_at(const Crossing& c) const { return query_.green_lane && c.mode == Mode::road; }
  [[nodiscard]] double link_risk_log(LinkIdx link) const;

  // The next departure of `service` from call `board` at or after `earliest` whose ride to
  // `alight` meets no closure; returns the departure time from the first call.
  [[nodiscard]] std::optional<TimePoint> next_trip(ServiceIdx service, std::uint32_t board, std::uint32_t alight,
                                                   TimePoint earliest) const;

 private:
  // Gets the cargo onto `wanted` (a vehicle state) at node `at`: nothing, a gauge change, or a
  // lift. Returns false if that is impossible here.
  bool board(NodeIdx at, VehicleState from, VehicleState wanted, Profile profile, Step& step, TimePoint& t) const;
  // Time to handle cargo arriving at `at` in state `from`: the port's discharge dwell for a
  // container lifted off a ship or ferry where the data gives one (noted in `step`), else
  // `terminal_time`.
  Duration handling_time(NodeIdx at, VehicleState from, Duration terminal_time, Step& step) const;
  [[nodiscard]] bool transfers_allowed(NodeIdx v) const;
  void add_emissions(Step& step, Profile profile, double km) const;
  // Walks a service's links from call `board` to call `alight` (starting at `at`): adds their
  // emissions (flights by the GLEC bands) and the risk of every link, place and crossing passed to
  // `step`, and returns the distance.
  double add_ride_links(Step& step, NodeIdx at, const Service& service, std::uint32_t board, std::uint32_t alight) const;
  // The filters and surcharges of a reefer or of dangerous goods (cargo_rules.csv, parameters).
  void build_cargo_filters();
  // A groupage consignment riding a groupage service: handed in at the hub by its cut-off (or
  // stripped and consolidated again there when it came on another one), priced per W/M.
  [[nodiscard]] Step ride_groupage(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx service, std::uint32_t board,
                                   std::uint32_t alight) const;
  // Parcels (costing_parcel.cpp): on a parcel service by its cut-off, priced per chargeable kg;
  // by a courier's van between a city and its airport; air emissions by the GLEC distance bands.
  [[nodiscard]] Step ride_parcel(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx service, std::uint32_t board,
                                 std::uint32_t alight) const;
  [[nodiscard]] Step traverse_parcel(NodeIdx at, TimePoint t, const Arc& arc) const;
  [[nodiscard]] double parcel_access_usd(const Link& link) const;
  void add_air_emissions(Step& step, double great_circle_km) const;
  void init_parcel();

  const Network& net_;
  const RouteQuery& query_;
  PriceList prices_;
  std::vector<std::uint16_t> gauges_;
  std::vector<bool> link_allowed_;
  std::vector<bool> node_allowed_;
  std::vector<bool> crossing_allowed_;
  double teu_ = 1;
  bool own_trains_ = false;
  bool groupage_ = false;  // an LCL query: groupage services only, between consolidation hubs
  double lcl_minimum_wm_ = 1;
  double hub_wm_ = 0;
  bool parcel_ = false;  // a parcel query: parcel services, and a courier's van to and from airports
  double parcel_access_usd_per_km_ = 0;
  double air_uplift_km_ = 0, air_rf_ = 1;
  std::array<double, 3> air_wtw_g_per_tkm_{};  // below 1,000 km, up to 3,700 km, beyond
  std::vector<double> link_speed_kmh_;
  // Reefers and dangerous goods only (empty otherwise, so other queries test one size).
  std::vector<bool> link_cargo_ok_;
  std::vector<bool> service_cargo_ok_;
  // CO2e per profile relative to dry cargo (a reefer's temperature control), and a reefer's premium
  // per TEU on a sea ride.
  std::array<double, kProfileNames.size()> co2_factor_{1, 1, 1, 1, 1, 1};
  double reefer_sea_usd_per_teu_ = 0;
  double payload_t_ = 10;
  Duration max_driving_, rest_;
  Duration green_lane_clear_;  // parameter green_lane_clear_hours
};

}  // namespace caravan
