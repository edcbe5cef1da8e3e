// A 20 kg e-commerce parcel from Yiwu to Almaty, as a seller asks on the command line: the express
// truck, or the same truck to Urumqi's sorting centre and the daily flight to Almaty; what customs do
// with it on the way; and the clear errors of bad parcel input.
//
//   Yiwu ──── yiwu-almaty-express-truck (daily 10:00, cut-off 24 h, USD 2.10 per kg) ────────> Almaty
//              4,228 km, 172 h │ Urumqi            1,093 km via Khorgos / Nur Zholy, 44 h      ^
//                              │ van 19 km                                                      │ van 19 km
//                      Urumqi airport ── urumqi-almaty-air (daily 10:00, cut-off 4 h, ──> Almaty airport
//                                          USD 3.97 per kg, 1.6 h)
//
// Chargeable kg: the truck counts 3,000 cm³ to the kg, the flight 6,000 (IATA).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using nlohmann::json;

using CliRun = testing::Run;
CliRun caravan(const std::string& args) { return testing::run_caravan(args); }
json route_json(const std::string& args) { return testing::run_caravan_json(args); }

const std::string kParcel = "route Yiwu Almaty --cargo parcel --weight-kg 20";

std::vector<std::string> modes_of(const json& itinerary) {
  std::vector<std::string> out;
  for (const auto& leg : itinerary["legs"]) out.push_back(leg["mode"].get<std::string>());
  return out;
}

TEST(Parcels, TwentyKilogramsYiwuToAlmatyByExpressTruckOrByAir) {
  const json j = route_json(kParcel + " --value-usd 150 --depart 2026-12-07T00:00Z");
  EXPECT_EQ(j["query"]["cargo"], json::parse(R"({"kind":"parcel","value_usd":150.0,"weight_kg":20.0})"));
  ASSERT_EQ(j["itineraries"].size(), 2u) << j.dump(1);
  const json& air = j["itineraries"][0];
  const json& truck = j["itineraries"][1];

  // The truck all the way: 20 kg x USD 2.10, handed in by Monday's cut-off for Tuesday 10:00.
  EXPECT_EQ(modes_of(truck), (std::vector<std::string>{"road"}));
  EXPECT_EQ(truck["legs"][0]["service"], "yiwu-almaty-express-truck");
  EXPECT_EQ(truck["legs"][0]["chargeable_kg"], 20.0);
  EXPECT_EQ(truck["legs"][0]["usd_per_kg"], 2.1);
  EXPECT_EQ(truck["summary"]["cost_usd"], 42.0);
  EXPECT_EQ(truck["summary"]["usd_per_kg"], 2.1);
  EXPECT_EQ(truck["legs"][0]["depart"]["local"], "2026-12-08T10:00+08:00");
  EXPECT_EQ(truck["summary"]["arrive"]["local"], "2026-12-17T07:00+05:00");
  EXPECT_EQ(truck["summary"]["co2e_kg"], 10.1);  // 95 g per t-km x 0.02 t x 5,321 km

  // Off the truck at Urumqi (4,228 of 5,321 km: USD 33.37), the van to the airport, Wednesday's flight
  // (20 kg x USD 3.97), the van into Almaty: a day earlier, at 2.7 times the price and the CO2e.
  EXPECT_EQ(modes_of(air), (std::vector<std::string>{"road", "road", "air", "road"}));
  EXPECT_EQ(air["legs"][0]["to"]["id"], "CN_URUMQI");
  EXPECT_EQ(air["legs"][0]["cost_usd"], 33.37);
  EXPECT_EQ(air["legs"][1]["to"]["id"], "CN_URUMQI_AIRPORT");
  EXPECT_EQ(air["legs"][2]["service"], "urumqi-almaty-air");
  EXPECT_EQ(air["legs"][2]["chargeable_kg"], 20.0);
  EXPECT_EQ(air["legs"][2]["usd_per_kg"], 3.97);
  EXPECT_EQ(air["legs"][2]["cost_usd"], 79.4);
  EXPECT_EQ(air["legs"][2]["depart"]["local"], "2026-12-16T10:00+08:00");
  EXPECT_EQ(air["legs"][2]["documents"], json::parse(R"(["Air waybill","Transit declaration"])"));
  // GLEC: (842 km great circle + 95 km) x 0.02 t x 1,130 g (a flight under 1,000 km), no radiative forcing.
  EXPECT_EQ(air["legs"][2]["co2e_kg"], 21.2);
  EXPECT_EQ(air["legs"][3]["to"]["id"], "KZ_ALMATY");
  EXPECT_EQ(air["summary"]["cost_usd"], 112.85);
  EXPECT_EQ(air["summary"]["usd_per_kg"], 5.64);
  EXPECT_EQ(air["summary"]["co2e_kg"], 29.3);
  EXPECT_EQ(air["summary"]["arrive"]["local"], "2026-12-16T08:59+05:00");

  // Customs: China's 9610 e-commerce list where the parcel leaves, the EAEU rule in force in December
  // 2026 where it enters: on the road at Nur Zholy, by air at Almaty airport. USD 150 is within EUR 200.
  const json kz_by_road = truck["summary"]["customs"][1];
  EXPECT_EQ(truck["summary"]["customs"][0]["at"]["id"], "CN_KHORGOS");
  EXPECT_EQ(truck["summary"]["customs"][0]["regime"], "China cross-border e-commerce export (customs mode 9610)");
  EXPECT_EQ(kz_by_road["at"]["id"], "KZ_NURZHOLY");
  EXPECT_EQ(kz_by_road["direction"], "import");
  EXPECT_EQ(kz_by_road["regime"], "EAEU e-commerce goods (goods bought on a foreign platform)");
  EXPECT_EQ(kz_by_road["limit"], "EUR 200 per shipment");
  EXPECT_EQ(kz_by_road["outcome"], "within");
  EXPECT_EQ(kz_by_road["treatment"], "USD 150 is within the limit (USD 232.77): duty-free (national VAT still due)");
  EXPECT_EQ(kz_by_road["declaration"], "declaration for e-commerce goods filed by an e-commerce operator");
  EXPECT_EQ(air["summary"]["customs"][0]["at"]["id"], "CN_URUMQI_AIRPORT");
  EXPECT_EQ(air["summary"]["customs"][1]["at"]["id"], "KZ_ALMATY_AIRPORT");
  EXPECT_EQ(air["summary"]["customs"][1]["outcome"], "within");
}

TEST(Parcels, TheRuleOfTheDayAppliesAndWeightCountsToo) {
  // March 2026, before the EAEU e-commerce regime: EUR 200 and 31 kg; 35 kg is over the weight.
  const json j = route_json("route Yiwu Almaty --cargo parcel --weight-kg 35 --value-usd 150 --optimize cost --depart 2026-03-02T00:00Z");
  const json kz = j["itineraries"][0]["summary"]["customs"][1];
  EXPECT_EQ(kz["regime"], "EAEU goods for personal use by post or courier");
  EXPECT_EQ(kz["limit"], "EUR 200 and 31 kg per shipment");
  EXPECT_EQ(kz["outcome"], "above");
  EXPECT_EQ(kz["treatment"], "35 kg is over 31 kg: 15 % of the value over the limit, at least EUR 2 per kg over the weight limit");
  EXPECT_EQ(j["itineraries"][0]["summary"]["cost_usd"], 73.5);  // 35 x 2.10
  // Without a value the outcome is unknown and both treatments are given.
  const json unknown = route_json(kParcel + " --optimize cost --depart 2026-12-07T00:00Z");
  EXPECT_EQ(unknown["itineraries"][0]["summary"]["customs"][1]["outcome"], "unknown");
}

TEST(Parcels, ALightParcelPaysItsVolumeAtEachCarriersDivisor) {
  // 0.2 m³: 66.667 kg on the truck (3,000 cm³ per kg), 33.333 kg on the flight (6,000).
  const json j = route_json(kParcel + " --volume-m3 0.2 --depart 2026-12-07T00:00Z");
  ASSERT_EQ(j["itineraries"].size(), 2u);
  EXPECT_EQ(j["itineraries"][1]["legs"][0]["chargeable_kg"], 66.667);
  EXPECT_EQ(j["itineraries"][1]["summary"]["cost_usd"], 140.0);
  EXPECT_EQ(j["itineraries"][1]["summary"]["usd_per_kg"], 7.0);
  EXPECT_EQ(j["itineraries"][0]["legs"][2]["chargeable_kg"], 33.333);
  EXPECT_EQ(j["itineraries"][0]["legs"][2]["cost_usd"], 132.33);
}

TEST(Parcels, TheTableGivesThePricePerKgAndTheCustomsRule) {
  const CliRun r = caravan(kParcel + " --value-usd 150 --optimize cost --depart 2026-12-07T00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("USD for the parcel (20 kg): freight 42.00 = 42.00; 2.10 per kg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("customs KZ import at Nur Zholy road BCP (Khorgos, KZ side): EAEU e-commerce goods (goods bought on a "
                       "foreign platform) (EUR 200 per shipment): within: USD 150 is within the limit (USD 232.77): duty-free "
                       "(national VAT still due); declaration for e-commerce goods filed by an e-commerce operator"),
            std::string::npos)
      << r.out;
}

TEST(Parcels, WithoutAirTheParcelStaysOnTheRoad) {
  const json j = route_json(kParcel + " --modes road --depart 2026-12-07T00:00Z");
  ASSERT_EQ(j["itineraries"].size(), 1u);
  EXPECT_EQ(modes_of(j["itineraries"][0]), (std::vector<std::string>{"road"}));
}

TEST(Parcels, AContainerDoesNotFly) {
  // Full containers never board a flight: by air alone there is no route.
  const CliRun r = caravan("route Urumqi Almaty --modes air --depart 2026-12-07T00:00Z");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("no route: every route is cut off by --modes"), std::string::npos) << r.out;
  const json j = route_json("route Urumqi Almaty --depart 2026-12-07T00:00Z --max-results 0 --eps 0");
  for (const auto& it : j["itineraries"])
    for (const auto& leg : it["legs"]) {
      EXPECT_NE(leg["mode"], "air");
      EXPECT_FALSE(leg.contains("chargeable_kg"));
    }
  EXPECT_FALSE(j["itineraries"][0]["summary"].contains("customs"));
}

TEST(Parcels, BadParcelInputNamesTheFlag) {
  const auto error_of = [](const std::string& args) {
    const CliRun r = caravan("route Yiwu Almaty " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    return r.err;
  };
  EXPECT_EQ(error_of("--cargo parcel --weight-kg -3"), "caravan: --weight-kg: -3 is not a weight in kg within (0, 1000000]\n");
  EXPECT_EQ(error_of("--cargo parcel"), "caravan: --weight-kg: is required for parcel cargo (priced per chargeable kg)\n");
  EXPECT_EQ(error_of("--cargo envelope --weight-kg 2"), "caravan: --cargo: 'envelope' is not one of fcl, lcl, parcel\n");
  EXPECT_EQ(error_of("--cargo parcel --weight-kg 2 --value-usd -1"),
            "caravan: --value-usd: -1 is not a value in USD within [0, 1000000000]\n");
  EXPECT_EQ(error_of("--value-usd 100"), "caravan: --value-usd: applies to parcel cargo only (the cargo is fcl)\n");
  EXPECT_EQ(error_of("--cargo parcel --weight-kg 2 --block-train"),
            "caravan: --block-train: applies to fcl cargo only (the cargo is parcel)\n");
}

}  // namespace
}  // namespace caravan
