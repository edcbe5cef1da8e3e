// The work behind one POST /v1/route of bench/http_route.lua without HTTP: plan the hub pair and
// stream the answer into a response buffer, on 1 and on all cores (one planner per thread). The ratio of the wrk
// figure to this one is what HTTP costs (docs/performance.md).
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <chrono>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>

#include <time.h>

#include "network/places.hpp"
#include "request/route_request.hpp"
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

// The query POST /v1/route builds from bench/http_route.lua's body {"from", "to", "depart"}: the
// request layer's defaults (three objectives, eps 0.05, at most 7 options, waits up to 7 days).
std::vector<RouteQuery> api_queries(const Network& net) {
  const PlaceIndex places(net);
  std::vector<RouteQuery> queries;
  for (const auto& [from, to] : hub_pairs(net)) {
    RouteRequest r;
    r.from = net.nodes[from].id;
    r.to = net.nodes[to].id;
    r.depart = "2026-12-07T08:00Z";
    auto built = build_route_query(net, places, r);
    if (!built.query) throw std::runtime_error("bench pair " + r.from + " " + r.to + " is not a valid request");
    queries.push_back(*built.query);
  }
  return queries;
}

// Routes per second over `seconds` on `threads` threads, each cycling through the pairs.
double routes_per_second(const std::shared_ptr<const Network>& net, unsigned threads, double seconds) {
  const auto queries = api_queries(*net);
  std::atomic<std::size_t> done{0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Planner planner(net);
      std::size_t n = 0, bytes = 0;
      std::string body;
      for (std::size_t i = t; std::chrono::steady_clock::now() < until; ++i, ++n) {
        const RouteQuery& q = queries[i % queries.size()];
        body.clear();
        write_route_answer(body, *net, q, planner.plan(q));
        bytes += body.size();
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

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// CPU time (not wall time, so that a busy machine does not distort it) of planning and of
// writing the answer, per route: p50, p99 and mean over `rounds` passes through the pairs. The
// answer is written as POST /v1/route writes it: streamed into a reused response buffer.
void cpu_breakdown(const std::shared_ptr<const Network>& net, int rounds) {
  const auto queries = api_queries(*net);
  Planner planner(net);
  std::vector<double> plan_us, json_us, total_us;
  std::size_t bytes = 0;
  std::string body;
  for (int r = 0; r < rounds; ++r)
    for (const RouteQuery& q : queries) {
      const double t0 = thread_cpu_us();
      const auto result = planner.plan(q);
      const double t1 = thread_cpu_us();
      body.clear();
      write_route_answer(body, *net, q, result);
      const double t2 = thread_cpu_us();
      bytes += body.size();
      plan_us.push_back(t1 - t0);
      json_us.push_back(t2 - t1);
      total_us.push_back(t2 - t0);
    }
  const double n = static_cast<double>(plan_us.size());
  auto mean = [n](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / n; };
  fmt::print("CPU per route ({:.0f} routes, {:.0f} bytes per answer), p50 / p99 / mean in us:\n", n, static_cast<double>(bytes) / n);
  fmt::print("  plan                      {:6.0f} {:6.0f} {:6.0f}\n", percentile(plan_us, 0.5), percentile(plan_us, 0.99), mean(plan_us));
  fmt::print("  JSON streamed             {:6.0f} {:6.0f} {:6.0f}\n", percentile(json_us, 0.5), percentile(json_us, 0.99), mean(json_us));
  fmt::print("  plan + JSON streamed      {:6.0f} {:6.0f} {:6.0f}\n", percentile(total_us, 0.5), percentile(total_us, 0.99), mean(total_us));
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
