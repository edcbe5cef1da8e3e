#include "api/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "api/guarded_server.hpp"
#include "api/access_log.hpp"
#include "api/http_json.hpp"
#include "api/metrics.hpp"
#include "api/search_slots.hpp"
#include "network/export.hpp"
#include "request/matrix_request.hpp"
#include "request/route_request.hpp"
#include "routing/matrix.hpp"
#include "routing/planner.hpp"
#include "routing/route_answer.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

json candidate_json(const Network& net, const PlaceCandidate& c) {
  if (c.node.valid()) {
    const auto& n = net.nodes[c.node];
    return {{"type", "node"}, {"id", n.id}, {"name", n.name}, {"country", to_string(n.country)}};
  }
  const auto& x = net.crossings[c.crossing];
  return {{"type", "crossing"}, {"id", x.id}, {"name", x.name}};
}

json place_json(const Network& net, const PlaceCandidate& c) {
  if (c.node.valid()) {
    const auto& n = net.nodes[c.node];
    return {{"type", "node"}, {"id", n.id}, {"name", n.name}, {"country", to_string(n.country)},
            {"kind", to_string(n.kind)}, {"lat", n.lat}, {"lon", n.lon}, {"aliases", n.aliases},
            {"unlocode", n.unlocode}, {"timezone", n.timezone}, {"matched", c.matched}};
  }
  auto j = crossing_json(net, c.crossing);
  j["type"] = "crossing";
  j["matched"] = c.matched;
  return j;
}

// Reads the fields of a JSON request body with their types, collecting one {pointer, detail}
// error per problem, so that a request with several mistakes hears of all of them.
class FieldReader {
 public:
  json errors = json::array();
  void error(const std::string& pointer, const std::string& detail) {
    errors.push_back({{"pointer", pointer}, {"detail", detail}});
  }
  void unknown(const std::string& key) { error("/" + pointer_token(key), fmt::format("unknown field '{}'", key)); }
  void string(const json& v, const std::string& key, std::string& out) {
    if (v.is_string()) out = v.get<std::string>();
    else error("/" + key, "must be a string");
  }
  void list(const json& v, const std::string& key, std::vector<std::string>& out) {
    if (!v.is_array()) return error("/" + key, "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string()) out.push_back(v[i].get<std::string>());
      else error(fmt::format("/{}/{}", key, i), "must be a string");
    }
  }
  void integer(const json& v, const std::string& key, int& out, long long lo, long long hi) {
    if (!v.is_number_integer()) return error("/" + key, "must be an integer");
    const bool too_big = v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(hi);
    const long long x = too_big ? hi + 1 : v.get<long long>();
    if (x < lo || x > hi) return error("/" + key, fmt::format("must be within {}..{}", lo, hi));
    out = static_cast<int>(x);
  }
  void number(const json& v, const std::string& key, double& out) {
    if (v.is_number()) out = v.get<double>();
    else error("/" + key, "must be a number");
  }
  void required(const json& body, const char* key) {
    if (!body.contains(key)) error(std::string("/") + key, "required");
  }
};

json read_route_request(const json& body, RouteRequest& r, std::string& format) {
  FieldReader in;
  for (const auto& [key, v] : body.items()) {
    if (key == "format") in.string(v, key, format);
    else if (key == "from") in.string(v, key, r.from);
    else if (key == "to") in.string(v, key, r.to);
    else if (key == "via") in.list(v, key, r.via);
    else if (key == "depart") in.string(v, key, r.depart);
    else if (key == "objectives") in.list(v, key, r.objectives);
    else if (key == "optimize") in.string(v, key, r.optimize);
    else if (key == "eps") in.number(v, key, r.eps);
    else if (key == "max_results") in.integer(v, key, r.max_results, 0, 1000);
    else if (key == "reliability") in.string(v, key, r.reliability);
    else if (key == "avoid_countries") in.list(v, key, r.constraints.avoid_countries);
    else if (key == "avoid_crossings") in.list(v, key, r.constraints.avoid_crossings);
    else if (key == "avoid_chokepoints") in.list(v, key, r.constraints.avoid_chokepoints);
    else if (key == "modes") in.list(v, key, r.constraints.modes);
    else if (key == "containers") in.integer(v, key, r.containers, 1, 10000);
    else if (key == "container") in.string(v, key, r.container);
    else if (key == "gross_tonnes") in.number(v, key, r.gross_tonnes);
    else if (key == "scenario") in.string(v, key, r.scenario);
    else in.unknown(key);
  }
  in.required(body, "from");
  in.required(body, "to");
  if (r.via.size() > 16) in.error("/via", "at most 16 places");
  if (format != "json" && format != "geojson") in.error("/format", fmt::format("'{}' is not one of json, geojson", format));
  return in.errors;
}

json read_matrix_request(const json& body, MatrixRequest& r) {
  FieldReader in;
  for (const auto& [key, v] : body.items()) {
    if (key == "from") in.list(v, key, r.from);
    else if (key == "to") in.list(v, key, r.to);
    else if (key == "depart") in.string(v, key, r.depart);
    else if (key == "departures") in.integer(v, key, r.departures, 1, kMaxMatrixDepartures);
    else if (key == "every_hours") in.number(v, key, r.every_hours);
    else if (key == "scenario") in.string(v, key, r.scenario);
    else in.unknown(key);
  }
  in.required(body, "from");
  in.required(body, "to");
  return in.errors;
}

// Answers the model's validation errors: unknown or ambiguous places list their candidates.
void request_errors_problem(httplib::Response& res, const Network& net, const std::vector<RequestError>& found,
                            const char* title) {
  json errors = json::array();
  for (const auto& e : found) {
    json j = {{"pointer", e.pointer}, {"detail", e.detail}};
    if (e.unknown_place || !e.candidates.empty()) {
      j["candidates"] = json::array();
      for (const auto& c : e.candidates) j["candidates"].push_back(candidate_json(net, c));
    }
    errors.push_back(std::move(j));
  }
  const bool place = errors.front().contains("candidates");
  problem(res, 400, place ? "unknown-place" : "invalid-request", place ? "Unknown or ambiguous place" : title,
          errors.front()["detail"].get<std::string>(), errors);
}

}  // namespace

std::shared_ptr<const ApiData> load_api_data(const std::string& corridors_dir, const std::string& scenarios_dir) {
  auto data = std::make_shared<ApiData>();
  data->corridors_dir = corridors_dir;
  data->scenarios_dir = scenarios_dir;
  auto loaded = load_network(corridors_dir);
  if (!loaded.network)
    throw std::runtime_error("the corridor data has problems (run 'caravan network check'):\n" + loaded.diagnostics.to_string());
  data->baseline.network = loaded.network;
  data->baseline.places = std::make_unique<PlaceIndex>(*loaded.network);
  for (const auto& s : list_scenarios(scenarios_dir)) {
    auto applied = apply_scenario(*loaded.network, s.path, scenarios_dir);
    if (!applied.network) throw std::runtime_error(fmt::format("scenario {}: {}", s.name, applied.diagnostics.to_string()));
    LoadedNetwork entry;
    entry.network = applied.network;
    entry.places = std::make_unique<PlaceIndex>(*applied.network);
    entry.info = s;
    data->scenarios.emplace(s.name, std::move(entry));
  }
  return data;
}

ApiServer::ApiServer(std::shared_ptr<const ApiData> data, ServerSettings settings, std::vector<EndpointGroup> groups,
                     std::shared_ptr<Metrics> metrics)
    : data_(std::move(data)),
      metrics_(metrics ? std::move(metrics) : std::make_shared<Metrics>()),
      access_log_(settings.access_log.empty() ? nullptr : std::make_shared<AccessLog>(settings.access_log)),
      settings_(std::move(settings)),
      groups_(std::move(groups)),
      server_(std::make_unique<GuardedServer>(ConnectionLimits{
          .threads = std::max(1, settings_.threads),
          .max_body_bytes = settings_.max_body_bytes,
          .head_timeout_ms = settings_.head_timeout_ms,
          .body_timeout_ms = settings_.body_timeout_ms,
          .keep_alive_timeout_ms = settings_.keep_alive_timeout_ms,
          .max_connections_per_client = settings_.max_connections_per_client,
          .stop_grace_ms = settings_.stop_grace_ms})) {
  server_->set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, which lets a second server bind a port already in use
  // (and then share its connections); SO_REUSEADDR alone still allows a restart over TIME_WAIT.
  server_->set_socket_options([this](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket_ = sock;
  });
  slots_ = std::make_shared<SearchSlots>(
      settings_.search_slots > 0 ? static_cast<unsigned>(settings_.search_slots) : std::max(1u, std::thread::hardware_concurrency()),
      [metrics = metrics_](std::chrono::nanoseconds wait) { metrics->search_wait(wait); });
  install_observability();
  install_routes();
  for (const auto& group : groups_)
    if (group.mount) group.mount(*server_);
}

ApiServer::~ApiServer() { stop(); }

bool ApiServer::bind() {
  if (settings_.port == 0) {
    port_ = server_->bind_to_any_port(settings_.host);
  } else if (server_->bind_to_port(settings_.host, settings_.port)) {
    port_ = settings_.port;
  }
  if (port_ <= 0) return false;
  // Debian's httplib listens with a backlog of 5: when more clients connect at once, the kernel
  // drops their handshake and they wait a SYN-ACK retransmission (1 s and more) with their request
  // already sent. Listening again on the same socket only widens the queue.
  if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  return true;
}

bool ApiServer::listen() { return server_->serve(); }
void ApiServer::stop() {
  if (server_) server_->stop();
}
bool ApiServer::is_running() const { return server_->serving(); }

namespace {

// What the post-routing handler needs of a request that the pre-routing handler saw; httplib runs
// both, and the endpoint's handler between them, on the connection's thread.
struct RequestTiming {
  std::chrono::steady_clock::time_point start;
  std::string id;
  bool seen = false;
};
thread_local RequestTiming current_timing;

// "route-budget-exhausted" of a problem+json answer's type urn:caravan:problem:…; "" otherwise.
std::string_view problem_slug(const httplib::Response& res) {
  if (res.status < 400) return {};
  constexpr std::string_view kType = "\"type\":\"urn:caravan:problem:";
  const std::string_view body = res.body;
  const auto at = body.find(kType);
  if (at == std::string_view::npos) return {};
  const auto from = at + kType.size();
  const auto end = body.find('"', from);
  return end == std::string_view::npos ? std::string_view{} : body.substr(from, end - from);
}

}  // namespace

// Every request gets an id (echoed in X-Request-Id), is counted and timed for /metrics, and gets
// its line in the access log.
void ApiServer::install_observability() {
  server_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    current_timing.start = std::chrono::steady_clock::now();
    current_timing.id = request_id(req.get_header_value("X-Request-Id"));
    current_timing.seen = true;
    res.set_header("X-Request-Id", current_timing.id);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Counted and logged when the answer is ready, just before httplib writes it: a client that has
  // its answer finds it in /metrics and in the log.
  server_->set_post_routing_handler([metrics = metrics_, log = access_log_](const httplib::Request& req, httplib::Response& res) {
    // A request httplib refused before routing (a malformed request line) has no start: 0 s.
    const auto now = std::chrono::steady_clock::now();
    const auto duration = current_timing.seen ? now - current_timing.start : std::chrono::nanoseconds(0);
    const std::string id = current_timing.seen ? std::move(current_timing.id) : request_id("");
    if (!current_timing.seen) res.set_header("X-Request-Id", id);
    current_timing.seen = false;
    const std::string endpoint = endpoint_label(req.method, req.path, res.status);
    metrics->request(endpoint, req.method, res.status, duration, problem_slug(res));
    if (!log) return;
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    log->write({.request_id = id,
                .method = req.method,
                .path = req.path,
                .endpoint = endpoint,
                .client = req.remote_addr,
                .forwarded_for = forwarded,
                .status = res.status,
                .request_bytes = req.body.size(),
                .response_bytes = res.body.size(),
                .duration_ms = std::chrono::duration<double, std::milli>(duration).count()});
  });
  auto slots = slots_;
  metrics_->add_gauge({"caravan_search_slots", "Search slots (searches that may run at once).", [slots] { return double(slots->size()); }});
  metrics_->add_gauge({"caravan_search_slots_busy", "Search slots running a search now.", [slots] { return double(slots->busy()); }});
  metrics_->add_gauge({"caravan_search_slot_queue_length", "Searches waiting for a free search slot now.",
                       [slots] { return double(slots->queued()); }});
  server_->Get("/metrics", [metrics = metrics_](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics->render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

void ApiServer::install_routes() {
  auto& svr = *server_;
  const auto data = data_;
  const ServerSettings settings = settings_;

  // Finds the network for ?scenario= / "scenario"; null when unknown.
  auto pick = [data](const std::string& scenario) -> const LoadedNetwork* {
    if (scenario.empty() || scenario == "baseline") return &data->baseline;
    const auto it = data->scenarios.find(scenario);
    return it == data->scenarios.end() ? nullptr : &it->second;
  };
  auto scenario_names = [data] {
    json names = json::array();
    for (const auto& [name, _] : data->scenarios) names.push_back(name);
    return names;
  };
  auto unknown_scenario = [scenario_names](httplib::Response& res, const std::string& name, json error) {
    error["detail"] = fmt::format("unknown scenario '{}'", name);
    error["candidates"] = scenario_names();
    problem(res, 400, "unknown-scenario", "Unknown scenario",
            fmt::format("unknown scenario '{}'; see GET /v1/scenarios", name), json::array({error}));
  };

  const auto& net0 = *data->baseline.network;
  const json health = {{"status", "ok"},
                       {"nodes", net0.nodes.size()},
                       {"links", net0.links.size()},
                       {"crossings", net0.crossings.size()},
                       {"services", net0.services.size()},
                       {"scenarios", data->scenarios.size()}};
  // Answered by the connection layer's own thread (api/guarded_server.hpp); the route stays for
  // the rare request it hands on (HEAD, a body, a full socket buffer).
  server_->set_health_answer(json_text(health));
  svr.Get("/v1/health", [health](const httplib::Request&, httplib::Response& res) { send_json(res, health); });

  // GeoJSON is built once per network, on first request.
  struct GeoCache {
    std::once_flag once;
    std::string text;
  };
  auto geo = std::make_shared<std::map<std::string, GeoCache>>();
  (*geo)[""];
  for (const auto& [name, _] : data->scenarios) (*geo)[name];
  svr.Get("/v1/network", [pick, geo, unknown_scenario](const httplib::Request& req, httplib::Response& res) {
    const std::string scenario = req.get_param_value("scenario");
    const LoadedNetwork* loaded = pick(scenario);
    if (!loaded) return unknown_scenario(res, scenario, {{"parameter", "scenario"}});
    auto& cache = geo->at(loaded->info.name);
    std::call_once(cache.once, [&] { cache.text = network_geojson(*loaded->network).dump(); });
    res.set_content(cache.text, "application/geo+json");
  });

  svr.Get("/v1/places", [pick, unknown_scenario](const httplib::Request& req, httplib::Response& res) {
    const std::string scenario = req.get_param_value("scenario");
    const LoadedNetwork* loaded = pick(scenario);
    if (!loaded) return unknown_scenario(res, scenario, {{"parameter", "scenario"}});
    const auto& net = *loaded->network;
    const std::string q = req.get_param_value("q");
    std::vector<PlaceCandidate> found;
    if (q.empty()) {
      for (const auto v : net.nodes.indices()) found.push_back({v, CrossingIdx{}, {}});
      for (const auto c : net.crossings.indices()) found.push_back({NodeIdx{}, c, {}});
    } else {
      const auto result = loaded->places->lookup(q);
      found = result.exact.empty() ? result.partial : result.exact;
    }
    json out = json::array();
    for (const auto& c : found) out.push_back(place_json(net, c));
    send_json(res, out);
  });

  svr.Get("/v1/scenarios", [data](const httplib::Request&, httplib::Response& res) {
    json out = json::array();
    for (const auto& [name, s] : data->scenarios)
      out.push_back({{"name", name}, {"description", s.info.description}, {"source", s.info.source}});
    send_json(res, {{"scenarios", out}});
  });

  auto openapi = std::make_shared<const std::string>([&] {
    json doc = openapi_document(settings);
    for (const auto& group : groups_)
      if (group.describe) group.describe(doc);
    return doc.dump();
  }());
  svr.Get("/v1/openapi.json", [openapi](const httplib::Request&, httplib::Response& res) {
    res.set_content(*openapi, "application/json");
  });

  svr.Post("/v1/route", [pick, unknown_scenario, settings, slots = slots_](const httplib::Request& req, httplib::Response& res) {
    json body;
    if (!read_json_object(req, res, body)) return;
    RouteRequest request;
    std::string format = "json";
    const json errors = read_route_request(body, request, format);
    if (!errors.empty())
      return problem(res, 400, "invalid-request", "Invalid route request", errors.front()["detail"].get<std::string>(), errors);
    const LoadedNetwork* loaded = pick(request.scenario);
    if (!loaded) return unknown_scenario(res, request.scenario, {{"pointer", "/scenario"}});
    const auto& net = *loaded->network;
    auto built = build_route_query(net, *loaded->places, request);
    if (!built.errors.empty()) return request_errors_problem(res, net, built.errors, "Invalid route request");
    built.query->border_delays = settings.border_delays.get();
    const auto result = slots->run(loaded->network, [&](Planner& planner) {
      return planner.plan(*built.query, std::chrono::milliseconds(settings.route_budget_ms));
    });
    if (result.budget_exhausted) {
      res.set_header("Retry-After", "1");
      return problem(res, 503, "route-budget-exhausted", "Route search budget exhausted",
                     fmt::format("the search ran out of its time budget ({} ms, setting route_budget_ms) before "
                                 "finishing; narrow the request (fewer objectives, a larger eps, fewer via places)",
                                 settings.route_budget_ms));
    }
    if (format == "geojson") res.set_content(itineraries_geojson(net, result.itineraries).dump(), "application/geo+json");
    else send_json(res, route_result_json(net, *built.query, result));
  });

  svr.Post("/v1/matrix", [pick, unknown_scenario, settings, slots = slots_](const httplib::Request& req, httplib::Response& res) {
    json body;
    if (!read_json_object(req, res, body)) return;
    MatrixRequest request;
    const json errors = read_matrix_request(body, request);
    if (!errors.empty())
      return problem(res, 400, "invalid-request", "Invalid matrix request", errors.front()["detail"].get<std::string>(), errors);
    const LoadedNetwork* loaded = pick(request.scenario);
    if (!loaded) return unknown_scenario(res, request.scenario, {{"pointer", "/scenario"}});
    const auto& net = *loaded->network;
    const auto built = build_matrix_query(*loaded->places, request, settings.matrix_max_cells);
    if (!built.errors.empty()) return request_errors_problem(res, net, built.errors, "Invalid matrix request");
    const auto result = slots->run(loaded->network, [&](Planner& planner) {
      return plan_matrix(*built.query, {&planner}, std::chrono::milliseconds(settings.matrix_budget_ms));
    });
    if (result.budget_exhausted) {
      res.set_header("Retry-After", "1");
      return problem(res, 503, "matrix-budget-exhausted", "Matrix budget exhausted",
                     fmt::format("planning {} pairs ran out of the time budget ({} ms, setting matrix_budget_ms); "
                                 "ask for fewer origins or destinations",
                                 built.query->cells(), settings.matrix_budget_ms));
    }
    send_json(res, matrix_result_json(net, *built.query, result));
  });

  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    problem(res, 500, "internal-error", "Internal error", what);
  });

  // Statuses httplib sets itself (404, 413, 400 on a bad request line…) get a problem body too.
  svr.set_error_handler([settings](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    // A body cut off by the connection layer: httplib reports any failed read as 400.
    if (GuardedServer::body_failure() == "too-large") res.status = 413;
    if (GuardedServer::body_failure() == "timeout") {
      return problem(res, 408, "request-timeout", "Request timeout",
                     fmt::format("the request body did not arrive within {} ms (setting body_timeout_ms)", settings.body_timeout_ms));
    }
    switch (res.status) {
      case 404:
        return problem(res, 404, "not-found", "Not found", fmt::format("no endpoint {} {}; see GET /v1/openapi.json", req.method, req.path));
      case 413:
        // httplib parses a form-encoded body as query parameters, up to 8 KiB: every endpoint here
        // takes JSON, so say which limit this was.
        if (GuardedServer::body_failure().empty() &&
            req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0)
          return problem(res, 413, "payload-too-large", "Payload too large",
                         "a form-encoded (application/x-www-form-urlencoded) body is limited to 8192 bytes; the API "
                         "takes JSON: send it with Content-Type: application/json");
        return problem(res, 413, "payload-too-large", "Payload too large",
                       fmt::format("the request body is larger than {} bytes (setting max_body_bytes; chunked bodies "
                                   "count their bytes on the wire)", settings.max_body_bytes));
      default:
        return problem(res, res.status, "http-error", "HTTP error", fmt::format("HTTP status {}", res.status));
    }
  });
}

}  // namespace caravan::api
