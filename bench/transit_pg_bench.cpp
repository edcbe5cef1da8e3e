// Acknowledged transit submissions per second with full durability on PostgreSQL (and, for the
// same-conditions comparison, on SQLite), with per-submission latency percentiles.
//
// Each client thread calls TransitService::submit with a fresh declaration (validation, reference
// number, Ed25519-signed audit entry, one store commit) and counts it only when it returned 201,
// i.e. after the store reported the commit durable: PostgreSQL with synchronous_commit=on (the
// store sets it on every session), SQLite in WAL mode with synchronous=FULL. Concurrent clients
// share transactions through group commit.
//
//   transit_pg_bench [--store ADDRESS] [--clients 1,16,64] [--submissions N]
//
// Without --store it uses CARAVAN_TEST_PG_URL, and without that it starts a throwaway cluster
// with scripts/test-postgres (removed after). Google Benchmark flags (from scripts/run-benchmarks)
// are ignored.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "fixtures.hpp"
#include "transit/open_store.hpp"
#include "transit/pg_store.hpp"

namespace {

using namespace caravan::transit;

struct Options {
  std::string store;
  std::vector<int> clients = {1, 16, 64};
  int submissions = 2000;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "transit_pg_bench: " << problem
            << "\nusage: transit_pg_bench [--store sqlite:PATH|postgresql://…] [--clients 1,16,64] [--submissions N]\n";
  std::exit(2);
}

int positive(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  usage(flag + ": expected a positive integer, got '" + text + "'");
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--benchmark_", 0) == 0) continue;
    if (i + 1 >= argc) usage(a + ": missing value");
    const std::string v = argv[++i];
    if (a == "--store") {
      o.store = v;
    } else if (a == "--submissions") {
      o.submissions = positive(a, v);
    } else if (a == "--clients") {
      o.clients.clear();
      for (std::size_t pos = 0; pos <= v.size();) {
        const auto comma = std::min(v.find(',', pos), v.size());
        o.clients.push_back(positive(a, v.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    } else {
      usage("unknown option " + a);
    }
  }
  return o;
}

// A cluster of our own when none was given; stopped and removed on exit.
class ThrowawayCluster {
 public:
  ThrowawayCluster() : dir_(std::filesystem::temp_directory_path() / ("caravan_pg_bench_" + std::to_string(::getpid()))) {
    const std::string cmd = script() + " start " + dir_.string() + " " + std::to_string(55000 + ::getpid() % 4000);
    FILE* out = ::popen(cmd.c_str(), "r");
    if (!out) throw std::runtime_error("cannot run " + cmd);
    char line[512];
    while (std::fgets(line, sizeof line, out)) url_ = line;
    if (::pclose(out) != 0 || url_.empty()) throw std::runtime_error(cmd + " failed");
    while (!url_.empty() && (url_.back() == '\n' || url_.back() == '\r')) url_.pop_back();
  }
  ~ThrowawayCluster() { std::system((script() + " stop " + dir_.string()).c_str()); }
  ThrowawayCluster(const ThrowawayCluster&) = delete;
  ThrowawayCluster& operator=(const ThrowawayCluster&) = delete;
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  static std::string script() { return std::string(CARAVAN_SOURCE_DIR) + "/scripts/test-postgres"; }
  std::filesystem::path dir_;
  std::string url_;
};

double percentile(std::vector<double>& sorted_ms, double p) {
  const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted_ms.size() - 1) + 0.5);
  return sorted_ms[std::min(i, sorted_ms.size() - 1)];
}

void run(TransitStore& store, int clients, int submissions, const std::string& run_tag, bool report = true) {
  const KeyRing keys = caravan::transit::testing::test_keys();
  const Actor& holder = *keys.by_id("holder");
  TransitService service(store, caravan::transit::testing::service_options());
  const auto* grouped = dynamic_cast<const GroupCommitStore*>(&store);
  const GroupCommitter* committer = grouped ? &grouped->group_committer() : nullptr;
  const std::size_t tx_before = committer ? committer->transactions() : 0;
  std::atomic<int> next{0}, failures{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      for (int i; (i = next++) < submissions;) {
        const auto msg = caravan::transit::testing::signed_by(keys, "holder", caravan::transit::testing::road_kz_uz(run_tag + "-" + std::to_string(i)));
        const auto t0 = std::chrono::steady_clock::now();
        const Reply r = service.submit(holder, msg);
        const auto t1 = std::chrono::steady_clock::now();
        if (r.status != 201) {
          if (failures++ == 0) std::cerr << "submission refused: " << r.status << " " << r.body.dump() << "\n";
          continue;
        }
        latencies[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  if (failures > 0 || all.empty()) throw std::runtime_error(fmt::format("{} submissions failed", failures.load()));
  const std::size_t txs = committer ? committer->transactions() - tx_before : 0;
  if (!report) return;
  fmt::print("| {} | {} | {:.0f} | {:.2f} | {:.2f} | {:.2f} | {:.1f} |\n", clients, all.size(),
             static_cast<double>(all.size()) / seconds, percentile(all, 0.50), percentile(all, 0.99), all.back(),
             txs ? static_cast<double>(all.size()) / static_cast<double>(txs) : 0.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    std::unique_ptr<ThrowawayCluster> cluster;
    std::string address = o.store;
    if (address.empty() && std::getenv("CARAVAN_TEST_PG_URL")) address = std::getenv("CARAVAN_TEST_PG_URL");
    if (address.empty()) {
      cluster = std::make_unique<ThrowawayCluster>();
      address = cluster->url();
    }
    auto store = open_transit_store(address);
    fmt::print("store {}, {} submissions per run\n\n", store->describe(), o.submissions);
    fmt::print("| clients | acknowledged | submissions/s | p50 ms | p99 ms | max ms | commits per transaction |\n");
    fmt::print("|---|---|---|---|---|---|---|\n");
    const std::string tag = fmt::format("bench-{}-{}", ::getpid(),
                                        std::chrono::system_clock::now().time_since_epoch().count());
    // Warm-up: connections, prepared statements, caches.
    run(*store, 4, 200, tag + "-warm", false);
    for (int clients : o.clients) run(*store, clients, o.submissions, tag + "-" + std::to_string(clients));
  } catch (const std::invalid_argument& e) {
    usage(e.what());
  } catch (const std::exception& e) {
    std::cerr << "transit_pg_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
