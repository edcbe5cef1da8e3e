#pragma once
// Itineraries as a planner reads them: legs with times, waits and why, crossings, documents.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/cargo_checks.hpp"
#include "routing/costing.hpp"
#include "routing/parcel_customs.hpp"
#include "routing/pareto_search.hpp"

namespace caravan {

struct CrossingPassage {
  CrossingIdx crossing;
  Duration processing;
  Duration wait;
  std::string why;  // empty when there was no wait
  double fee_usd = 0;
  bool gauge_change = false;
  // On a scheduled train the border time and fees are inside the timetable and the tariff.
  bool scheduled = false;
  NodeIdx entry, exit;  // the side reached first and the side left
  bool green_lane = false;  // cleared in the green lane (pre-declared cargo)
};

struct Leg {
  NodeIdx from, to;
  Mode mode = Mode::rail;
  ServiceIdx service;  // valid for a scheduled ride
  TimePoint ready;     // cargo ready at `from`
  TimePoint depart;
  TimePoint arrive;
  Duration wait;       // ready → depart
  std::string wait_reason;
  LinkIdx closed_link;  // the link whose closure the own vehicle waited for, if that was the wait
  Duration rest;       // drivers' rest on the road
  Duration port_dwell; // at `from`, after discharge from a ship or ferry (before `ready`)
  double distance_km = 0, cost_usd = 0, co2e_wtw_kg = 0, co2e_ttw_kg = 0, risk_log = 0;
  CostBreakdown cost_breakdown;  // sums to cost_usd
  bool lifted = false, gauge_changed = false;
  std::optional<CrossingPassage> crossing;  // a crossing driven or run by one's own vehicle
  std::vector<CrossingPassage> passed;     // every crossing of the leg, scheduled rides included
  int gauge_changes_on_board = 0;          // breaks of gauge passed on a scheduled train
  std::vector<NodeIdx> path;  // every node, for geometry and countries
  std::vector<std::string> documents;
  // Groupage rides: the revenue tonnes (W/M) charged and the service's price per W/M.
  double revenue_tonnes = 0, usd_per_wm = 0;
  // Parcel rides: the chargeable kg and the service's price per kg for its whole route.
  double chargeable_kg = 0, usd_per_kg = 0;
};

struct Itinerary {
  TimePoint depart, arrive;
  Duration destination_dwell;  // port dwell after the last leg, before the cargo is released
  double distance_km = 0, cost_usd = 0, co2e_wtw_kg = 0, co2e_ttw_kg = 0, risk_log = 0;
  CostBreakdown cost_breakdown;  // the legs' breakdowns summed
  int containers = 1;            // the shipment the cost is for (the table shows it per container)
  bool own_trains = false;       // rail without a service runs as the shipment's own block trains
  CargoKind cargo = CargoKind::fcl;
  double hub_revenue_tonnes = 0;  // groupage: W/M at the hubs (1,000 kg to the m³); the table prices per it
  double weight_kg = 0;           // parcels: the actual weight, which the summary's price per kg divides
  std::vector<ParcelCustoms> customs;  // parcels: export and import treatment (parcel_customs.hpp)
  std::vector<CountryCode> countries;
  int border_crossings = 0, gauge_changes = 0, transshipments = 0;
  std::vector<Leg> legs;
  // Reefers: the longest time without power; dangerous goods: the rules of unknown acceptance
  // passed (indexes into Network::cargo_rules).
  std::optional<UnpluggedStretch> unplugged;
  std::optional<Duration> unplugged_limit;
  std::vector<std::size_t> dangerous_unknown;
  [[nodiscard]] double risk() const;
  [[nodiscard]] double duration_hours() const { return (arrive - depart).in_hours(); }
};

// Rebuilds the itinerary that ends in `label` by replaying each move through the costing.
Itinerary build_itinerary(const ParetoSearch& search, const FreightCosting& costing, LabelIdx label);

// With a currency other than USD, the summary and each leg also carry
// "cost": {"currency", "amount", "cost_breakdown"} in it; the USD fields stay as they are.
// How a leg without a service moves by rail: "block train" or "single wagons" (empty otherwise).
std::string_view rail_dispatch(const Itinerary& it, const Leg& leg);

// What the risk is made of (docs/cli.md "How time, cost, CO2e and risk are counted"): each place
// and crossing passed that has a disruption chance of its own, in the order passed, then the way
// itself ("way": links per 1,000 km of their mode, or their own chance). The parts combine as the
// search combines them: 1 - risk is the product of (1 - p).
struct RiskFactor {
  std::string kind;  // a node's kind (chokepoint, seaport…), "crossing" or "way"
  std::string id, name;
  double p = 0;
};
std::vector<RiskFactor> risk_factors(const Network& net, const Itinerary& it);
// The risk in words for the table: "risk 57.9 %: the chance of … (Bab-el-Mandeb 50.0 %, …)".
std::string risk_text(const Network& net, const Itinerary& it);

nlohmann::json itinerary_json(const Network& net, const Itinerary& it, const DisplayCurrency& currency = {});
// {freight, border_fees, handling, transshipment, storage, documents} in USD, each rounded to the
// cent; `cost_usd` of the same object is their sum, so the parts add up exactly.
nlohmann::json cost_breakdown_json(const CostBreakdown& b);
double rounded_cost_usd(const CostBreakdown& b);
// The breakdown for the table: per container and, for several containers, in total.
// With a currency other than USD, a second line gives the same in that currency.
std::string cost_breakdown_text(const Itinerary& it, const DisplayCurrency& currency = {});
// The legs as GeoJSON LineStrings (one feature per leg).
nlohmann::json itinerary_geojson(const Network& net, const Itinerary& it, int index);
// Every itinerary's legs as one GeoJSON FeatureCollection (`caravan route --format geojson`,
// POST /v1/route with "format": "geojson").
nlohmann::json itineraries_geojson(const Network& net, const std::vector<Itinerary>& itineraries);

}  // namespace caravan
