#pragma once
// "Plan me a route" as a user writes it (strings, lists, numbers) — shared by `caravan route`,
// POST /v1/route and Python's caravan.route — and its validation into a typed RouteQuery.
#include <optional>
#include <string>
#include <vector>

#include "request/constraints.hpp"
#include "request/query.hpp"
#include "request/request_error.hpp"

namespace caravan {

// Every field as the user gives it. List fields also accept comma-separated items ("RU,IR").
struct RouteRequest {
  std::string from, to;
  std::vector<std::string> via;
  std::string depart;  // ISO 8601; empty = now
  std::vector<std::string> objectives = {"time", "cost", "co2"};
  std::string optimize;  // empty, or one of time|cost|co2|risk
  double eps = 0.05;
  int max_results = 7;
  std::string reliability = "median";
  bool green_lane = false;  // pre-declared cargo: road crossings' green lanes
  double max_wait_days = 7;  // no option waits longer at one place (closure, service); 0 = no limit
  ConstraintRequest constraints;
  std::string cargo = "fcl";  // fcl (full containers), lcl (groupage) or parcel (both with weight)
  std::optional<double> weight_kg;  // LCL and parcels: actual gross weight
  std::optional<double> volume_m3;  // LCL and parcels: volume
  std::optional<int> pieces;        // LCL and parcels: packages (for the documents; not priced)
  std::optional<double> value_usd;  // parcels: the goods' value, for the low-value customs limits
  bool reefer = false;              // temperature-controlled (a reefer container or truck)
  std::string dangerous;            // UN class 1..9 of dangerous goods; empty = none
  bool fresh_produce = false;       // plants or plant products (phytosanitary certificate)
  int containers = 1;
  std::string container = "40ft";  // 20ft, 40ft or 45ft
  double gross_tonnes = 0;  // 0 = payload_t_per_teu per TEU
  bool block_train = false;  // a train of one's own even below a full train (priced per train)
  // A place outside the network (a gazetteer city, coordinates) reached by an estimated road leg
  // from or to the nearest covered places of its country (request/access_legs.hpp).
  bool first_mile = false, last_mile = false;
  std::string currency = "USD";  // also show costs in this currency (currencies.csv)
  std::string scenario;     // not used by build_route_query; the caller picks the network
};

struct RouteQueryResult {
  std::optional<RouteQuery> query;  // set when errors is empty
  RequestErrors errors;
};

// Validates every field (all problems are reported, not just the first). The query carries no
// border delay model: the caller attaches its own (a setting of the server or a CLI flag).
RouteQueryResult build_route_query(const Network& net, const PlaceIndex& index, const RouteRequest& request);

}  // namespace caravan
