// The HTTP API in-process on an ephemeral loopback port, exercised with httplib::Client: what each
// endpoint answers. The schemas are checked in openapi_test.cpp, garbage in fuzz_test.cpp.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <thread>

#include "api/server.hpp"
#include "../support/served_api.hpp"
#include "network/network.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    server_ = std::make_unique<caravan::testing::ServedApi>(data_, caravan::testing::loopback_settings(8));
  }
  static void TearDownTestSuite() {
    server_.reset();
  }
  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Result post(const std::string& body) {
    auto c = client();
    return c.Post("/v1/route", body, "application/json");
  }
  static json problem(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    auto j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded());
    EXPECT_TRUE(j.contains("type") && j.contains("title") && j.contains("detail"));
    EXPECT_EQ(j.value("status", 0), status);
    return j;
  }
  static inline std::shared_ptr<const ApiData> data_;
  static inline std::unique_ptr<caravan::testing::ServedApi> server_;
};

TEST_F(ApiTest, HealthAnswersWithCounts) {
  auto c = client();
  const auto r = c.Get("/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GT(j["nodes"].get<int>(), 10);
  EXPECT_GT(j["links"].get<int>(), 10);
  EXPECT_EQ(j["scenarios"].get<std::size_t>(), data_->scenarios.size());
}

TEST_F(ApiTest, PlacesFindsXian) {
  auto c = client();
  const auto r = c.Get("/v1/places?q=xian");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto j = json::parse(r->body);
  ASSERT_TRUE(j.is_array());
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j[0]["id"], "CN_XIAN");
  EXPECT_EQ(j[0]["country"], "CN");
}

TEST_F(ApiTest, ScenariosAndNetwork) {
  auto c = client();
  const auto s = c.Get("/v1/scenarios");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->status, 200);
  const auto list = json::parse(s->body)["scenarios"];
  ASSERT_EQ(list.size(), data_->scenarios.size());
  const auto n = c.Get("/v1/network?scenario=" + list[0]["name"].get<std::string>());
  ASSERT_TRUE(n);
  ASSERT_EQ(n->status, 200);
  EXPECT_EQ(json::parse(n->body)["type"], "FeatureCollection");
  const auto base = c.Get("/v1/network");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->status, 200);
  const auto j = problem(c.Get("/v1/network?scenario=atlantis"), 400);
  EXPECT_EQ(j["errors"][0]["parameter"], "scenario");
}

TEST_F(ApiTest, RouteXianTashkent) {
  const auto r = post(R"({"from":"Xian","to":"Tashkent","depart":"2025-03-03T08:00Z"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["query"]["from"], "CN_XIAN");
  EXPECT_EQ(j["query"]["to"], "UZ_TASHKENT");
  ASSERT_GE(j["itineraries"].size(), 1u);
  const auto& it = j["itineraries"][0];
  ASSERT_TRUE(it.contains("legs"));
  EXPECT_FALSE(it["legs"].empty());
  const auto& summary = it["summary"];
  for (const char* field : {"depart", "arrive", "duration_hours", "distance_km", "cost_usd", "co2e_kg", "co2e_ttw_kg",
                            "risk", "countries", "border_crossings", "gauge_changes", "transshipments"})
    EXPECT_TRUE(summary.contains(field)) << field;
  EXPECT_EQ(summary["countries"].front(), "CN");
  EXPECT_EQ(summary["countries"].back(), "UZ");
  // Each leg's path is the node sequence the search planned: its from first, its to last.
  // The fastest rides the Xi'an-Tashkent train: its one leg lists every node the train passes.
  EXPECT_EQ(it["legs"][0]["path"], json({"CN_XIAN", "CN_LANZHOU", "CN_URUMQI", "CN_KHORGOS", "KZ_ALTYNKOL", "KZ_ZHETYGEN",
                                         "KZ_ALMATY", "KZ_SHU", "KZ_LUGOVAYA", "KZ_ARYS", "KZ_SARYAGASH", "UZ_KELES",
                                         "UZ_TASHKENT"}));
  for (const auto& itinerary : j["itineraries"])
    for (const auto& leg : itinerary["legs"]) {
      ASSERT_GE(leg["path"].size(), 2u);
      EXPECT_EQ(leg["path"].front(), leg["from"]["id"]);
      EXPECT_EQ(leg["path"].back(), leg["to"]["id"]);
    }
}

// "format": "geojson" answers the same itineraries as one FeatureCollection: a LineString per leg
// through every node of the leg, in itinerary and leg order, with the leg's times and mode.
TEST_F(ApiTest, RouteAsGeoJsonDrawsEveryLeg) {
  const std::string request = R"("from":"Xian","to":"Tashkent","depart":"2025-03-03T08:00Z")";
  const auto as_json = post("{" + request + "}");
  const auto as_geojson = post("{" + request + R"(,"format":"geojson"})");
  ASSERT_TRUE(as_json && as_geojson);
  ASSERT_EQ(as_geojson->status, 200) << as_geojson->body;
  EXPECT_EQ(as_geojson->get_header_value("Content-Type"), "application/geo+json");
  const auto j = json::parse(as_json->body);
  const auto g = json::parse(as_geojson->body);
  EXPECT_EQ(g["type"], "FeatureCollection");
  std::size_t f = 0;
  for (std::size_t i = 0; i < j["itineraries"].size(); ++i)
    for (std::size_t l = 0; l < j["itineraries"][i]["legs"].size(); ++l, ++f) {
      ASSERT_LT(f, g["features"].size());
      const auto& leg = j["itineraries"][i]["legs"][l];
      const auto& feature = g["features"][f];
      EXPECT_EQ(feature["geometry"]["type"], "LineString");
      EXPECT_GE(feature["geometry"]["coordinates"].size(), 2u);
      EXPECT_EQ(feature["properties"]["itinerary"], i);
      EXPECT_EQ(feature["properties"]["leg"], l);
      EXPECT_EQ(feature["properties"]["from"], leg["from"]["id"]);
      EXPECT_EQ(feature["properties"]["to"], leg["to"]["id"]);
      EXPECT_EQ(feature["properties"]["mode"], leg["mode"]);
      EXPECT_EQ(feature["properties"]["depart"], leg["depart"]["utc"]);
      EXPECT_EQ(feature["properties"]["arrive"], leg["arrive"]["utc"]);
    }
  EXPECT_EQ(f, g["features"].size());
  const auto bad = problem(post("{" + request + R"(,"format":"kml"})"), 400);
  EXPECT_EQ(bad["errors"][0]["pointer"], "/format");
  EXPECT_EQ(bad["errors"][0]["detail"], "'kml' is not one of json, geojson");
}

TEST_F(ApiTest, RouteWithAllOptionsAndScenario) {
  const auto r = post(R"({"from":"Xian","to":"Tashkent","via":["Almaty"],"depart":"2025-03-03T08:00Z",
    "objectives":["time","cost"],"eps":0.1,"max_results":3,"reliability":"p90","avoid_countries":["IR"],
    "avoid_crossings":[],"avoid_chokepoints":["suez"],"modes":["rail","road"],"containers":2,"container":"20ft",
    "gross_tonnes":30,"scenario":")" + data_->scenarios.begin()->first + R"("})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["query"]["scenario"], data_->scenarios.begin()->first);
  EXPECT_LE(j["itineraries"].size(), 3u);
}

TEST_F(ApiTest, BadJsonIs400WithEmptyPointer) {
  const auto j = problem(post("{\"from\": \"Xian\","), 400);
  EXPECT_EQ(j["errors"][0]["pointer"], "");
  problem(post("[1,2]"), 400);
}

TEST_F(ApiTest, UnknownPlaceListsCandidates) {
  const auto j = problem(post(R"({"from":"Xia","to":"Tashkent"})"), 400);
  ASSERT_TRUE(j.contains("errors"));
  EXPECT_EQ(j["errors"][0]["pointer"], "/from");
  ASSERT_TRUE(j["errors"][0].contains("candidates"));
  EXPECT_FALSE(j["errors"][0]["candidates"].empty()) << j.dump();
  const auto k = problem(post(R"({"from":"Xian","to":"Tashkent","via":["Nowhereville"]})"), 400);
  EXPECT_EQ(k["errors"][0]["pointer"], "/via/0");
}

TEST_F(ApiTest, CoordinatesArePlacesAndBadOnesAre400AtTheirPointer) {
  const auto ok = post(R"({"from":"43.25,76.93","to":"Tashkent","depart":"2026-12-07T08:00Z","max_results":1})");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["query"]["from"], "KZ_ALMATY");
  const auto far = problem(post(R"({"from":"Xian","to":"42.49,78.39"})"), 400);
  EXPECT_EQ(far["errors"][0]["pointer"], "/to");
  EXPECT_EQ(far["errors"][0]["candidates"].size(), 3u) << far.dump();
  const auto bad = problem(post(R"({"from":"95,10","to":"Tashkent"})"), 400);
  EXPECT_EQ(bad["errors"][0]["pointer"], "/from");
  EXPECT_EQ(bad["errors"][0]["detail"],
            "'95,10': latitude must be within -90..90 and longitude within -180..180 (decimal degrees, lat,lon)");
}

// Limits are named settings, and their errors say which one.
TEST_F(ApiTest, ViaAndMaxResultsStayWithinTheirSettings) {
  json via = json::array();
  for (int i = 0; i < 17; ++i) via.push_back("Almaty");
  const auto j = problem(post(json{{"from", "Xian"}, {"to", "Tashkent"}, {"via", via}, {"max_results", 1001}}.dump()), 400);
  ASSERT_EQ(j["errors"].size(), 2u) << j.dump();
  EXPECT_EQ(j["errors"][0]["pointer"], "/max_results");
  EXPECT_EQ(j["errors"][0]["detail"], "must be within 0..1000");
  EXPECT_EQ(j["errors"][1]["pointer"], "/via");
  EXPECT_EQ(j["errors"][1]["detail"], "at most 16 places (setting route_max_via)");
}

TEST_F(ApiTest, UnknownScenarioListsTheBundledNames) {
  const auto j = problem(post(R"({"from":"Xian","to":"Tashkent","scenario":"atlantis"})"), 400);
  EXPECT_EQ(j["type"], "urn:caravan:problem:unknown-scenario");
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["pointer"], "/scenario");
  EXPECT_EQ(j["errors"][0]["candidates"].size(), data_->scenarios.size());
}

TEST_F(ApiTest, UnknownFieldNamesItsPointer) {
  const auto j = problem(post(R"({"from":"Xian","to":"Tashkent","colour":"red"})"), 400);
  EXPECT_EQ(j["errors"][0]["pointer"], "/colour");
  const auto k = problem(post(R"({"from":"Xian","to":"Tashkent","containers":"two","eps":7})"), 400);
  EXPECT_EQ(k["errors"][0]["pointer"], "/containers");
}

TEST_F(ApiTest, BadValuesNameTheirPointer) {
  const auto j = problem(post(R"({"from":"Xian","to":"Tashkent","eps":7,"modes":["rail","hovercraft"]})"), 400);
  ASSERT_EQ(j["errors"].size(), 2u) << j.dump();
  EXPECT_EQ(j["errors"][0]["pointer"], "/eps");
  EXPECT_EQ(j["errors"][1]["pointer"], "/modes/1");
}

TEST_F(ApiTest, OversizedBodyIs413) {
  std::string body = R"({"from":"Xian","to":"Tashkent","via":[")" + std::string(1100000, 'x') + "\"]}";
  const auto r = post(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST_F(ApiTest, UnknownScenarioIs400) {
  const auto j = problem(post(R"({"from":"Xian","to":"Tashkent","scenario":"atlantis"})"), 400);
  EXPECT_EQ(j["errors"][0]["pointer"], "/scenario");
  EXPECT_FALSE(j["errors"][0]["candidates"].empty());
}

TEST_F(ApiTest, UnknownPathIsProblem404) { problem(client().Get("/v1/nothing"), 404); }

TEST_F(ApiTest, TinyBudgetIs503) {
  ServerSettings settings;
  settings.port = 0;
  settings.route_budget_ms = 0;  // any real search exceeds it
  ApiServer server(data_, settings);
  ASSERT_TRUE(server.bind());
  std::thread t([&] { server.listen(); });
  for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  httplib::Client c("127.0.0.1", server.port());
  const auto r = c.Post("/v1/route", R"({"from":"Xian","to":"Rotterdam","objectives":["time","cost","co2","risk"],"eps":0})",
                        "application/json");
  server.stop();
  t.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503) << r->body.substr(0, 300);
  EXPECT_NE(r->body.find("route_budget_ms"), std::string::npos);
}

}  // namespace
}  // namespace caravan::api
