// The work behind one POST /v1/route of bench/http_route.lua without HTTP: plan the hub pair and
// serialise the answer, on 1 and on all cores (one planner per thread). The ratio of the wrk
// figure to this one is what HTTP costs (docs/performance.md).
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <time.h>

#include "routing/planner.hpp"
#include "routing/route_answer.hpp"

namespace {

using namespace caravan;

std::vector<std::pair<NodeIdx, NodeIdx>> hub_pairs(const Network& net) {
  std::ifstream in(std::string(CARAVAN_BENCH_DIR) + "/http_hub_pairs.csv");
  std::vector<std::pair<NodeIdx, NodeIdx>> pairs;
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    pairs.push_back({net.node_by_id.at(line.substr(0, comma)), net.node_by_id.at(line.substr(comma + 1))});
  }
  return pairs;
}

// Routes per second over `seconds` on `threads` threads, each cycling through the pairs.
double routes_per_second(const std::shared_ptr<const Network>& net, unsigned threads, double seconds) {
  const auto pairs = hub_pairs(*net);
  std::atomic<std::size_t> done{0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Planner planner(net);
      std::size_t n = 0, bytes = 0;
      for (std::size_t i = t; std::chrono::steady_clock::now() < until; ++i, ++n) {
        RouteQuery q;
        q.from = pairs[i % pairs.size()].first;
        q.to = pairs[i % pairs.size()].second;
        q.depart = *parse_iso8601("2026-12-07T08:00Z");
        q.cargo.size = ContainerSize::ft40;
        bytes += route_result_json(*net, q, planner.plan(q)).dump().size();
      }
      done += n;
      if (bytes == 0) std::cerr << "no output\n";
    });
  for (auto& th : pool) th.join();
  return static_cast<double>(done) / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// CPU time (not wall time, so that a busy machine does not distort it) of planning and of
// building + serialising the answer, per route.
void cpu_breakdown(const std::shared_ptr<const Network>& net, int rounds) {
  const auto pairs = hub_pairs(*net);
  Planner planner(net);
  double plan_us = 0, json_us = 0;
  std::size_t bytes = 0;
  for (int r = 0; r < rounds; ++r)
    for (const auto& [from, to] : pairs) {
      RouteQuery q;
      q.from = from;
      q.to = to;
      q.depart = *parse_iso8601("2026-12-07T08:00Z");
      q.cargo.size = ContainerSize::ft40;
      const double t0 = thread_cpu_us();
      const auto result = planner.plan(q);
      const double t1 = thread_cpu_us();
      bytes += route_result_json(*net, q, result).dump().size();
      plan_us += t1 - t0;
      json_us += thread_cpu_us() - t1;
    }
  const double n = static_cast<double>(rounds * pairs.size());
  fmt::print("CPU per route: plan {:.0f} us, JSON {:.0f} us ({:.0f} bytes)\n", plan_us / n, json_us / n,
             static_cast<double>(bytes) / n);
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::stod(argv[1]) : 5.0;
  const auto net = load_network(std::string(CARAVAN_DATA_DIR) + "/corridors").network;
  if (!net) return 1;
  cpu_breakdown(net, 20);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  fmt::print("plan + JSON of the wrk hub pairs, in process: {:.0f} routes/s on 1 thread\n", routes_per_second(net, 1, seconds));
  fmt::print("plan + JSON of the wrk hub pairs, in process: {:.0f} routes/s on {} threads\n",
             routes_per_second(net, cores, seconds), cores);
}
