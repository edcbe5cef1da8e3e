#include "api/analysis_endpoints.hpp"

#include <httplib.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "analysis/assignment.hpp"
#include "analysis/capacity.hpp"
#include "analysis/scenario_compare.hpp"
#include "api/body_reader.hpp"
#include "api/http_json.hpp"
#include "api/work_guard.hpp"
#include "request/constraints.hpp"
#include "request/departure.hpp"
#include "request/place_resolver.hpp"

namespace caravan::api {
namespace {

using json = nlohmann::json;

// The fields every analysis takes besides its own.
constexpr std::string_view kCommonFields[] = {"avoid_countries", "avoid_crossings", "avoid_chokepoints", "modes",
                                              "progress", "scenario"};

void only(FieldReader& in, std::initializer_list<std::string_view> own) {
  std::vector<std::string_view> known(own);
  known.insert(known.end(), std::begin(kCommonFields), std::end(kCommonFields));
  for (const auto& [key, _] : in.object().items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      in.error(in.pointer(key), fmt::format("unknown field '{}'", key));
}

RouteConstraints read_constraints(FieldReader& in, const LoadedNetwork& loaded) {
  ConstraintRequest o;
  in.string_or_strings("avoid_countries", o.avoid_countries);
  in.string_or_strings("avoid_crossings", o.avoid_crossings);
  in.string_or_strings("avoid_chokepoints", o.avoid_chokepoints);
  in.string_or_strings("modes", o.modes);
  RequestErrors errors;
  auto built = resolve_constraints(*loaded.network, *loaded.places, o, errors);
  in.request_errors(errors, loaded.network.get());
  return built;
}

TimePoint read_time(FieldReader& in, const std::string& key) {
  std::string text;
  in.string(key, text);
  RequestErrors errors;
  const TimePoint t = resolve_departure(text, {key, in.pointer(key)}, errors);
  in.request_errors(errors);
  return t;
}

NodeIdx read_place(FieldReader& in, const LoadedNetwork& loaded, const std::string& key) {
  if (!in.has(key) || !in.object()[key].is_string()) {
    in.error(in.pointer(key), "must be a place name");
    return NodeIdx{};
  }
  RequestErrors errors;
  const NodeIdx v = resolve_place(*loaded.places, in.object()[key].get<std::string>(), {key, in.pointer(key)}, errors);
  in.request_errors(errors, loaded.network.get());
  return v;
}

struct AnalysisLimits {
  std::shared_ptr<WorkSlots> slots;
  std::chrono::milliseconds budget;
  unsigned threads = 2;  // worker threads of one run
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
void respond(bool progress, httplib::Response& res, const AnalysisLimits& limits,
             std::function<json(const analysis::RunControl&)> work) {
  if (!progress) {
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

struct CompareJob {
  analysis::CompareSide base, scenario;
  std::vector<analysis::OdPair> pairs;
  analysis::CompareOptions options;
};

CompareJob read_compare(const ApiData& data, const AnalysisLimits& limits, FieldReader& in) {
  only(in, {"base", "pairs", "depart", "optimize"});
  CompareJob job;
  std::string base_name = "baseline", scenario_name;
  const LoadedNetwork* b = read_scenario(in, data, "base", &base_name);
  if (!in.has("scenario")) in.error("/scenario", "name the scenario to compare (a bundled name or \"baseline\")");
  const LoadedNetwork* s = read_scenario(in, data, "scenario", &scenario_name);
  if (!b || !s) return job;
  job.base = {b->network, base_name, {}};
  job.scenario = {s->network, scenario_name, read_constraints(in, *s)};
  job.base.constraints.modes_mask = job.scenario.constraints.modes_mask;  // modes frame both sides; avoidance is the scenario's
  if (in.has("pairs")) {
    if (!in.object()["pairs"].is_array() || in.object()["pairs"].empty())
      in.error("/pairs", "must be a non-empty array of {from, to}");
    else in.objects("pairs", [&](FieldReader& p, std::size_t) {
      const analysis::OdPair pair{read_place(p, data.baseline, "from"), read_place(p, data.baseline, "to"), 0};
      if (pair.from.valid() && pair.from == pair.to) p.error(p.pointer("to"), "is the same place as the origin");
      job.pairs.push_back(pair);
    });
  } else {
    job.pairs = analysis::hub_pairs(*data.baseline.network);
  }
  job.options.depart = read_time(in, "depart");
  std::string optimize = "time";
  in.string("optimize", optimize);
  if (const auto objective = enum_from_name<Objective>(kObjectiveNames, optimize)) job.options.optimize = *objective;
  else in.error("/optimize", fmt::format("'{}' is not one of time, cost, co2, risk", optimize));
  job.options.cargo.size = ContainerSize::ft40;
  job.options.threads = limits.threads;
  return job;
}

struct CapacityJob {
  const LoadedNetwork* loaded = nullptr;
  analysis::CapacityQuery query;
};

CapacityJob read_capacity(const ApiData& data, const AnalysisLimits&, FieldReader& in) {
  only(in, {"from", "to", "mode", "at", "include_planned"});
  CapacityJob job;
  job.loaded = read_scenario(in, data, "scenario");
  if (!job.loaded) return job;
  auto& q = job.query;
  auto region = [&](const char* key) {
    std::string text;
    in.string(key, text);
    auto r = analysis::parse_region(*job.loaded->network, *job.loaded->places, text);
    if (!r.error.empty()) in.error(in.pointer(key), r.error);
    return std::move(r.region);
  };
  q.from = region("from");
  q.to = region("to");
  std::string mode = "freight";
  in.string("mode", mode);
  if (mode != "freight" && mode != "pipeline") in.error("/mode", fmt::format("'{}' is not one of freight, pipeline", mode));
  q.network = mode == "pipeline" ? analysis::CapacityNetwork::pipeline : analysis::CapacityNetwork::freight;
  q.availability.at = read_time(in, "at");
  in.boolean("include_planned", q.availability.include_planned);
  q.availability.constraints = read_constraints(in, *job.loaded);
  in.number("max_detour", q.max_detour);
  if (q.max_detour != 0 && !(q.max_detour >= 1 && q.max_detour <= 100))
    in.error("/max_detour", "must be 0 (no limit) or a factor from 1 to 100");
  return job;
}

json run_capacity(const CapacityJob& job) {
  try {
    return analysis::capacity_json(*job.loaded->network, job.query, analysis::max_sustainable_flow(*job.loaded->network, job.query));
  } catch (const std::invalid_argument& e) {
    throw BadField("/to", e.what());  // a place in both regions, found while building the flow network
  }
}

void read_demand_row(FieldReader& d, const LoadedNetwork& loaded, std::size_t i, std::vector<analysis::DemandRow>& rows) {
  analysis::DemandRow row;
  row.from = read_place(d, loaded, "origin");
  row.to = read_place(d, loaded, "destination");
  if (row.from.valid() && row.from == row.to) d.error(d.pointer("destination"), "is the same place as the origin");
  const json& teu = d.object().value("teu_per_year", json());
  if (!teu.is_number() || teu.get<double>() < 0) d.error(d.pointer("teu_per_year"), "must be a number ≥ 0");
  else row.teu_per_year = teu.get<double>();
  d.string("cargo_class", row.cargo_class);
  std::optional<double> value;
  if (d.has("value_usd_per_teu")) {
    const json& v = d.object()["value_usd_per_teu"];
    if (!v.is_number() || v.get<double>() < 0) d.error(d.pointer("value_usd_per_teu"), "must be a number ≥ 0");
    else value = v.get<double>();
  }
  for (const auto& c : analysis::kCargoClasses)
    if (!value && c.name == row.cargo_class) value = c.value_usd_per_teu;
  if (!value)
    d.error(d.pointer("cargo_class"),
            fmt::format("'{}' is not one of bulk, general, high-value (or give value_usd_per_teu)", row.cargo_class));
  else row.value_of_time = analysis::value_of_time_usd_per_teu_hour(*value);
  row.line = static_cast<int>(i);
  rows.push_back(std::move(row));
}

struct AssignJob {
  const LoadedNetwork* loaded = nullptr;
  std::vector<analysis::DemandRow> rows;
  analysis::Availability availability;
  analysis::AssignOptions options;
};

AssignJob read_assign(const ApiData& data, const AnalysisLimits& limits, FieldReader& in) {
  only(in, {"demand", "method", "iterations", "gap", "at"});
  AssignJob job;
  job.loaded = read_scenario(in, data, "scenario");
  if (!job.loaded) return job;
  const json& demand = in.object().value("demand", json());
  if (!demand.is_array() || demand.empty())
    in.error("/demand", "must be a non-empty array of {origin, destination, teu_per_year, cargo_class}");
  else in.objects("demand", [&](FieldReader& d, std::size_t i) { read_demand_row(d, *job.loaded, i, job.rows); });
  job.availability.at = read_time(in, "at");
  job.availability.constraints = read_constraints(in, *job.loaded);
  auto& o = job.options;
  std::string method = "fw";
  in.string("method", method);
  if (method != "aon" && method != "msa" && method != "fw")
    in.error("/method", fmt::format("'{}' is not one of aon, msa, fw", method));
  o.method = method == "aon" ? analysis::AssignMethod::aon : method == "msa" ? analysis::AssignMethod::msa : analysis::AssignMethod::fw;
  in.integer("iterations", o.iterations, 1, 10000);
  in.number("gap", o.gap_tolerance);
  if (!(o.gap_tolerance >= 0 && o.gap_tolerance < 1)) in.error("/gap", "must be within [0, 1)");
  o.threads = limits.threads;
  return job;
}

// Reads the request with `read` and answers every problem as one 400 before any work or
// streaming starts; null after answering.
template <class Read>
auto read_job(const ApiData& data, const AnalysisLimits& limits, Read read, const httplib::Request& req,
              httplib::Response& res, bool& progress) {
  using Job = decltype(read(data, limits, std::declval<FieldReader&>()));
  std::shared_ptr<Job> job;
  const auto in = BodyReader::open(req, res);
  if (!in) return job;
  job = std::make_shared<Job>(read(data, limits, *in));
  in->boolean("progress", progress);
  if (in->reject(res, "Invalid analysis request")) job.reset();
  return job;
}

void bad_field(httplib::Response& res, const BadField& e) {
  problem(res, 400, "invalid-request", "Invalid analysis request", e.what(),
          json::array({{{"pointer", e.pointer}, {"detail", e.what()}}}));
}

// An analysis that runs in a slot within the budget (streamed when "progress" is true). BadField
// thrown while running (a problem only the run can find) is a 400 as well.
template <class Read, class Run>
httplib::Server::Handler endpoint(std::shared_ptr<const ApiData> data, const AnalysisLimits& limits, Read read, Run run) {
  return [data, limits, read, run](const httplib::Request& req, httplib::Response& res) {
    bool progress = false;
    const auto job = read_job(*data, limits, read, req, res, progress);
    if (!job) return;
    try {
      respond(progress, res, limits, [job, run](const analysis::RunControl& control) { return run(*job, control); });
    } catch (const BadField& e) {
      bad_field(res, e);
    }
  };
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
             {"include_planned", {{"type", "boolean"}}},
             {"max_detour", {{"type", "number"}, {"description", "freight: only paths at most this many times the shortest (km); 0 = any; default 1.5"}}}}),
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
  const AnalysisLimits limits{std::make_shared<WorkSlots>(slots), std::chrono::milliseconds(settings.analysis_budget_ms),
                              static_cast<unsigned>(std::max(1, settings.analysis_threads))};
  EndpointGroup group;
  group.name = "analysis";
  group.mount = [data, limits](httplib::Server& svr) {
    svr.Post("/v1/analysis/compare", endpoint(data, limits, read_compare, [data](const CompareJob& job, const analysis::RunControl& control) {
               return analysis::compare_json(*data->baseline.network,
                                             analysis::compare_scenarios(job.base, job.scenario, job.pairs, job.options, control));
             }));
    // A capacity is one max-flow on the network: answered at once, outside the analysis slots.
    svr.Post("/v1/analysis/capacity", [data, limits](const httplib::Request& req, httplib::Response& res) {
      bool progress = false;
      const auto job = read_job(*data, limits, read_capacity, req, res, progress);
      if (!job) return;
      try {
        send_json(res, run_capacity(*job));
      } catch (const BadField& e) {
        bad_field(res, e);
      }
    });
    svr.Post("/v1/analysis/assign", endpoint(data, limits, read_assign, [](const AssignJob& job, const analysis::RunControl& control) {
               const auto graph = analysis::build_assignment_graph(*job.loaded->network, job.availability);
               const auto result = analysis::assign(graph, job.rows, job.options, control);
               return analysis::assignment_json(*job.loaded->network, graph, job.rows, result);
             }));
  };
  group.describe = describe;
  return group;
}

}  // namespace caravan::api
