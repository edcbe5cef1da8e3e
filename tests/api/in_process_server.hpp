#pragma once
// An ApiServer over the bundled data on an ephemeral loopback port, in the test process.
#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>

#include "api/server.hpp"

namespace caravan::testing {

class InProcessServer {
 public:
  InProcessServer(std::shared_ptr<const api::ApiData> data, api::ServerSettings settings)
      : server_(std::move(data), with_any_port(std::move(settings))) {
    if (!server_.bind()) return;
    thread_ = std::thread([this] { server_.listen(); });
    for (int i = 0; i < 400 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~InProcessServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] int port() const { return server_.port(); }
  [[nodiscard]] httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(30, 0);
    return c;
  }

  // The bundled network and scenarios, loaded once per test program.
  static std::shared_ptr<const api::ApiData> bundled() {
    static const auto data = api::load_api_data(default_data_dir() + "/corridors", default_data_dir() + "/scenarios");
    return data;
  }

 private:
  static api::ServerSettings with_any_port(api::ServerSettings s) {
    s.port = 0;
    return s;
  }
  api::ApiServer server_;
  std::thread thread_;
};

}  // namespace caravan::testing
