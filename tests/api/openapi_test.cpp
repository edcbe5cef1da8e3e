// The OpenAPI document against the server: (a) every path and method it lists — including those
// endpoint groups add in `caravan serve` — is routed by a real `caravan serve`; (b) the real
// answers of every core endpoint, successes and errors, conform to the document's schemas.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "in_process_server.hpp"
#include "json_schema.hpp"
#include "serve_process.hpp"

namespace caravan::testing {
namespace {

using nlohmann::json;

// True when httplib's router found no handler (our error handler's answer), as opposed to a
// handler saying that a resource does not exist.
bool unrouted(const httplib::Result& r) {
  if (r->status == 405) return true;
  if (r->status != 404) return false;
  const auto j = json::parse(r->body, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.value("type", "") == "urn:caravan:problem:not-found" &&
         j.value("detail", "").rfind("no endpoint", 0) == 0;
}

TEST(OpenApiRoutes, EveryDocumentedPathAndMethodIsServedByCaravanServe) {
  ServeProcess serve;
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(30, 0);
  const auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const auto doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const std::regex parameter(R"(\{[^}]*\})");
  int operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    const std::string concrete = std::regex_replace(path, parameter, "0");  // any value: routing is what counts
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      auto send = [&, &method = method]() {
        if (method == "post") return c.Post(concrete.c_str(), "{}", "application/json");
        if (method == "put") return c.Put(concrete.c_str(), "{}", "application/json");
        if (method == "patch") return c.Patch(concrete.c_str(), "{}", "application/json");
        if (method == "delete") return c.Delete(concrete.c_str());
        EXPECT_EQ(method, "get") << "a method the test does not know, at " << path;
        return c.Get(concrete.c_str());
      };
      const auto res = send();
      ASSERT_TRUE(res) << method << " " << concrete << ": no answer";
      EXPECT_FALSE(unrouted(res)) << method << " " << path << " is in the document but not served: " << res->body;
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
      ++operations;
    }
  }
  // The core operations at least; groups add more.
  EXPECT_GE(operations, 7);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

class OpenApiSchemas : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = InProcessServer::bundled();
    api::ServerSettings settings;
    settings.threads = 4;
    server_ = std::make_unique<InProcessServer>(data_, settings);
    settings.route_budget_ms = 0;  // any real search exceeds it
    settings.matrix_budget_ms = 0;
    exhausted_ = std::make_unique<InProcessServer>(data_, settings);
    auto c = server_->client();
    const auto r = c.Get("/v1/openapi.json");
    ASSERT_TRUE(r);
    doc_ = json::parse(r->body);
  }
  static void TearDownTestSuite() {
    server_.reset();
    exhausted_.reset();
  }

  // The schema the document gives for this answer: the operation's response for the status (or
  // its default), for the answer's media type.
  static json response_schema(const std::string& method, const std::string& path, int status, const std::string& media) {
    const auto& operation = doc_.at("paths").at(path).at(method);
    const auto& responses = operation.at("responses");
    const std::string code = std::to_string(status);
    if (!responses.contains(code) && !responses.contains("default")) {
      ADD_FAILURE() << method << " " << path << ": status " << status << " is not documented";
      return {};
    }
    const auto& content = (responses.contains(code) ? responses[code] : responses["default"]).at("content");
    if (!content.contains(media)) {
      ADD_FAILURE() << method << " " << path << " " << status << ": media type " << media << " is not documented";
      return {};
    }
    return content[media].at("schema");
  }

  // Sends the request and checks status and body against the document; returns the body.
  static json expect_conforms(const InProcessServer& server, const std::string& method, const std::string& target,
                              const std::string& body, int expected_status) {
    auto c = server.client();
    const auto r = method == "get" ? c.Get(target.c_str()) : c.Post(target.c_str(), body, "application/json");
    EXPECT_TRUE(r) << method << " " << target;
    if (!r) return {};
    EXPECT_EQ(r->status, expected_status) << method << " " << target << " " << body.substr(0, 200) << "\n" << r->body.substr(0, 500);
    const std::string path = target.substr(0, target.find('?'));
    std::string media = r->get_header_value("Content-Type");
    media = media.substr(0, media.find(';'));
    const auto value = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(value.is_discarded()) << method << " " << target << ": the body is not JSON";
    const json schema = response_schema(method, path, r->status, media);
    if (schema.is_null() || value.is_discarded()) return value;
    const std::string mismatch = JsonSchemaChecker(doc_).check(schema, value);
    EXPECT_EQ(mismatch, "") << method << " " << target << " " << r->status << " does not match the document";
    return value;
  }
  static json get(const std::string& target, int status) { return expect_conforms(*server_, "get", target, "", status); }
  static json post(const std::string& path, const std::string& body, int status) {
    return expect_conforms(*server_, "post", path, body, status);
  }

  static inline std::shared_ptr<const api::ApiData> data_;
  static inline std::unique_ptr<InProcessServer> server_, exhausted_;
  static inline json doc_;
};

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

TEST_F(OpenApiSchemas, TheCheckerFindsMismatchesWithTheirPointer) {
  const JsonSchemaChecker checker(doc_);
  const json route = ref("RouteResult");
  json good = post("/v1/route", R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"})", 200);
  ASSERT_EQ(checker.check(route, good), "");
  json missing = good;
  missing["itineraries"][0]["legs"][0].erase("mode");
  EXPECT_EQ(checker.check(route, missing), "/itineraries/0/legs/0: required property 'mode' is missing");
  json extra = good;
  extra["itineraries"][0]["summary"]["colour"] = "red";
  EXPECT_EQ(checker.check(route, extra), "/itineraries/0/summary/colour: property not in the schema");
  json wrong = good;
  wrong["itineraries"][0]["legs"][0]["mode"] = "hovercraft";
  EXPECT_NE(checker.check(route, wrong).find("/itineraries/0/legs/0/mode: \"hovercraft\" is not one of"), std::string::npos);
  json type = good;
  type["query"]["from"] = 7;
  EXPECT_EQ(checker.check(route, type), "/query/from: expected string, got 7");
  EXPECT_NE(checker.check(ref("Place"), json{{"type", "node"}}).find("matches none of oneOf"), std::string::npos);
}

TEST_F(OpenApiSchemas, HealthScenariosAndTheDocumentItself) {
  const auto health = get("/v1/health", 200);
  EXPECT_EQ(health["scenarios"].get<std::size_t>(), data_->scenarios.size());
  const auto scenarios = get("/v1/scenarios", 200);
  EXPECT_EQ(scenarios["scenarios"].size(), data_->scenarios.size());
  get("/v1/openapi.json", 200);
}

TEST_F(OpenApiSchemas, NetworkAndScenarioNetworks) {
  EXPECT_EQ(get("/v1/network", 200)["features"].size(),
            data_->baseline.network->nodes.size() + data_->baseline.network->links.size() + data_->baseline.network->crossings.size());
  for (const auto& [name, _] : data_->scenarios) EXPECT_EQ(get("/v1/network?scenario=" + name, 200)["scenario"], name);
  const auto problem = get("/v1/network?scenario=atlantis", 400);
  EXPECT_EQ(problem["errors"][0]["parameter"], "scenario");
}

TEST_F(OpenApiSchemas, PlacesNodesAndCrossings) {
  const auto all = get("/v1/places", 200);
  EXPECT_EQ(all.size(), data_->baseline.network->nodes.size() + data_->baseline.network->crossings.size());
  EXPECT_EQ(get("/v1/places?q=xian", 200)[0]["id"], "CN_XIAN");
  get("/v1/places?q=Khorgos", 200);
  EXPECT_EQ(get("/v1/places?q=zzzzzz", 200), json::array());
  get("/v1/places?q=xian&scenario=nowhere", 400);
}

TEST_F(OpenApiSchemas, RouteAnswers) {
  post("/v1/route", R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"})", 200);
  post("/v1/route", R"({"from":"Xian","to":"Tashkent","via":["Almaty"],"depart":"2026-12-07T08:00Z",
    "objectives":["time","cost"],"eps":0.1,"max_results":3,"reliability":"p90","avoid_countries":["IR"],
    "avoid_chokepoints":["suez"],"modes":["rail","road"],"containers":2,"container":"20ft","gross_tonnes":30,
    "scenario":"cku-open"})", 200);
  post("/v1/route", R"({"from":"Chongqing","to":"Duisburg","depart":"2026-12-07T08:00Z","eps":0,"max_results":0})", 200);
  // A 45 ft box, costs also in EUR (a `cost` object in the summary and each leg) and an inline rate card.
  post("/v1/route", R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z","container":"45ft","currency":"EUR",
    "rates":[{"applies_to":"crossing","id":"khorgos-altynkol","container":"any","usd":350,"valid_from":"2026-01-01","valid_to":null}]})", 200);
  const auto none = post("/v1/route", R"({"from":"Xian","to":"Tashkent","modes":["sea"],"depart":"2026-12-07T08:00Z"})", 200);
  EXPECT_TRUE(none["itineraries"].empty());
  EXPECT_TRUE(none.contains("no_route")) << none.dump();
}

TEST_F(OpenApiSchemas, RouteErrors) {
  EXPECT_EQ(post("/v1/route", "{\"from\":", 400)["errors"][0]["pointer"], "");
  EXPECT_EQ(post("/v1/route", "[]", 400)["errors"][0]["pointer"], "");
  const auto place = post("/v1/route", R"({"from":"Xia","to":"Tashkent"})", 400);
  EXPECT_EQ(place["type"], "urn:caravan:problem:unknown-place");
  EXPECT_EQ(place["errors"][0]["candidates"][0]["id"], "CN_XIAN");
  EXPECT_EQ(post("/v1/route", R"({"from":"Xian","to":"Tashkent","scenario":"x"})", 400)["errors"][0]["candidates"][0], "caspian-storm");
  EXPECT_EQ(post("/v1/route", R"({"from":"Xian","to":"Tashkent","eps":"big"})", 400)["errors"][0]["pointer"], "/eps");
  EXPECT_EQ(post("/v1/route", R"({"to":"Tashkent"})", 400)["errors"][0]["pointer"], "/from");
  EXPECT_EQ(post("/v1/route", R"({"from":"Xian","to":"Xian"})", 400)["type"], "urn:caravan:problem:invalid-request");
  post("/v1/route", std::string(1100000, ' '), 413);
  const auto busy = expect_conforms(*exhausted_, "post", "/v1/route",
                                    R"({"from":"Xian","to":"Rotterdam","objectives":["time","cost","co2","risk"],"eps":0})", 503);
  EXPECT_EQ(busy["type"], "urn:caravan:problem:route-budget-exhausted");
}

TEST_F(OpenApiSchemas, MatrixAnswersAndErrors) {
  const auto m = post("/v1/matrix", R"({"from":["Xian","Urumqi"],"to":["Tashkent","Xian"],"depart":"2026-12-07T08:00Z"})", 200);
  ASSERT_EQ(m["cells"].size(), 4u);
  EXPECT_TRUE(m["cells"][1]["fastest"].is_null());  // Xian → Xian
  post("/v1/matrix", R"({"from":["Baku"],"to":["GE_POTI"],"scenario":"caspian-storm","depart":"2026-12-07T08:00Z"})", 200);
  const auto place = post("/v1/matrix", R"({"from":["Xian"],"to":["Tashkent","Tashkend"]})", 400);
  EXPECT_EQ(place["errors"][0]["pointer"], "/to/1");
  EXPECT_EQ(place["type"], "urn:caravan:problem:unknown-place");
  std::string many = R"({"from":[)";
  for (int i = 0; i < 21; ++i) many += std::string(i ? "," : "") + "\"Xian\"";
  many += R"(],"to":[)";
  for (int i = 0; i < 20; ++i) many += std::string(i ? "," : "") + "\"Almaty\"";
  many += "]}";
  const auto limit = post("/v1/matrix", many, 400);
  EXPECT_EQ(limit["errors"][0]["pointer"], "/to");
  EXPECT_NE(limit["detail"].get<std::string>().find("matrix_max_cells"), std::string::npos);
  EXPECT_EQ(post("/v1/matrix", R"({"from":"Xian","to":["Almaty"]})", 400)["errors"][0]["pointer"], "/from");
  // Several departures per pair: each cell names its own.
  const auto days = post("/v1/matrix", R"({"from":["Aktau"],"to":["AZ_ALAT"],"depart":"2026-12-07T08:00Z","departures":3,"every_hours":24})", 200);
  ASSERT_EQ(days["cells"].size(), 3u);
  EXPECT_EQ(days["cells"][2]["depart"], "2026-12-09T08:00Z");
  EXPECT_EQ(post("/v1/matrix", R"({"from":["Aktau"],"to":["AZ_ALAT"],"departures":40})", 400)["errors"][0]["pointer"], "/departures");
  EXPECT_EQ(post("/v1/matrix", R"({"from":["Aktau"],"to":["AZ_ALAT"],"every_hours":-1})", 400)["errors"][0]["pointer"], "/every_hours");
  post("/v1/matrix", R"({"from":["Xian"],"to":["Almaty"],"scenario":"x"})", 400);
  post("/v1/matrix", "nonsense", 400);
  post("/v1/matrix", std::string(1100000, ' '), 413);
  const auto busy = expect_conforms(*exhausted_, "post", "/v1/matrix", R"({"from":["Xian"],"to":["Rotterdam"]})", 503);
  EXPECT_EQ(busy["type"], "urn:caravan:problem:matrix-budget-exhausted");
}

TEST_F(OpenApiSchemas, UnroutedRequestsAreProblems) {
  auto c = server_->client();
  for (const auto& r : {c.Get("/v1/nothing"), c.Post("/v1/health", "{}", "application/json"), c.Delete("/v1/route")}) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_EQ(JsonSchemaChecker(doc_).check(ref("Problem"), json::parse(r->body)), "");
  }
}

}  // namespace
}  // namespace caravan::testing
