#include "api/simulate_endpoints.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "api/body_reader.hpp"
#include "api/http_json.hpp"
#include "border/crossing_report.hpp"

namespace caravan::api {
namespace {

using json = nlohmann::json;


constexpr std::string_view kFields[] = {"crossing", "mode", "direction", "days", "warmup_days", "arrivals_per_day",
                                       "green_share", "red_share", "capacity_per_day", "second_side_capacity_per_day",
                                       "gauge_capacity_per_day", "hours", "buffer", "capacity_steps", "initial_queue",
                                       "start", "replications", "seed", "sample_every_h", "scenario", "arrival_profile",
                                       "service_times_h"};
constexpr long long kIntMin = std::numeric_limits<int>::min(), kIntMax = std::numeric_limits<int>::max();

// An array of numbers; each element is checked by `ok`, which returns what is wrong or "".
template <class Check>
std::optional<std::vector<double>> number_array(FieldReader& in, const std::string& key, Check ok) {
  const json& v = in.object()[key];
  if (!v.is_array()) {
    in.error(in.pointer(key), fmt::format("'{}' must be an array of numbers", key));
    return std::nullopt;
  }
  std::vector<double> out;
  out.reserve(v.size());
  bool good = true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = fmt::format("{}/{}", in.pointer(key), i);
    if (!v[i].is_number()) {
      in.error(at, fmt::format("'{}' element {} must be a number", key, i));
      good = false;
      continue;
    }
    const double x = v[i].get<double>();
    if (const std::string wrong = ok(x); !wrong.empty()) {
      in.error(at, fmt::format("'{}' element {} {}", key, i, wrong));
      good = false;
    }
    out.push_back(x);
  }
  if (!good) return std::nullopt;
  return out;
}

void read_arrival_profile(FieldReader& in, border::CrossingRequest& r) {
  if (!in.has("arrival_profile")) return;
  const auto weights = number_array(in, "arrival_profile", [](double w) {
    return w >= 0 && std::isfinite(w) ? std::string() : fmt::format("must be >= 0 (got {})", w);
  });
  if (!weights) return;
  if (weights->size() != border::kHoursPerWeek)
    return in.error("/arrival_profile",
                    fmt::format("'arrival_profile' needs exactly 168 weights, one per hour of the week (got {})", weights->size()));
  if (std::all_of(weights->begin(), weights->end(), [](double w) { return w == 0; }))
    return in.error("/arrival_profile", "'arrival_profile' weights must not all be 0");
  r.arrival_profile.emplace();
  std::copy(weights->begin(), weights->end(), r.arrival_profile->begin());
}

void read_service_times(FieldReader& in, border::CrossingRequest& r) {
  if (!in.has("service_times_h")) return;
  const json& v = in.object()["service_times_h"];
  if (v.is_array() && v.size() > border::kMaxServiceTimes)
    return in.error("/service_times_h", fmt::format("'service_times_h' has {} values, at most {} are allowed", v.size(),
                                                    border::kMaxServiceTimes));
  const auto times = number_array(in, "service_times_h", [](double h) {
    return h > 0 && std::isfinite(h) ? std::string() : fmt::format("must be more than 0 hours (got {})", h);
  });
  if (!times) return;
  if (times->empty()) return in.error("/service_times_h", "'service_times_h' needs at least 1 value");
  r.service_times_h = *times;
}

border::CrossingRequest read_request(FieldReader& in, const SimulateLimits& limits) {
  in.only(kFields);
  border::CrossingRequest r;
  in.required("crossing");
  in.string("crossing", r.crossing);
  in.string("mode", r.mode);
  in.string("direction", r.direction);
  in.number("days", r.days);
  in.number("warmup_days", r.warmup_days);
  in.number("arrivals_per_day", r.arrivals_per_day);
  in.number("green_share", r.green_share);
  in.number("red_share", r.red_share);
  in.number("capacity_per_day", r.capacity_per_day);
  in.number("second_side_capacity_per_day", r.second_side_capacity_per_day);
  in.number("gauge_capacity_per_day", r.gauge_capacity_per_day);
  in.string("hours", r.hours);
  in.integer("buffer", r.buffer, kIntMin, kIntMax);
  in.integer("initial_queue", r.initial_queue, kIntMin, kIntMax);
  in.string("start", r.start);
  in.integer("replications", r.replications, kIntMin, kIntMax);
  in.unsigned_integer("seed", r.seed);
  in.number("sample_every_h", r.sample_every_h);
  in.objects("capacity_steps", [&](FieldReader& step, std::size_t) {
    std::optional<double> day, capacity;
    step.required("day");
    step.required("capacity_per_day");
    step.number("day", day);
    step.number("capacity_per_day", capacity);
    if (day && capacity) r.capacity_steps.push_back({*day, *capacity});
  });
  read_arrival_profile(in, r);
  read_service_times(in, r);
  r.threads = limits.threads;
  return r;
}

// Vehicles the request would simulate, counted before anything runs.
double planned_vehicles(const border::CrossingModel& m, int replications) {
  double n = 0;
  for (const auto& d : m.directions) n += (d.arrivals_per_day * d.config.hours / 24.0 + d.config.initial_queue);
  return n * replications;
}

void simulate(const ApiData& data, const SimulateLimits& limits, std::atomic<int>& running, const httplib::Request& req,
              httplib::Response& res) {
  const auto in = BodyReader::open(req, res);
  if (!in) return;
  const auto request = read_request(*in, limits);
  const LoadedNetwork* found = read_scenario(*in, data);
  if (in->reject(res, "Invalid simulation request")) return;
  const LoadedNetwork& loaded = *found;
  try {
    // Build (which may calibrate a crossing once) under the concurrency limit, too.
    if (running.fetch_add(1) >= limits.concurrent) {
      running.fetch_sub(1);
      res.set_header("Retry-After", "2");
      problem(res, 503, "busy", "Simulator busy", fmt::format("{} simulations are running; retry shortly", limits.concurrent));
      return;
    }
    struct Release {
      std::atomic<int>& n;
      ~Release() { n.fetch_sub(1); }
    } release{running};
    border::CrossingRun run;
    run.model = border::build_crossing_model(*loaded.network, request, loaded.places.get());
    const double vehicles = planned_vehicles(run.model, request.replications);
    if (vehicles > limits.max_vehicles) {
      problem(res, 413, "simulation-too-large", "Simulation too large",
              fmt::format("the request would simulate {:.3g} vehicles, more than the {:.3g} allowed; lower days, "
                          "replications or arrivals_per_day", vehicles, limits.max_vehicles),
              json::array({{{"pointer", "/days"}, {"detail", "too many simulated vehicles"}}}));
      return;
    }
    for (const auto& d : run.model.directions)
      run.results.push_back(border::replicate(d.config, request.replications, request.seed, request.threads));
    send_json(res, border::crossing_result_json(*loaded.network, request, run));
  } catch (const border::ModelError& e) {
    json err{{"pointer", "/" + pointer_token(e.field)}, {"detail", e.what()}};
    if (!e.candidates.empty()) err["candidates"] = e.candidates;
    problem(res, e.field == "crossing" ? 404 : 400, e.field == "crossing" ? "unknown-crossing" : "invalid-request",
            e.field == "crossing" ? "Unknown crossing" : "Invalid simulation request", e.what(), json::array({err}));
  } catch (const std::invalid_argument& e) {
    problem(res, 400, "invalid-request", "Invalid simulation request", e.what(), json::array({{{"pointer", ""}, {"detail", e.what()}}}));
  }
}

json estimate_schema() {
  return {{"type", "object"},
          {"properties", {{"mean", {{"type", {"number", "null"}}}}, {"ci95", {{"type", "array"}, {"items", {{"type", {"number", "null"}}}}}}}}};
}

void describe(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  const json number = {{"type", "number"}};
  schemas["SimulateRequest"] = {
      {"type", "object"},
      {"required", {"crossing"}},
      {"additionalProperties", false},
      {"properties",
       {{"crossing", {{"type", "string"}, {"description", "crossing id, name or alias, or a side's place name"}}},
        {"mode", {{"type", "string"}, {"enum", {"road", "rail"}}, {"default", "road"}}},
        {"direction", {{"type", "string"}, {"enum", {"a_to_b", "b_to_a", "both"}}, {"default", "both"}}},
        {"days", {{"type", "number"}, {"default", 365}, {"exclusiveMinimum", 0}, {"maximum", 3660}}},
        {"warmup_days", number},
        {"arrivals_per_day", number},
        {"green_share", {{"type", "number"}, {"default", 0.3}, {"minimum", 0}, {"maximum", 1}}},
        {"red_share", {{"type", "number"}, {"default", 0.1}, {"minimum", 0}, {"maximum", 1}}},
        {"capacity_per_day", number},
        {"second_side_capacity_per_day", number},
        {"gauge_capacity_per_day", number},
        {"hours", {{"type", "string"}, {"description", "opening hours of both sides (OSM syntax), e.g. 24/7"}}},
        {"buffer", {{"type", "integer"}, {"minimum", 0}}},
        {"capacity_steps", {{"type", "array"}, {"items", {{"type", "object"}, {"required", {"day", "capacity_per_day"}},
                                                          {"properties", {{"day", number}, {"capacity_per_day", number}}}}}}},
        {"initial_queue", {{"type", "integer"}, {"minimum", 0}}},
        {"start", {{"type", "string"}, {"format", "date-time"}, {"default", "2025-01-06T00:00Z"}}},
        {"replications", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 10}}},
        {"seed", {{"type", "integer"}, {"minimum", 0}, {"default", 1}}},
        {"sample_every_h", number},
        {"arrival_profile",
         {{"type", "array"}, {"items", {{"type", "number"}, {"minimum", 0}}}, {"minItems", 168}, {"maxItems", 168},
          {"description", "road: weight of each hour of the week for Poisson arrivals (0 = Monday 00:00-01:00 in the local time "
                          "of the direction's first side), replacing the built-in profile; not all 0; only shapes arrivals_per_day"}}},
        {"service_times_h",
         {{"type", "array"}, {"items", {{"type", "number"}, {"exclusiveMinimum", 0}}}, {"minItems", 1}, {"maxItems", 100000},
          {"description", "measured control times (hours) of single vehicles at the first side's exit control, drawn from as an "
                          "empirical distribution for every class instead of the lognormal; not rescaled by the calibration"}}},
        {"scenario", {{"type", "string"}}}}}};
  schemas["SimulateEstimate"] = estimate_schema();
  const json est = {{"$ref", "#/components/schemas/SimulateEstimate"}};
  const json quantiles = {{"type", "object"}, {"properties", {{"mean", est}, {"p50", est}, {"p90", est}, {"p99", est}}}};
  schemas["SimulateDirection"] = {
      {"type", "object"},
      {"required", {"direction", "stations", "time_to_clear_h", "wait_h", "queue_series", "wait_histogram"}},
      {"properties",
       {{"direction", {{"type", "string"}, {"enum", {"a_to_b", "b_to_a"}}}},
        {"from_country", {{"type", "string"}}}, {"to_country", {{"type", "string"}}},
        {"arrivals_per_day", number}, {"capacity_per_day", number}, {"warmup_days", number},
        {"published_h", {{"type", {"number", "null"}}}}, {"published_source", {{"type", "string"}}},
        {"calibration", {{"type", "object"}}},
        {"stations", {{"type", "array"}, {"items", {{"type", "object"}}}}},
        {"time_to_clear_h", quantiles}, {"wait_h", quantiles}, {"p_wait", est}, {"throughput_per_day", est},
        {"queue", {{"type", "object"}}}, {"classes", {{"type", "array"}}},
        {"queue_series", {{"type", "object"}, {"properties", {{"start", {{"type", "string"}}}, {"step_h", number},
                                                              {"t", {{"type", "array"}, {"items", number}}},
                                                              {"waiting_mean", {{"type", "array"}, {"items", number}}},
                                                              {"waiting_p10", {{"type", "array"}, {"items", number}}},
                                                              {"waiting_p90", {{"type", "array"}, {"items", number}}},
                                                              {"in_crossing_mean", {{"type", "array"}, {"items", number}}}}}}},
        {"wait_histogram", {{"type", "object"}, {"properties", {{"bin_h", number}, {"share", {{"type", "array"}, {"items", number}}},
                                                                {"beyond_share", number}}}}},
        {"time_to_clear_by_hour_of_week_h", {{"type", "array"}, {"items", number}, {"minItems", 168}, {"maxItems", 168}}},
        {"little", {{"type", "object"}}}, {"events", {{"type", "integer"}}}, {"wall_seconds", number}}}};
  schemas["SimulateResult"] = {{"type", "object"},
                               {"required", {"crossing", "parameters", "directions"}},
                               {"properties", {{"crossing", {{"type", "object"}}}, {"parameters", {{"type", "object"}}},
                                               {"directions", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/SimulateDirection"}}}}}}}};
  const json problem_ref = {{"description", "problem+json with a JSON pointer"}};
  doc["paths"]["/v1/simulate"] = {
      {"post",
       {{"summary", "Simulate a border crossing (queues, time to clear, utilisation) over replications"},
        {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/SimulateRequest"}}}}}}}}},
        {"responses",
         {{"200", {{"description", "the simulation result"},
                   {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/SimulateResult"}}}}}}}}},
          {"400", problem_ref}, {"404", {{"description", "unknown crossing (problem+json with candidates)"}}},
          {"413", {{"description", "the request would simulate too many vehicles"}}},
          {"503", {{"description", "the simulator is busy; Retry-After says when to retry"}}}}}}}};
}

}  // namespace

EndpointGroup simulate_endpoint_group(std::shared_ptr<const ApiData> data, SimulateLimits limits) {
  EndpointGroup group;
  group.name = "simulate";
  auto running = std::make_shared<std::atomic<int>>(0);
  group.mount = [data, limits, running](httplib::Server& svr) {
    svr.Post("/v1/simulate", [data, limits, running](const httplib::Request& req, httplib::Response& res) {
      simulate(*data, limits, *running, req, res);
    });
  };
  group.describe = describe;
  return group;
}

}  // namespace caravan::api
