#pragma once
// A real ApiServer (with any endpoint groups) listening on a loopback port on its own thread, for
// tests that talk to it through httplib::Client; destroying it stops the server and joins.
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "api/server.hpp"
#include "network/network.hpp"

namespace caravan::testing {

// The bundled corridors and every bundled scenario, as `caravan serve` loads them.
inline std::shared_ptr<const api::ApiData> bundled_api_data() {
  const std::string root = default_data_dir();
  return api::load_api_data(root + "/corridors", root + "/scenarios");
}

// Any free loopback port, `threads` workers.
inline api::ServerSettings loopback_settings(int threads) {
  api::ServerSettings settings;
  settings.port = 0;
  settings.threads = threads;
  return settings;
}

class ServedApi {
 public:
  ServedApi(std::shared_ptr<const api::ApiData> data, api::ServerSettings settings,
            std::vector<api::EndpointGroup> groups = {})
      : server_(std::move(data), std::move(settings), std::move(groups)) {
    if (!server_.bind()) throw std::runtime_error("test server: cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~ServedApi() {
    server_.stop();
    thread_.join();
  }
  ServedApi(const ServedApi&) = delete;
  ServedApi& operator=(const ServedApi&) = delete;

  [[nodiscard]] int port() const { return server_.port(); }

 private:
  api::ApiServer server_;
  std::thread thread_;
};

}  // namespace caravan::testing
