#pragma once
// The HTTP JSON API (`caravan serve`): the network and every bundled scenario loaded once, then
// health, GeoJSON, place search, scenarios and route planning over cpp-httplib.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "network/network.hpp"
#include "network/places.hpp"
#include "network/scenario.hpp"

namespace httplib {
class Server;
}

namespace caravan {
class BorderDelayModel;
}

namespace caravan::api {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8080;                          // 0 = any free port (see ApiServer::port())
  int threads = 64;                         // worker pool: >= concurrent keep-alive clients
  int search_slots = 0;                     // searches running at once, FIFO (0 = one per core)
  int route_budget_ms = 2000;               // per POST /v1/route search budget; over it → 503
  int matrix_budget_ms = 5000;              // per POST /v1/matrix budget (all its cells); over it → 503
  std::size_t matrix_max_cells = 400;       // origins × destinations per POST /v1/matrix; more → 400
  std::size_t max_body_bytes = 1u << 20;    // larger request bodies → 413, whatever the transfer encoding
  std::size_t route_max_via = 16;           // via places per POST /v1/route; more → 400
  int route_max_results = 1000;             // the largest max_results POST /v1/route accepts
  // Connection limits (api/guarded_server.hpp, docs/api.md "Limits").
  int head_timeout_ms = 10000;              // request line and headers must arrive within; else 408
  int body_timeout_ms = 30000;              // the body must arrive within (after the head); else 408
  int keep_alive_timeout_ms = 5000;         // an idle connection closes after
  int max_connections_per_client = 128;     // open connections per client address; more → 429
  int stop_grace_ms = 1500;                 // on SIGTERM, in-flight requests get this long
  int analysis_budget_ms = 30000;           // per /v1/analysis/* run; over it → 503 (running work is cancelled)
  int analysis_slots = 0;                   // analyses running at once, the others wait (0 = one per core)
  int analysis_threads = 2;                 // worker threads of one /v1/analysis/* run
  std::string access_log;                   // one JSON line per request: "" off, "-" stderr, else a file
  // Crossing times for POST /v1/route (`caravan serve --border-delays FILE`); null keeps the
  // bundled crossing medians.
  std::shared_ptr<const BorderDelayModel> border_delays;
  // The rate card of `caravan serve --rates FILE`, read against each loaded network (the baseline
  // and every scenario; keyed by the network); null: the bundled prices. A request's own `rates`
  // rows come before it for the elements they name.
  std::shared_ptr<const std::map<const Network*, std::vector<Tariff>>> rate_cards;
};

// One loaded network (the baseline or a scenario) with its place index.
struct LoadedNetwork {
  std::shared_ptr<const Network> network;
  std::unique_ptr<PlaceIndex> places;
  ScenarioInfo info;  // empty name for the baseline
};

struct ApiData {
  std::string corridors_dir, scenarios_dir;
  LoadedNetwork baseline;
  std::map<std::string, LoadedNetwork> scenarios;  // by name

  // The baseline for "" or "baseline", else the named scenario; null when unknown.
  [[nodiscard]] const LoadedNetwork* find(std::string_view scenario) const;
  [[nodiscard]] nlohmann::json scenario_names() const;
};

class FieldReader;
// The network a request body's scenario field `key` names (absent, "" or "baseline": the
// baseline); null after adding a problem (not a string, or unknown: the candidates are the
// bundled names). `name`, when given, receives the field's text when present.
const LoadedNetwork* read_scenario(FieldReader& in, const ApiData& data, std::string_view key = "scenario",
                                   std::string* name = nullptr);

// Loads the network and applies every bundled scenario; throws std::runtime_error listing the
// diagnostics when the data or a scenario has problems.
std::shared_ptr<const ApiData> load_api_data(const std::string& corridors_dir, const std::string& scenarios_dir);

// The OpenAPI 3 description of the core endpoints (groups add theirs, see EndpointGroup).
nlohmann::json openapi_document(const ServerSettings& settings);

// Endpoints another module mounts under /v1 (border simulation, transit declarations…), so that
// server.cpp does not grow with every module. The group's handlers answer errors with
// api/http_json.hpp's problem(); `describe` adds the group's paths and component schemas to the
// OpenAPI document, which a test checks against what the server does.
struct EndpointGroup {
  std::string name;
  std::function<void(httplib::Server&)> mount;
  std::function<void(nlohmann::json& openapi)> describe;
};

class SearchSlots;
class GuardedServer;
class Metrics;
class AccessLog;

class ApiServer {
 public:
  // `metrics` is shared with the groups that report to it (the transit store); null: the server's own.
  ApiServer(std::shared_ptr<const ApiData> data, ServerSettings settings, std::vector<EndpointGroup> groups = {},
            std::shared_ptr<Metrics> metrics = nullptr);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds the socket; returns false when the address is not available. After it, port() is real.
  bool bind();
  [[nodiscard]] int port() const { return port_; }
  // Serves until stop(); returns false on a socket error.
  bool listen();
  // Thread-safe; makes listen() return once in-flight requests finish.
  void stop();
  [[nodiscard]] bool is_running() const;

 private:
  void install_routes();
  void install_observability();
  std::shared_ptr<const ApiData> data_;
  std::shared_ptr<SearchSlots> slots_;
  std::shared_ptr<Metrics> metrics_;
  std::shared_ptr<AccessLog> access_log_;
  int listen_socket_ = -1;  // seen when httplib creates it, to widen its accept backlog
  ServerSettings settings_;
  std::vector<EndpointGroup> groups_;
  std::unique_ptr<GuardedServer> server_;
  int port_ = 0;
};

}  // namespace caravan::api
