// The price calibration of docs/validation.md as a test: every dated case of
// data/validation/market-rates.csv (published market rates, 2022-2026) is planned as
// `caravan route FROM TO --modes … --container … --depart DATE --optimize cost` does, and the
// engine's price for one container — the parts of its cost_breakdown the published figure covers —
// must lie within ±25 % of the published figure (of its range, for a range). Each engine figure is
// also pinned to the cent, so a data change that moves a row shows here and the table in
// docs/validation.md is regenerated (CARAVAN_PRINT_PRICE_TABLE=1 prints its rows).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "network/network.hpp"
#include "network/places.hpp"
#include "routing/planner.hpp"
#include "request/route_request.hpp"

namespace caravan {
namespace {

// Engine price per container in USD, pinned (docs/validation.md, "Price calibration").
const std::map<std::string, double>& pinned() {
  static const std::map<std::string, double> all = {
      {"rail-ru-2022-03", 8001.02},
      {"rail-eu-2023", 3105.37},
      {"rail-eu-2023-eb", 2914.00},
      {"mc-2023", 4960.74},
      {"sea-2022-12", 1658.42},
      {"sea-2023-09", 1408.59},
      {"caspian-2023-40ft", 1200.00},
      {"caspian-2023-20ft", 500.00},
      {"caspian-2023-truck", 1000.00},
      {"rail-eu-2024-02", 6438.87},
      {"rail-ru-2024-06", 5987.80},
      {"rail-eu-2024-06", 7315.00},
      {"sea-2024-07", 6704.09},
      {"sea-eb-2024-01", 1006.78},
      {"rail-eu-2025-01", 6035.69},
      {"rail-eu-2025-03", 5464.03},
      {"sea-2025-04", 1983.15},
      {"road-ru-2025-11", 8621.50},
      {"rail-ru-2025-11", 4126.70},
      {"sea-2026-01", 2183.41},
      {"road-ca-2022", 2103.87},
  };
  return all;
}

constexpr double kBand = 0.25;

TEST(PriceCalibration, EveryPublishedRateIsWithinItsBand) {
  const std::string root = std::string(CARAVAN_TEST_DIR) + "/../data";
  const auto loaded = load_network(root + "/corridors");
  ASSERT_TRUE(loaded.network) << loaded.diagnostics.to_string();
  const std::shared_ptr<const Network> net = loaded.network;
  Diagnostics d;
  const auto table = read_csv_file(root + "/validation/market-rates.csv", "market-rates.csv", d);
  ASSERT_TRUE(table) << d.to_string();
  const auto col = [&](std::string_view name) { return *table->column(name); };
  const PlaceIndex places(*net);
  Planner planner(net);
  int in_2022_2026 = 0;
  const bool print = std::getenv("CARAVAN_PRINT_PRICE_TABLE") != nullptr;
  for (const auto& record : table->records) {
    const auto field = [&](std::string_view name) { return std::string(record.fields[col(name)]); };
    const std::string id = field("id");
    SCOPED_TRACE("case " + id);
    RouteRequest r;
    r.from = field("from");
    r.to = field("to");
    r.depart = field("depart") + "T08:00Z";
    r.optimize = "cost";
    r.container = field("container");
    if (!field("modes").empty()) r.constraints.modes = split_list(field("modes"), ',');
    if (!field("avoid_countries").empty()) r.constraints.avoid_countries = split_list(field("avoid_countries"), ',');
    const auto built = build_route_query(*net, places, r);
    ASSERT_TRUE(built.query) << built.errors.front().detail;
    const auto result = planner.plan(*built.query, std::chrono::seconds(30));
    ASSERT_FALSE(result.budget_exhausted);
    ASSERT_EQ(result.itineraries.size(), 1u);
    const Itinerary& it = result.itineraries.front();
    double engine = 0;
    const std::string covers = field("covers");
    const auto parts = split_list(covers, ',');
    for (std::size_t i = 0; i < kChargeNames.size(); ++i)
      if (covers == "all" || std::find(parts.begin(), parts.end(), kChargeNames[i]) != parts.end()) engine += it.cost_breakdown.usd[i];
    engine /= it.containers;
    const double low = std::stod(field("published_low_usd"));
    const double high = std::stod(field("published_high_usd"));
    const double off = engine < low ? engine / low - 1 : engine > high ? engine / high - 1 : 0;
    if (field("depart") >= "2022-01-01" && field("depart") < "2027-01-01") ++in_2022_2026;
    if (print) {
      std::string route;
      for (const auto c : it.countries) route += (route.empty() ? "" : "-") + to_string(c);
      std::cout << fmt::format("| {} | {} | {} | `caravan route {} {} --modes {}{} --container {} --depart {} --optimize cost` | {} | {:.0f} ({}, {:.1f} d) | {:+.0f} % |\n",
                               id, field("depart"), field("lane"), r.from, r.to, field("modes"),
                               r.constraints.avoid_countries.empty() ? "" : " --avoid-country " + field("avoid_countries"), r.container,
                               r.depart, low == high ? fmt::format("{:.0f}", low) : fmt::format("{:.0f}-{:.0f}", low, high),
                               engine, route, it.duration_hours() / 24, off * 100);
    }
    EXPECT_LE(std::abs(off), kBand) << fmt::format("engine USD {:.2f} against {}-{}", engine, low, high);
    const auto pin = pinned().find(id);
    if (pin == pinned().end()) ADD_FAILURE() << fmt::format("not pinned: engine USD {:.2f}", engine);
    else EXPECT_NEAR(engine, pin->second, 0.005);  // the pins are rounded to the cent
  }
  EXPECT_GE(in_2022_2026, 15);
}

}  // namespace
}  // namespace caravan
