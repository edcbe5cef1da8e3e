// Border simulator speed: events per second on one thread (queue station and crossing engine),
// one simulated year of a busy crossing (about 250,000 trucks), and replications over both cores.
// Usage: border_bench [DATA_DIR]   (prints p50/p99 over repeated runs; docs/performance.md)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "border/crossing_model.hpp"
#include "border/queue_station.hpp"
#include "border/tandem.hpp"

using namespace caravan;
using namespace caravan::border;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct Summary {
  double p50, p99;
};
Summary summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.5), at(0.99)};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : std::string(CARAVAN_DATA_DIR);
  constexpr int kRepeats = 7;

  {  // M/M/1 at ρ = 0.9 on the queue station.
    StationConfig c;
    c.classes = {CustomerClass{"all", 0.9, 0, ServiceSpec{ServiceKind::exponential, 1.0, 1.0, nullptr}}};
    c.hours = 2e6;
    c.warmup = 1e4;
    QueueStation station(c);
    std::vector<double> rates;
    for (int i = 0; i < kRepeats; ++i) {
      const auto t = std::chrono::steady_clock::now();
      const auto r = station.run(static_cast<std::uint64_t>(i + 1));
      rates.push_back(static_cast<double>(r.events) / seconds_since(t) / 1e6);
    }
    const auto s = summarise(rates);
    fmt::print("queue station M/M/1 rho 0.9, 1 thread: {:.1f} M events/s p50, {:.1f} slowest run\n", s.p50, *std::min_element(rates.begin(), rates.end()));
  }
  {  // The crossing engine: two stations of 7 lanes with a buffer, three classes.
    TandemConfig c;
    c.classes = {VehicleClass{"green", 0, 0.3}, VehicleClass{"yellow", 1, 0.6}, VehicleClass{"red", 1, 0.1}};
    const std::vector<ServiceSpec> svc{ServiceSpec{ServiceKind::lognormal, 0.11, 0.6, nullptr}, ServiceSpec{ServiceKind::lognormal, 0.23, 0.6, nullptr},
                                       ServiceSpec{ServiceKind::lognormal, 0.69, 0.6, nullptr}};
    StationSpec a{"A", 7, svc, {}, {}, kUnlimited};
    StationSpec b{"B", 7, svc, {}, {}, 50};
    c.stations = {a, b};
    c.arrivals.per_hour = 25;
    c.hours = 24 * 365 * 4;
    c.warmup = 24 * 7;
    c.sample_every_h = 24;
    TandemSimulator sim(c);
    std::vector<double> rates;
    for (int i = 0; i < kRepeats; ++i) {
      const auto t = std::chrono::steady_clock::now();
      const auto r = sim.run(static_cast<std::uint64_t>(i + 1));
      rates.push_back(static_cast<double>(r.events) / seconds_since(t) / 1e6);
    }
    const auto s = summarise(rates);
    fmt::print("crossing engine, 2 stations x 7 lanes, 3 classes, 1 thread: {:.1f} M events/s p50, {:.1f} slowest run\n", s.p50,
               *std::min_element(rates.begin(), rates.end()));
  }
  const auto loaded = load_network(data + "/corridors");
  if (!loaded.network) {
    fmt::print(stderr, "cannot load {}: {}\n", data, loaded.diagnostics.to_string());
    return 1;
  }
  const Network& net = *loaded.network;
  CrossingRequest r;
  r.crossing = "khorgos-nurzholy";
  r.mode = "road";
  r.direction = "a_to_b";
  r.days = 365;
  r.arrivals_per_day = 685;  // 250,000 trucks a year
  r.replications = 1;
  const auto model = build_crossing_model(net, r);  // calibrates once (not timed)
  {
    TandemSimulator sim(model.directions.front().config);
    std::vector<double> secs;
    std::uint64_t vehicles = 0, events = 0;
    for (int i = 0; i < kRepeats; ++i) {
      const auto t = std::chrono::steady_clock::now();
      const auto run = sim.run(static_cast<std::uint64_t>(i + 1));
      secs.push_back(seconds_since(t));
      vehicles = run.arrivals;
      events = run.events;
    }
    const auto s = summarise(secs);
    fmt::print("one simulated year of Khorgos-Nur Zholy CN->KZ ({} trucks, {} events), 1 thread: {:.3f} s p50, {:.3f} s p99\n",
               vehicles, events, s.p50, s.p99);
  }
  for (const int threads : {1, 2}) {
    std::vector<double> secs;
    for (int i = 0; i < 3; ++i) {
      const auto t = std::chrono::steady_clock::now();
      const auto res = replicate(model.directions.front().config, 8, 1, threads);
      secs.push_back(seconds_since(t));
    }
    const auto s = summarise(secs);
    fmt::print("8 replications of that year on {} thread{}: {:.3f} s p50, {:.3f} s p99\n", threads, threads == 1 ? "" : "s", s.p50, s.p99);
  }
  return 0;
}
