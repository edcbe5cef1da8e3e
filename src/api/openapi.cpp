// The OpenAPI 3.1 description of the core API; its schemas are JSON Schema 2020-12. Every schema
// is closed (additionalProperties: false) and lists what is always present as required, so that
// tests/api/test_openapi_answers.py validates the server's real answers against it field by field;
// endpoint groups add their own paths (EndpointGroup).
#include <string>
#include <vector>

#include "api/server.hpp"
#include "network/model.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
// OpenAPI 3.1 has no `nullable`: a value that may be null is one of the schema or null.
json nullable(const std::string& name) { return {{"oneOf", json::array({ref(name), {{"type", "null"}}})}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json typed(const char* type, const char* description = nullptr) {
  json j = {{"type", type}};
  if (description) j["description"] = description;
  return j;
}
json string_enum(std::vector<std::string> values) { return {{"type", "string"}, {"enum", std::move(values)}}; }

// A closed object: `required` names the properties that are always there.
json object(json properties, std::vector<std::string> required, const char* description = nullptr) {
  json j = {{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
  if (!required.empty()) j["required"] = std::move(required);
  if (description) j["description"] = description;
  return j;
}

std::vector<std::string> names(const auto& table) { return {table.begin(), table.end()}; }

json schemas(const ServerSettings& settings) {
  const json strings = array_of(typed("string"));
  json s;
  s["RouteRequest"] = object(
      {{"from", {{"type", "string"}, {"description", "Origin: id, name, alias or UN/LOCODE"}, {"example", "Xian"}}},
       {"to", {{"type", "string"}, {"description", "Destination"}, {"example", "Tashkent"}}},
       {"via", {{"type", "array"}, {"maxItems", 16}, {"items", typed("string")}, {"description", "Pass through these places, in order"}}},
       {"depart", {{"type", "string"}, {"description", "Departure, ISO 8601 (default: now)"}, {"example", "2026-12-07T08:00Z"}}},
       {"objectives", {{"type", "array"}, {"items", string_enum({"time", "cost", "co2", "risk"})}, {"default", {"time", "cost", "co2"}}}},
       {"optimize", {{"type", "string"}, {"enum", {"time", "cost", "co2", "risk"}}, {"description", "Only the single best on this objective"}}},
       {"eps", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}, {"default", 0.05}, {"description", "ε-dominance: hide options within this fraction of another"}}},
       {"max_results", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}, {"default", 7}, {"description", "At most this many itineraries (0 = all)"}}},
       {"reliability", {{"type", "string"}, {"enum", {"median", "p90"}}, {"default", "median"}}},
       {"green_lane", {{"type", "boolean"}, {"default", false},
                       {"description", "Pre-declared cargo (declaration lodged before departure, AEO): road crossings clear it in their green lanes (green_lane_clear_hours) instead of the published time"}}},
       {"max_wait_days", {{"type", "number"}, {"minimum", 0}, {"maximum", 366}, {"default", 7},
                          {"description", "No option waits longer than this at one place (a closed crossing, a rare service); "
                                          "what only such a wait reaches is listed in left_out. 0 = no limit"}}},
       {"avoid_countries", {{"type", "array"}, {"items", typed("string")}, {"description", "ISO 3166-1 alpha-2 codes"}}},
       {"avoid_crossings", {{"type", "array"}, {"items", typed("string")}, {"description", "Border crossings: id, name, a checkpoint, or a country pair such as CN-KZ (the whole border)"}}},
       {"avoid_chokepoints", {{"type", "array"}, {"items", typed("string")}, {"description", "suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape"}}},
       {"modes", {{"type", "array"}, {"items", string_enum({"rail", "road", "ferry", "sea", "air"})}, {"default", {"rail", "road", "ferry", "sea", "air"}},
                  {"description", "air: flights, for parcels only"}}},
       {"cargo", ref("CargoRequest")},
       {"containers", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 1}}},
       {"container", {{"type", "string"}, {"enum", {"20ft", "40ft", "45ft"}}, {"default", "40ft"}}},
       {"currency", {{"type", "string"}, {"enum", {"USD", "EUR", "CNY", "KZT", "UZS", "RUB", "TRY"}}, {"default", "USD"},
                     {"description", "Also give every cost in this currency (currencies.csv rate in force on the departure date)"}}},
       {"rates", {{"type", "array"}, {"items", ref("RateCardRow")},
                  {"description", "A rate card's rows, overriding the bundled prices (and the rate card the server was started with) for the elements they name"}}},
       {"gross_tonnes", {{"type", "number"}, {"minimum", 0}, {"description", "Cargo mass (default: payload_t_per_teu per TEU)"}}},
       {"block_train", {{"type", "boolean"}, {"default", false},
                        {"description", "Rail without a service as a train of one's own, paid whole (from rail_block_train_teu on it is the default); else single wagons"}}},
       {"first_mile", {{"type", "boolean"}, {"default", false},
                       {"description", "`from` may be a city outside the network or \"lat,lon\": reach the nearest covered places of its "
                                       "country by road (estimated distances; see `access` in the answer)"}}},
       {"last_mile", {{"type", "boolean"}, {"default", false},
                      {"description", "`to` may be a city outside the network or \"lat,lon\": leave the network by road from the "
                                      "nearest covered places of its country"}}},
       {"scenario", typed("string", "Scenario name from GET /v1/scenarios (default: the baseline)")},
       {"format", {{"type", "string"}, {"enum", {"json", "geojson"}}, {"default", "json"},
                   {"description", "json: the RouteResult; geojson: the legs as a FeatureCollection (application/geo+json)"}}}},
      {"from", "to"}, "The options of `caravan route`; list items may hold comma-separated values");

  s["CargoRequest"] = object(
      {{"kind", {{"type", "string"}, {"enum", {"fcl", "lcl", "parcel"}}, {"default", "fcl"},
                 {"description", "fcl: full containers (containers, container, gross_tonnes); lcl: groupage between consolidation hubs, priced per W/M; "
                                 "parcel: express trucks and flights, priced per chargeable kg"}}},
       {"weight_kg", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1000000}, {"description", "lcl, parcel: actual gross weight (required)"}}},
       {"volume_m3", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 10000}, {"description", "lcl: volume (required); parcel: volume, for the chargeable weight"}}},
       {"pieces", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}, {"description", "lcl, parcel: packages"}}},
       {"value_usd", {{"type", "number"}, {"minimum", 0}, {"maximum", 1000000000},
                      {"description", "parcel: the goods' value, compared with each country's low-value customs limit"}}},
       {"reefer", {{"type", "boolean"}, {"default", false},
                   {"description", "fcl: temperature-controlled; only services and modes that carry reefers, never unplugged longer than reefer_max_unplugged_hours"}}},
       {"dangerous", {{"type", json::array({"integer", "string"})}, {"description", "UN dangerous goods class 1..9 (3 or \"3\"): kept out of what cargo_rules.csv closes to it"}}},
       {"fresh_produce", {{"type", "boolean"}, {"default", false}, {"description", "Plants or plant products: the phytosanitary certificate travels with each leg"}}}},
      {}, "What is shipped (docs/cli.md, \"Groupage (LCL)\", \"Parcels and air\" and \"Reefers and dangerous goods\")");
  s["RateCardRow"] = object(
      {{"applies_to", string_enum({"service", "link", "crossing", "mode"})},
       {"id", typed("string", "The element's id, or a mode (rail, road, ferry, sea) or profile of modes.csv")},
       {"container", string_enum({"20ft", "40ft", "45ft", "any"})},
       {"usd", {{"type", "number"}, {"minimum", 0}, {"description", "USD per container (per container-km for a mode)"}}},
       {"valid_from", typed("string", "YYYY-MM-DD; absent, null or empty: open")},
       {"valid_to", typed("string", "YYYY-MM-DD; absent, null or empty: open")}},
      {"applies_to", "id", "container", "usd"}, "One row of a rate card (docs/data-format.md, \"Rate cards\")");
  s["ConvertedCost"] = object({{"currency", typed("string", "ISO 4217")},
                               {"units_per_usd", typed("number", "currencies.csv rate in force on the departure date")},
                               {"amount", typed("number", "cost_usd in this currency: the sum of cost_breakdown")},
                               {"cost_breakdown", ref("CostBreakdown")}},
                              {"currency", "units_per_usd", "amount", "cost_breakdown"},
                              "The cost in the requested currency (present when it is not USD); cost_usd stays beside it");
  s["LocalTime"] = object({{"utc", typed("string", "ISO 8601 in UTC, minutes")}, {"local", typed("string", "ISO 8601 with the place's UTC offset")}},
                          {"utc", "local"});
  s["PlaceRef"] = object({{"id", typed("string")}, {"name", typed("string")}}, {"id", "name"});
  s["CostBreakdown"] = object({{"freight", typed("number", "Carriage: tariffs and rates per km")},
                               {"border_fees", typed("number", "Fees at border crossings")},
                               {"handling", typed("number", "Container lifts at terminals and ports")},
                               {"transshipment", typed("number", "Gauge changes")},
                               {"storage", typed("number", "Storage beyond free time (none is priced in the bundled data)")},
                               {"documents", typed("number", "Consignment notes, bills of lading, declarations")}},
                              {"freight", "border_fees", "handling", "transshipment", "storage", "documents"},
                              "USD for the whole shipment; the parts add up to cost_usd beside it");
  s["ItinerarySummary"] = object(
      {{"depart", nullable("LocalTime")},
       {"arrive", nullable("LocalTime")},
       {"duration_hours", typed("number")},
       {"distance_km", typed("number")},
       {"cost_usd", typed("number", "The whole shipment, USD: the sum of cost_breakdown")},
       {"cost_breakdown", ref("CostBreakdown")},
       {"cost", ref("ConvertedCost")},
       {"co2e_kg", typed("number", "Well-to-wheel CO2e")},
       {"co2e_ttw_kg", typed("number", "Tank-to-wheel CO2e")},
       {"risk", typed("number", "Probability of a disruption on the way")},
       {"risk_factors", {{"type", "array"}, {"items", ref("RiskFactor")},
                         {"description", "What the risk is made of: each place and crossing passed with a chance of its own, in order, "
                                         "then the way itself (kind 'way'); 1 - risk is the product of (1 - p)"}}},
       {"countries", {{"type", "array"}, {"items", typed("string")}, {"description", "ISO alpha-2, in order"}}},
       {"border_crossings", typed("integer")},
       {"gauge_changes", typed("integer")},
       {"transshipments", typed("integer")},
       {"reefer", object({{"unplugged_hours", typed("number", "The longest time without power")},
                          {"unplugged_from", typed("string", "Node id where that stretch starts (absent when never unplugged)")},
                          {"unplugged_to", typed("string", "Node id where it ends")},
                          {"unplugged_limit_hours", typed("number", "reefer_max_unplugged_hours")}},
                         {"unplugged_hours", "unplugged_limit_hours"}, "Reefer queries: the longest unpowered stretch")},
       {"dangerous_goods", {{"type", "array"}, {"items", ref("CargoRuleRef")}, {"description", "Dangerous goods: rules of unknown acceptance passed; check with the operator"}}},
       {"customs", {{"type", "array"}, {"items", ref("ParcelCustoms")},
                    {"description", "Parcels: the origin country's export treatment and the destination country's low-value import rule"}}},
       {"usd_per_kg", typed("number", "Parcels: cost_usd per kg of the parcel's actual weight")},
       {"destination_dwell_hours",
        typed("number", "Port dwell at the destination after discharge, before release (only where the port has one)")}},
      {"depart", "arrive", "duration_hours", "distance_km", "cost_usd", "cost_breakdown", "co2e_kg", "co2e_ttw_kg", "risk",
       "countries", "border_crossings", "gauge_changes", "transshipments"});
  s["CargoRuleRef"] = object({{"applies_to", string_enum({"mode", "service", "link", "crossing", "node"})},
                               {"id", typed("string", "The element's id, or a mode")},
                               {"restriction", typed("string", "In words")},
                               {"rule", string_enum({"carries_reefers", "forbids_dangerous", "dangerous_unknown"})},
                               {"fastest_without_days", typed("number", "restrictions only: the fastest option the rule keeps the cargo off")}},
                              {"applies_to", "id", "restriction", "rule"}, "A row of cargo_rules.csv (docs/data-format.md)");
  s["ParcelCustoms"] = object(
      {{"at", ref("PlaceRef")},
       {"country", typed("string", "ISO alpha-2")},
       {"direction", string_enum({"export", "import"})},
       {"regime", typed("string")},
       {"limit", typed("string", "The low-value limit in words, e.g. EUR 200 and 31 kg per shipment")},
       {"outcome", string_enum({"within", "above", "unknown"})},
       {"treatment", typed("string", "What applies, and why (value against the limit at the rate of the day)")},
       {"declaration", typed("string", "The simplified declaration, where one exists")}},
      {"at", "country", "direction", "regime", "limit", "outcome", "treatment", "declaration"},
      "ecommerce_customs.csv: the rule in force where and when the parcel leaves or enters");
  s["RiskFactor"] = object({{"kind", typed("string", "chokepoint, seaport, ferry_port… (a place's kind), crossing, or way")},
                            {"id", typed("string")},
                            {"name", typed("string")},
                            {"p", typed("number", "Chance of a disruption at this element for one passage")},
                            {"distance_km", typed("number", "For the way: the itinerary's length")}},
                           {"kind", "p"});
  s["CrossingPassage"] = object({{"id", typed("string")},
                                 {"name", typed("string")},
                                 {"processing_hours", typed("number")},
                                 {"wait_hours", typed("number")},
                                 {"why", {{"type", json::array({"string", "null"})}, {"description", "Why the cargo waited (closed hours, holiday…)"}}},
                                 {"fee_usd", typed("number")},
                                 {"gauge_change", typed("boolean")},
                                 {"green_lane", typed("boolean", "Cleared in the green lane (green_lane asked, road crossing)")}},
                                {"id", "name", "processing_hours", "wait_hours", "why", "fee_usd", "gauge_change", "green_lane"});
  s["BorderPassed"] = object(
      {{"id", typed("string")},
       {"name", typed("string")},
       {"entry", typed("string", "Node id of the side reached first")},
       {"exit", typed("string", "Node id of the side left")},
       {"from_country", typed("string")},
       {"to_country", typed("string")},
       {"scheduled", typed("boolean", "Passed on a scheduled train: time and fees are in its timetable and tariff")},
       {"gauge_change", typed("boolean")},
       {"green_lane", typed("boolean", "Cleared in the green lane (green_lane asked, road crossing)")},
       {"processing_hours", typed("number", "Open time to clear (own vehicle)")},
       {"wait_hours", typed("number", "Closed time while clearing (own vehicle)")},
       {"fee_usd", typed("number")}},
      {"id", "name", "entry", "exit", "from_country", "to_country", "scheduled", "gauge_change", "green_lane", "processing_hours",
       "wait_hours", "fee_usd"});
  s["Leg"] = object({{"from", ref("PlaceRef")},
                     {"to", ref("PlaceRef")},
                     {"mode", string_enum(names(kModeNames))},
                     {"ready", ref("LocalTime")},
                     {"depart", ref("LocalTime")},
                     {"arrive", ref("LocalTime")},
                     {"wait_hours", typed("number")},
                     {"wait_reason", typed("string")},
                     {"rest_hours", typed("number", "Drivers' rest on the road")},
                     {"port_dwell_hours", typed("number", "Port dwell at `from` after discharge from a ship or ferry")},
                     {"distance_km", typed("number")},
                     {"cost_usd", typed("number", "USD: the sum of cost_breakdown (unloading at the destination is in the last leg)")},
                     {"cost_breakdown", ref("CostBreakdown")},
                     {"cost", ref("ConvertedCost")},
                     {"co2e_kg", typed("number")},
                     {"co2e_ttw_kg", typed("number")},
                     {"transshipment", typed("boolean")},
                     {"gauge_change", typed("boolean")},
                     {"service", {{"type", json::array({"string", "null"})}, {"description", "Scheduled service id"}}},
                     {"service_name", typed("string")},
                     {"revenue_tonnes", typed("number", "Groupage rides: the W/M charged, the larger of m³ and tonnes (at the service's kg_per_wm), at least lcl_minimum_wm")},
                     {"usd_per_wm", typed("number", "Groupage rides: the service's price per W/M for its whole route")},
                     {"chargeable_kg", typed("number", "Parcel rides: the larger of the actual kg and the volume over the carrier's divisor")},
                     {"usd_per_kg", typed("number", "Parcel rides: the service's price per chargeable kg for its whole route")},
                     {"rail_dispatch", {{"type", "string"}, {"enum", {"block train", "single wagons"}},
                                        {"description", "How a rail leg without a service moves"}}},
                     {"crossing", nullable("CrossingPassage")},
                     {"crossings", array_of(ref("BorderPassed"))},
                     {"documents", strings},
                     {"geometry", object({{"type", string_enum({"LineString"})},
                                          {"coordinates", array_of(array_of(typed("number")))}},
                                         {"type", "coordinates"},
                                         "GeoJSON LineString of the leg: the lane or line of each link where recorded "
                                         "(geometry.csv), else straight between the nodes passed; simplified to 5 km")},
                     {"path", {{"type", "array"}, {"items", typed("string")}, {"minItems", 2},
                               {"description", "Node ids the leg passes as planned: the first is the leg's from, the last its to"}}}},
                    {"from", "to", "mode", "ready", "depart", "arrive", "wait_hours", "distance_km", "cost_usd", "cost_breakdown",
                     "co2e_kg", "co2e_ttw_kg", "transshipment", "gauge_change", "service", "crossing", "crossings", "documents", "geometry", "path"});
  s["Itinerary"] = object({{"summary", ref("ItinerarySummary")}, {"legs", array_of(ref("Leg"))}}, {"summary", "legs"});
  s["RouteResult"] = object(
      {{"query", object({{"from", typed("string")}, {"to", typed("string")}, {"depart", typed("string")},
                         {"scenario", typed("string", "Empty for the baseline")},
                         {"container", string_enum({"20ft", "40ft", "45ft"})}, {"containers", typed("integer")},
                         {"currency", typed("string", "The currency of each `cost` object (USD: none)")},
                         {"cargo", object({{"kind", string_enum({"fcl", "lcl", "parcel"})}, {"weight_kg", typed("number", "lcl, parcel")}, {"volume_m3", typed("number", "lcl, parcel")},
                                           {"pieces", typed("integer")}, {"value_usd", typed("number", "parcel")}, {"reefer", typed("boolean")}, {"dangerous", typed("integer", "UN class")},
                                           {"fresh_produce", typed("boolean")}},
                                          {"kind"}, "Present for cargo other than plain fcl (lcl, a parcel, a reefer, dangerous goods, fresh produce)")}},
                        {"from", "to", "depart", "scenario", "container", "containers", "currency"})},
       {"itineraries", {{"type", "array"}, {"items", ref("Itinerary")}, {"description", "Fastest first"}}},
       {"access",
        {{"type", "array"},
         {"description", "The first and last miles the request asked for (present when any): the shipper's point and the "
                         "estimated road links joining it to the network; its node id is FIRST_MILE or LAST_MILE in the legs"},
         {"items", object({{"end", string_enum({"first_mile", "last_mile"})},
                           {"asked", typed("string", "The place as the request gave it")},
                           {"node", typed("string")},
                           {"name", typed("string")},
                           {"country", typed("string")},
                           {"country_from", typed("string", "gazetteer, or the nearest gazetteer town for coordinates")},
                           {"lat", typed("number")},
                           {"lon", typed("number")},
                           {"mode", string_enum({"road"})},
                           {"estimated", typed("boolean")},
                           {"distance_basis", typed("string")},
                           {"reaches", array_of(object({{"place", typed("string")}, {"name", typed("string")}, {"link", typed("string")},
                                                        {"distance_km", typed("number")}},
                                                       {"place", "name", "link", "distance_km"}))}},
                          {"end", "asked", "node", "name", "country", "country_from", "lat", "lon", "mode", "estimated",
                           "distance_basis", "reaches"})}}},
       {"left_out",
        {{"type", "array"},
         {"description", "Crossings, services or links where every option waited longer than max_wait_days, and stretches "
                         "where a reefer would be unplugged longer than reefer_max_unplugged_hours (present when any)"},
         {"items", object({{"kind", string_enum({"crossing", "service", "link", "stretch"})},
                           {"limit", {{"type", "string"}, {"enum", {"reefer"}}, {"description", "Present for a reefer's stretch"}}},
                           {"id", typed("string")},
                           {"name", typed("string")},
                           {"wait_days", typed("number", "The longest wait met there")},
                           {"why", typed("string", "What was waited for")},
                           {"fastest_days", typed("number", "The fastest option through it, door to door")},
                           {"note", typed("string", "The same in words")}},
                          {"kind", "id", "name", "wait_days", "why", "fastest_days", "note"})}}},
       {"no_route",
        object({{"reason", typed("string", "In words, naming the request field")},
                {"cause", {{"type", "string"}, {"enum", {"constraint", "constraints_together", "unreachable"}}}},
                {"constraint", {{"type", "string"},
                                {"enum", {"avoid_countries", "avoid_crossings", "avoid_chokepoints", "modes", "via", "max_wait_days", "reefer", "dangerous"}},
                                {"description", "The request field that cut every route off (cause constraint)"}}},
                {"values", {{"type", "array"}, {"items", typed("string")},
                            {"description", "Its values: country codes, crossing or node ids"}}},
                {"best_without", ref("Itinerary")}},
               {"reason", "cause"}, "Present when there is no itinerary: what cut every route off")},
       {"restrictions", {{"type", "array"}, {"items", ref("CargoRuleRef")}, {"description", "Dangerous goods: the rules that kept the answer off the faster route (present when any)"}}}},
      {"query", "itineraries"});

  s["MatrixRequest"] = object(
      {{"from", {{"type", "array"}, {"items", typed("string")}, {"description", "Origins (items may be comma separated)"}, {"example", {"Xian", "Urumqi"}}}},
       {"to", {{"type", "array"}, {"items", typed("string")}, {"description", "Destinations"}, {"example", {"Tashkent", "Almaty"}}}},
       {"depart", typed("string", "Departure, ISO 8601 (default: now)")},
       {"departures", {{"type", "integer"}, {"minimum", 1}, {"maximum", 31}, {"default", 1},
                       {"description", "Departures per pair: depart, depart + every_hours, … (which day to ship)"}}},
       {"every_hours", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 168}, {"default", 24}}},
       {"scenario", typed("string", "Scenario name (default: the baseline)")},
       {"rates", {{"type", "array"}, {"items", ref("RateCardRow")},
                  {"description", "A rate card's rows, overriding the bundled prices (and the rate card the server was started with) for the elements they name"}}}},
      {"from", "to"},
      ("The options of `caravan matrix`: every origin × destination pair and departure, at most matrix_max_cells = " +
       std::to_string(settings.matrix_max_cells) + " cells").c_str());
  s["MatrixCell"] = object({{"from", typed("string")},
                            {"to", typed("string")},
                            {"depart", typed("string", "This cell's departure, ISO 8601 UTC")},
                            {"fastest", nullable("ItinerarySummary")},
                            {"cheapest", nullable("ItinerarySummary")},
                            {"greenest", nullable("ItinerarySummary")}},
                           {"from", "to", "depart", "fastest", "cheapest", "greenest"},
                           "null when there is no route, or when the origin is the destination");
  s["MatrixResult"] = object(
      {{"query", object({{"from", strings}, {"to", strings}, {"depart", typed("string")}, {"departures", typed("integer")},
                         {"every_hours", typed("number")}, {"scenario", typed("string")}},
                        {"from", "to", "depart", "departures", "every_hours", "scenario"})},
       {"cells", {{"type", "array"}, {"items", ref("MatrixCell")},
                  {"description", "Row by row: every destination of the first origin, then of the second…; each pair's departures in order"}}}},
      {"query", "cells"});

  s["NodePlace"] = object({{"type", string_enum({"node"})},
                           {"id", typed("string")},
                           {"name", typed("string")},
                           {"country", typed("string")},
                           {"kind", string_enum(names(kNodeKindNames))},
                           {"lat", typed("number")},
                           {"lon", typed("number")},
                           {"aliases", strings},
                           {"unlocode", typed("string")},
                           {"timezone", typed("string")},
                           {"matched", typed("string", "The name, alias, id or code that matched")}},
                          {"type", "id", "name", "country", "kind", "lat", "lon", "aliases", "unlocode", "timezone", "matched"});
  s["GaugeChange"] = object({{"hours", typed("number")}, {"usd_per_teu", typed("number")}}, {"hours", "usd_per_teu"});
  s["CrossingPlace"] = object({{"type", string_enum({"crossing"})},
                               {"id", typed("string")},
                               {"name", typed("string")},
                               {"aliases", strings},
                               {"mode", string_enum(names(kModeNames))},
                               {"side_a", typed("string")},
                               {"side_b", typed("string")},
                               {"countries", strings},
                               {"hours_a", typed("string", "Opening hours, local time of side a")},
                               {"hours_b", typed("string")},
                               {"timezone_a", typed("string")},
                               {"timezone_b", typed("string")},
                               {"median_h_ab", typed("number")},
                               {"p90_h_ab", typed("number")},
                               {"median_h_ba", typed("number")},
                               {"p90_h_ba", typed("number")},
                               {"fee_usd_per_teu", typed("number")},
                               {"disruption_p", typed("number")},
                               {"source", typed("string")},
                               {"seasonal_closure", typed("string", "MM-DD..MM-DD")},
                               {"capacity_per_day", typed("number")},
                               {"capacity_teu_day", typed("number")},
                               {"gauge_change", ref("GaugeChange")},
                               {"matched", typed("string")}},
                              {"type", "id", "name", "aliases", "mode", "side_a", "side_b", "countries", "hours_a", "hours_b",
                               "timezone_a", "timezone_b", "median_h_ab", "p90_h_ab", "median_h_ba", "p90_h_ba",
                               "fee_usd_per_teu", "disruption_p", "source", "matched"});
  s["Place"] = {{"oneOf", {ref("NodePlace"), ref("CrossingPlace")}}};

  s["Scenario"] = object({{"name", typed("string")}, {"description", typed("string")}, {"source", typed("string")}},
                         {"name", "description", "source"});
  s["Scenarios"] = object({{"scenarios", array_of(ref("Scenario"))}}, {"scenarios"});
  s["Health"] = object({{"status", string_enum({"ok"})},
                        {"nodes", typed("integer")},
                        {"links", typed("integer")},
                        {"crossings", typed("integer")},
                        {"services", typed("integer")},
                        {"scenarios", typed("integer")}},
                       {"status", "nodes", "links", "crossings", "services", "scenarios"});
  s["FeatureCollection"] = object(
      {{"type", string_enum({"FeatureCollection"})},
       {"features", array_of(object({{"type", string_enum({"Feature"})},
                                     {"id", typed("string")},
                                     {"geometry", {{"type", "object"}, {"required", {"type", "coordinates"}},
                                                   {"properties", {{"type", string_enum({"Point", "LineString"})}, {"coordinates", typed("array")}}}}},
                                     {"properties", typed("object", "kind node, link or crossing; see docs/data-format.md")}},
                                    {"type", "id", "geometry", "properties"}))},
       {"scenario", typed("string")}},
      {"type", "features"}, "GeoJSON (RFC 7946)");

  s["Candidate"] = object({{"type", string_enum({"node", "crossing"})}, {"id", typed("string")}, {"name", typed("string")},
                           {"country", typed("string")}},
                          {"type", "id", "name"});
  s["ProblemError"] = object(
      {{"pointer", typed("string", "RFC 6901 pointer into the request body (\"\" = the whole body)")},
       {"parameter", typed("string", "Query parameter at fault")},
       {"detail", typed("string")},
       {"candidates", {{"type", "array"},
                       {"items", {{"oneOf", {ref("Candidate"), typed("string", "A scenario name")}}}},
                       {"description", "What an unknown or ambiguous place or scenario may have meant"}}}},
      {"detail"});
  s["Problem"] = object({{"type", typed("string", "urn:caravan:problem:<slug>")},
                         {"title", typed("string")},
                         {"status", typed("integer")},
                         {"detail", typed("string")},
                         {"errors", array_of(ref("ProblemError"))}},
                        {"type", "title", "status", "detail"}, "RFC 9457 problem details");
  return s;
}

}  // namespace

nlohmann::json openapi_document(const ServerSettings& settings) {
  auto problem_response = [](const char* description) {
    return json{{"description", description}, {"content", {{"application/problem+json", {{"schema", ref("Problem")}}}}}};
  };
  auto ok = [](const char* description, const char* media, json schema) {
    return json{{"description", description}, {"content", {{media, {{"schema", std::move(schema)}}}}}};
  };
  auto body = [](const char* schema) {
    return json{{"required", true}, {"content", {{"application/json", {{"schema", ref(schema)}}}}}};
  };
  const json other = problem_response("Any other error (404 no such endpoint, 413 body over the limit, 500 a bug)");
  const json scenario_param = {{"name", "scenario"}, {"in", "query"}, {"required", false},
                               {"description", "Scenario name from GET /v1/scenarios (default: the baseline)"},
                               {"schema", {{"type", "string"}}}};
  const std::string limits =
      "Settings: route_budget_ms = " + std::to_string(settings.route_budget_ms) + ", matrix_budget_ms = " +
      std::to_string(settings.matrix_budget_ms) + " (time budgets; over them the answer is 503), matrix_max_cells = " +
      std::to_string(settings.matrix_max_cells) + ", route_max_via = " + std::to_string(settings.route_max_via) +
      ", route_max_results = " + std::to_string(settings.route_max_results) + ", request bodies up to " + std::to_string(settings.max_body_bytes) +
      " bytes, chunked or not (larger: 413), JSON nested at most 64 levels (deeper: 400), headers within " +
      std::to_string(settings.head_timeout_ms) + " ms and bodies within " + std::to_string(settings.body_timeout_ms) +
      " ms (else 408), at most " + std::to_string(settings.max_connections_per_client) +
      " connections per client address (more: 429), analysis_budget_ms = " + std::to_string(settings.analysis_budget_ms) +
      " (over it: 503).";

  json paths = {
      {"/v1/health",
       {{"get",
         {{"summary", "Liveness and what is loaded"},
          {"responses", {{"200", ok("Server is up", "application/json", ref("Health"))}, {"default", other}}}}}}},
      {"/v1/network",
       {{"get",
         {{"summary", "The network as GeoJSON (RFC 7946): nodes, links, crossings"},
          {"parameters", {scenario_param}},
          {"responses",
           {{"200", ok("FeatureCollection", "application/geo+json", ref("FeatureCollection"))},
            {"400", problem_response("Unknown scenario")},
            {"default", other}}}}}}},
      {"/v1/places",
       {{"get",
         {{"summary", "Find places and crossings by id, name, alias or UN/LOCODE"},
          {"parameters",
           {{{"name", "q"}, {"in", "query"}, {"required", false}, {"description", "What to look for (all places when empty)"},
             {"schema", {{"type", "string"}}}},
            scenario_param}},
          {"responses",
           {{"200", ok("Matching places (exact matches, else partial ones)", "application/json", array_of(ref("Place")))},
            {"400", problem_response("Unknown scenario")},
            {"default", other}}}}}}},
      {"/v1/scenarios",
       {{"get",
         {{"summary", "The bundled scenarios"},
          {"responses", {{"200", ok("Scenarios", "application/json", ref("Scenarios"))}, {"default", other}}}}}}},
      {"/v1/route",
       {{"post",
         {{"summary", "Plan freight itineraries (the Pareto choices); the same answer as the JSON of the `caravan route` command"},
          {"requestBody", body("RouteRequest")},
          {"responses",
           {{"200", [&] {
               auto r = ok("Itineraries, fastest first; no_route explains an empty list", "application/json", ref("RouteResult"));
               r["content"]["application/geo+json"] = {
                   {"schema", object({{"type", string_enum({"FeatureCollection"})},
                                      {"features", {{"type", "array"}, {"items", typed("object")},
                                                    {"description", "One LineString per leg; properties itinerary, leg, mode, from, to, depart, arrive, service"}}}},
                                     {"type", "features"}, "With \"format\": \"geojson\"")}};
               return r;
             }()},
            {"400", problem_response("Invalid JSON, unknown field, bad value, unknown/ambiguous place (with candidates) or unknown scenario")},
            {"413", problem_response("Request body larger than the limit")},
            {"503", problem_response("The search ran out of route_budget_ms")},
            {"default", other}}}}}}},
      {"/v1/matrix",
       {{"post",
         {{"summary", "Fastest, cheapest and greenest itinerary summary for every origin × destination pair; the same answer as the JSON of the `caravan matrix` command"},
          {"requestBody", body("MatrixRequest")},
          {"responses",
           {{"200", ok("One cell per pair", "application/json", ref("MatrixResult"))},
            {"400", problem_response("Invalid JSON, unknown field, bad value, unknown/ambiguous place (with candidates), too many pairs or unknown scenario")},
            {"413", problem_response("Request body larger than the limit")},
            {"503", problem_response("The pairs ran out of matrix_budget_ms")},
            {"default", other}}}}}}},
      {"/v1/openapi.json",
       {{"get",
         {{"summary", "This document"},
          {"responses", {{"200", ok("OpenAPI 3 document", "application/json", typed("object"))}, {"default", other}}}}}}}};

  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Caravan API"},
            {"version", "0.1.0"},
            {"description",
             "Multimodal freight planning for the China–Central Asia corridors. Errors are RFC 9457 problem details "
             "(application/problem+json). " + limits}}},
          {"paths", std::move(paths)},
          {"components", {{"schemas", schemas(settings)}}}};
}

}  // namespace caravan::api
