// Corridor stories for the places and crossings the network gained with the China-Mongolia-Russia
// corridor, South China, the European and Middle Corridor ends and the Central Asian gaps: each
// asked as a forwarder would (`caravan route FROM TO … --optimize time`), each with its exact
// itinerary — the legs, the crossings passed and the door-to-door hours. The rail stories follow
// the lines, so they run a block train of their own (`--block-train`); what a single container
// rides instead (services, single wagons) is told in rail_dispatch_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

struct Answer {
  json itinerary;  // the first (fastest) itinerary
  std::string countries;
  Strings stops;      // from of the first leg, then every leg's `to`
  Strings crossings;  // ids of the crossings passed, in order (a scheduled train's too)
  double hours = 0;
};

Answer fastest(const std::string& args, const std::string& depart = "2026-12-07T08:00Z") {
  const auto run = testing::run_caravan("route " + args + " --optimize time --format json --depart " + depart);
  EXPECT_EQ(run.exit_code, 0) << args << "\n" << run.out << run.err;
  Answer a;
  if (run.exit_code != 0) return a;
  const auto j = json::parse(run.out);
  if (j["itineraries"].empty()) {
    ADD_FAILURE() << args << ": no itinerary\n" << run.out;
    return a;
  }
  a.itinerary = j["itineraries"][0];
  for (const auto& c : a.itinerary["summary"]["countries"]) a.countries += (a.countries.empty() ? "" : "-") + c.get<std::string>();
  a.stops.push_back(a.itinerary["legs"][0]["from"]["id"]);
  for (const auto& leg : a.itinerary["legs"]) {
    a.stops.push_back(leg["to"]["id"]);
    if (!leg["crossing"].is_null()) a.crossings.push_back(leg["crossing"]["id"]);
    if (leg.contains("crossings"))
      for (const auto& c : leg["crossings"])
        if (c.value("scheduled", false)) a.crossings.push_back(c["id"]);
  }
  a.hours = a.itinerary["summary"]["duration_hours"];
  return a;
}

// Tianjin port → Ulaanbaatar by rail, the sea-rail route of Mongolia's imports: over Beijing and
// Jining to Erenhot, the only China-Mongolia rail port, where the train changes to 1,520 mm at
// Zamyn-Üüd.
TEST(CoverageStories, TianjinToUlaanbaatarCrossesAtErenhot) {
  const auto a = fastest("Tianjin Ulaanbaatar --modes rail --block-train");
  EXPECT_EQ(a.countries, "CN-MN");
  EXPECT_EQ(a.stops, (Strings{"CN_TIANJIN", "CN_ERENHOT", "MN_ZAMYNUUD", "MN_ULAANBAATAR"}));
  EXPECT_EQ(a.crossings, (Strings{"erenhot-zamyn-uud"}));
  EXPECT_EQ(a.itinerary["summary"]["gauge_changes"], 1);
  EXPECT_EQ(a.itinerary["summary"]["distance_km"], 1738.0);
  EXPECT_DOUBLE_EQ(a.hours, 95.03);
}

// Ulaanbaatar → Ulan-Ude: north on the Trans-Mongolian line, Sükhbaatar-Naushki, 1,520 mm both sides.
TEST(CoverageStories, UlaanbaatarToUlanUdeCrossesAtNaushki) {
  const auto a = fastest("Ulaanbaatar Ulan-Ude --modes rail --block-train");
  EXPECT_EQ(a.countries, "MN-RU");
  EXPECT_EQ(a.stops, (Strings{"MN_ULAANBAATAR", "MN_SUKHBAATAR", "RU_NAUSHKI", "RU_ULANUDE"}));
  EXPECT_EQ(a.crossings, (Strings{"sukhbaatar-naushki"}));
  EXPECT_EQ(a.itinerary["summary"]["gauge_changes"], 0);
  EXPECT_DOUBLE_EQ(a.hours, 50.72);
}

// Bishkek → Osh by road stays in Kyrgyzstan on the 655 km Bishkek-Osh road (it used to run
// through Kazakhstan and Uzbekistan with three borders).
TEST(CoverageStories, BishkekToOshStaysInKyrgyzstan) {
  const auto a = fastest("Bishkek Osh --modes road");
  EXPECT_EQ(a.countries, "KG");
  EXPECT_EQ(a.stops, (Strings{"KG_BISHKEK", "KG_OSH"}));
  EXPECT_TRUE(a.crossings.empty());
  EXPECT_EQ(a.itinerary["summary"]["distance_km"], 655.0);
  EXPECT_DOUBLE_EQ(a.hours, 26.1);
}

// Termez → Mazar-i-Sharif by road: over the Friendship Bridge to Hairatan and 76 km on (it took
// 155 days through half of Asia when the Hairatan-Mazar road was missing).
TEST(CoverageStories, TermezToMazarTakesTheHairatanRoad) {
  const auto a = fastest("Termez Mazar-i-Sharif --modes road");
  EXPECT_EQ(a.countries, "UZ-AF");
  EXPECT_EQ(a.stops, (Strings{"UZ_TERMEZ", "AF_HAIRATAN", "AF_MAZAR"}));
  EXPECT_EQ(a.crossings, (Strings{"termez-hairatan-road"}));
  // The crossing's 8 h (an estimate) is its yearly mean, closed hours included, no longer open time
  // with the night added (docs/validation.md, "Border time as elapsed time").
  EXPECT_DOUBLE_EQ(a.hours, 7.13);
}

// Shenzhen (Pinghu South) → Duisburg by rail: north through Guangzhou and Wuhan to Alashankou, then
// the northern route through Russia and Belarus.
TEST(CoverageStories, ShenzhenToDuisburgByRail) {
  const auto a = fastest("Shenzhen Duisburg --modes rail --block-train");
  EXPECT_EQ(a.countries, "CN-KZ-RU-BY-PL-DE");
  EXPECT_EQ(a.crossings, (Strings{"alashankou-dostyk", "mamlyutka-petukhovo", "krasnoye-osinovka",
                                  "brest-malaszewicze", "kunowice-frankfurt-oder"}));
  EXPECT_EQ(a.stops.front(), "CN_SHENZHEN");
  EXPECT_EQ(a.stops.back(), "DE_DUISBURG");
  EXPECT_DOUBLE_EQ(a.hours, 382.33);
}

// Chengdu → Milan by rail: Małaszewicze, then south through the Czech Republic and Austria and over
// Tarvisio into Italy. The fastest is now the weekly Xi'an-Milan train (Friday, 12 d) reached from
// Chengdu by rail: 16 d door to door, against the published 14 d of the direct Chengdu-Milan train
// that leaves on Thursday.
TEST(CoverageStories, ChengduToMilanOverTarvisio) {
  const auto a = fastest("Chengdu Milan --modes rail --block-train");
  EXPECT_EQ(a.countries, "CN-KZ-RU-BY-PL-CZ-AT-IT");
  EXPECT_EQ(a.crossings, (Strings{"alashankou-dostyk", "mamlyutka-petukhovo", "krasnoye-osinovka",
                                  "brest-malaszewicze", "zebrzydowice-petrovice", "breclav-hohenau",
                                  "arnoldstein-tarvisio"}));
  EXPECT_EQ(a.stops, (Strings{"CN_CHENGDU", "CN_XIAN", "IT_MILAN"}));
  EXPECT_EQ(a.itinerary["legs"][1]["service"], "xian-milan-rail");
  EXPECT_DOUBLE_EQ(a.hours, 384);
}

// The Kulma Pass (4,363 m) between Tajikistan and China opens May to November, weekdays only.
// In June a truck from Dushanbe over the Pamir Highway crosses it.
TEST(CoverageStories, KulmaOpensInSummerOnly) {
  const auto june = fastest("Dushanbe Kashgar --modes road --via TJ_KULMA", "2026-06-08T04:00Z");
  EXPECT_EQ(june.countries, "TJ-CN");
  EXPECT_EQ(june.stops, (Strings{"TJ_DUSHANBE", "TJ_KULMA", "CN_KARASU", "CN_KASHGAR"}));
  EXPECT_EQ(june.crossings, (Strings{"kulma-karasu"}));
  // Kulma's figure is above what its closed nights and weekends alone give over the open season,
  // so a truck that finds it open takes the figure itself (docs/validation.md).
  EXPECT_DOUBLE_EQ(june.hours, 57.4);

  // In January the pass is shut (seasonal closure 12-01..04-30): asked to go by Kulma, the truck
  // reaches the Tajik post, turns round and crosses into Kyrgyzstan at Isfara-Batken and into
  // China at Irkeshtam rather than wait for May.
  const auto january = fastest("Dushanbe Kashgar --modes road --via TJ_KULMA", "2027-01-11T04:00Z");
  EXPECT_EQ(january.countries, "TJ-KG-CN");
  EXPECT_EQ(january.crossings, (Strings{"batken-isfara-road", "irkeshtam"}));
  EXPECT_DOUBLE_EQ(january.hours, 125.78);

  // Without the via point the fastest truck in June goes round by Uzbekistan, Kyrgyzstan and
  // Irkeshtam, 3.6 h sooner than over the pass (8 h to clear once open, in 9 open hours a day).
  const auto any = fastest("Dushanbe Kashgar --modes road", "2026-06-08T04:00Z");
  EXPECT_EQ(any.countries, "TJ-UZ-KG-CN");
  EXPECT_EQ(any.crossings, (Strings{"oybek-fotehobod", "dostuk-dustlik", "irkeshtam"}));
  EXPECT_DOUBLE_EQ(any.hours, 53.78);
}

// Dushanbe → Kunduz: the Panji Poyon bridge to Sher Khan Bandar.
TEST(CoverageStories, DushanbeToKunduzOverSherKhanBandar) {
  const auto a = fastest("Dushanbe Kunduz --modes road");
  EXPECT_EQ(a.countries, "TJ-AF");
  EXPECT_EQ(a.stops, (Strings{"TJ_DUSHANBE", "TJ_PANJIPOYON", "AF_SHERKHANBANDAR", "AF_KUNDUZ"}));
  EXPECT_EQ(a.crossings, (Strings{"panji-poyon-sher-khan-bandar"}));
  EXPECT_DOUBLE_EQ(a.hours, 15.17);
}

// Mashhad → Herat by road through Dogharoun and Islam Qala, the crossing of most Iran-Afghanistan trade.
TEST(CoverageStories, MashhadToHeratThroughIslamQala) {
  const auto a = fastest("Mashhad Herat --modes road");
  EXPECT_EQ(a.countries, "IR-AF");
  EXPECT_EQ(a.stops, (Strings{"IR_MASHHAD", "IR_TAYBAD", "AF_ISLAMQALA", "AF_HERAT"}));
  EXPECT_EQ(a.crossings, (Strings{"dogharoun-islam-qala"}));
  EXPECT_DOUBLE_EQ(a.hours, 18.15);
}

// Mary → Herat by road over Serhetabat-Torghundi; by rail the 1,520 mm line ends at Torghundi.
TEST(CoverageStories, MaryToHeratThroughTorghundi) {
  const auto road = fastest("Mary Herat --modes road");
  EXPECT_EQ(road.countries, "TM-AF");
  EXPECT_EQ(road.stops, (Strings{"TM_MARY", "TM_SERHETABAT", "AF_TORGHUNDI", "AF_HERAT"}));
  EXPECT_EQ(road.crossings, (Strings{"serhetabat-torghundi-road"}));
  EXPECT_DOUBLE_EQ(road.hours, 25.63);

  const auto rail = fastest("Mary Torghundi --modes rail --block-train");
  EXPECT_EQ(rail.stops, (Strings{"TM_MARY", "TM_SERHETABAT", "AF_TORGHUNDI"}));
  EXPECT_EQ(rail.crossings, (Strings{"serhetabat-torghundi"}));
  EXPECT_DOUBLE_EQ(rail.hours, 34.73);
}

// Baku → Makhachkala by rail: north along the Caspian, Yalama-Samur into Russia (the western route
// of the North-South corridor).
TEST(CoverageStories, BakuToMakhachkalaCrossesAtYalama) {
  const auto a = fastest("Baku Makhachkala --modes rail --block-train");
  EXPECT_EQ(a.countries, "AZ-RU");
  EXPECT_EQ(a.stops, (Strings{"AZ_BAKU", "AZ_YALAMA", "RU_SAMUR", "RU_MAKHACHKALA"}));
  EXPECT_EQ(a.crossings, (Strings{"yalama-samur"}));
  EXPECT_DOUBLE_EQ(a.hours, 28.97);
}

// Bucharest → Sofia by road over the Giurgiu-Ruse Friendship Bridge (an EU internal border: no stop).
TEST(CoverageStories, BucharestToSofiaOverTheDanubeBridge) {
  const auto a = fastest("Bucharest Sofia --modes road");
  EXPECT_EQ(a.countries, "RO-BG");
  EXPECT_EQ(a.stops, (Strings{"RO_BUCHAREST", "RO_GIURGIU", "BG_RUSE", "BG_SOFIA"}));
  EXPECT_EQ(a.crossings, (Strings{"giurgiu-ruse"}));
  EXPECT_EQ(a.itinerary["legs"][1]["crossing"]["processing_hours"], 0.0);
  EXPECT_DOUBLE_EQ(a.hours, 10.1);
}

// Mashhad → Bandar Abbas by rail takes the Bafq-Mashhad line (opened 2005), not the old way round by
// Tehran: one leg of 800 + 626 km.
TEST(CoverageStories, MashhadToBandarAbbasOnTheBafqLine) {
  const auto a = fastest("Mashhad 'Bandar Abbas' --modes rail --block-train");
  EXPECT_EQ(a.countries, "IR");
  EXPECT_EQ(a.stops, (Strings{"IR_MASHHAD", "IR_BANDARABBAS"}));
  EXPECT_EQ(a.itinerary["summary"]["distance_km"], 1426.0);
  EXPECT_DOUBLE_EQ(a.hours, 47.65);
}

// Tianjin → Manzhouli by rail is Tianjin-Harbin on the Jingha line's km posts (Tianjin-Qinhuangdao-
// Shenyang-Changchun-Harbin, 1,195 km) plus the Binzhou line (935 km): 2,130 km, no longer shorter
// than Harbin-Manzhouli alone.
TEST(CoverageStories, TianjinToManzhouliIsMeasuredThroughHarbin) {
  const auto a = fastest("Tianjin Manzhouli --modes rail --block-train");
  EXPECT_EQ(a.itinerary["summary"]["distance_km"], 2130.0);
  EXPECT_DOUBLE_EQ(a.hours, 54.6);
}

// The places a forwarder asked for by name resolve; Busan, Mersin and Novorossiysk are ports.
TEST(CoverageStories, NamedPlacesResolve) {
  for (const auto& [query, id] : std::vector<std::pair<std::string, std::string>>{
           {"Shenzhen", "CN_SHENZHEN"}, {"Milan", "IT_MILAN"}, {"Ulaanbaatar", "MN_ULAANBAATAR"},
           {"Busan", "KR_BUSAN"}, {"Berlin", "DE_BERLIN"}, {"Mersin", "TR_MERSIN"},
           {"Novorossiysk", "RU_NOVOROSSIYSK"}, {"Guangzhou", "CN_GUANGZHOU"}, {"Erenhot", "CN_ERENHOT"},
           {"Zamiin-Uud", "MN_ZAMYNUUD"}, {"Naushki", "RU_NAUSHKI"}, {"Ruse", "BG_RUSE"}, {"Giurgiu", "RO_GIURGIU"},
           {"Torghundi", "AF_TORGHUNDI"}, {"Islam Qala", "AF_ISLAMQALA"}, {"Sher Khan Bandar", "AF_SHERKHANBANDAR"},
           {"Yalama", "AZ_YALAMA"}, {"Bafq", "IR_BAFQ"}}) {
    const auto run = testing::run_caravan("places " + testing::shell_quote(query) + " --format json");
    ASSERT_EQ(run.exit_code, 0) << query << "\n" << run.out << run.err;
    const auto j = json::parse(run.out);
    ASSERT_FALSE(j.empty()) << query;
    EXPECT_EQ(j[0]["id"], id) << query;
  }
}

}  // namespace
}  // namespace caravan
