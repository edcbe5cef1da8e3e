// Loading the corridor network: parse the CSV tables, check every row, build the indexes and run
// the whole-network checks (load_network does all of it).
//
//   network_bench                                    # both cases
//   network_bench --benchmark_filter=Bundled
//   network_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
//
// LoadBundled reads data/corridors. LoadGenerated reads a valid synthetic dataset of exactly
// 1,000,000 links, written once to $TMPDIR/caravan-bench/network-grid500 (default /tmp): a
// 500 x 500 grid of nodes 0.04 degrees apart, split into CN (columns 0-249, 1435 mm) and KZ
// (columns 250-499, 1520 mm) and four time zones; rail links to the right and down, road links
// on both diagonals, 2,998 parallel road links, one crossing per link over the border (rail ones
// convert gauge), and 200 rail services of 100 hops each along the rows, calling every 10th node.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "network/network.hpp"

namespace caravan {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 500;
constexpr int kBorderColumn = 250;  // first KZ column
constexpr std::size_t kLinks = 1'000'000;
// Bump when the generator changes so that stale files are rewritten.
constexpr int kGeneratorVersion = 1;

std::string node_id(int r, int c) { return fmt::format("{}_R{}C{}", c < kBorderColumn ? "CN" : "KZ", r, c); }
double lat_of(int r) { return 35.0 + r * 0.04; }
double lon_of(int c) { return 65.0 + c * 0.04; }

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void generate(const fs::path& dir) {
  fs::create_directories(dir);
  std::string nodes =
      "id,name,aliases,country,lat,lon,kind,unlocode,timezone,gauge_change_hours,gauge_change_usd_per_teu,"
      "disruption_p,source\n";
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) {
      const bool cn = c < kBorderColumn;
      const char* zone = cn ? (r < kSide / 2 ? "Asia/Shanghai" : "Asia/Urumqi") : (r < kSide / 2 ? "Asia/Almaty" : "Asia/Aqtobe");
      const bool border = c == kBorderColumn - 1 || c == kBorderColumn;
      fmt::format_to(std::back_inserter(nodes), "{},Node r{} c{},{},{},{:.5f},{:.5f},{},,{},,,,generated\n", node_id(r, c),
                     r, c, r % 7 == 0 ? "\"alias one|alias, two\"" : "", cn ? "CN" : "KZ", lat_of(r), lon_of(c),
                     border ? "border_crossing" : (c % 10 == 0 ? "rail_terminal" : "city"), zone);
    }

  std::string links =
      "id,from,to,mode,gauge_mm,traction,distance_km,distance_is_estimate,status,opening_year,speed_kmh,crossing,"
      "capacity_teu_day,capacity_bcm_year,disruption_p,notes,source\n";
  std::string crossings =
      "id,name,aliases,mode,side_a,side_b,hours_a,hours_b,seasonal_closure,median_h_ab,p90_h_ab,median_h_ba,"
      "p90_h_ba,capacity_per_day,capacity_teu_day,gauge_change_hours,gauge_change_usd_per_teu,fee_usd_per_teu,"
      "disruption_p,source\n";
  std::size_t count = 0;
  auto link = [&](int r1, int c1, int r2, int c2, bool rail, const char* suffix) {
    const std::string a = node_id(r1, c1), b = node_id(r2, c2);
    const double km = 1.25 * great_circle_km(lat_of(r1), lon_of(c1), lat_of(r2), lon_of(c2));
    const bool cn_a = c1 < kBorderColumn, cn_b = c2 < kBorderColumn;
    std::string gauge, crossing;
    if (rail) gauge = cn_a == cn_b ? (cn_a ? "1435" : "1520") : fmt::format("{}/{}", cn_a ? 1435 : 1520, cn_b ? 1435 : 1520);
    if (cn_a != cn_b) {
      crossing = fmt::format("x-{}-{}-{}-{}-{}", r1, c1, r2, c2, rail ? "rail" : "road");
      fmt::format_to(std::back_inserter(crossings), "{},Crossing {},,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},0.01,generated\n",
                     crossing, crossing, rail ? "rail" : "road", a, b, "24/7",
                     r1 % 3 == 0 ? "Mo-Fr 08:00-20:00; Sa 09:00-13:00; PH off" : "24/7",
                     r1 % 5 == 0 ? "12-30..01-02" : "", 6, 10.8, 4, 7.2, rail ? 20 : 400, rail ? 1000 : 300,
                     rail ? "2" : "", rail ? "150" : "", 120);
    }
    fmt::format_to(std::back_inserter(links), "{}:{}:{}{},{},{},{},{},{},{:.2f},{},{},{},{},{},,,,{},generated\n",
                   rail ? "rail" : "road", a, b, suffix, a, b, rail ? "rail" : "road", gauge,
                   rail ? ((r1 + c1) % 2 ? "electric" : "diesel") : "", km, count % 3 == 0 ? "true" : "false",
                   count % 50 == 0 ? "under_construction" : "operational", count % 11 == 0 ? "2010" : "",
                   count % 13 == 0 ? "80" : "", crossing, count % 17 == 0 ? "\"generated notes, with a comma\"" : "");
    ++count;
  };
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) {
      if (c + 1 < kSide) link(r, c, r, c + 1, true, "");
      if (r + 1 < kSide) link(r, c, r + 1, c, true, "");
      if (r + 1 < kSide && c + 1 < kSide) link(r, c, r + 1, c + 1, false, "");
      if (r + 1 < kSide && c > 0) link(r, c, r + 1, c - 1, false, "");
    }
  for (int i = 0; count < kLinks; ++i) link(i / 200, i % 200, i / 200, i % 200 + 1, false, ":parallel");
  if (count != kLinks) throw std::runtime_error("generator made " + std::to_string(count) + " links");

  std::string services =
      "id,name,operator,mode,route,leg_hours,days,depart_local,dwell_hours,cutoff_hours,capacity_teu,"
      "tariff_usd_per_teu,source\n";
  for (int k = 0; k < 200; ++k) {
    const int r = k * 2;
    std::string route, legs;
    for (int c = 200; c <= 300; ++c) {
      const bool call = (c - 200) % 10 == 0;
      if (c > 200) route += '>';
      if (call) {
        route += node_id(r, c);
      } else {
        route += '(';
        route += node_id(r, c);
        route += ')';
      }
      if (call && c > 200) {
        if (!legs.empty()) legs += ';';
        legs += "6.5";
      }
    }
    fmt::format_to(std::back_inserter(services), "svc-{},Service {},Operator,rail,{},{},{},{:02d}:30,1,24,82,1500,generated\n",
                   k, k, route, legs, k % 2 ? "daily" : "\"Mo,Th\"", k % 24);
  }

  write_file(dir / "nodes.csv", nodes);
  write_file(dir / "links.csv", links);
  write_file(dir / "crossings.csv", crossings);
  write_file(dir / "services.csv", services);
  write_file(dir / "modes.csv",
             "profile,speed_kmh,cost_usd_per_teu_km,cost_usd_per_teu_leg,terminal_usd_per_teu,terminal_hours,"
             "co2e_wtw_g_per_tkm,co2e_ttw_g_per_tkm,disruption_p_per_1000km,source\n"
             "rail_electric,45,0.12,150,60,6,34.7,27.79,0.01,generated\n"
             "rail_diesel,40,0.13,150,60,6,34.7,27.79,0.01,generated\n"
             "road,50,0.9,100,40,2,100,80,0.02,generated\n"
             "ferry,20,0.3,200,80,8,40,30,0.02,generated\n"
             "sea,30,0.05,200,80,12,20,15,0.01,generated\n"
             "pipeline,10,0.01,0,0,0,1,1,0.001,generated\n");
  write_file(dir / "parameters.csv", "name,value,unit,source\npayload_t_per_teu,10,t,generated\n");
  write_file(dir / "holidays.csv",
             "country,date,name,source\nCN,2026-01-01,New Year,generated\nCN,2026-10-01,National Day,generated\n"
             "KZ,2026-01-01,New Year,generated\nKZ,2026-03-22,Nauryz,generated\n");
  write_file(dir / "VERSION", std::to_string(kGeneratorVersion));
}

const std::string& generated_dir() {
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / "caravan-bench" / "network-grid500";
    std::ifstream version(d / "VERSION");
    int v = 0;
    if (!(version >> v) || v != kGeneratorVersion) generate(d);
    return d.string();
  }();
  return dir;
}

// Percentiles over repetitions (--benchmark_repetitions=N), nearest-rank.
double percentile(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}
double p50(const std::vector<double>& v) { return percentile(v, 50); }
double p99(const std::vector<double>& v) { return percentile(v, 99); }

// Times load + validate + build of the dataset in `dir`, and reports links per second.
void time_load(benchmark::State& state, const std::string& dir) {
  std::size_t links = 0;
  for (auto _ : state) {
    auto result = load_network(dir);
    if (!result.network) {
      state.SkipWithError(result.diagnostics.to_string().substr(0, 2000).c_str());
      return;
    }
    links = result.network->links.size();
    benchmark::DoNotOptimize(result);
    state.PauseTiming();  // freeing the network is not part of loading it
    result = LoadResult{};
    state.ResumeTiming();
  }
  state.counters["links"] = static_cast<double>(links);
  state.counters["links/s"] =
      benchmark::Counter(static_cast<double>(links), benchmark::Counter::kIsIterationInvariantRate);
}

void LoadBundled(benchmark::State& state) { time_load(state, std::string(CARAVAN_DATA_DIR) + "/corridors"); }
BENCHMARK(LoadBundled)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("p50", p50)
    ->ComputeStatistics("p99", p99);

void LoadGenerated(benchmark::State& state) { time_load(state, generated_dir()); }
BENCHMARK(LoadGenerated)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->ComputeStatistics("p50", p50)
    ->ComputeStatistics("p99", p99);

}  // namespace
}  // namespace caravan

BENCHMARK_MAIN();
