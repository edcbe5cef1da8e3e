// POST /v1/analysis/* through a real HTTP client against the server in-process.
#include <httplib.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "api/analysis_endpoints.hpp"
#include "../support/served_api.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

class AnalysisApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    server_ = std::make_unique<caravan::testing::ServedApi>(data_, caravan::testing::loopback_settings(4), std::vector<EndpointGroup>{analysis_endpoint_group(data_)});
  }
  static void TearDownTestSuite() {
    server_.reset();
  }
  static httplib::Result post(const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    return c.Post(path, body.dump(), "application/json");
  }
  static inline std::shared_ptr<const ApiData> data_;
  static inline std::unique_ptr<caravan::testing::ServedApi> server_;
};

TEST_F(AnalysisApi, CompareAnswersPerPair) {
  const auto r = post("/v1/analysis/compare", {{"scenario", "cku-open"},
                                               {"pairs", {{{"from", "Kashgar"}, {"to", "Tashkent"}}}},
                                               {"modes", "rail"},
                                               {"depart", "2026-12-07T08:00Z"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto j = json::parse(r->body);
  ASSERT_EQ(j["pairs"].size(), 1u);
  EXPECT_EQ(j["pairs"][0]["to"], "UZ_TASHKENT");
  EXPECT_EQ(j["pairs"][0]["scenario"]["corridor"], "CN-KG-UZ");
  EXPECT_LT(j["pairs"][0]["delta"]["hours"].get<double>(), -24);
}

TEST_F(AnalysisApi, CapacityOfThePipelines) {
  const auto r = post("/v1/analysis/capacity", {{"from", "TM,UZ,KZ"}, {"to", "CN"}, {"mode", "pipeline"}, {"include_planned", true}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["unit"], "bcm/year");
  EXPECT_DOUBLE_EQ(j["max_flow"].get<double>(), 85.0);
  EXPECT_EQ(j["min_cut"].size(), 4u);
  EXPECT_EQ(j["min_cut"][0]["id"], "pipeline:UZ_SARIOSIYO:TJ_DUSHANBE:D");  // where Line D leaves the region
  EXPECT_FALSE(j["min_cut"][0]["source"].get<std::string>().empty());
}

TEST_F(AnalysisApi, AssignStreamsProgressThenTheResult) {
  const json body = {{"demand", {{{"origin", "Xian"}, {"destination", "Duisburg"}, {"teu_per_year", 400000}, {"cargo_class", "general"}},
                                 {{"origin", "Shanghai"}, {"destination", "Rotterdam"}, {"teu_per_year", 300000}, {"cargo_class", "general"}}}},
                     {"method", "msa"},
                     {"iterations", 5},
                     {"gap", 0},
                     {"at", "2026-12-07T08:00Z"},
                     {"progress", true}};
  const auto r = post("/v1/analysis/assign", body);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/x-ndjson");
  std::istringstream lines(r->body);
  std::vector<json> events;
  for (std::string line; std::getline(lines, line);) events.push_back(json::parse(line));
  ASSERT_GE(events.size(), 2u);
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i]["event"], "progress");
    EXPECT_EQ(events[i]["total"], 5);
  }
  EXPECT_EQ(events.back()["event"], "result");
  const auto& result = events.back()["result"];
  EXPECT_EQ(result["method"], "msa");
  EXPECT_EQ(result["pairs"].size(), 2u);
  EXPECT_EQ(result["partial"], false);
  EXPECT_EQ(events.size(), 1u + result["gap_history"].size());
}

TEST_F(AnalysisApi, BadRequestsAreProblemsWithAPointer) {
  auto check = [](const httplib::Result& r, const std::string& pointer) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    const auto j = json::parse(r->body);
    EXPECT_EQ(j["errors"][0]["pointer"], pointer) << r->body;
  };
  check(post("/v1/analysis/compare", {{"scenario", "atlantis"}}), "/scenario");
  check(post("/v1/analysis/capacity", {{"from", "CN"}, {"to", "KZ"}, {"colour", "red"}}), "/colour");
  check(post("/v1/analysis/compare", {{"scenario", "cku-open"}, {"pairs", {{{"from", "Kashgar"}, {"to", "Atlantis"}}}}}), "/pairs/0/to");
  check(post("/v1/analysis/capacity", {{"from", "CN"}, {"to", "EU"}, {"avoid_countries", {"RU", "XX"}}}), "/avoid_countries/1");
  check(post("/v1/analysis/assign", {{"demand", {{{"origin", "Xian"}, {"destination", "Tashkent"}, {"teu_per_year", "many"}}}}}),
        "/demand/0/teu_per_year");
  check(post("/v1/analysis/assign", {{"demand", {{{"origin", "Xian"}, {"destination", "Tashkent"}, {"teu_per_year", 1}, {"cargo_class", "x"}}}},
                                     {"progress", true}}),
        "/demand/0/cargo_class");
}

// Every problem of a request comes back in one answer, each at its pointer, in the order of the body.
TEST_F(AnalysisApi, EveryProblemComesBackAtOnce) {
  const auto r = post("/v1/analysis/assign",
                      {{"colour", "red"},
                       {"demand", {{{"origin", "Xian"}, {"destination", "Xian"}, {"teu_per_year", -1}, {"cargo_class", "bulk"}},
                                   {{"origin", "Tashkent"}, {"destination", "Almaty"}, {"teu_per_year", 5}, {"cargo_class", "x"}}}},
                       {"method", "best"},
                       {"iterations", 0}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 400) << r->body;
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["type"], "urn:caravan:problem:invalid-request");
  std::vector<std::string> pointers;
  for (const auto& e : j["errors"]) pointers.push_back(e["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/colour", "/demand/0/destination", "/demand/0/teu_per_year",
                                                "/demand/1/cargo_class", "/method", "/iterations"}))
      << r->body;
  EXPECT_EQ(j["errors"][4]["detail"], "'best' is not one of aon, msa, fw");
  EXPECT_EQ(j["errors"][5]["detail"], "must be within 1..10000");
}

TEST_F(AnalysisApi, OpenApiDescribesTheEndpoints) {
  httplib::Client c("127.0.0.1", server_->port());
  const auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  const auto doc = json::parse(r->body);
  for (const char* path : {"/v1/analysis/compare", "/v1/analysis/capacity", "/v1/analysis/assign"}) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    const auto ref = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].get<std::string>();
    EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(ref.rfind('/') + 1))) << ref;
  }
}

}  // namespace
}  // namespace caravan::api
