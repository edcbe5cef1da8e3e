// Finding places as forwarders type them: a crossing's name as a via point ("through this
// crossing", either side), typos answered with ranked suggestions, a crossing given as the origin
// answered with its two sides. On the bundled corridor data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../support/bundled_network.hpp"
#include "network/network.hpp"
#include "network/places.hpp"
#include "request/constraints.hpp"
#include "request/route_request.hpp"
#include "routing/planner.hpp"

namespace caravan {
namespace {

using ::testing::ElementsAre;

std::shared_ptr<const Network> bundled() { return testing_support::bundled_network(); }
const PlaceIndex& places() { return testing_support::bundled_places(); }

std::vector<std::string> node_ids(const std::vector<NodeIdx>& nodes) {
  std::vector<std::string> out;
  for (const auto v : nodes) out.push_back(bundled()->nodes[v].id);
  return out;
}

std::vector<std::string> candidate_ids(const std::vector<PlaceCandidate>& candidates) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    out.push_back(c.node.valid() ? bundled()->nodes[c.node].id : "crossing:" + bundled()->crossings[c.crossing].id);
  return out;
}

RouteRequest request(std::string from, std::string to, std::vector<std::string> via) {
  RouteRequest r;
  r.from = std::move(from);
  r.to = std::move(to);
  r.via = std::move(via);
  r.depart = "2026-12-07T08:00Z";
  r.optimize = "time";
  return r;
}

// The crossings an itinerary passes by its own vehicle, by id.
std::vector<std::string> crossings_passed(const Itinerary& it) {
  std::vector<std::string> out;
  for (const auto& leg : it.legs)
    if (leg.crossing) out.push_back(bundled()->crossings[leg.crossing->crossing].id);
  return out;
}

TEST(PlaceFinding, ACrossingAsViaMeansThroughItInTheDirectionOfTravel) {
  const auto out = build_route_query(*bundled(), places(), request("Kashgar", "Bishkek", {"Torugart"}));
  ASSERT_TRUE(out.query) << out.errors.front().detail;
  EXPECT_THAT(node_ids(out.query->via), ElementsAre("CN_TORUGART_TOPA", "KG_TORUGART"));
  // Travelled the other way, the KG side comes first.
  const auto back = build_route_query(*bundled(), places(), request("Bishkek", "Kashgar", {"torugart"}));
  ASSERT_TRUE(back.query) << back.errors.front().detail;
  EXPECT_THAT(node_ids(back.query->via), ElementsAre("KG_TORUGART", "CN_TORUGART_TOPA"));

  Planner planner(bundled());
  const auto result = planner.plan(*out.query, std::chrono::seconds(30));
  ASSERT_EQ(result.itineraries.size(), 1u);
  EXPECT_THAT(crossings_passed(result.itineraries.front()), ElementsAre("torugart"));
}

TEST(PlaceFinding, IrkeshtamAsViaRoutesKashgarToOshThroughIt) {
  const auto out = build_route_query(*bundled(), places(), request("Kashgar", "Osh", {"Irkeshtam"}));
  ASSERT_TRUE(out.query) << out.errors.front().detail;
  EXPECT_THAT(node_ids(out.query->via), ElementsAre("CN_IRKESHTAM", "KG_IRKESHTAM"));
  Planner planner(bundled());
  const auto result = planner.plan(*out.query, std::chrono::seconds(30));
  ASSERT_EQ(result.itineraries.size(), 1u);
  EXPECT_THAT(crossings_passed(result.itineraries.front()), ElementsAre("irkeshtam"));
}

TEST(PlaceFinding, ACrossingAsOriginIsAnsweredWithItsTwoSides) {
  const auto out = build_route_query(*bundled(), places(), request("Torugart", "Bishkek", {}));
  ASSERT_FALSE(out.query);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].pointer, "/from");
  EXPECT_EQ(out.errors[0].detail,
            "'Torugart' is a border crossing; name one of its sides: Torugart port (China customs/inspection at Topa) "
            "(CN_TORUGART_TOPA, CN); Torugart pass checkpoint (KG side) (KG_TORUGART, KG)");
  EXPECT_THAT(candidate_ids(out.errors[0].candidates), ElementsAre("CN_TORUGART_TOPA", "KG_TORUGART"));
}

TEST(PlaceFinding, TyposGetTheClosestPlaceFirst) {
  const auto almati = places().lookup_node("Almati");
  EXPECT_TRUE(almati.exact.empty());
  ASSERT_FALSE(almati.partial.empty());
  EXPECT_EQ(bundled()->nodes[almati.partial.front().node].id, "KZ_ALMATY");
  const auto tashknt = places().lookup_node("Tashknt");
  ASSERT_FALSE(tashknt.partial.empty());
  EXPECT_EQ(bundled()->nodes[tashknt.partial.front().node].id, "UZ_TASHKENT");
  // A name's beginning comes before a name that merely contains the text.
  const auto alma = places().lookup_node("Alma");
  ASSERT_FALSE(alma.partial.empty());
  EXPECT_EQ(bundled()->nodes[alma.partial.front().node].id, "KZ_ALMATY");
  // The route request words it with the suggestion.
  const auto out = build_route_query(*bundled(), places(), request("Almati", "Tashknt", {}));
  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].detail,
            "unknown place 'Almati'; did you mean: Almaty (KZ_ALMATY, KZ); Alat (Olot) - Farap (TM) BCP; gas Line A/B/C "
            "entry (Gedaim) (UZ_ALAT, UZ); Baku International Sea Trade Port (Alat) (AZ_ALAT, AZ); Almaty International Airport "
            "(KZ_ALMATY_AIRPORT, KZ)");
  EXPECT_EQ(out.errors[1].detail,
            "unknown place 'Tashknt'; did you mean: Tashkent (UZ_TASHKENT, UZ); Tashkent International Airport (Islam Karimov) "
            "(UZ_TASHKENT_AIRPORT, UZ)");
}

TEST(PlaceFinding, ACityOutsideTheNetworkIsAnsweredWithTheNearestCoveredPlaces) {
  // Karakol, on Issyk-Kul, has no terminal in the network.
  const auto karakol = places().lookup_node("Karakol");
  ASSERT_NE(karakol.outside, nullptr);
  EXPECT_EQ(karakol.outside->name, "Karakol");
  EXPECT_EQ(to_string(karakol.outside->country), "KG");
  EXPECT_THAT(candidate_ids(karakol.partial), ElementsAre("KZ_ALMATY", "KZ_ZHETYGEN", "KG_BALYKCHY"));
  EXPECT_EQ(places().explain("Karakol", karakol),
            "'Karakol' (Karakol, KG) is not in the network; the nearest places it covers: Almaty (KZ_ALMATY, KZ) 147 km; "
            "Zhetygen junction (KZ_ZHETYGEN, KZ) 169 km; Balykchy (KG_BALYKCHY, KG) 180 km");
  // A covered city is found as before, even though the gazetteer has it too.
  EXPECT_TRUE(places().lookup_node("Almaty").unique());
}

TEST(PlaceFinding, CountriesByCodeOrName) {
  RequestErrors errors;
  for (const char* text : {"RU", "ru", "Russia", "Russian Federation", "RUS", "russia"}) {
    std::string why;
    const auto code = resolve_country(*bundled(), text, why);
    ASSERT_TRUE(code) << text << ": " << why;
    EXPECT_EQ(to_string(*code), "RU") << text;
  }
  std::string why;
  EXPECT_FALSE(resolve_country(*bundled(), "Rusia", why));
  EXPECT_EQ(why, "'Rusia' is not a country; did you mean: Russia (RU)");
  EXPECT_FALSE(resolve_country(*bundled(), "XX", why));
  EXPECT_EQ(why, "'XX' is not a country (an ISO 3166-1 alpha-2 code or a country name)");
  // In a route request, "Russia" avoids RU.
  auto r = request("Xi'an", "Duisburg", {});
  r.constraints.avoid_countries = {"Russia", "iran"};
  const auto out = build_route_query(*bundled(), places(), r);
  ASSERT_TRUE(out.query) << out.errors.front().detail;
  ASSERT_EQ(out.query->constraints.avoid_countries.size(), 2u);
  EXPECT_EQ(to_string(out.query->constraints.avoid_countries[0]), "RU");
  EXPECT_EQ(to_string(out.query->constraints.avoid_countries[1]), "IR");
}

TEST(PlaceFinding, ShortTextIsNotStretchedIntoGuesses) {
  // "Qsh" is one slip from Osh, but three letters allow none; four do.
  EXPECT_TRUE(places().lookup_node("Qsh").partial.empty());
  EXPECT_THAT(candidate_ids(places().lookup_node("Oshh").partial), ElementsAre("KG_OSH"));
}

}  // namespace
}  // namespace caravan
