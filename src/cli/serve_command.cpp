// caravan serve: the HTTP JSON API over the network and every bundled scenario.
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <iostream>
#include <thread>

#include "api/analysis_endpoints.hpp"
#include "api/metrics.hpp"
#include "api/server.hpp"
#include "api/simulate_endpoints.hpp"
#include "api/store_metrics.hpp"
#include "api/transit_endpoints.hpp"
#include "api/web_static.hpp"
#include "cli/common.hpp"
#include "network/export.hpp"
#include "routing/border_delays.hpp"
#include "transit/keys.hpp"
#include "transit/open_store.hpp"

namespace caravan::cli {
namespace {

struct ServeOptions {
  DataOptions data;
  api::ServerSettings settings;
  std::string web_dir = api::default_web_dir();
  std::string border_delays;  // delay file of `caravan simulate --write-delays`
  std::string rates;          // rate card (docs/data-format.md "Rate cards")
  std::string transit_store = "sqlite:var/transit.db";   // docs/transit.md "Storage"
  std::string transit_roster = "var/transit-roster.json";          // docs/transit.md "Key management"
  std::string transit_server_key = "var/transit-server-key.json";  // created on first start
};

// The transit endpoints' store, roster of actors' public keys and the server's own key pair
// (created on first start). No actor's secret key is read: the senders sign their messages.
api::EndpointGroup transit_group(const ServeOptions& o, const std::shared_ptr<const Network>& network,
                                 const std::shared_ptr<api::Metrics>& metrics) {
  api::TransitSetup setup;
  std::shared_ptr<transit::TransitStore> store;
  try {
    store = transit::open_transit_store(o.transit_store);
    setup.store = api::with_metrics(store, metrics);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--transit-store: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  try {
    // The roster lives in the store, shared by every server on it, so a registration or a key
    // rotation through one server holds on the others at their next request. The file seeds it:
    // its actors the store does not know yet are added.
    const bool have_roster = std::filesystem::exists(o.transit_roster);
    const auto file_actors = have_roster ? transit::ActorRoster::read(o.transit_roster) : std::vector<transit::Actor>{};
    if (auto keys = std::dynamic_pointer_cast<transit::ActorKeyStore>(store)) {
      setup.roster = std::make_shared<transit::ActorRoster>(keys);
      for (const auto& note : setup.roster->seed(file_actors, o.transit_roster)) std::cerr << "caravan serve: " << note << "\n";
    } else {
      setup.roster = std::make_shared<transit::ActorRoster>(file_actors);
      setup.roster_path = o.transit_roster;
    }
    if (setup.roster->actors().empty())
      std::cerr << fmt::format("caravan serve: no transit actors yet: register them with `caravan transit keygen "
                               "--add-to {}` (then restart) or POST /v1/transit/actors\n", o.transit_roster);
  } catch (const std::exception& e) {
    throw UsageError(std::string("--transit-roster: ") + e.what());
  }
  try {
    setup.server_key = transit::load_or_create_server_key(o.transit_server_key);
  } catch (const std::exception& e) {
    throw UsageError(std::string("--transit-server-key: ") + e.what());
  }
  std::cerr << fmt::format("caravan serve: transit store {}, {} actors (roster file {}), server key {} ({})\n",
                           setup.store->describe(), setup.roster->actors().size(), o.transit_roster,
                           setup.server_key.public_key, o.transit_server_key);
  return api::transit_endpoint_group(std::move(setup), network);
}

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
  api::ServerSettings settings = o.settings;
  if (!o.border_delays.empty()) {
    Diagnostics diagnostics;
    auto delays = BorderDelayModel::load(o.border_delays, *data->baseline.network, diagnostics);
    if (!delays) throw UsageError(fmt::format("--border-delays: {}", diagnostics.to_string()));
    settings.border_delays = std::make_shared<const BorderDelayModel>(std::move(*delays));
  }
  if (!o.rates.empty()) {
    // Read against every network a request may pick: a scenario may have elements of its own.
    auto cards = std::make_shared<std::map<const Network*, std::vector<Tariff>>>();
    (*cards)[data->baseline.network.get()] = *rate_card_or_fail(o.rates, *data->baseline.network);
    for (const auto& [name, loaded] : data->scenarios) {
      try {
        (*cards)[loaded.network.get()] = *rate_card_or_fail(o.rates, *loaded.network);
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{} (under scenario {})", e.what(), name));
      }
    }
    settings.rate_cards = std::move(cards);
  }
  if (o.settings.threads < 1 || o.settings.threads > 1024) throw UsageError("--threads: not within 1..1024");
  if (o.settings.route_budget_ms < 1) throw UsageError("--route-budget-ms: must be positive");
  if (o.settings.matrix_budget_ms < 1) throw UsageError("--matrix-budget-ms: must be positive");
  if (o.settings.matrix_max_cells < 1) throw UsageError("--matrix-max-cells: must be positive");
  if (o.settings.search_slots < 0 || o.settings.search_slots > 1024) throw UsageError("--search-slots: not within 0..1024");
  if (o.settings.analysis_slots < 0 || o.settings.analysis_slots > 1024) throw UsageError("--analysis-slots: not within 0..1024");
  if (o.settings.max_body_bytes < 1) throw UsageError("--max-body-bytes: must be positive");
  if (o.settings.head_timeout_ms < 1) throw UsageError("--head-timeout-ms: must be positive");
  if (o.settings.body_timeout_ms < 1) throw UsageError("--body-timeout-ms: must be positive");
  if (o.settings.analysis_budget_ms < 1) throw UsageError("--analysis-budget-ms: must be positive");
  if (o.settings.max_connections_per_client < 1) throw UsageError("--max-connections-per-client: must be positive");
  auto metrics = std::make_shared<api::Metrics>();
  std::vector<api::EndpointGroup> groups{api::analysis_endpoint_group(data, o.settings), api::simulate_endpoint_group(data),
                                         transit_group(o, data->baseline.network, metrics), api::web_static_group(o.web_dir)};
  std::unique_ptr<api::ApiServer> serving;
  try {
    serving = std::make_unique<api::ApiServer>(data, settings, std::move(groups), metrics);
  } catch (const std::runtime_error& e) {
    throw UsageError(fmt::format("--access-log: {}", e.what()));
  }
  api::ApiServer& server = *serving;
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
  std::mutex done_mutex;
  std::condition_variable done_cv;
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (!done.load()) std::cerr << fmt::format("caravan serve: signal {}, shutting down\n", sig) << std::flush;
    // Stops accepting, closes idle connections, cancels analyses; in-flight requests get
    // stop_grace_ms. Work that cannot be cancelled (a route search within its budget) must not
    // hold the exit: nothing it would write has been acknowledged, and every store commit is
    // atomic, so leaving now loses no acknowledged write.
    server.stop();
    std::unique_lock lock(done_mutex);
    if (!done_cv.wait_for(lock, std::chrono::milliseconds(1600), [&] { return done.load(); })) {
      std::cerr << "caravan serve: requests still running after the grace period; exiting without answering them\n"
                << std::flush;
      std::_Exit(0);
    }
  });
  const bool ok = server.listen();
  {
    std::lock_guard lock(done_mutex);
    done = true;
  }
  done_cv.notify_all();
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
  cmd->add_option("--border-delays", o.border_delays,
                  "Crossing times for POST /v1/route from a delay file of `caravan simulate --write-delays`");
  cmd->add_option("--rates", o.rates,
                  "Rate card CSV overriding the bundled prices for the elements it names (docs/data-format.md)");
  cmd->add_option("--port", o.settings.port, "Port (0 = any free port)")->default_str("8080");
  cmd->add_option("--threads", o.settings.threads, "Worker threads (>= concurrent keep-alive clients)")->default_str("64");
  cmd->add_option("--route-budget-ms", o.settings.route_budget_ms,
                  "Setting route_budget_ms: search time budget per route request (over it: 503)")
      ->default_str("2000");
  cmd->add_option("--matrix-budget-ms", o.settings.matrix_budget_ms,
                  "Setting matrix_budget_ms: time budget per matrix request, all its pairs (over it: 503)")
      ->default_str("5000");
  cmd->add_option("--matrix-max-cells", o.settings.matrix_max_cells,
                  "Setting matrix_max_cells: at most this many origin x destination pairs per matrix request")
      ->default_str("400");
  cmd->add_option("--search-slots", o.settings.search_slots,
                  "Searches running at once, the others queue first come first served (0 = one per core)")
      ->default_str("0");
  cmd->add_option("--max-body-bytes", o.settings.max_body_bytes,
                  "Setting max_body_bytes: larger request bodies are refused with 413, chunked ones too")
      ->default_str("1048576");
  cmd->add_option("--head-timeout-ms", o.settings.head_timeout_ms,
                  "Setting head_timeout_ms: the request line and headers must arrive within (else 408)")
      ->default_str("10000");
  cmd->add_option("--body-timeout-ms", o.settings.body_timeout_ms,
                  "Setting body_timeout_ms: the request body must arrive within, after the headers (else 408)")
      ->default_str("30000");
  cmd->add_option("--max-connections-per-client", o.settings.max_connections_per_client,
                  "Setting max_connections_per_client: open connections per client address (more: 429)")
      ->default_str("128");
  cmd->add_option("--analysis-budget-ms", o.settings.analysis_budget_ms,
                  "Setting analysis_budget_ms: time budget per /v1/analysis run (over it: 503)")
      ->default_str("30000");
  cmd->add_option("--analysis-slots", o.settings.analysis_slots,
                  "Analyses running at once, the others queue first come first served (0 = one per core)")
      ->default_str("0");
  cmd->add_option("--access-log", o.settings.access_log,
                  "One JSON line per request (docs/api.md \"Access log\"): - for standard error, or a file appended to");
  cmd->add_option("--web", o.web_dir, "Built web map to serve at / (web/dist of this source tree)")->default_str(o.web_dir);
  cmd->add_option("--transit-store", o.transit_store, "Transit store: sqlite:PATH or postgresql://… (docs/transit.md)")
      ->default_str(o.transit_store);
  cmd->add_option("--transit-roster", o.transit_roster,
                  "Transit actors' public keys and API key hashes (docs/transit.md); POST /v1/transit/actors adds to it")
      ->default_str(o.transit_roster);
  cmd->add_option("--transit-server-key", o.transit_server_key,
                  "The server's own key pair, countersigning the audit entries; created on first start")
      ->default_str(o.transit_server_key);
  o.data.add_to(*cmd, false);
  cmd->callback([] { serve(o); });
}

}  // namespace caravan::cli
