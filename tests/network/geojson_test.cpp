// The GeoJSON export of the bundled network follows RFC 7946, and the stats JSON has its counts.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "network/export.hpp"
#include "network/network.hpp"

namespace caravan {
namespace {

using json = nlohmann::json;

const Network& bundled() {
  static const auto result = load_network(std::string(CARAVAN_TEST_DIR) + "/../data/corridors");
  if (!result.network) ADD_FAILURE() << result.diagnostics.to_string();
  return *result.network;
}

// RFC 7946 §3.1.1: a position is [longitude, latitude], numbers, WGS 84 in range.
void expect_position(const json& p, const std::string& where) {
  ASSERT_TRUE(p.is_array()) << where;
  ASSERT_EQ(p.size(), 2u) << where;  // no altitude in this export
  ASSERT_TRUE(p[0].is_number() && p[1].is_number()) << where;
  const double lon = p[0].get<double>(), lat = p[1].get<double>();
  EXPECT_TRUE(std::isfinite(lon) && std::isfinite(lat)) << where;
  EXPECT_GE(lon, -180.0) << where;
  EXPECT_LE(lon, 180.0) << where;
  EXPECT_GE(lat, -90.0) << where;
  EXPECT_LE(lat, 90.0) << where;
}

TEST(GeoJson, IsAnRfc7946FeatureCollection) {
  const auto& net = bundled();
  const json g = network_geojson(net);
  ASSERT_TRUE(g.is_object());
  EXPECT_EQ(g.at("type"), "FeatureCollection");
  EXPECT_FALSE(g.contains("crs"));  // RFC 7946 §4: no crs member
  EXPECT_FALSE(g.contains("scenario"));  // baseline
  ASSERT_TRUE(g.at("features").is_array());

  std::map<std::string, std::size_t> by_kind;
  std::set<std::string> ids;
  for (const auto& f : g.at("features")) {
    const std::string where = f.dump().substr(0, 120);
    ASSERT_TRUE(f.is_object()) << where;
    EXPECT_EQ(f.at("type"), "Feature") << where;
    EXPECT_FALSE(f.contains("crs")) << where;
    // §3.2: "id" is a string or number, if present; here always a unique string
    ASSERT_TRUE(f.contains("id") && f.at("id").is_string()) << where;
    EXPECT_TRUE(ids.insert(f.at("id").get<std::string>()).second) << "duplicate feature id " << f.at("id");
    ASSERT_TRUE(f.contains("properties") && f.at("properties").is_object()) << where;
    ASSERT_TRUE(f.contains("geometry") && f.at("geometry").is_object()) << where;
    const auto& geometry = f.at("geometry");
    const auto& props = f.at("properties");
    ASSERT_TRUE(props.contains("kind") && props.at("kind").is_string()) << where;
    const std::string kind = props.at("kind");
    ++by_kind[kind];
    const std::string type = geometry.at("type");
    if (kind == "link") {
      ASSERT_EQ(type, "LineString") << where;
      const auto& coordinates = geometry.at("coordinates");
      ASSERT_TRUE(coordinates.is_array()) << where;
      ASSERT_GE(coordinates.size(), 2u) << where;  // §3.1.4: two or more positions
      for (const auto& p : coordinates) expect_position(p, where);
    } else {
      ASSERT_TRUE(kind == "node" || kind == "crossing") << where;
      ASSERT_EQ(type, "Point") << where;
      expect_position(geometry.at("coordinates"), where);
    }
  }
  EXPECT_EQ(by_kind["node"], net.nodes.size());
  EXPECT_EQ(by_kind["link"], net.links.size());
  EXPECT_EQ(by_kind["crossing"], net.crossings.size());
  EXPECT_EQ(by_kind.size(), 3u);
  EXPECT_EQ(g.at("features").size(), net.nodes.size() + net.links.size() + net.crossings.size());
}

TEST(GeoJson, PositionsAreLonLatOfTheNodes) {
  const auto& net = bundled();
  const json g = network_geojson(net);
  std::map<std::string, json> features;
  for (const auto& f : g.at("features")) features[f.at("id")] = f;
  for (const auto& n : net.nodes) {
    const auto& p = features.at(n.id).at("geometry").at("coordinates");
    EXPECT_EQ(p[0].get<double>(), n.lon) << n.id;
    EXPECT_EQ(p[1].get<double>(), n.lat) << n.id;
    EXPECT_EQ(features.at(n.id).at("properties").at("country"), to_string(n.country));
  }
  for (const auto& l : net.links) {
    const auto& line = features.at(l.id).at("geometry").at("coordinates");
    EXPECT_EQ(line.front()[0].get<double>(), net.nodes[l.from].lon) << l.id;
    EXPECT_EQ(line.front()[1].get<double>(), net.nodes[l.from].lat) << l.id;
    EXPECT_EQ(line.back()[0].get<double>(), net.nodes[l.to].lon) << l.id;
    EXPECT_EQ(line.back()[1].get<double>(), net.nodes[l.to].lat) << l.id;
    EXPECT_EQ(features.at(l.id).at("properties").at("distance_km").get<double>(), l.distance_km);
  }
  for (const auto& c : net.crossings)
    EXPECT_EQ(features.at("crossing:" + c.id).at("properties").at("crossing_id"), c.id);
}

TEST(GeoJson, DumpParseRoundTrip) {
  const json g = network_geojson(bundled());
  const std::string text = g.dump();
  const json back = json::parse(text);
  EXPECT_EQ(back, g);
  EXPECT_EQ(back.dump(), text);
  const json pretty = json::parse(g.dump(2));
  EXPECT_EQ(pretty, g);
}

TEST(NetworkStats, JsonHasIntegerCounts) {
  const auto& net = bundled();
  const json j = to_json(network_stats(net));
  for (const char* field : {"nodes", "links", "crossings", "services", "time_zones"}) {
    ASSERT_TRUE(j.contains(field)) << field;
    EXPECT_TRUE(j.at(field).is_number_integer()) << field << ": " << j.at(field);
    EXPECT_TRUE(j.at(field).is_number_unsigned()) << field;
  }
  EXPECT_EQ(j.at("nodes").get<std::size_t>(), net.nodes.size());
  EXPECT_EQ(j.at("links").get<std::size_t>(), net.links.size());
  EXPECT_EQ(j.at("crossings").get<std::size_t>(), net.crossings.size());
  EXPECT_EQ(j.at("services").get<std::size_t>(), net.services.size());
  EXPECT_EQ(j.at("nodes"), 461);
  EXPECT_EQ(j.at("links"), 842);
  EXPECT_EQ(j.at("crossings"), 124);
  EXPECT_EQ(j.at("services"), 106);
  std::size_t by_mode = 0;
  for (const auto& [mode, count] : j.at("links_by_mode").items()) by_mode += count.get<std::size_t>();
  EXPECT_EQ(by_mode, net.links.size());
  std::size_t by_status = 0;
  for (const auto& [status, count] : j.at("links_by_status").items()) by_status += count.get<std::size_t>();
  EXPECT_EQ(by_status, net.links.size());
  EXPECT_EQ(json::parse(j.dump()), j);
}

}  // namespace
}  // namespace caravan
