#pragma once
// One model of "plan me a route" shared by `caravan route` and `POST /v1/route`: the request as a
// user writes it (strings, lists, numbers), its validation into a RouteQuery, and the JSON answer.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "network/places.hpp"
#include "routing/planner.hpp"
#include "routing/query.hpp"

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
  std::vector<std::string> avoid_countries, avoid_crossings, avoid_chokepoints;
  std::vector<std::string> modes = {"rail", "road", "ferry", "sea"};
  int containers = 1;
  std::string container = "40ft";
  double gross_tonnes = 0;  // 0 = payload_t_per_teu per TEU
  std::string scenario;     // not used by build_route_query; the caller picks the network
};

struct RequestError {
  std::string field;    // the RouteRequest field, e.g. "from", "avoid_countries"
  std::string pointer;  // RFC 6901 pointer into the JSON request, e.g. "/from", "/via/1"
  std::string detail;   // without the field name: "unknown place 'X'; did you mean: …"
  std::vector<PlaceCandidate> candidates;  // for unknown or ambiguous places
  bool unknown_place = false;              // a place name that matches no place, or several
};

struct RouteQueryResult {
  std::optional<RouteQuery> query;  // set when errors is empty
  std::vector<RequestError> errors;
};

// What every request model (route, matrix) shares: resolving a place the user named, and a
// departure time (empty = now). Each adds a RequestError for `field` at `pointer` on failure.
NodeIdx resolve_place(const PlaceIndex& index, const std::string& field, const std::string& pointer,
                      const std::string& text, std::vector<RequestError>& errors);
TimePoint resolve_depart(const std::string& text, std::vector<RequestError>& errors);

// Validates every field (all problems are reported, not just the first).
RouteQueryResult build_route_query(const Network& net, const PlaceIndex& index, const RouteRequest& request);

// A border delay model (routing/border_delays.hpp) that build_route_query attaches to every query
// it builds, for `caravan serve --border-delays FILE`; set once before serving. Null (the default)
// keeps the bundled crossing medians.
void set_default_border_delays(std::shared_ptr<const BorderDelayModel> model);

// The answer exactly as `caravan route --format json` prints it.
nlohmann::json route_result_json(const Network& net, const RouteQuery& query, const PlanResult& result);

}  // namespace caravan
