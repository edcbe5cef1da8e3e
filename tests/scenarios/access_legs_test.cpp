// A first or last mile: a city outside the network or coordinates, joined to the nearest covered
// places of its country by estimated road links, in a copy of the network made for one request.
// On the bundled corridor data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../support/bundled_network.hpp"
#include "network/network.hpp"
#include "network/places.hpp"
#include "request/access_legs.hpp"
#include "request/route_request.hpp"
#include "routing/planner.hpp"
#include "routing/route_answer.hpp"

namespace caravan {
namespace {

using ::testing::ElementsAre;

std::shared_ptr<const Network> bundled() { return testing_support::bundled_network(); }
const PlaceIndex& places() { return testing_support::bundled_places(); }

RouteRequest request(std::string from, std::string to) {
  RouteRequest r;
  r.from = std::move(from);
  r.to = std::move(to);
  r.depart = "2026-12-07T08:00Z";
  r.optimize = "time";
  return r;
}

// "PLACE_ID distance_km" for each road link of the access point, nearest first.
std::vector<std::string> reaches(const Network& net, const AccessPoint& a) {
  std::vector<std::string> out;
  for (const auto l : a.links) {
    const Link& link = net.links[l];
    out.push_back(net.nodes[link.from == a.node ? link.to : link.from].id + " " + std::to_string(static_cast<int>(link.distance_km)));
  }
  return out;
}

TEST(AccessLegs, ACityOutsideTheNetworkReachesTheNearestPlacesOfItsOwnCountry) {
  // Karakol (KG): Almaty and Zhetygen in KZ are nearer than any Kyrgyz place, but reaching them
  // would cross a border no link models, so the first mile goes to Kyrgyz places only.
  auto r = request("Karakol", "Tashkent");
  r.first_mile = true;
  RequestErrors errors;
  const auto accessed = add_access_legs(bundled(), places(), r, errors);
  ASSERT_TRUE(errors.empty()) << errors.front().detail;
  ASSERT_TRUE(accessed);
  const Network& net = *accessed->network;
  EXPECT_EQ(net.nodes.size(), bundled()->nodes.size() + 1);
  EXPECT_EQ(net.links.size(), bundled()->links.size() + 3);
  ASSERT_EQ(net.access_points.size(), 1u);
  const AccessPoint& a = net.access_points.front();
  EXPECT_EQ(net.nodes[a.node].id, "FIRST_MILE");
  EXPECT_EQ(net.nodes[a.node].name, "Karakol");
  EXPECT_EQ(to_string(net.nodes[a.node].country), "KG");
  EXPECT_EQ(a.country_from, "gazetteer");
  // Great-circle 180, 230 and 255 km, times the road circuity factor 1.25.
  EXPECT_THAT(reaches(net, a), ElementsAre("KG_BALYKCHY 225", "KG_NARYN 288", "KG_TOKMOK 319"));
  EXPECT_TRUE(net.links[a.links.front()].distance_is_estimate);
  EXPECT_EQ(accessed->request.from, "FIRST_MILE");
  EXPECT_EQ(accessed->request.to, "Tashkent");
  // The bundled network is left as it was.
  EXPECT_TRUE(bundled()->access_points.empty());

  const auto built = build_route_query(net, *accessed->places, accessed->request);
  ASSERT_TRUE(built.errors.empty()) << built.errors.front().detail;
  Planner planner(accessed->network);
  const auto result = planner.plan(*built.query);
  ASSERT_EQ(result.itineraries.size(), 1u);
  const Itinerary& it = result.itineraries.front();
  EXPECT_EQ(net.nodes[it.legs.front().from].id, "FIRST_MILE");
  EXPECT_EQ(it.legs.front().mode, Mode::road);
  // By road to Tokmok (the farthest of the three, but the nearest to Bishkek), through Bishkek,
  // into Kazakhstan at Chaldovar and on to Tashkent.
  std::vector<std::string> stops;
  for (const auto& leg : it.legs) stops.push_back(net.nodes[leg.to].id);
  EXPECT_THAT(stops, ElementsAre("KG_TALAS", "KZ_TARAZ", "KZ_ZHIBEKZHOLY", "UZ_GISHTKUPRIK", "UZ_TASHKENT"));
  std::vector<std::string> first_leg;
  for (const auto v : it.legs.front().path) first_leg.push_back(net.nodes[v].id);
  EXPECT_THAT(first_leg, ElementsAre("FIRST_MILE", "KG_TOKMOK", "KG_BISHKEK", "KG_TALAS"));

  std::string text;
  write_route_answer(text, net, *built.query, result);
  const auto json = nlohmann::json::parse(text);
  ASSERT_TRUE(json.contains("access"));
  const auto& access = json["access"][0];
  EXPECT_EQ(access["end"], "first_mile");
  EXPECT_EQ(access["asked"], "Karakol");
  EXPECT_EQ(access["node"], "FIRST_MILE");
  EXPECT_EQ(access["estimated"], true);
  EXPECT_EQ(access["distance_basis"], "great-circle × road_circuity_factor 1.25");
  EXPECT_EQ(access["reaches"][0]["link"], "road:FIRST_MILE:KG_BALYKCHY");
  EXPECT_EQ(access["reaches"][0]["name"], "Balykchy");
  EXPECT_EQ(access["reaches"][0]["distance_km"], 225.0);
}

TEST(AccessLegs, CoordinatesTakeTheCountryOfTheNearestGazetteerTown) {
  auto r = request("Almaty", "41.0,64.0");
  r.last_mile = true;
  RequestErrors errors;
  const auto accessed = add_access_legs(bundled(), places(), r, errors);
  ASSERT_TRUE(errors.empty()) << errors.front().detail;
  ASSERT_TRUE(accessed);
  const Network& net = *accessed->network;
  const AccessPoint& a = net.access_points.front();
  EXPECT_EQ(a.end, AccessEnd::last_mile);
  EXPECT_EQ(net.nodes[a.node].id, "LAST_MILE");
  EXPECT_EQ(net.nodes[a.node].name, "41.0,64.0");
  EXPECT_EQ(a.country_from, "nearest gazetteer town Zarafshon, 67 km");
  EXPECT_THAT(reaches(net, a), ElementsAre("UZ_BUKHARA 177", "UZ_NAVOI 193", "UZ_KARSHI 353"));
  // A last mile runs from the network to the point.
  EXPECT_EQ(net.nodes[net.links[a.links.front()].to].id, "LAST_MILE");
  EXPECT_EQ(accessed->request.to, "LAST_MILE");

  const auto built = build_route_query(net, *accessed->places, accessed->request);
  ASSERT_TRUE(built.errors.empty()) << built.errors.front().detail;
  Planner planner(accessed->network);
  const auto result = planner.plan(*built.query);
  ASSERT_FALSE(result.itineraries.empty());
  EXPECT_EQ(net.nodes[result.itineraries.front().legs.back().to].id, "LAST_MILE");
}

TEST(AccessLegs, CoveredPlacesNeedNoAccessLeg) {
  auto r = request("Almaty", "Tashkent");
  r.first_mile = r.last_mile = true;
  RequestErrors errors;
  EXPECT_FALSE(add_access_legs(bundled(), places(), r, errors));
  EXPECT_TRUE(errors.empty());
  // Nor is one added unless asked for: the place is then reported with the way to ask.
  r.from = "Karakol";
  r.first_mile = false;
  EXPECT_FALSE(add_access_legs(bundled(), places(), r, errors));
  const auto built = build_route_query(*bundled(), places(), r);
  ASSERT_EQ(built.errors.size(), 1u);
  EXPECT_EQ(built.errors.front().pointer, "/from");
  EXPECT_EQ(built.errors.front().detail,
            "'Karakol' (Karakol, KG) is not in the network; the nearest places it covers: Almaty (KZ_ALMATY, KZ) 147 km; "
            "Zhetygen junction (KZ_ZHETYGEN, KZ) 169 km; Balykchy (KG_BALYKCHY, KG) 180 km; or ask for a first "
            "mile: a road leg from it to the nearest of them");
}

TEST(AccessLegs, APointWithNoCoveredPlaceOfItsCountryNearIsAnError) {
  // The middle of the Taklamakan: the nearest covered places of China are over 300 km away.
  auto r = request("39.0,83.0", "Almaty");
  r.first_mile = true;
  RequestErrors errors;
  EXPECT_FALSE(add_access_legs(bundled(), places(), r, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front().pointer, "/from");
  EXPECT_EQ(errors.front().detail,
            "'39.0,83.0' (39.0,83.0): the network covers no place in CN within 300 km of it (great-circle), so no first "
            "mile by road can be planned");
}

TEST(AccessLegs, TheSamePointAtBothEndsIsAnError) {
  auto r = request("Karakol", "Karakol");
  r.first_mile = r.last_mile = true;
  RequestErrors errors;
  EXPECT_FALSE(add_access_legs(bundled(), places(), r, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front().pointer, "/to");
  EXPECT_EQ(errors.front().detail, "is the same place as the origin");
}

}  // namespace
}  // namespace caravan
