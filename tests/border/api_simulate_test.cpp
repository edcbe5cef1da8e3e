// POST /v1/simulate through a real HTTP client against a started ApiServer: the same model as the
// CLI, problem+json with JSON pointers on bad input, 413 on a request too large to run, and the
// endpoint described in the OpenAPI document.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/server.hpp"
#include "../support/served_api.hpp"
#include "api/simulate_endpoints.hpp"
#include "routing/border_delays.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class SimulateApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    server_ = std::make_unique<caravan::testing::ServedApi>(data_, caravan::testing::loopback_settings(4), std::vector<EndpointGroup>{simulate_endpoint_group(data_)});
  }
  static void TearDownTestSuite() {
    server_.reset();
  }
  static httplib::Result post(const json& body) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    return c.Post("/v1/simulate", body.dump(), "application/json");
  }
  static json problem(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    return json::parse(r->body);
  }
  static inline std::shared_ptr<const ApiData> data_;
  static inline std::unique_ptr<caravan::testing::ServedApi> server_;
};

TEST_F(SimulateApiTest, SimulatesACrossingLikeTheCli) {
  const auto r = post({{"crossing", "khorgos-nurzholy"}, {"mode", "road"}, {"direction", "a_to_b"}, {"days", 30},
                       {"replications", 3}, {"seed", 7}, {"capacity_per_day", 600}, {"green_share", 0.5}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto j = json::parse(r->body);
  EXPECT_EQ(j["crossing"]["id"], "khorgos-nurzholy");
  ASSERT_EQ(j["directions"].size(), 1u);
  const auto& d = j["directions"][0];
  EXPECT_EQ(d["direction"], "a_to_b");
  EXPECT_DOUBLE_EQ(d["capacity_per_day"].get<double>(), 600.0);
  EXPECT_EQ(d["queue_series"]["waiting_mean"].size(), 30u * 24 + 1);  // hourly up to 30 days
  EXPECT_EQ(d["queue_series"]["t"].size(), d["queue_series"]["waiting_mean"].size());
  EXPECT_EQ(d["wait_histogram"]["share"].size(), 40u);
  EXPECT_TRUE(d["little"]["ok_on_every_run"].get<bool>());
  // The same request answers the same numbers.
  const auto again = json::parse(post({{"crossing", "khorgos-nurzholy"}, {"mode", "road"}, {"direction", "a_to_b"}, {"days", 30},
                                       {"replications", 3}, {"seed", 7}, {"capacity_per_day", 600}, {"green_share", 0.5}})->body);
  EXPECT_EQ(again["directions"][0]["time_to_clear_h"], d["time_to_clear_h"]);
}

TEST_F(SimulateApiTest, BadFieldsAnswerProblemsWithPointers) {
  struct Case {
    json body;
    int status;
    std::string pointer;
  };
  for (const auto& c : {Case{{{"mode", "road"}}, 400, "/crossing"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"days", "ten"}}, 400, "/days"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"days", -1}}, 400, "/days"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"green_share", 2}}, 400, "/green_share"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"capacity_steps", {{{"day", 1}}}}}, 400, "/capacity_steps/0/capacity_per_day"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"colour", "green"}}, 400, "/colour"},
                        Case{{{"crossing", "khorgos-nurzholy"}, {"hours", "Mo-Zz 10:00-12:00"}}, 400, "/hours"},
                        Case{{{"crossing", "Khorgoz"}, {"mode", "road"}}, 404, "/crossing"}}) {
    const auto j = problem(post(c.body), c.status);
    ASSERT_TRUE(j.contains("errors")) << c.body.dump();
    EXPECT_EQ(j["errors"][0]["pointer"], c.pointer) << c.body.dump();
  }
  const auto unknown = problem(post({{"crossing", "Khorgoz"}, {"mode", "road"}}), 404);
  EXPECT_THAT(unknown["errors"][0]["candidates"].dump(), HasSubstr("khorgos-nurzholy"));
  const auto part = problem(post({{"crossing", "Khorgos"}, {"mode", "road"}}), 404);
  EXPECT_EQ(part["errors"][0]["detail"], "unknown road crossing 'Khorgos'; did you mean: khorgos-nurzholy (road), khorgos-altynkol (rail)");
  EXPECT_EQ(part["errors"][0]["candidates"], json({"khorgos-nurzholy (road)", "khorgos-altynkol (rail)"}));
}

// Every problem of a request comes back in one answer, each at its pointer.
TEST_F(SimulateApiTest, EveryProblemComesBackAtOnce) {
  const auto j = problem(post({{"crossing", "khorgos-nurzholy"}, {"days", "ten"}, {"buffer", 1.5},
                               {"capacity_steps", {{{"day", 1}}, 7}}, {"colour", "green"}}),
                         400);
  std::vector<std::string> pointers;
  for (const auto& e : j["errors"]) pointers.push_back(e["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/colour", "/days", "/buffer", "/capacity_steps/0/capacity_per_day",
                                                "/capacity_steps/1"}))
      << j.dump();
}

TEST_F(SimulateApiTest, HugeRequestIsRefusedBeforeRunning) {
  const auto start = std::chrono::steady_clock::now();
  const auto j = problem(post({{"crossing", "khorgos-nurzholy"}, {"days", 3000}, {"replications", 500}}), 413);
  EXPECT_EQ(j["errors"][0]["pointer"], "/days");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));  // answered, not run
}

TEST_F(SimulateApiTest, OpenApiDescribesTheEndpoint) {
  httplib::Client c("127.0.0.1", server_->port());
  const auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto doc = json::parse(r->body);
  ASSERT_TRUE(doc["paths"].contains("/v1/simulate"));
  EXPECT_TRUE(doc["paths"]["/v1/simulate"]["post"]["responses"].contains("413"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("SimulateRequest"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("SimulateResult"));
}

TEST_F(SimulateApiTest, RouteEndpointUsesTheServersDelayFile) {
  // What `caravan serve --border-delays FILE` sets (ServerSettings::border_delays): POST /v1/route
  // then takes the crossing time from the file (a flat 3.5 h at Bakhty-Baketu) instead of the
  // bundled one (5 h of open time to clear, calibrated to the 12 h median elapsed time); a server
  // without it keeps the bundled one.
  const json route = {{"from", "Urumqi"}, {"to", "Almaty"}, {"modes", {"road"}}, {"optimize", "time"}, {"depart", "2025-03-03T00:00Z"}};
  const auto crossing_hours = [&](int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    const auto r = c.Post("/v1/route", route.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    const auto body = json::parse(r->body);
    EXPECT_FALSE(body["itineraries"].empty()) << r->body.substr(0, 600);
    if (body["itineraries"].empty()) return std::pair{std::string(), 0.0};
    for (const auto& leg : body["itineraries"][0]["legs"])
      if (!leg["crossing"].is_null()) return std::pair{leg["crossing"]["id"].get<std::string>(), leg["crossing"]["processing_hours"].get<double>()};
    return std::pair{std::string(), 0.0};
  };
  EXPECT_EQ(crossing_hours(server_->port()), (std::pair{std::string("bakhty-baketu"), 5.0}));
  std::string text = "crossing,mode,direction,hour_of_week,time_to_clear_h\n";
  for (const char* dir : {"a_to_b", "b_to_a"})
    for (int h = 0; h < 168; ++h) text += fmt::format("bakhty-baketu,road,{},{},3.5\n", dir, h);
  Diagnostics diagnostics;
  auto model = BorderDelayModel::parse(text, "delays.csv", *data_->baseline.network, diagnostics);
  ASSERT_TRUE(model) << diagnostics.to_string();
  auto settings = caravan::testing::loopback_settings(4);
  settings.border_delays = std::make_shared<const BorderDelayModel>(std::move(*model));
  const caravan::testing::ServedApi with_delays(data_, settings);
  EXPECT_EQ(crossing_hours(with_delays.port()), (std::pair{std::string("bakhty-baketu"), 3.5}));
  EXPECT_EQ(crossing_hours(server_->port()), (std::pair{std::string("bakhty-baketu"), 5.0}));
}

// With one simulation slot, requests that arrive while a long run holds it get 503 with
// Retry-After at once (they do not queue behind it), and the slot is free again afterwards.
TEST(SimulateApiBusy, ConcurrentRequestsBeyondTheLimitGet503WithRetryAfter) {
  const auto data = caravan::testing::bundled_api_data();
  SimulateLimits limits;
  limits.concurrent = 1;
  caravan::testing::ServedApi server(data, caravan::testing::loopback_settings(4),
                                     std::vector<EndpointGroup>{simulate_endpoint_group(data, limits)});
  // A year of Khorgos road traffic, eight replications: long enough (about a second) to overlap.
  const json long_run = {{"crossing", "khorgos-nurzholy"}, {"mode", "road"}, {"direction", "a_to_b"},
                         {"days", 365}, {"replications", 8}, {"seed", 3}};
  constexpr int kClients = 4;
  std::vector<int> status(kClients, 0);
  std::vector<std::string> retry_after(kClients), body(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", server.port());
      c.set_read_timeout(120, 0);
      if (auto r = c.Post("/v1/simulate", long_run.dump(), "application/json")) {
        status[i] = r->status;
        retry_after[i] = r->get_header_value("Retry-After");
        body[i] = r->body;
      }
    });
  for (auto& t : clients) t.join();
  int ok = 0, busy = 0;
  for (int i = 0; i < kClients; ++i) {
    if (status[i] == 200) ++ok;
    if (status[i] != 503) continue;
    ++busy;
    EXPECT_EQ(retry_after[i], "2");
    const auto j = json::parse(body[i]);
    EXPECT_EQ(j["type"], "urn:caravan:problem:busy") << body[i];
    EXPECT_EQ(j["detail"], "1 simulations are running; retry shortly");
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(busy, 1);
  EXPECT_EQ(ok + busy, kClients);

  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(60, 0);
  const auto after = c.Post("/v1/simulate", json{{"crossing", "khorgos-nurzholy"}, {"days", 10}, {"replications", 2}}.dump(),
                            "application/json");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << after->body;
}


// "arrival_profile" and "service_times_h": the same inputs as --arrival-profile and
// --service-times, checked element by element with JSON pointers.
TEST_F(SimulateApiTest, ArrivalProfileAndServiceTimesAreCheckedWithPointers) {
  const json base = {{"crossing", "khorgos-nurzholy"}, {"mode", "road"}, {"direction", "a_to_b"}, {"days", 2}, {"replications", 1}};
  const auto with = [&](const std::string& key, json value) {
    json body = base;
    body[key] = std::move(value);
    return body;
  };
  std::vector<double> ok(168, 1.0), negative(168, 1.0), zeros(168, 0.0);
  negative[17] = -1;
  json text = ok;
  text[3] = "x";
  struct Case {
    json body;
    std::string pointer, detail;
  };
  for (const auto& c :
       {Case{with("arrival_profile", std::vector<double>(167, 1.0)), "/arrival_profile",
             "'arrival_profile' needs exactly 168 weights, one per hour of the week (got 167)"},
        Case{with("arrival_profile", negative), "/arrival_profile/17", "'arrival_profile' element 17 must be >= 0 (got -1)"},
        Case{with("arrival_profile", text), "/arrival_profile/3", "'arrival_profile' element 3 must be a number"},
        Case{with("arrival_profile", zeros), "/arrival_profile", "'arrival_profile' weights must not all be 0"},
        Case{with("arrival_profile", "flat"), "/arrival_profile", "'arrival_profile' must be an array of numbers"},
        Case{with("service_times_h", json::array()), "/service_times_h", "'service_times_h' needs at least 1 value"},
        Case{with("service_times_h", {0.5, 0}), "/service_times_h/1", "'service_times_h' element 1 must be more than 0 hours (got 0)"},
        Case{with("service_times_h", std::vector<double>(100001, 0.5)), "/service_times_h",
             "'service_times_h' has 100001 values, at most 100000 are allowed"},
        Case{{{"crossing", "alashankou-dostyk"}, {"mode", "rail"}, {"days", 2}, {"arrival_profile", ok}}, "/arrival_profile",
             "rail crossings run to a timetable; an arrival profile shapes road arrivals only"}}) {
    const auto j = problem(post(c.body), 400);
    ASSERT_TRUE(j.contains("errors")) << c.pointer;
    EXPECT_EQ(j["errors"][0]["pointer"], c.pointer);
    EXPECT_EQ(j["detail"], c.detail);
  }
}

TEST_F(SimulateApiTest, ArrivalProfileShapesArrivalsLikeTheCli) {
  // All weight on Monday 08:00–10:00 China time: only hours 8 and 9 have arrivals of their own
  // (empty hours repeat the last hour before them, hour 9).
  std::vector<double> monday(168, 0.0);
  monday[8] = monday[9] = 2.5;
  const auto r = post({{"crossing", "khorgos-nurzholy"}, {"mode", "road"}, {"direction", "a_to_b"}, {"days", 14},
                       {"replications", 2}, {"seed", 3}, {"arrivals_per_day", 100}, {"arrival_profile", monday}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto how = json::parse(r->body)["directions"][0]["time_to_clear_by_hour_of_week_h"].get<std::vector<double>>();
  ASSERT_EQ(how.size(), 168u);
  for (int h = 0; h < 168; ++h) {
    if (h != 8) {
      EXPECT_EQ(how[h], how[9]) << "hour " << h;
    }
  }
  EXPECT_NE(how[8], how[9]);
}

TEST_F(SimulateApiTest, MeasuredServiceTimesAreNotRescaledByTheCalibration) {
  // Alashankou–Dostyk rail KZ→CN is calibrated with service times × 0.80 (its published time is
  // shorter than the default control allows); measured times replace the exit control as they are.
  const json body = {{"crossing", "alashankou-dostyk"}, {"mode", "rail"}, {"direction", "b_to_a"}, {"days", 14},
                     {"replications", 2}, {"seed", 1}};
  const auto plain = post(body);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  const auto p = json::parse(plain->body)["directions"][0];
  const double scale = p["calibration"]["service_scale"].get<double>();
  EXPECT_LT(scale, 0.9);
  json measured = body;
  measured["service_times_h"] = {1.5, 2.5, 1.0, 3.0};
  const auto r = post(measured);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto d = json::parse(r->body)["directions"][0];
  EXPECT_DOUBLE_EQ(d["calibration"]["service_scale"].get<double>(), scale);
  EXPECT_DOUBLE_EQ(d["stations"][0]["service_mean_h"].get<double>(), 2.0);
  EXPECT_EQ(d["stations"][0]["lanes"], p["stations"][0]["lanes"]);
  // The other stations keep the calibrated model.
  for (std::size_t i = 1; i < p["stations"].size(); ++i)
    EXPECT_EQ(d["stations"][i]["service_mean_h"], p["stations"][i]["service_mean_h"]);
  EXPECT_TRUE(d["little"]["ok_on_every_run"].get<bool>());
}

TEST_F(SimulateApiTest, OpenApiDescribesArrivalProfileAndServiceTimes) {
  httplib::Client c("127.0.0.1", server_->port());
  const auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  const auto props = json::parse(r->body)["components"]["schemas"]["SimulateRequest"]["properties"];
  EXPECT_EQ(props["arrival_profile"]["minItems"], 168);
  EXPECT_EQ(props["arrival_profile"]["maxItems"], 168);
  EXPECT_EQ(props["service_times_h"]["minItems"], 1);
  EXPECT_EQ(props["service_times_h"]["maxItems"], 100000);
}

}  // namespace
}  // namespace caravan::api
