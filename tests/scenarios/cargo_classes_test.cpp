// Beyond one container, as a shipper asks on the command line: 5 m³ of groupage (LCL) from Urumqi to
// Tashkent through the consolidation hubs, priced per W/M, and the clear errors of bad cargo input.
//
//   Urumqi CR Express  ──── urumqi-tashkent-lcl (We 10:00, 72 h, USD 61 per W/M) ────>  Tashkent
//   assembly centre    ── urumqi-almaty-lcl (Mo,Th, 48 h, 31) ──> Almaty ── almaty-tashkent-lcl ──>
//                                                  (Qilu/Atasu centre)  (Tu,Fr, 24 h, 29)
//
// Every hub: cut-off 24 h, stripping 24 h, USD 22.50 per W/M to stuff and to strip.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using nlohmann::json;

using CliRun = testing::Run;
CliRun caravan(const std::string& args) { return testing::run_caravan(args); }
json route_json(const std::string& args) { return testing::run_caravan_json(args); }

const std::string kLclStory = "route Urumqi Tashkent --cargo lcl --weight-kg 800 --volume-m3 5 --pieces 12";

std::vector<std::string> services_of(const json& itinerary) {
  std::vector<std::string> out;
  for (const auto& leg : itinerary["legs"]) out.push_back(leg["service"].get<std::string>());
  return out;
}

TEST(CargoClasses, FiveCubicMetresOfGroupageUrumqiToTashkentThroughTheHubs) {
  // Handed in on Wednesday at 10:00, too late for that day's direct train (cut-off 24 h): Thursday's
  // train to the Almaty consolidation centre and Tuesday's on to Tashkent arrive first; next
  // Wednesday's direct train is cheaper (one stuffing and one stripping instead of two each).
  const json j = route_json(kLclStory + " --depart 2026-12-09T02:00Z");
  EXPECT_EQ(j["query"]["cargo"], json::parse(R"({"kind":"lcl","weight_kg":800.0,"volume_m3":5.0,"pieces":12})"));
  ASSERT_EQ(j["itineraries"].size(), 2u) << j.dump(1);
  const json& fast = j["itineraries"][0];
  const json& cheap = j["itineraries"][1];
  EXPECT_EQ(services_of(fast), (std::vector<std::string>{"urumqi-almaty-lcl", "almaty-tashkent-lcl"}));
  EXPECT_EQ(services_of(cheap), (std::vector<std::string>{"urumqi-tashkent-lcl"}));
  // 5 m³ against 0.8 t: 5 W/M everywhere.
  for (const auto& it : {fast, cheap})
    for (const auto& leg : it["legs"]) EXPECT_EQ(leg["revenue_tonnes"], 5.0);
  // Direct: stuffing 5 x 22.50 + freight 5 x 61 + stripping 5 x 22.50.
  EXPECT_EQ(cheap["summary"]["cost_usd"], 530.0);
  EXPECT_EQ(cheap["summary"]["cost_breakdown"]["freight"], 305.0);
  EXPECT_EQ(cheap["summary"]["cost_breakdown"]["handling"], 225.0);
  EXPECT_EQ(cheap["legs"][0]["usd_per_wm"], 61.0);
  // Through Almaty: 112.50 + 155 at Urumqi; stripped and stuffed again at Almaty (225) + 145; 112.50.
  EXPECT_EQ(fast["summary"]["cost_usd"], 750.0);
  EXPECT_EQ(fast["summary"]["transshipments"], 1);
  EXPECT_EQ(fast["legs"][1]["transshipment"], true);
  // Stripped at Almaty on Saturday 07:00 + 24 h, then in by Monday's cut-off for Tuesday's train.
  EXPECT_EQ(fast["legs"][1]["ready"]["local"], "2026-12-13T07:00+05:00");
  EXPECT_EQ(fast["legs"][1]["depart"]["local"], "2026-12-15T10:00+05:00");
  EXPECT_EQ(fast["legs"][0]["depart"]["local"], "2026-12-10T10:00+08:00");
  EXPECT_EQ(fast["summary"]["arrive"]["local"], "2026-12-17T10:00+05:00");
  EXPECT_EQ(cheap["legs"][0]["depart"]["local"], "2026-12-16T10:00+08:00");
  EXPECT_EQ(cheap["summary"]["arrive"]["local"], "2026-12-20T07:00+05:00");
  EXPECT_EQ(cheap["legs"][0]["wait_reason"], "next departure of Urumqi-Tashkent rail groupage (We 10:00 local at Urumqi (Urumqi International Land Port), "
            "consolidation cut-off 24 h)");
}

TEST(CargoClasses, HeavyGroupagePaysByWeight) {
  // 6 t in 5 m³: 6 revenue tonnes (1,000 kg to the m³); 0.2 m³ of 50 kg pays the 1 W/M minimum.
  const json heavy = route_json("route Urumqi Tashkent --cargo lcl --weight-kg 6000 --volume-m3 5 --optimize cost --depart 2026-12-10T02:00Z");
  EXPECT_EQ(heavy["itineraries"][0]["summary"]["cost_usd"], 636.0);  // 6 x (22.50 + 61 + 22.50)
  const json small = route_json("route Urumqi Tashkent --cargo lcl --weight-kg 50 --volume-m3 0.2 --optimize cost --depart 2026-12-10T02:00Z");
  EXPECT_EQ(small["itineraries"][0]["summary"]["cost_usd"], 106.0);
  EXPECT_EQ(small["itineraries"][0]["legs"][0]["revenue_tonnes"], 1.0);
}

TEST(CargoClasses, TheTableGivesThePricePerWm) {
  const CliRun r = caravan(kLclStory + " --depart 2026-12-10T02:00Z --optimize cost");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("USD for the consignment (5 W/M): freight 305 + handling 225 = 530; 106.00 per W/M"), std::string::npos)
      << r.out;
}

TEST(CargoClasses, BadCargoInputNamesTheFlag) {
  const auto error_of = [](const std::string& args) {
    const CliRun r = caravan("route Urumqi Tashkent " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    return r.err;
  };
  EXPECT_EQ(error_of("--cargo lcl --weight-kg -5 --volume-m3 5"),
            "caravan: --weight-kg: -5 is not a weight in kg within (0, 1000000]\n");
  EXPECT_EQ(error_of("--cargo bulk"), "caravan: --cargo: 'bulk' is not one of fcl, lcl, parcel\n");
  EXPECT_EQ(error_of("--cargo lcl --weight-kg 800"),
            "caravan: --volume-m3: is required for lcl cargo (priced on the larger of weight and volume)\n");
  EXPECT_EQ(error_of("--weight-kg 800"), "caravan: --weight-kg: applies to lcl and parcel cargo only (the cargo is fcl: full containers)\n");
  EXPECT_EQ(error_of("--cargo lcl --weight-kg 800 --volume-m3 5 --block-train"),
            "caravan: --block-train: applies to fcl cargo only (the cargo is lcl)\n");
}

TEST(CargoClasses, GroupageStartsAtAConsolidationHub) {
  const CliRun r = caravan("route Xian Tashkent --cargo lcl --weight-kg 800 --volume-m3 5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "caravan: FROM: Xi'an (Xi'an International Port / Chanba dry port) has no consolidation hub for lcl cargo; hubs: Urumqi CR Express assembly centre (CN_URUMQI); "
            "Almaty consolidation centre (Qilu / Atasu) (KZ_ALMATY); Tashkent groupage terminal (UZ_TASHKENT)\n");
}

TEST(CargoClasses, FullContainersNeverRideGroupage) {
  const json j = route_json("route Urumqi Tashkent --depart 2026-12-10T02:00Z --max-results 0 --eps 0");
  for (const auto& it : j["itineraries"])
    for (const auto& leg : it["legs"]) {
      EXPECT_FALSE(leg.contains("revenue_tonnes"));
      if (leg["service"].is_string()) EXPECT_EQ(leg["service"].get<std::string>().find("-lcl"), std::string::npos);
    }
  EXPECT_FALSE(j["query"].contains("cargo"));
}

}  // namespace
}  // namespace caravan
