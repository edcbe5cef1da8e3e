#include "api/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "api/access_log.hpp"
#include "api/answer_shaping.hpp"
#include "api/body_reader.hpp"
#include "api/guarded_server.hpp"
#include "api/http_json.hpp"
#include "api/metrics.hpp"
#include "api/route_endpoints.hpp"
#include "api/search_slots.hpp"
#include "network/export.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

// GET /v1/network and /v1/places: the loaded data's answers, the same until a restart.
constexpr const char* kDataCacheControl = "public, max-age=300";

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

}  // namespace

const LoadedNetwork* ApiData::find(std::string_view scenario) const {
  if (scenario.empty() || scenario == "baseline") return &baseline;
  const auto it = scenarios.find(std::string(scenario));
  return it == scenarios.end() ? nullptr : &it->second;
}

json ApiData::scenario_names() const {
  json names = json::array();
  for (const auto& [name, _] : scenarios) names.push_back(name);
  return names;
}

const LoadedNetwork* read_scenario(FieldReader& in, const ApiData& data, std::string_view key, std::string* name) {
  if (in.has(key) && !in.object()[std::string(key)].is_string()) {
    in.error(in.pointer(key), "must be a string");
    return nullptr;
  }
  std::string text;
  in.string(key, text);
  if (name && in.has(key)) *name = text;
  const LoadedNetwork* found = data.find(text);
  if (!found)
    in.add({{"pointer", in.pointer(key)},
            {"detail", fmt::format("unknown scenario '{}'; see GET /v1/scenarios", text)},
            {"candidates", data.scenario_names()}},
           "unknown-scenario", "Unknown scenario");
  return found;
}

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
  // Route and matrix planning share the server's search slots, so the server mounts them itself.
  groups_.insert(groups_.begin(), route_endpoint_group(data_, settings_, slots_));
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
  std::string accept_encoding;  // taken from the request, see below
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
    // Debian's httplib compresses every JSON or text answer, whatever its size, for any
    // Accept-Encoding that contains "br" or "gzip" (even with q=0), and says no Vary; the answer
    // shaping does it instead, so httplib must not see the header. The request object is httplib's
    // own non-const local, handed here as const.
    auto& headers = const_cast<httplib::Request&>(req).headers;
    current_timing.accept_encoding.clear();
    for (auto [at, end] = headers.equal_range("Accept-Encoding"); at != end; ++at) {
      if (!current_timing.accept_encoding.empty()) current_timing.accept_encoding += ',';
      current_timing.accept_encoding += at->second;
    }
    headers.erase("Accept-Encoding");
    res.set_header("X-Request-Id", current_timing.id);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Counted and logged when the answer is ready, just before httplib writes it: a client that has
  // its answer finds it in /metrics and in the log.
  auto shaper = std::make_shared<AnswerShaper>();
  server_->set_post_routing_handler([metrics = metrics_, log = access_log_, shaper](const httplib::Request& req, httplib::Response& res) {
    // Tags, 304 and compression first, so that the metrics and the log see the status and the
    // bytes that are sent.
    if (current_timing.seen)
      shaper->finish({.method = req.method,
                      .accept_encoding = current_timing.accept_encoding,
                      .if_none_match = req.get_header_value("If-None-Match")},
                     res);
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

  // Finds the network for ?scenario=; null when unknown.
  auto pick = [data](const std::string& scenario) { return data->find(scenario); };
  auto unknown_scenario = [data](httplib::Response& res, const std::string& name, json error) {
    error["detail"] = fmt::format("unknown scenario '{}'", name);
    error["candidates"] = data->scenario_names();
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
    std::string text, etag;
  };
  auto geo = std::make_shared<std::map<std::string, GeoCache>>();
  (*geo)[""];
  for (const auto& [name, _] : data->scenarios) (*geo)[name];
  svr.Get("/v1/network", [pick, geo, unknown_scenario](const httplib::Request& req, httplib::Response& res) {
    const std::string scenario = req.get_param_value("scenario");
    const LoadedNetwork* loaded = pick(scenario);
    if (!loaded) return unknown_scenario(res, scenario, {{"parameter", "scenario"}});
    auto& cache = geo->at(loaded->info.name);
    std::call_once(cache.once, [&] {
      cache.text = network_geojson(*loaded->network).dump();
      cache.etag = entity_tag(cache.text);
    });
    // The network changes only when the server restarts with other data: caches may keep it a
    // while, then revalidate with the tag (304 when it is the same).
    res.set_header("Cache-Control", kDataCacheControl);
    res.set_header("ETag", cache.etag);
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
    res.set_header("Cache-Control", kDataCacheControl);
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
