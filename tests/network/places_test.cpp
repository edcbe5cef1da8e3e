// Name resolution on the bundled corridor data: ids, names, aliases and UN/LOCODEs, folded for
// case, accents and punctuation; ambiguity and unknown names are explained, never guessed away.
#include "network/places.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caravan {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const Network& net() {
  static const std::shared_ptr<const Network> network = [] {
    auto loaded = load_network(std::string(CARAVAN_TEST_DIR) + "/../data/corridors");
    if (!loaded.network) throw std::runtime_error("bundled data does not load:\n" + loaded.diagnostics.to_string());
    return loaded.network;
  }();
  return *network;
}

const PlaceIndex& places() {
  static const PlaceIndex index(net());
  return index;
}

// "CN_XIAN" for a node, "crossing:khorgos-altynkol" for a crossing.
std::vector<std::string> ids(const std::vector<PlaceCandidate>& candidates) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    out.push_back(c.node.valid() ? net().nodes[c.node].id : "crossing:" + net().crossings[c.crossing].id);
  return out;
}

// The single exact match, or a description of what came back instead.
std::string resolve(std::string_view query) {
  const auto r = places().lookup(query);
  if (r.unique()) return ids(r.exact).front();
  return "exact " + testing::PrintToString(ids(r.exact)) + " partial " + testing::PrintToString(ids(r.partial));
}

std::string matched(std::string_view query) {
  const auto r = places().lookup(query);
  return r.unique() ? r.exact.front().matched : "(not unique)";
}

TEST(Places, XianInEveryCommonSpelling) {
  for (const char* q : {"Xi'an", "Xian", "xian", "xi an", "XI'AN", "Xi’an", "Xi-An", "  xi'an  ", "CN_XIAN", "cn_xian",
                        "CNXIA", "cnxia", "Chang'an", "Xi'an International Port",
                        "Xi'an (Xi'an International Port / Chanba dry port)"}) {
    EXPECT_EQ(resolve(q), "CN_XIAN") << q;
  }
  EXPECT_EQ(matched("CNXIA"), "CNXIA");
  EXPECT_EQ(matched("XIAN"), "Xi'an");  // the name before " (…)" comes before the alias "Xian"
  EXPECT_EQ(matched("cn_xian"), "CN_XIAN");
  EXPECT_EQ(places().explain("Xi'an", places().lookup("Xi'an")), "");
  EXPECT_EQ(places().describe(places().lookup("xian").exact.front()),
            "Xi'an (Xi'an International Port / Chanba dry port) (CN_XIAN, CN)");
}

TEST(Places, UnLocodes) {
  EXPECT_EQ(resolve("CNXIA"), "CN_XIAN");
  EXPECT_EQ(resolve("KZALA"), "KZ_ALMATY");
  EXPECT_EQ(resolve("kzala"), "KZ_ALMATY");
  EXPECT_EQ(resolve("KZDOS"), "KZ_DOSTYK");
  EXPECT_EQ(resolve("CNAKL"), "CN_ALASHANKOU");
  EXPECT_EQ(resolve("CNHRS"), "CN_KHORGOS");
  EXPECT_EQ(resolve("KZHOR"), "KZ_NURZHOLY");
  EXPECT_EQ(resolve("AZALA"), "AZ_ALAT");
  EXPECT_EQ(resolve("PLMAA"), "PL_MALASZEWICZE");
  EXPECT_EQ(resolve("UZTAS"), "UZ_TASHKENT");
}

TEST(Places, HorgosAndNurZholyAliasesResolveAsTheDataDefines) {
  // CN_KHORGOS: name "Khorgos / Horgos (China side, …)", aliases Horgos | Huoerguosi | Khorgos port.
  EXPECT_EQ(resolve("Horgos"), "CN_KHORGOS");
  EXPECT_EQ(resolve("HORGOS"), "CN_KHORGOS");
  EXPECT_EQ(resolve("Huoerguosi"), "CN_KHORGOS");
  EXPECT_EQ(resolve("Khorgos port"), "CN_KHORGOS");
  EXPECT_EQ(resolve("Khorgos / Horgos"), "CN_KHORGOS");
  EXPECT_EQ(resolve("CN_KHORGOS"), "CN_KHORGOS");
  // KZ_NURZHOLY: aliases Nur Zholy | Nurzholy | Khorgos (KZ) | Horgos (KZ).
  EXPECT_EQ(resolve("Nur Zholy"), "KZ_NURZHOLY");
  EXPECT_EQ(resolve("nur-zholy"), "KZ_NURZHOLY");
  EXPECT_EQ(resolve("Nurzholy"), "KZ_NURZHOLY");
  EXPECT_EQ(resolve("Khorgos (KZ)"), "KZ_NURZHOLY");
  EXPECT_EQ(resolve("Horgos (KZ)"), "KZ_NURZHOLY");
  // The crossing points by their own names and aliases.
  EXPECT_EQ(resolve("khorgos-altynkol"), "crossing:khorgos-altynkol");
  EXPECT_EQ(resolve("Horgos-Altynkol"), "crossing:khorgos-altynkol");
  EXPECT_EQ(resolve("Khorgos-Nur Zholy (road)"), "crossing:khorgos-nurzholy");
  EXPECT_EQ(resolve("Khorgos road"), "crossing:khorgos-nurzholy");
  EXPECT_EQ(resolve("Altyn-Kol"), "KZ_ALTYNKOL");
}

TEST(Places, KhorgosAloneMatchesNothingExactlyAndListsFiveCandidates) {
  // No name or alias is exactly "Khorgos", so it is not resolved; five places contain it.
  const auto r = places().lookup("Khorgos");
  EXPECT_THAT(r.exact, IsEmpty());
  EXPECT_FALSE(r.unique());
  EXPECT_THAT(ids(r.partial), ElementsAre("CN_KHORGOS", "KZ_KHORGOS_GATEWAY", "KZ_NURZHOLY", "crossing:khorgos-altynkol",
                                          "crossing:khorgos-nurzholy"));
  EXPECT_EQ(places().explain("Khorgos", r),
            "unknown place 'Khorgos'; did you mean: Khorgos / Horgos (China side, rail station + road port) (CN_KHORGOS, "
            "CN); KTZE-Khorgos Gateway dry port (KZ_KHORGOS_GATEWAY, KZ); Nur Zholy road BCP (Khorgos, KZ side) "
            "(KZ_NURZHOLY, KZ); Khorgos-Altynkol (rail) (crossing khorgos-altynkol, rail); Khorgos-Nur Zholy (road) "
            "(crossing khorgos-nurzholy, road)");
  // Places only (what route endpoints use): the two crossings drop out.
  const auto nodes = places().lookup_node("khorgos");
  EXPECT_THAT(nodes.exact, IsEmpty());
  EXPECT_THAT(ids(nodes.partial), ElementsAre("CN_KHORGOS", "KZ_KHORGOS_GATEWAY", "KZ_NURZHOLY"));
}

TEST(Places, KhorgosGatewayIsAmbiguousBetweenTheDryPortAndTheRailCrossing) {
  const auto r = places().lookup("Khorgos Gateway");
  EXPECT_THAT(ids(r.exact), ElementsAre("KZ_KHORGOS_GATEWAY", "crossing:khorgos-altynkol"));
  EXPECT_THAT(r.partial, IsEmpty());
  EXPECT_EQ(places().explain("Khorgos Gateway", r),
            "'Khorgos Gateway' is ambiguous: KTZE-Khorgos Gateway dry port (KZ_KHORGOS_GATEWAY, KZ); Khorgos-Altynkol "
            "(rail) (crossing khorgos-altynkol, rail)");
  const auto nodes = places().lookup_node("Khorgos Gateway");
  ASSERT_TRUE(nodes.unique());
  EXPECT_EQ(net().nodes[nodes.exact.front().node].id, "KZ_KHORGOS_GATEWAY");
  EXPECT_EQ(places().explain("Khorgos Gateway", nodes), "");
}

TEST(Places, AstaraIsAmbiguousAcrossTwoCountriesAndTwoCrossings) {
  const auto r = places().lookup("Astara");
  EXPECT_THAT(ids(r.exact), ElementsAre("IR_ASTARA", "AZ_ASTARA", "crossing:astara-rail", "crossing:astara-road"));
  EXPECT_EQ(places().explain("Astara", r),
            "'Astara' is ambiguous: Astara (IR) (IR_ASTARA, IR); Astara (AZ) (AZ_ASTARA, AZ); Astara (rail, AZ-IR) "
            "(crossing astara-rail, rail); Astara (road, AZ-IR) (crossing astara-road, road)");
  EXPECT_EQ(resolve("Astara (AZ)"), "AZ_ASTARA");
  EXPECT_EQ(resolve("Astara (IR)"), "IR_ASTARA");
}

// The Caspian and Black Sea ports answer to the town's bare name, as planners write it.
TEST(Places, PortsAnswerToTheTownName) {
  EXPECT_EQ(resolve("Poti"), "GE_POTI");
  EXPECT_EQ(resolve("Batumi"), "GE_BATUMI");
  EXPECT_EQ(resolve("Aktau"), "KZ_AKTAU");
  EXPECT_EQ(resolve("Kuryk"), "KZ_KURYK");
  EXPECT_EQ(resolve("Turkmenbashi"), "TM_TURKMENBASHI");
  EXPECT_EQ(resolve("Samtredia"), "GE_SAMTREDIA");
}

TEST(Places, AccentInsensitive) {
  EXPECT_EQ(resolve("Małaszewicze"), "PL_MALASZEWICZE");
  EXPECT_EQ(resolve("Malaszewicze"), "PL_MALASZEWICZE");
  EXPECT_EQ(resolve("MAŁASZEWICZE"), "PL_MALASZEWICZE");
  EXPECT_EQ(resolve("Constanța"), "RO_CONSTANTA");
  EXPECT_EQ(resolve("Constanţa"), "RO_CONSTANTA");  // cedilla variant
  EXPECT_EQ(resolve("Constanta"), "RO_CONSTANTA");
  EXPECT_EQ(resolve("Łódź"), "PL_LODZ");
  EXPECT_EQ(resolve("Lodz"), "PL_LODZ");
  EXPECT_EQ(resolve("Niš"), "RS_NIS");
  EXPECT_EQ(resolve("Böyük Kəsik"), "AZ_BOYUKKESIK");
  EXPECT_EQ(resolve("Boyuk Kesik"), "AZ_BOYUKKESIK");
  // "Irún"/"Irun" and "Kapıköy"/"Kapikoy" are also aliases of the crossings there.
  EXPECT_THAT(ids(places().lookup("Irun").exact), ElementsAre("ES_IRUN", "crossing:hendaye-irun"));
  EXPECT_THAT(ids(places().lookup("Irún").exact), ElementsAre("ES_IRUN", "crossing:hendaye-irun"));
  EXPECT_THAT(ids(places().lookup("Kapıköy").exact), ElementsAre("TR_KAPIKOY", "crossing:razi-kapikoy"));
  EXPECT_EQ(resolve("Kapıköy (TR) - Razi (IR) rail BCP"), "TR_KAPIKOY");
  EXPECT_EQ(resolve("Çıldır"), "TR_CILDIR");
  EXPECT_EQ(resolve("Cildir"), "TR_CILDIR");
  // "Saarbrücken" folds to "saarbrucken", which is also an alias of the Saarbrücken-Forbach crossing.
  EXPECT_THAT(ids(places().lookup("Saarbrücken").exact), ElementsAre("DE_SAARBRUECKEN", "crossing:saarbruecken-forbach"));
}

TEST(Places, ChokepointCommandLineKeys) {
  EXPECT_EQ(resolve("suez"), "CHK_SUEZ");
  EXPECT_EQ(resolve("bab-el-mandeb"), "CHK_BABELMANDEB");
  EXPECT_EQ(resolve("Red Sea"), "CHK_BABELMANDEB");
  EXPECT_EQ(resolve("hormuz"), "CHK_HORMUZ");
  EXPECT_EQ(resolve("malacca"), "CHK_MALACCA");
  EXPECT_EQ(resolve("bosporus"), "CHK_BOSPORUS");
  EXPECT_EQ(resolve("gibraltar"), "CHK_GIBRALTAR");
  EXPECT_EQ(resolve("cape"), "CHK_CAPE");
}

TEST(Places, UnknownWithSuggestions) {
  const auto r = places().lookup("Almat");
  EXPECT_THAT(r.exact, IsEmpty());
  EXPECT_THAT(ids(r.partial), ElementsAre("KZ_ALMATY", "KZ_ALMATY_AIRPORT"));
  EXPECT_EQ(places().explain("Almat", r),
            "unknown place 'Almat'; did you mean: Almaty (KZ_ALMATY, KZ); Almaty International Airport (KZ_ALMATY_AIRPORT, KZ)");

  const auto dostyk = places().lookup("Dostyk T");
  EXPECT_THAT(ids(dostyk.partial), ElementsAre("KZ_DOSTYK_TT"));
  EXPECT_EQ(places().explain("Dostyk T", dostyk),
            "unknown place 'Dostyk T'; did you mean: Dostyk TransTerminal (gauge-transfer terminal) (KZ_DOSTYK_TT, KZ)");
}

TEST(Places, UnknownWithoutSuggestions) {
  const auto r = places().lookup("nowhere-land");
  EXPECT_THAT(r.exact, IsEmpty());
  EXPECT_THAT(r.partial, IsEmpty());
  EXPECT_EQ(places().explain("nowhere-land", r), "unknown place 'nowhere-land'");
}

TEST(Places, LongSuggestionListsAreCutAfterTwelve) {
  // "an" occurs in well over twelve names.
  const auto r = places().lookup("an");
  ASSERT_GT(r.partial.size(), 12u);
  const std::string text = places().explain("an", r);
  EXPECT_EQ(text.rfind("unknown place 'an'; did you mean: ", 0), 0u);
  EXPECT_TRUE(text.ends_with("; and " + std::to_string(r.partial.size() - 12) + " more")) << text;
}

TEST(Places, CoordinatesNearACoveredPlaceAreThatPlace) {
  // Almaty's node is at 43.25249,76.9115; a point 1.5 km away, with or without a space.
  EXPECT_EQ(resolve("43.25,76.93"), "KZ_ALMATY");
  EXPECT_EQ(resolve("43.25, 76.93"), "KZ_ALMATY");
  EXPECT_EQ(places().lookup_node("43.25,76.93").exact.front().matched, "43.25,76.93");
  EXPECT_EQ(resolve("41.26465,69.21627"), "UZ_TASHKENT");
}

TEST(Places, CoordinatesAwayFromTheNetworkListTheNearestPlaces) {
  // Karakol (KG), 147 km from Almaty: not a place of the network, and no guess.
  const auto r = places().lookup_node("42.49,78.39");
  EXPECT_THAT(r.exact, IsEmpty());
  ASSERT_TRUE(r.point.has_value());
  EXPECT_THAT(ids(r.partial), ElementsAre("KZ_ALMATY", "KZ_ZHETYGEN", "KG_BALYKCHY"));
  EXPECT_EQ(places().explain("42.49,78.39", r),
            "'42.49,78.39' is more than 10 km from every place the network covers; the nearest: Almaty (KZ_ALMATY, KZ) 147 km; "
            "Zhetygen junction (KZ_ZHETYGEN, KZ) 169 km; Balykchy (KG_BALYKCHY, KG) 181 km");
}

TEST(Places, CoordinatesOutOfRangeAreAnErrorNotAName) {
  const auto r = places().lookup_node("95,10");
  EXPECT_THAT(r.exact, IsEmpty());
  EXPECT_THAT(r.partial, IsEmpty());
  EXPECT_EQ(places().explain("95,10", r),
            "'95,10': latitude must be within -90..90 and longitude within -180..180 (decimal degrees, lat,lon)");
  // Not two numbers: an ordinary (unknown) name.
  EXPECT_FALSE(parse_coordinates("43.2,east").has_value());
  EXPECT_FALSE(parse_coordinates("43.2").has_value());
  EXPECT_FALSE(parse_coordinates("nan,1").has_value());
}

TEST(Places, EmptyQueryMatchesNothing) {
  for (const char* q : {"", "   ", "'", "-/-"}) {
    const auto r = places().lookup(q);
    EXPECT_THAT(r.exact, IsEmpty()) << q;
    EXPECT_THAT(r.partial, IsEmpty()) << q;
    EXPECT_FALSE(r.unique());
    EXPECT_EQ(places().explain(q, r), std::string("unknown place '") + q + "'");
  }
}

TEST(Places, EveryNodeIdResolvesToItself) {
  for (const auto& n : net().nodes) EXPECT_EQ(resolve(n.id), n.id);
  for (const auto& n : net().nodes) {
    if (n.unlocode.empty()) continue;
    EXPECT_EQ(resolve(n.unlocode), n.id) << n.unlocode;
  }
}

}  // namespace
}  // namespace caravan
