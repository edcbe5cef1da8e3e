// caravan serve: the HTTP JSON API over the network and every bundled scenario.
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "api/analysis_endpoints.hpp"
#include "api/server.hpp"
#include "api/web_static.hpp"
#include "cli/common.hpp"
#include "network/export.hpp"

namespace caravan::cli {
namespace {

struct ServeOptions {
  DataOptions data;
  api::ServerSettings settings;
  std::string web_dir = api::default_web_dir();
};

void serve(const ServeOptions& o) {
  // Block SIGINT/SIGTERM in every thread (the pool inherits the mask); one thread takes them with
  // sigwait, outside any signal handler, and stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::shared_ptr<const api::ApiData> data;
  try {
    data = api::load_api_data(o.data.corridors_dir(), o.data.scenarios_dir());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  if (o.settings.threads < 1 || o.settings.threads > 1024) throw UsageError("--threads: not within 1..1024");
  if (o.settings.route_budget_ms < 1) throw UsageError("--route-budget-ms: must be positive");
  api::ApiServer server(data, o.settings, {api::analysis_endpoint_group(data), api::web_static_group(o.web_dir)});
  if (!server.bind())
    throw UsageError(fmt::format("cannot listen on {}:{} (address in use or not available)", o.settings.host, o.settings.port));

  const auto stats = network_stats(*data->baseline.network);
  std::string names;
  for (const auto& [name, _] : data->scenarios) names += (names.empty() ? "" : ", ") + name;
  std::cerr << fmt::format("caravan serve: loaded {} nodes, {} links, {} crossings, {} services from {}\n", stats.nodes,
                           stats.links, stats.crossings, stats.services, data->corridors_dir)
            << fmt::format("caravan serve: {} scenarios from {}: {}\n", data->scenarios.size(), data->scenarios_dir, names)
            << fmt::format("caravan serve: listening on http://{}:{}/v1/ ({} threads, route_budget_ms {})\n",
                           o.settings.host, server.port(), o.settings.threads, o.settings.route_budget_ms)
            << (api::web_app_built(o.web_dir)
                    ? fmt::format("caravan serve: web map at http://{}:{}/ (from {})\n", o.settings.host, server.port(), o.web_dir)
                    : fmt::format("caravan serve: web map not built in {} (run scripts/build-web)\n", o.web_dir))
            << std::flush;

  std::atomic<bool> done{false};
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (!done.load()) std::cerr << fmt::format("caravan serve: signal {}, shutting down\n", sig) << std::flush;
    server.stop();
  });
  const bool ok = server.listen();
  done = true;
  pthread_kill(watcher.native_handle(), SIGTERM);  // wakes the watcher if the server stopped by itself
  watcher.join();
  if (!ok) throw UsageError("the server stopped on a socket error");
  std::cerr << "caravan serve: stopped\n";
}

}  // namespace

void register_serve_command(CLI::App& app) {
  static ServeOptions o;
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP JSON API (see docs/api.md)");
  cmd->add_option("--host", o.settings.host, "Address to listen on")->default_str("127.0.0.1");
  cmd->add_option("--port", o.settings.port, "Port (0 = any free port)")->default_str("8080");
  cmd->add_option("--threads", o.settings.threads, "Worker threads (>= concurrent keep-alive clients)")->default_str("64");
  cmd->add_option("--route-budget-ms", o.settings.route_budget_ms,
                  "Setting route_budget_ms: search time budget per route request (over it: 503)")
      ->default_str("2000");
  cmd->add_option("--web", o.web_dir, "Built web map to serve at / (web/dist of this source tree)")->default_str(o.web_dir);
  o.data.add_to(*cmd, false);
  cmd->callback([] { serve(o); });
}

}  // namespace caravan::cli
