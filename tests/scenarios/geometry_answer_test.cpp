// Route answers carry each leg's line (`legs[].geometry`, a GeoJSON LineString): sea legs follow
// their lanes, rail and road legs the Natural Earth lines recorded for their links (geometry.csv),
// other legs join the nodes they pass; the answer stays small; the network statistics count sourced
// and estimated rows per table.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using json = nlohmann::json;

json route(const std::string& args) {
  const auto run = testing::run_caravan("route " + args + " --depart 2026-12-07T08:00Z --optimize time --format json");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  return json::parse(run.out);
}

TEST(RouteGeometry, SeaLegFollowsItsLaneAndEndsAtItsPorts) {
  const json j = route("Shanghai Rotterdam --modes sea");
  const json& leg = j["itineraries"][0]["legs"][0];
  const json& g = leg["geometry"];
  EXPECT_EQ(g["type"], "LineString");
  const json& c = g["coordinates"];
  // Through the Strait of Malacca, the Red Sea and Suez: 97 points at 5 km.
  EXPECT_EQ(c.size(), 97u);
  EXPECT_EQ(c.front(), json::array({121.4581, 31.2222}));  // Shanghai
  EXPECT_EQ(c.back(), json::array({4.4792, 51.9225}));     // Rotterdam
  // It goes round by sea: no point lies in the Sahara, which a straight line to Rotterdam would cross.
  for (const auto& p : c) {
    const double lon = p[0], lat = p[1];
    EXPECT_FALSE(lon > 0 && lon < 30 && lat > 15 && lat < 30) << lon << " " << lat;
  }
}

TEST(RouteGeometry, RailLegFollowsTheRailroads) {
  const json j = route("Xian Duisburg --modes rail --block-train");  // a train of one's own follows the lines
  const auto text = j.dump();
  EXPECT_LT(text.size(), 64u * 1024) << "a typical answer stays under 64 KB";
  for (const auto& leg : j["itineraries"][0]["legs"]) {
    const json& c = leg["geometry"]["coordinates"];
    ASSERT_GE(c.size(), 2u);
  }
  const json& first = j["itineraries"][0]["legs"][0];
  EXPECT_EQ(first["to"]["id"], "CN_ALASHANKOU");
  const json& c = first["geometry"]["coordinates"];
  // Xi'an to Alashankou along the Longhai, Lanxin and Northern Xinjiang lines: 54 points at 5 km
  // (the nodes it passes and the railroads' bends between them), not a polyline of its nodes.
  EXPECT_EQ(c.size(), 54u);
  EXPECT_EQ(c.front(), json::array({108.95, 34.2833}));  // Xi'an
  EXPECT_EQ(c.back(), json::array({82.5698, 45.1702}));  // Alashankou
}

TEST(RouteGeometry, GeoJsonCarriesTheFullLines) {
  const auto run = testing::run_caravan(
      "route Shanghai Rotterdam --modes sea --depart 2026-12-07T08:00Z --optimize time --format geojson");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json j = json::parse(run.out);
  const json answer = route("Shanghai Rotterdam --modes sea");
  EXPECT_GT(j["features"][0]["geometry"]["coordinates"].size(),
            answer["itineraries"][0]["legs"][0]["geometry"]["coordinates"].size());
}

TEST(NetworkStatsCli, CountsSourcedAndEstimatedRowsPerTable) {
  const auto run = testing::run_caravan("network stats --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json s = json::parse(run.out);
  for (const char* table : {"nodes", "links", "crossings", "services"}) {
    const std::string t(table);
    EXPECT_EQ(s[t + "_sourced"].get<std::size_t>() + s[t + "_estimated"].get<std::size_t>(), s[t].get<std::size_t>())
        << table;
  }
  EXPECT_EQ(s["crossings_rail"].get<std::size_t>() + s["crossings_road"].get<std::size_t>(), s["crossings"].get<std::size_t>());
  // Every sea and ferry link (67) and the rail (348) and road (212) links whose route Natural Earth
  // 1:10m shows (docs/data-format.md).
  EXPECT_EQ(s["links_with_geometry"], 627u);
}

}  // namespace
}  // namespace caravan
