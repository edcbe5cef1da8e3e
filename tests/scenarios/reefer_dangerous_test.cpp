// Cargo that needs more than a box, as a shipper asks on the command line: a reefer of Uzbek fruit
// to Moscow, a cold-chain train, UN class 3 kept out of the Marmaray tunnel and off a ferry that
// refuses it, the papers that follow the cargo, and the errors of bad input.
//
//   Tashkent ══ road (reefer truck, its own unit) ═══════════════════════════> Moscow      6.5 d
//      └── road ─> Kyzylorda ── single wagons, 3.8 d unplugged ─> Aktobe ─ road ─> Moscow  (left out)
//
//   Ankara ── rail: Marmaray tunnel (no dangerous goods) ── Istanbul ── Kapikule             2.6 d
//      └── rail around the Black Sea through Georgia, Russia and Central Europe ──> Kapikule 28.7 d
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json route_json(const std::string& args) {
  const auto r = testing::run_caravan(args + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out, nullptr, false);
}

std::vector<std::string> services_of(const json& itinerary) {
  std::vector<std::string> out;
  for (const auto& leg : itinerary["legs"]) out.push_back(leg["service"].is_string() ? leg["service"].get<std::string>() : "-");
  return out;
}

bool passes(const json& itinerary, const std::string& node) {
  for (const auto& leg : itinerary["legs"])
    for (const auto& v : leg["path"])
      if (v == node) return true;
  return false;
}

const std::string kFruit = "route Tashkent Moscow --depart 2026-07-06T04:00Z";

TEST(ReeferAndDangerousGoods, UzbekFruitToMoscowAvoidsTheStretchWhereItWouldBeUnplugged) {
  // Dry, the Pareto set holds single wagons from Kyzylorda to Aktobe (3.8 days without power).
  const json dry = route_json(kFruit + " --max-results 0 --eps 0");
  bool wagons = false;
  for (const auto& it : dry["itineraries"])
    for (const auto& leg : it["legs"])
      wagons = wagons || (leg["from"]["id"] == "KZ_KYZYLORDA" && leg["to"]["id"] == "KZ_AKTOBE" && leg["mode"] == "rail");
  EXPECT_TRUE(wagons);

  const json j = route_json(kFruit + " --reefer --fresh-produce");
  EXPECT_EQ(j["query"]["cargo"], json::parse(R"j({"fresh_produce":true,"kind":"fcl","reefer":true})j"));
  ASSERT_EQ(j["itineraries"].size(), 1u) << j.dump(1);
  const json& truck = j["itineraries"][0];
  for (const auto& leg : truck["legs"]) EXPECT_EQ(leg["mode"], "road");
  EXPECT_EQ(truck["summary"]["reefer"], json::parse(R"j({"unplugged_hours":0.0,"unplugged_limit_hours":72.0})j"));
  EXPECT_EQ(truck["summary"]["arrive"]["local"], "2026-07-12T19:47+03:00");
  // GLEC's 12 % for a temperature-controlled truck: the dry truck's 6,612 kg become 7,405.
  EXPECT_EQ(truck["summary"]["co2e_kg"], 7405.4);
  EXPECT_EQ(dry["itineraries"][0]["summary"]["co2e_kg"], 6612.0);
  EXPECT_EQ(truck["summary"]["cost_usd"], dry["itineraries"][0]["summary"]["cost_usd"]);  // no road surcharge was found
  EXPECT_EQ(truck["legs"][0]["documents"],
            json::parse(R"j(["CMR consignment note","TIR carnet (eTIR)","Reefer temperature record (set point and log)",
                            "Phytosanitary certificate (IPPC)","Transit declaration"])j"));
  // The answer says why the rail options are gone.
  const json& first = j["left_out"][0];
  EXPECT_EQ(first["id"], "KZ_KYZYLORDA>KZ_AKTOBE");
  EXPECT_EQ(first["kind"], "stretch");
  EXPECT_EQ(first["limit"], "reefer");
  EXPECT_EQ(first["wait_days"], 3.8);
  EXPECT_EQ(first["note"], "Kyzylorda to Aktobe left out: a reefer would be unplugged 3.8 d there (terminals and single wagons give a "
                           "reefer no power; at most 72 h, reefer_max_unplugged_hours); the fastest option through it takes 8 d");
  const auto table = testing::run_caravan(kFruit + " --reefer");
  EXPECT_NE(table.out.find("    reefer: longest unplugged 0.0 h; at most 72 h\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("(routes leaving a reefer unplugged longer than reefer_max_unplugged_hours are not shown)"), std::string::npos);
}

TEST(ReeferAndDangerousGoods, AReeferRidesTheColdChainTrainButNoOtherService) {
  const json j = route_json("route Moscow Xian --depart 2026-07-06T04:00Z --reefer");
  bool cold_chain = false;
  for (const auto& it : j["itineraries"]) {
    for (const auto& s : services_of(it)) EXPECT_TRUE(s == "-" || s == "moscow-xian-rail") << s;
    if (services_of(it) == std::vector<std::string>{"moscow-xian-rail"}) {
      cold_chain = true;
      // In the yard at Moscow from the cut-off (24 h) on; powered by the train after that.
      EXPECT_EQ(it["summary"]["reefer"],
                json::parse(R"j({"unplugged_from":"RU_MOSCOW","unplugged_hours":24.0,"unplugged_limit_hours":72.0,"unplugged_to":"RU_MOSCOW"})j"));
      EXPECT_EQ(it["summary"]["cost_usd"], 5215.0);
    }
  }
  EXPECT_TRUE(cold_chain);
}

TEST(ReeferAndDangerousGoods, ClassThreeIsKeptOutOfTheMarmarayTunnel) {
  const std::string ankara = "route Ankara Kapikule --depart 2026-07-06T04:00Z --modes rail";
  const json dry = route_json(ankara);
  EXPECT_EQ(dry["itineraries"][0]["summary"]["duration_hours"], 62.48);
  EXPECT_TRUE(passes(dry["itineraries"][0], "TR_ISTANBUL"));

  const json j = route_json(ankara + " --dangerous 3");
  EXPECT_EQ(j["query"]["cargo"], json::parse(R"j({"dangerous":3,"kind":"fcl"})j"));
  ASSERT_EQ(j["itineraries"].size(), 1u);
  EXPECT_FALSE(passes(j["itineraries"][0], "TR_ISTANBUL"));
  EXPECT_EQ(j["itineraries"][0]["summary"]["countries"],
            json::parse(R"j(["TR","GE","AZ","RU","BY","PL","CZ","SK","HU","RS","BG","TR"])j"));
  EXPECT_EQ(j["restrictions"],
            json::parse(R"j([{"applies_to":"link","fastest_without_days":2.6,"id":"rail:TR_ANKARA:TR_ISTANBUL",
              "restriction":"Marmaray tunnel under the Bosporus: no dangerous goods (chemicals prohibited, even empty cleaned wagons)",
              "rule":"forbids_dangerous"}])j"));
  // Turkish rail is RID's; the SMGS part of the trip carries its Annex 2 entries.
  EXPECT_EQ(j["itineraries"][0]["legs"][0]["documents"],
            json::parse(R"j(["CIM/SMGS consignment note","RID dangerous goods entries (UN class 3)","Transit declaration"])j"));
  bool annex2 = false;
  for (const auto& leg : j["itineraries"][0]["legs"])
    for (const auto& d : leg["documents"]) annex2 = annex2 || d == "SMGS Annex 2 dangerous goods entries and emergency card (UN class 3)";
  EXPECT_TRUE(annex2);
  const auto table = testing::run_caravan(ankara + " --dangerous 3");
  EXPECT_NE(table.out.find("\ndecided by: Marmaray tunnel under the Bosporus: no dangerous goods (chemicals prohibited, even empty "
                           "cleaned wagons) (rail:TR_ANKARA:TR_ISTANBUL); the fastest option it keeps the cargo off takes 2.6 d\n"),
            std::string::npos)
      << table.out;
}

// A copy of the bundled data in which the Kuryk-Alat ferry's operator refuses class 3, as a
// forwarder records a refusal (no operator on the corridor publishes its list: cargo_rules.csv
// flags the Caspian ferries as unknown).
struct RefusingFerryData {
  fs::path dir = fs::temp_directory_path() / ("caravan_refusing_ferry_" + std::to_string(::getpid()));
  RefusingFerryData() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(fs::path(CARAVAN_TEST_DIR) / ".." / "data" / "corridors", dir / "corridors", fs::copy_options::recursive);
    std::ofstream(dir / "corridors" / "cargo_rules.csv", std::ios::app)
        << "service,kuryk-alat-ferry,forbids_dangerous,3,\"Kuryk-Alat ferry: no class 3 flammable liquids\",test fixture\n";
  }
  ~RefusingFerryData() { fs::remove_all(dir); }
};

TEST(ReeferAndDangerousGoods, ClassThreeIsKeptOffAFerryThatRefusesIt) {
  const RefusingFerryData data;
  const std::string aktau = "route Aktau Baku --depart 2026-12-07T06:00Z --data " + data.dir.string();
  const json dry = route_json(aktau);
  bool ferry = false;
  for (const auto& it : dry["itineraries"])
    for (const auto& s : services_of(it)) ferry = ferry || s == "kuryk-alat-ferry";
  EXPECT_TRUE(ferry);

  const json j = route_json(aktau + " --dangerous 3");
  for (const auto& it : j["itineraries"])
    for (const auto& s : services_of(it)) EXPECT_NE(s, "kuryk-alat-ferry");
  EXPECT_EQ(j["itineraries"].size(), 7u);
  EXPECT_EQ(j["restrictions"], json::parse(R"j([{"applies_to":"service","fastest_without_days":5.1,"id":"kuryk-alat-ferry",
              "restriction":"Kuryk-Alat ferry: no class 3 flammable liquids","rule":"forbids_dangerous"}])j"));
  // The other Caspian ferries publish no list: offered, and flagged.
  const json& feeder = j["itineraries"][5];
  EXPECT_EQ(services_of(feeder), (std::vector<std::string>{"aktau-alat-feeder", "-"}));  // then by road from the port
  EXPECT_EQ(feeder["summary"]["dangerous_goods"][0]["id"], "aktau-alat-feeder");
  EXPECT_EQ(feeder["summary"]["dangerous_goods"][0]["rule"], "dangerous_unknown");
  EXPECT_EQ(feeder["legs"][0]["documents"],
            json::parse(R"j(["Ferry waybill","IMDG dangerous goods declaration (UN class 3)","Transit declaration"])j"));
}

TEST(ReeferAndDangerousGoods, BadInputNamesTheFlag) {
  const auto error_of = [](const std::string& args) {
    const auto r = testing::run_caravan("route Urumqi Tashkent " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    return r.err;
  };
  EXPECT_EQ(error_of("--dangerous 10"), "caravan: --dangerous: '10' is not a UN dangerous goods class 1..9\n");
  EXPECT_EQ(error_of("--dangerous x"), "caravan: --dangerous: 'x' is not a UN dangerous goods class 1..9\n");
  EXPECT_EQ(error_of("--cargo lcl --weight-kg 800 --volume-m3 5 --reefer"),
            "caravan: --reefer: applies to fcl cargo only (the cargo is lcl; its services carry no reefers)\n");
}

TEST(ReeferAndDangerousGoods, AGroupageDeclarationCarriesTheConsignment) {
  const auto path = fs::temp_directory_path() / ("caravan_lcl_declaration_" + std::to_string(::getpid()) + ".json");
  const auto r = testing::run_caravan("route Urumqi Tashkent --cargo lcl --weight-kg 800 --volume-m3 5 --pieces 12 "
                                      "--depart 2026-12-09T02:00Z --declare " + path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(path);
  const json declaration = json::parse(in, nullptr, false);
  EXPECT_EQ(declaration["consignments"][0]["items"],
            json::parse(R"j([{"description":"","gross_mass_kg":800.0,"hs6":"","packages":12}])j"));
  fs::remove(path);
}

}  // namespace
}  // namespace caravan
