#include "api/route_endpoints.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include "api/body_reader.hpp"
#include "api/http_json.hpp"
#include "api/rate_card_field.hpp"
#include "api/search_slots.hpp"
#include "request/access_legs.hpp"
#include "request/matrix_request.hpp"
#include "request/route_request.hpp"
#include "routing/matrix.hpp"
#include "routing/route_answer.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

void read_route_request(FieldReader& in, const ServerSettings& settings, RouteRequest& r, std::string& format) {
  in.only({"format", "from", "to", "via", "depart", "objectives", "optimize", "eps", "max_results", "reliability", "green_lane",
           "max_wait_days", "avoid_countries", "avoid_crossings", "avoid_chokepoints", "modes", "cargo", "containers", "container", "gross_tonnes",
           "block_train", "first_mile", "last_mile", "currency", "rates", "scenario"});
  in.string("format", format);
  in.string("from", r.from);
  in.string("to", r.to);
  in.strings("via", r.via);
  in.string("depart", r.depart);
  in.strings("objectives", r.objectives);
  in.string("optimize", r.optimize);
  in.number("eps", r.eps);
  in.integer("max_results", r.max_results, 0, settings.route_max_results);
  in.string("reliability", r.reliability);
  in.boolean("green_lane", r.green_lane);
  in.number("max_wait_days", r.max_wait_days);
  in.strings("avoid_countries", r.constraints.avoid_countries);
  in.strings("avoid_crossings", r.constraints.avoid_crossings);
  in.strings("avoid_chokepoints", r.constraints.avoid_chokepoints);
  in.strings("modes", r.constraints.modes);
  in.object("cargo", [&r](FieldReader& cargo) {
    cargo.only({"kind", "weight_kg", "volume_m3", "pieces", "value_usd", "reefer", "dangerous", "fresh_produce"});
    cargo.string("kind", r.cargo);
    cargo.number("weight_kg", r.weight_kg);
    cargo.number("volume_m3", r.volume_m3);
    cargo.integer("pieces", r.pieces, -1000000000LL, 1000000000LL);
    cargo.number("value_usd", r.value_usd);
    cargo.boolean("reefer", r.reefer);
    cargo.boolean("fresh_produce", r.fresh_produce);
    // A UN class as a number (3) or text ("3"); the request layer checks it is 1..9.
    if (cargo.has("dangerous")) {
      const auto& v = cargo.object().at("dangerous");
      if (v.is_number_integer()) r.dangerous = std::to_string(v.get<long long>());
      else if (v.is_string() && !v.get<std::string>().empty()) r.dangerous = v.get<std::string>();
      else cargo.error(cargo.pointer("dangerous"), "must be a UN dangerous goods class 1..9");
    }
  });
  in.integer("containers", r.containers, 1, 10000);
  in.string("container", r.container);
  in.number("gross_tonnes", r.gross_tonnes);
  in.boolean("block_train", r.block_train);
  in.boolean("first_mile", r.first_mile);
  in.boolean("last_mile", r.last_mile);
  in.string("currency", r.currency);
  in.string("scenario", r.scenario);
  in.required("from");
  in.required("to");
  if (r.via.size() > settings.route_max_via)
    in.error("/via", fmt::format("at most {} places (setting route_max_via)", settings.route_max_via));
  if (format != "json" && format != "geojson") in.error("/format", fmt::format("'{}' is not one of json, geojson", format));
}

void read_matrix_request(FieldReader& in, MatrixRequest& r) {
  in.only({"from", "to", "depart", "departures", "every_hours", "rates", "scenario"});
  in.strings("from", r.from);
  in.strings("to", r.to);
  in.string("depart", r.depart);
  in.integer("departures", r.departures, 1, kMaxMatrixDepartures);
  in.number("every_hours", r.every_hours);
  in.string("scenario", r.scenario);
  in.required("from");
  in.required("to");
}

void over_budget(httplib::Response& res, std::string_view slug, std::string_view title, const std::string& detail) {
  res.set_header("Retry-After", "1");
  problem(res, 503, slug, title, detail);
}

void route(const ApiData& data, const ServerSettings& settings, SearchSlots& slots, const httplib::Request& req,
           httplib::Response& res) {
  const auto in = BodyReader::open(req, res);
  if (!in) return;
  RouteRequest request;
  std::string format = "json";
  read_route_request(*in, settings, request, format);
  const RateRows rates = read_rate_rows(*in);
  if (in->reject(res, "Invalid route request")) return;
  const LoadedNetwork* loaded = read_scenario(*in, data);
  if (in->reject(res, "Invalid route request")) return;
  RequestErrors access_errors;
  const auto accessed = add_access_legs(loaded->network, *loaded->places, request, access_errors);
  in->request_errors(access_errors, loaded->network.get());
  if (in->reject(res, "Invalid route request")) return;
  const auto& network = accessed ? accessed->network : loaded->network;
  const auto& net = *network;
  auto built = build_route_query(net, accessed ? *accessed->places : *loaded->places, accessed ? accessed->request : request);
  in->request_errors(built.errors, &net);
  std::optional<std::vector<Tariff>> card;
  const auto* rate_card = request_rate_card(*in, rates, net, settings, card);
  if (in->reject(res, "Invalid route request")) return;
  built.query->border_delays = settings.border_delays.get();
  built.query->rate_card = rate_card;
  const auto plan = [&](Planner& planner) {
    return planner.plan(*built.query, std::chrono::milliseconds(settings.route_budget_ms));
  };
  const auto result = accessed ? slots.run_once(network, plan) : slots.run(network, plan);
  if (result.budget_exhausted)
    return over_budget(res, "route-budget-exhausted", "Route search budget exhausted",
                       fmt::format("the search ran out of its time budget ({} ms, setting route_budget_ms) before "
                                   "finishing; narrow the request (fewer objectives, a larger eps, fewer via places)",
                                   settings.route_budget_ms));
  if (format == "geojson") res.set_content(itineraries_geojson(net, result.itineraries).dump(), "application/geo+json");
  else {
    // Streamed straight into the response body: no document tree (docs/performance.md).
    res.body.clear();
    write_route_answer(res.body, net, *built.query, result);
    res.set_header("Content-Type", "application/json");
  }
}

void matrix(const ApiData& data, const ServerSettings& settings, SearchSlots& slots, const httplib::Request& req,
            httplib::Response& res) {
  const auto in = BodyReader::open(req, res);
  if (!in) return;
  MatrixRequest request;
  read_matrix_request(*in, request);
  const RateRows rates = read_rate_rows(*in);
  if (in->reject(res, "Invalid matrix request")) return;
  const LoadedNetwork* loaded = read_scenario(*in, data);
  if (in->reject(res, "Invalid matrix request")) return;
  const auto& net = *loaded->network;
  auto built = build_matrix_query(*loaded->places, request, settings.matrix_max_cells);
  in->request_errors(built.errors, &net);
  std::optional<std::vector<Tariff>> card;
  const auto* rate_card = request_rate_card(*in, rates, net, settings, card);
  if (in->reject(res, "Invalid matrix request")) return;
  built.query->rate_card = rate_card;
  const auto result = slots.run(loaded->network, [&](Planner& planner) {
    return plan_matrix(*built.query, {&planner}, std::chrono::milliseconds(settings.matrix_budget_ms));
  });
  if (result.budget_exhausted)
    return over_budget(res, "matrix-budget-exhausted", "Matrix budget exhausted",
                       fmt::format("planning {} pairs ran out of the time budget ({} ms, setting matrix_budget_ms); "
                                   "ask for fewer origins or destinations",
                                   built.query->cells(), settings.matrix_budget_ms));
  send_json(res, matrix_result_json(net, *built.query, result));
}

}  // namespace

EndpointGroup route_endpoint_group(std::shared_ptr<const ApiData> data, const ServerSettings& settings,
                                   std::shared_ptr<SearchSlots> slots) {
  EndpointGroup group;
  group.name = "route";
  group.mount = [data, settings, slots](httplib::Server& svr) {
    svr.Post("/v1/route", [data, settings, slots](const httplib::Request& req, httplib::Response& res) {
      route(*data, settings, *slots, req, res);
    });
    svr.Post("/v1/matrix", [data, settings, slots](const httplib::Request& req, httplib::Response& res) {
      matrix(*data, settings, *slots, req, res);
    });
  };
  return group;
}

}  // namespace caravan::api
