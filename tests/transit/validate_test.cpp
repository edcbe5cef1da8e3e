#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "fixtures.hpp"
#include "transit/validate.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;
using Found = std::set<std::pair<int, std::string>>;

Found found(const Problems& problems) {
  Found out;
  for (const auto& p : problems) out.insert({static_cast<int>(p.code), p.pointer});
  return out;
}

TEST(ValidateDeclaration, SampleIsValid) {
  const auto problems = validate_declaration(testing::road_kz_uz());
  EXPECT_TRUE(problems.empty()) << to_json(problems).dump(2);
}

TEST(ValidateDeclaration, EveryProblemAtOnceWithPointers) {
  json d = testing::road_kz_uz();
  d["message_id"] = "bad id with spaces";
  d["holder"]["country"] = "XX";
  d["holder"].erase("name");
  d["guarantee"]["amount"] = -5;
  d["guarantee"]["currency"] = "EUX";
  d["consignments"][0]["items"][0]["hs6"] = "87032";
  d["consignments"][0]["items"][1]["national_code"] = "4012100000";  // does not start with 401110
  d["consignments"][0]["items"][1]["packages"] = 0;
  d["consignments"][0]["transport_equipment"][0]["container"] = "MSCU6639871";
  d["consignments"][0]["transport_equipment"][0]["number_of_seals"] = 3;
  d["consignments"][0]["transport_equipment"].push_back(
      {{"container", "CSQU3054383"}, {"number_of_seals", 1}, {"seals", {"KZ0012345"}}, {"colour", "red"}});
  d["itinerary"][1]["office"] = "XXZHIBEK";
  d["itinerary"][2]["office"] = "uzgishtk";
  d["itinerary"][3]["mode"] = "hovercraft";
  d["mode"] = 7;
  const Found expected{
      {103, "/message_id"},
      {102, "/mode"},
      {101, "/holder/name"},
      {104, "/holder/country"},
      {105, "/guarantee/amount"},
      {104, "/guarantee/currency"},
      {103, "/consignments/0/items/0/hs6"},
      {107, "/consignments/0/items/1/national_code"},
      {105, "/consignments/0/items/1/packages"},
      {106, "/consignments/0/transport_equipment/0/container"},
      {107, "/consignments/0/transport_equipment/0/seals"},
      {109, "/consignments/0/transport_equipment/1/colour"},
      {108, "/consignments/0/transport_equipment/1/seals/0"},
      {104, "/itinerary/1/office"},
      {103, "/itinerary/2/office"},
      {104, "/itinerary/3/mode"},
  };
  const auto problems = validate_declaration(d);
  EXPECT_EQ(found(problems), expected) << to_json(problems).dump(2);
  EXPECT_EQ(problems.size(), expected.size());
  // The container problem names the right check digit.
  for (const auto& p : problems)
    if (p.pointer == "/consignments/0/transport_equipment/0/container") {
      EXPECT_NE(p.message.find("should be 0"), std::string::npos) << p.message;
    }
}

TEST(ValidateDeclaration, MissingEverything) {
  const Found expected{{101, "/message_id"},  {101, "/mode"},         {101, "/holder"},
                       {101, "/guarantee"}, {101, "/consignments"}, {101, "/itinerary"}};
  EXPECT_EQ(found(validate_declaration(json::object())), expected);
  EXPECT_EQ(found(validate_declaration(json::array())), (Found{{102, ""}}));
}

TEST(ValidateDeclaration, ItineraryRules) {
  json d = testing::road_kz_uz();
  d["itinerary"] = json::array({{{"office", "KZALMATY"}}});
  EXPECT_EQ(found(validate_declaration(d)), (Found{{105, "/itinerary"}}));
  d["itinerary"] = json::array({{{"office", "KZALMATY"}}, {{"office", "KZALMATY"}}});
  EXPECT_EQ(found(validate_declaration(d)), (Found{{108, "/itinerary/1/office"}}));
}

TEST(ValidateDeclaration, SealCountWithoutSealsList) {
  json d = testing::road_kz_uz();
  d["consignments"][0]["transport_equipment"][0].erase("seals");
  EXPECT_EQ(found(validate_declaration(d)), (Found{{107, "/consignments/0/transport_equipment/0/seals"}}));
  d["consignments"][0]["transport_equipment"][0]["number_of_seals"] = 0;
  EXPECT_TRUE(validate_declaration(d).empty());
}

TEST(ValidateEvent, TypeSpecificFields) {
  EXPECT_TRUE(validate_event(testing::leg_event("e1", "start", "KZALMATY", "OP1", 1)).empty());
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "start"}})),
            (Found{{101, "/operation_id"}, {101, "/sequence"}, {101, "/office"}}));
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "refuse"}, {"office", "KZALMATY"},
                                  {"operation_id", "OP"}, {"sequence", 0}})),
            (Found{{105, "/sequence"}, {101, "/reason"}}));
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "teleport"}})), (Found{{104, "/type"}}));
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "cancel"}, {"office", "KZALMATY"}})),
            (Found{{109, "/office"}}));
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "amend"}})), (Found{{101, "/changes"}}));
  EXPECT_EQ(found(validate_event({{"message_id", "e1"}, {"type", "amend"}, {"changes", {{{"pointer", "x"}}}}})),
            (Found{{103, "/changes/0/pointer"}, {101, "/changes/0/value"}}));
}

TEST(CountryLegs, SplitsByCountryKeepingModesAndTransshipments) {
  const json itinerary = json::parse(R"([
    {"office": "CNXIAN00", "mode": "rail"}, {"office": "CNKHORGO"},
    {"office": "KZKHORGO", "transshipment": "gauge change 1435/1520 mm"}, {"office": "KZSARYAG"},
    {"office": "UZKELES0"}, {"office": "UZTASHKE"}])");
  const json legs = country_legs(itinerary, "road");
  ASSERT_EQ(legs.size(), 3u);
  EXPECT_EQ(legs[0]["country"], "CN");
  EXPECT_EQ(legs[0]["mode"], "rail");
  EXPECT_EQ(legs[0]["start_office"], "CNXIAN00");
  EXPECT_EQ(legs[0]["end_office"], "CNKHORGO");
  EXPECT_EQ(legs[0]["previous_country"], nullptr);
  EXPECT_EQ(legs[0]["next_country"], "KZ");
  EXPECT_EQ(legs[1]["mode"], "road");  // no mode on KZKHORGO: the declaration's default
  EXPECT_EQ(legs[1]["transshipments"], json::parse(R"([{"office":"KZKHORGO","note":"gauge change 1435/1520 mm"}])"));
  EXPECT_EQ(legs[2]["offices"], json::parse(R"(["UZKELES0","UZTASHKE"])"));
  EXPECT_EQ(legs[2]["number"], 3);
  EXPECT_EQ(legs[2]["next_country"], nullptr);
  EXPECT_EQ(legs[2]["state"], "pending");
}

}  // namespace
}  // namespace caravan::transit
