#include "api/analysis_endpoints.hpp"

#include <httplib.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "analysis/assignment.hpp"
#include "analysis/capacity.hpp"
#include "analysis/scenario_compare.hpp"
#include "api/http_json.hpp"
#include "api/work_guard.hpp"
#include "request/constraints.hpp"
#include "request/departure.hpp"
#include "request/place_resolver.hpp"

namespace caravan::api {
namespace {

using json = nlohmann::json;


template <class T>
T field(const json& body, const std::string& key, T fallback) {
  if (!body.contains(key) || body[key].is_null()) return fallback;
  try {
    return body[key].get<T>();
  } catch (const json::exception&) {
    throw BadField("/" + pointer_token(key), fmt::format("'{}' has the wrong type", key));
  }
}

std::vector<std::string> list_field(const json& body, const std::string& key, std::vector<std::string> fallback = {}) {
  if (!body.contains(key) || body[key].is_null()) return fallback;
  if (body[key].is_string()) return {body[key].get<std::string>()};
  return field<std::vector<std::string>>(body, key, fallback);
}

const LoadedNetwork& pick(const ApiData& data, const std::string& name, const std::string& pointer) {
  if (name.empty() || name == "baseline") return data.baseline;
  const auto it = data.scenarios.find(name);
  if (it == data.scenarios.end()) throw BadField(pointer, fmt::format("unknown scenario '{}'", name));
  return it->second;
}

// The request layer collects every error; this reader answers the first.
void throw_first(const RequestErrors& errors) {
  if (!errors.empty()) throw BadField(errors.front().pointer, errors.front().detail);
}

RouteConstraints constraints(const LoadedNetwork& loaded, const json& body) {
  ConstraintRequest o;
  o.avoid_countries = list_field(body, "avoid_countries");
  o.avoid_crossings = list_field(body, "avoid_crossings");
  o.avoid_chokepoints = list_field(body, "avoid_chokepoints");
  o.modes = list_field(body, "modes", o.modes);
  RequestErrors errors;
  auto built = resolve_constraints(*loaded.network, *loaded.places, o, errors);
  throw_first(errors);
  return built;
}

TimePoint time_field(const json& body, const std::string& key) {
  RequestErrors errors;
  const TimePoint t = resolve_departure(field<std::string>(body, key, ""), {key, "/" + key}, errors);
  throw_first(errors);
  return t;
}

NodeIdx place(const LoadedNetwork& loaded, const json& value, const std::string& pointer) {
  if (!value.is_string()) throw BadField(pointer, "must be a place name");
  RequestErrors errors;
  const NodeIdx v = resolve_place(*loaded.places, value.get<std::string>(), {"place", pointer}, errors);
  throw_first(errors);
  return v;
}

struct AnalysisLimits {
  std::shared_ptr<WorkSlots> slots;
  std::chrono::milliseconds budget;
};

std::string stop_detail(const GuardedRun& run) {
  switch (run.stopped()) {
    case GuardedRun::Stop::budget:
      return fmt::format("the analysis ran out of its time budget ({} ms, setting analysis_budget_ms); "
                         "ask for fewer pairs, demand rows or iterations", run.budget().count());
    case GuardedRun::Stop::stopping: return "the server is shutting down; send the request again";
    case GuardedRun::Stop::client_gone: return "the client went away";
    case GuardedRun::Stop::none: break;
  }
  return "";
}

// Runs `work` in an analysis slot, within the time budget, cancelled when the client leaves or
// the server stops, and answers with its JSON; over budget or stopping → 503. When the request
// asks for progress, streams NDJSON progress events and then {"event":"result","result":…} (or
// {"event":"error",…} when the run was stopped).
void respond(const json& body, httplib::Response& res, const AnalysisLimits& limits,
             std::function<json(const analysis::RunControl&)> work) {
  if (!field<bool>(body, "progress", false)) {
    GuardedRun run(*limits.slots, limits.budget);
    json result;
    if (run.has_slot()) {
      analysis::RunControl control;
      control.cancel = &run.cancel();
      result = work(control);
    }
    if (run.stopped() != GuardedRun::Stop::none) {
      res.set_header("Retry-After", "1");
      return problem(res, 503, run.stopped() == GuardedRun::Stop::budget ? "analysis-budget-exhausted" : "unavailable",
                     "Analysis stopped", stop_detail(run));
    }
    send_json(res, result);
    return;
  }
  res.set_chunked_content_provider(
      "application/x-ndjson", [work = std::move(work), limits](std::size_t, httplib::DataSink& sink) {
        std::mutex mutex;
        GuardedRun run(*limits.slots, limits.budget);
        analysis::RunControl control;
        control.cancel = &run.cancel();
        control.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
          std::lock_guard lock(mutex);
          const std::string line =
              json{{"event", "progress"}, {"stage", stage}, {"done", done}, {"total", total}}.dump() + "\n";
          if (!sink.is_writable() || !sink.write(line.data(), line.size())) run.cancel() = true;
        };
        json result = run.has_slot() ? work(control) : json();
        const std::string line =
            (run.stopped() == GuardedRun::Stop::none
                 ? json{{"event", "result"}, {"result", std::move(result)}}
                 : json{{"event", "error"}, {"status", 503}, {"detail", stop_detail(run)}})
                .dump() + "\n";
        if (sink.is_writable()) sink.write(line.data(), line.size());
        sink.done();
        return true;
      });
}

json compare(const ApiData& data, const json& body, const analysis::RunControl& control) {
  analysis::CompareSide base, scen;
  const auto base_name = field<std::string>(body, "base", "baseline");
  const auto scen_name = field<std::string>(body, "scenario", "");
  if (scen_name.empty()) throw BadField("/scenario", "name the scenario to compare (a bundled name or \"baseline\")");
  const auto& b = pick(data, base_name, "/base");
  const auto& s = pick(data, scen_name, "/scenario");
  base = {b.network, base_name, {}};
  scen = {s.network, scen_name, constraints(s, body)};
  base.constraints.modes_mask = scen.constraints.modes_mask;  // modes frame both sides; avoidance is the scenario's
  std::vector<analysis::OdPair> pairs;
  if (body.contains("pairs") && !body["pairs"].is_null()) {
    if (!body["pairs"].is_array() || body["pairs"].empty()) throw BadField("/pairs", "must be a non-empty array of {from, to}");
    for (std::size_t i = 0; i < body["pairs"].size(); ++i) {
      const auto& p = body["pairs"][i];
      const std::string at = fmt::format("/pairs/{}", i);
      if (!p.is_object()) throw BadField(at, "must be an object {from, to}");
      analysis::OdPair pair{place(data.baseline, p.value("from", json()), at + "/from"),
                            place(data.baseline, p.value("to", json()), at + "/to"), 0};
      if (pair.from == pair.to) throw BadField(at + "/to", "is the same place as the origin");
      pairs.push_back(pair);
    }
  } else {
    pairs = analysis::hub_pairs(*data.baseline.network);
  }
  analysis::CompareOptions o;
  o.depart = time_field(body, "depart");
  const auto optimize = field<std::string>(body, "optimize", "time");
  const auto objective = enum_from_name<Objective>(kObjectiveNames, optimize);
  if (!objective) throw BadField("/optimize", fmt::format("'{}' is not one of time, cost, co2, risk", optimize));
  o.optimize = *objective;
  o.cargo.teu_per_container = 2;
  o.threads = 2;
  const auto result = analysis::compare_scenarios(base, scen, pairs, o, control);
  return analysis::compare_json(*data.baseline.network, result);
}

json capacity(const ApiData& data, const json& body) {
  const auto& loaded = pick(data, field<std::string>(body, "scenario", ""), "/scenario");
  analysis::CapacityQuery q;
  auto region = [&](const char* key) {
    const auto text = field<std::string>(body, key, "");
    auto r = analysis::parse_region(*loaded.network, *loaded.places, text);
    if (!r.error.empty()) throw BadField(std::string("/") + key, r.error);
    return std::move(r.region);
  };
  q.from = region("from");
  q.to = region("to");
  const auto mode = field<std::string>(body, "mode", "freight");
  if (mode != "freight" && mode != "pipeline") throw BadField("/mode", fmt::format("'{}' is not one of freight, pipeline", mode));
  q.network = mode == "pipeline" ? analysis::CapacityNetwork::pipeline : analysis::CapacityNetwork::freight;
  q.availability.at = time_field(body, "at");
  q.availability.include_planned = field<bool>(body, "include_planned", false);
  q.availability.constraints = constraints(loaded, body);
  try {
    return analysis::capacity_json(*loaded.network, q, analysis::max_sustainable_flow(*loaded.network, q));
  } catch (const std::invalid_argument& e) {
    throw BadField("/to", e.what());
  }
}

std::vector<analysis::DemandRow> demand_rows(const LoadedNetwork& loaded, const json& body) {
  if (!body.contains("demand") || !body["demand"].is_array() || body["demand"].empty())
    throw BadField("/demand", "must be a non-empty array of {origin, destination, teu_per_year, cargo_class}");
  std::vector<analysis::DemandRow> rows;
  for (std::size_t i = 0; i < body["demand"].size(); ++i) {
    const auto& d = body["demand"][i];
    const std::string at = fmt::format("/demand/{}", i);
    if (!d.is_object()) throw BadField(at, "must be an object");
    analysis::DemandRow row;
    row.from = place(loaded, d.value("origin", json()), at + "/origin");
    row.to = place(loaded, d.value("destination", json()), at + "/destination");
    if (row.from == row.to) throw BadField(at + "/destination", "is the same place as the origin");
    const json teu = d.value("teu_per_year", json());
    if (!teu.is_number() || teu.get<double>() < 0) throw BadField(at + "/teu_per_year", "must be a number ≥ 0");
    row.teu_per_year = teu.get<double>();
    if (d.contains("cargo_class") && !d["cargo_class"].is_string())
      throw BadField(at + "/cargo_class", "must be a string: bulk, general or high-value");
    row.cargo_class = d.value("cargo_class", std::string());
    std::optional<double> value;
    if (d.contains("value_usd_per_teu")) {
      if (!d["value_usd_per_teu"].is_number() || d["value_usd_per_teu"].get<double>() < 0)
        throw BadField(at + "/value_usd_per_teu", "must be a number ≥ 0");
      value = d["value_usd_per_teu"].get<double>();
    }
    for (const auto& c : analysis::kCargoClasses)
      if (!value && c.name == row.cargo_class) value = c.value_usd_per_teu;
    if (!value)
      throw BadField(at + "/cargo_class",
                     fmt::format("'{}' is not one of bulk, general, high-value (or give value_usd_per_teu)", row.cargo_class));
    row.value_of_time = analysis::value_of_time_usd_per_teu_hour(*value);
    row.line = static_cast<int>(i);
    rows.push_back(std::move(row));
  }
  return rows;
}

json assign(const ApiData& data, const json& body, const analysis::RunControl& control) {
  const auto& loaded = pick(data, field<std::string>(body, "scenario", ""), "/scenario");
  const auto rows = demand_rows(loaded, body);
  analysis::Availability availability;
  availability.at = time_field(body, "at");
  availability.constraints = constraints(loaded, body);
  analysis::AssignOptions o;
  const auto method = field<std::string>(body, "method", "fw");
  if (method != "aon" && method != "msa" && method != "fw")
    throw BadField("/method", fmt::format("'{}' is not one of aon, msa, fw", method));
  o.method = method == "aon" ? analysis::AssignMethod::aon : method == "msa" ? analysis::AssignMethod::msa : analysis::AssignMethod::fw;
  o.iterations = field<int>(body, "iterations", 50);
  if (o.iterations < 1 || o.iterations > 10000) throw BadField("/iterations", "must be within 1..10000");
  o.gap_tolerance = field<double>(body, "gap", 1e-4);
  if (!(o.gap_tolerance >= 0 && o.gap_tolerance < 1)) throw BadField("/gap", "must be within [0, 1)");
  o.threads = 2;
  const auto graph = analysis::build_assignment_graph(*loaded.network, availability);
  const auto result = analysis::assign(graph, rows, o, control);
  return analysis::assignment_json(*loaded.network, graph, rows, result);
}

// Validation runs before any streaming starts, so a bad request is always a plain 400.
template <class Handler>
auto guarded(std::vector<std::string> fields, Handler handler) {
  for (const char* common : {"avoid_countries", "avoid_crossings", "avoid_chokepoints", "modes", "progress", "scenario"})
    fields.emplace_back(common);
  return [fields, handler](const httplib::Request& req, httplib::Response& res) {
    json body;
    if (!read_json_object(req, res, body)) return;
    try {
      for (const auto& [key, _] : body.items())
        if (std::find(fields.begin(), fields.end(), key) == fields.end())
          throw BadField("/" + pointer_token(key), fmt::format("unknown field '{}'", key));
      handler(body, res);
    } catch (const BadField& e) {
      problem(res, 400, "invalid-request", "Invalid analysis request", e.what(), json::array({{{"pointer", e.pointer}, {"detail", e.what()}}}));
    }
  };
}

// A run control that is cancelled from the start: the analysis validates its request and stops
// before doing any work, so errors surface as a plain 400 before a stream begins.
analysis::RunControl dry_run() {
  static const std::atomic<bool> stopped{true};
  analysis::RunControl control;
  control.cancel = &stopped;
  return control;
}

json request_schema(json properties, json required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

void describe(json& doc) {
  const json list = {{"oneOf", json::array({{{"type", "string"}}, {{"type", "array"}, {"items", {{"type", "string"}}}}})}};
  const json constraint_props = {{"avoid_countries", list}, {"avoid_crossings", list}, {"avoid_chokepoints", list}, {"modes", list}};
  auto props = [&](json extra) {
    for (auto& [k, v] : constraint_props.items()) extra[k] = v;
    extra["progress"] = {{"type", "boolean"}, {"description", "stream NDJSON progress events, then a result event"}};
    return extra;
  };
  auto& schemas = doc["components"]["schemas"];
  schemas["AnalysisCompareRequest"] = request_schema(
      props({{"base", {{"type", "string"}, {"default", "baseline"}}},
             {"scenario", {{"type", "string"}}},
             {"pairs", {{"type", "array"}, {"items", request_schema({{"from", {{"type", "string"}}}, {"to", {{"type", "string"}}}}, {"from", "to"})}}},
             {"depart", {{"type", "string"}, {"format", "date-time"}}},
             {"optimize", {{"type", "string"}, {"enum", {"time", "cost", "co2", "risk"}}}}}),
      {"scenario"});
  schemas["AnalysisCompareResult"] = {{"type", "object"}, {"required", {"base", "scenario", "pairs", "partial"}},
                                      {"properties", {{"base", {{"type", "string"}}}, {"scenario", {{"type", "string"}}},
                                                      {"partial", {{"type", "boolean"}}}, {"pairs", {{"type", "array"}}},
                                                      {"summary", {{"type", "object"}}}}}};
  schemas["AnalysisCapacityRequest"] = request_schema(
      props({{"from", {{"type", "string"}, {"description", "country codes, places or EU, comma separated"}}},
             {"to", {{"type", "string"}}},
             {"scenario", {{"type", "string"}}},
             {"mode", {{"type", "string"}, {"enum", {"freight", "pipeline"}}}},
             {"at", {{"type", "string"}, {"format", "date-time"}}},
             {"include_planned", {{"type", "boolean"}}}}),
      {"from", "to"});
  schemas["AnalysisCapacityResult"] = {{"type", "object"}, {"required", {"unit", "max_flow", "unbounded", "min_cut"}},
                                       {"properties", {{"unit", {{"type", "string"}}}, {"max_flow", {{"type", {"number", "null"}}}},
                                                       {"unbounded", {{"type", "boolean"}}}, {"min_cut", {{"type", "array"}}}}}};
  schemas["AnalysisAssignRequest"] = request_schema(
      props({{"demand", {{"type", "array"},
                         {"items", request_schema({{"origin", {{"type", "string"}}}, {"destination", {{"type", "string"}}},
                                                   {"teu_per_year", {{"type", "number"}}}, {"cargo_class", {{"type", "string"}}},
                                                   {"value_usd_per_teu", {{"type", "number"}}}},
                                                  {"origin", "destination", "teu_per_year", "cargo_class"})}}},
             {"scenario", {{"type", "string"}}},
             {"method", {{"type", "string"}, {"enum", {"aon", "msa", "fw"}}}},
             {"iterations", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
             {"gap", {{"type", "number"}}},
             {"at", {{"type", "string"}, {"format", "date-time"}}}}),
      {"demand"});
  schemas["AnalysisAssignResult"] = {{"type", "object"}, {"required", {"method", "iterations", "relative_gap", "loads", "pairs", "partial"}},
                                     {"properties", {{"method", {{"type", "string"}}}, {"iterations", {{"type", "integer"}}},
                                                     {"relative_gap", {{"type", "number"}}}, {"loads", {{"type", "array"}}},
                                                     {"pairs", {{"type", "array"}}}, {"saturated", {{"type", "array"}}},
                                                     {"partial", {{"type", "boolean"}}}}}};
  auto path = [&](const char* summary, const std::string& req, const std::string& resp) {
    return json{{"post",
                 {{"summary", summary},
                  {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + req}}}}}}}}},
                  {"responses",
                   {{"200", {{"description", "the analysis (NDJSON progress events then a result event when progress is true)"},
                             {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + resp}}}}},
                                          {"application/x-ndjson", {{"schema", {{"type", "string"}}}}}}}}},
                    {"400", {{"description", "invalid request (problem+json with a JSON pointer)"}}}}}}}};
  };
  doc["paths"]["/v1/analysis/compare"] = path("Compare the best itineraries per pair on two networks", "AnalysisCompareRequest", "AnalysisCompareResult");
  doc["paths"]["/v1/analysis/capacity"] = path("Maximum sustainable flow between two regions and its minimum cut", "AnalysisCapacityRequest", "AnalysisCapacityResult");
  doc["paths"]["/v1/analysis/assign"] = path("Assign a demand table to the network", "AnalysisAssignRequest", "AnalysisAssignResult");
}

}  // namespace

EndpointGroup analysis_endpoint_group(std::shared_ptr<const ApiData> data, const ServerSettings& settings) {
  const unsigned slots = settings.analysis_slots > 0 ? static_cast<unsigned>(settings.analysis_slots)
                                                     : std::max(1u, std::thread::hardware_concurrency());
  const AnalysisLimits limits{std::make_shared<WorkSlots>(slots), std::chrono::milliseconds(settings.analysis_budget_ms)};
  EndpointGroup group;
  group.name = "analysis";
  group.mount = [data, limits](httplib::Server& svr) {
    svr.Post("/v1/analysis/compare", guarded({"base", "pairs", "depart", "optimize"}, [data, limits](const json& body, httplib::Response& res) {
      compare(*data, body, dry_run());  // validates before any answer starts
      respond(body, res, limits, [data, body](const analysis::RunControl& control) { return compare(*data, body, control); });
    }));
    svr.Post("/v1/analysis/capacity", guarded({"from", "to", "mode", "at", "include_planned"}, [data](const json& body, httplib::Response& res) {
      send_json(res, capacity(*data, body));
    }));
    svr.Post("/v1/analysis/assign", guarded({"demand", "method", "iterations", "gap", "at"}, [data, limits](const json& body, httplib::Response& res) {
      assign(*data, body, dry_run());  // validates (and builds the graph) before any answer starts
      respond(body, res, limits, [data, body](const analysis::RunControl& control) { return assign(*data, body, control); });
    }));
  };
  group.describe = describe;
  return group;
}

}  // namespace caravan::api
