// Acknowledged transit messages per second on the embedded SQLite store with full durability
// (WAL, synchronous=FULL), and how group commit gets there: per client count, the submissions per
// second, p50/p99 latency of one submission, and how many commits shared one transaction (fsync).
//
// Each client thread calls TransitService::submit with a fresh declaration (validation, transit
// reference, Ed25519-signed audit entry, one store commit) and counts it when it returned 201,
// i.e. after the store reported the transaction durable. A second phase sends a `start` event for
// each declaration (read, state machine, signed entry, optimistic-concurrency commit).
//
//   transit_bench [--clients 1,8,32,64] [--messages N] [--dir DIR]
//
// Google Benchmark flags (scripts/run-benchmarks passes some) are ignored.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/service.hpp"
#include "transit/sqlite_store.hpp"

namespace {

using namespace caravan::transit;
using Clock = std::chrono::steady_clock;

nlohmann::json declaration(const std::string& message_id) {
  return {{"message_id", message_id},
          {"mode", "road"},
          {"holder", {{"id", "KZ/015/2345"}, {"name", "Almaty Freight LLP"}, {"country", "KZ"}}},
          {"guarantee", {{"reference", "TIRXK12345678"}, {"amount", 60000}, {"currency", "EUR"}}},
          {"consignments",
           {{{"items", {{{"hs6", "870323"}, {"description", "Passenger cars"}, {"gross_mass_kg", 12400.5}, {"packages", 8}}}},
             {"transport_equipment", {{{"container", "CSQU3054383"}, {"number_of_seals", 1}, {"seals", {"KZ0012345"}}}}}}}},
          {"itinerary", {{{"office", "KZALMATY"}}, {{"office", "KZZHIBEK"}}, {{"office", "UZGISHTK"}}, {{"office", "UZTASHKE"}}}}};
}

struct Phase {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
};

// Runs `work(client, i)` for messages/clients messages per client; returns throughput and latency.
template <typename Work>
Phase run(int clients, int messages, Work work) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int> failures{0};
  const int per_client = std::max(1, messages / clients);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      latencies[c].reserve(per_client);
      for (int i = 0; i < per_client; ++i) {
        const auto t0 = Clock::now();
        if (!work(c, i)) ++failures;
        latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures) throw std::runtime_error(fmt::format("{} messages were not acknowledged", failures.load()));
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  return {static_cast<double>(all.size()) / seconds, all[all.size() / 2], all[std::min(all.size() - 1, all.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> client_counts{1, 8, 32, 64};
  int messages = 2000;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("caravan_transit_bench_" + std::to_string(::getpid()));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--benchmark_", 0) == 0) continue;
    if (i + 1 >= argc) {
      std::cerr << "transit_bench: " << a << ": missing value\n";
      return 2;
    }
    const std::string v = argv[++i];
    try {
      if (a == "--messages") {
        messages = std::stoi(v);
      } else if (a == "--dir") {
        dir = v;
      } else if (a == "--clients") {
        client_counts.clear();
        for (std::size_t pos = 0; pos <= v.size();) {
          const auto comma = std::min(v.find(',', pos), v.size());
          client_counts.push_back(std::stoi(v.substr(pos, comma - pos)));
          pos = comma + 1;
        }
      } else {
        std::cerr << "transit_bench: unknown option " << a << "\nusage: transit_bench [--clients 1,8,32,64] [--messages N] [--dir DIR]\n";
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "transit_bench: " << a << ": not a number: " << v << "\n";
      return 2;
    }
  }
  if (messages < 1 || client_counts.empty() ||
      std::any_of(client_counts.begin(), client_counts.end(), [](int c) { return c < 1 || c > 1024; })) {
    std::cerr << "transit_bench: --messages must be positive and --clients within 1..1024\n";
    return 2;
  }
  const KeyRing keys = KeyRing::generate({"KZ", "UZ"});
  const ActorCredentials& holder = *keys.by_id("holder");
  const ActorCredentials& customs = *keys.by_id("customs-KZ");
  ServiceOptions options;
  options.server_key = generate_signing_key();
  fmt::print("transit_bench: SQLite WAL synchronous=FULL in {}, {} messages per phase, {} hardware threads\n",
             dir.string(), messages, std::thread::hardware_concurrency());
  fmt::print("{:>8} {:>9} {:>13} {:>9} {:>9} {:>14}\n", "clients", "phase", "acked/s", "p50 ms", "p99 ms", "commits/txn");
  for (const int clients : client_counts) {
    std::filesystem::remove_all(dir);
    SqliteStore store((dir / "transit.db").string());
    TransitService service(store, options);
    std::vector<std::vector<std::string>> ids(clients);
    const std::string tag = std::to_string(clients);
    const Phase submit = run(clients, messages, [&](int c, int i) {
      // Signed as its sender's client does (the signing is part of the time per message).
      const Reply r = service.submit(
          holder, sign_message(declaration(fmt::format("b{}-{}-{}", tag, c, i)), holder.id, "", holder.secret_key));
      if (r.status != 201) return false;
      ids[c].push_back(r.body["declaration"]["id"]);
      return true;
    });
    const double submit_batch = static_cast<double>(store.group_committer().commits()) / store.group_committer().transactions();
    const auto txn_before = store.group_committer().transactions();
    const auto commits_before = store.group_committer().commits();
    const Phase start = run(clients, messages, [&](int c, int i) {
      const nlohmann::json ev = {{"message_id", fmt::format("s{}-{}-{}", tag, c, i)}, {"type", "start"}, {"office", "KZALMATY"},
                                 {"operation_id", "KZ-1"}, {"sequence", 1}};
      return service.event(customs, ids[c][i], sign_message(ev, customs.id, ids[c][i], customs.secret_key)).status == 200;
    });
    const double start_batch = static_cast<double>(store.group_committer().commits() - commits_before) /
                               static_cast<double>(store.group_committer().transactions() - txn_before);
    fmt::print("{:>8} {:>9} {:>13.0f} {:>9.2f} {:>9.2f} {:>14.1f}\n", clients, "submit", submit.per_second, submit.p50_ms,
               submit.p99_ms, submit_batch);
    fmt::print("{:>8} {:>9} {:>13.0f} {:>9.2f} {:>9.2f} {:>14.1f}\n", clients, "start", start.per_second, start.p50_ms,
               start.p99_ms, start_batch);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
