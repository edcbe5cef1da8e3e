// Observability of `caravan serve`: GET /metrics (Prometheus text), request ids (X-Request-Id) and
// the JSON access log, against a real server in process; the transit store's counters through a
// store that works and one that fails.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "api/access_log.hpp"
#include "api/metrics.hpp"
#include "api/server.hpp"
#include "api/store_metrics.hpp"
#include "../support/served_api.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

// An ApiServer with its own Metrics, on a loopback port, on its own thread.
class Served {
 public:
  explicit Served(ServerSettings settings, std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>())
      : metrics_(metrics), server_(data(), with_port(std::move(settings)), {}, std::move(metrics)) {
    if (!server_.bind()) throw std::runtime_error("cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen(); });
    for (int i = 0; i < 400 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Served() {
    server_.stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_.port());
    c.set_read_timeout(30, 0);
    return c;
  }
  std::string scrape() const {
    auto r = client().Get("/metrics");
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    return r->body;
  }
  static std::shared_ptr<const ApiData> data() {
    static const auto d = caravan::testing::bundled_api_data();
    return d;
  }

 private:
  static ServerSettings with_port(ServerSettings s) {
    s.port = 0;
    s.threads = 4;
    return s;
  }
  std::shared_ptr<Metrics> metrics_;
  ApiServer server_;
  std::thread thread_;
};

// The lines of `text` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

constexpr const char* kRoute = R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"})";

TEST(Metrics, CountsRequestsByEndpointAndStatus) {
  ServerSettings settings;
  settings.search_slots = 3;
  Served served(settings);
  auto c = served.client();
  ASSERT_EQ(c.Get("/v1/scenarios")->status, 200);
  ASSERT_EQ(c.Get("/v1/scenarios")->status, 200);
  ASSERT_EQ(c.Post("/v1/route", kRoute, "application/json")->status, 200);
  ASSERT_EQ(c.Post("/v1/route", R"({"from":"Xian"})", "application/json")->status, 400);
  ASSERT_EQ(c.Get("/v1/nothing/at/all")->status, 404);
  ASSERT_EQ(c.Get("/v1/transit/declarations/26KZ0000000001234")->status, 404);  // an unknown declaration's label
  const std::string text = served.scrape();

  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="/v1/scenarios",method="GET",status="200"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="/v1/route",method="POST",status="200"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="/v1/route",method="POST",status="400"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="unmatched",method="GET",status="404"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="/v1/transit/declarations/{id}",method="GET",status="404"} 1)"))
      << text;
  // The client's paths never become labels.
  EXPECT_EQ(text.find("/v1/nothing"), std::string::npos);
  EXPECT_EQ(text.find("26KZ"), std::string::npos);
  // One histogram per endpoint; its count is the endpoint's requests, its buckets cumulative.
  EXPECT_TRUE(has_line(text, R"(caravan_http_request_duration_seconds_count{endpoint="/v1/route"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_request_duration_seconds_bucket{endpoint="/v1/route",le="+Inf"} 2)")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE caravan_http_request_duration_seconds histogram"));
  const auto buckets = lines_starting(text, R"(caravan_http_request_duration_seconds_bucket{endpoint="/v1/scenarios",)");
  ASSERT_EQ(buckets.size(), Histogram::kLatencyBounds.size() + 1);
  long previous = 0;
  for (const auto& b : buckets) {
    const long n = std::stol(b.substr(b.rfind(' ') + 1));
    EXPECT_GE(n, previous) << b;
    previous = n;
  }
  EXPECT_EQ(previous, 2);
  // The one search that ran waited for a slot once (a free one: 0 s), and the slots are idle now.
  EXPECT_TRUE(has_line(text, "caravan_search_slot_wait_seconds_count 1")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_search_slot_wait_seconds_bucket{le="0.0005"} 1)")) << text;
  EXPECT_TRUE(has_line(text, "caravan_search_slots 3")) << text;
  EXPECT_TRUE(has_line(text, "caravan_search_slots_busy 0")) << text;
  EXPECT_TRUE(has_line(text, "caravan_search_slot_queue_length 0")) << text;
  // Every sample line belongs to a declared metric family.
  std::istringstream in(text);
  std::string line;
  const std::regex sample(R"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$)");
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
  }
}

TEST(Metrics, CountsBudgetRefusals) {
  ServerSettings settings;
  settings.route_budget_ms = 0;  // any real search exceeds it
  Served served(settings);
  auto c = served.client();
  const auto r = c.Post("/v1/route", R"({"from":"Xian","to":"Rotterdam","objectives":["time","cost","co2","risk"],"eps":0})",
                        "application/json");
  ASSERT_EQ(r->status, 503);
  const std::string text = served.scrape();
  EXPECT_TRUE(has_line(text, R"(caravan_budget_refusals_total{endpoint="/v1/route"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_http_requests_total{endpoint="/v1/route",method="POST",status="503"} 1)")) << text;
}

TEST(Metrics, RequestIdIsEchoedOrMade) {
  Served served({});
  auto c = served.client();
  const auto given = c.Get("/v1/scenarios", {{"X-Request-Id", "7f3a9c01b2d4e5f60718293a4b5c6d7e"}});
  EXPECT_EQ(given->get_header_value("X-Request-Id"), "7f3a9c01b2d4e5f60718293a4b5c6d7e");
  // An id with a space (or anything outside A-Z a-z 0-9 . _ : -) is replaced by a new one.
  const auto forged = c.Get("/v1/scenarios", {{"X-Request-Id", "a b"}});
  const std::string made = forged->get_header_value("X-Request-Id");
  EXPECT_TRUE(std::regex_match(made, std::regex("[0-9a-f]{16}-[0-9a-f]+"))) << made;
  const auto other = c.Get("/v1/scenarios");
  EXPECT_NE(other->get_header_value("X-Request-Id"), made);
  // Errors carry their id too.
  EXPECT_FALSE(c.Get("/v1/nothing")->get_header_value("X-Request-Id").empty());
}

TEST(Metrics, AccessLogWritesOneJsonLinePerRequest) {
  const auto path = std::filesystem::temp_directory_path() / ("caravan_access_" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(path);
  {
    ServerSettings settings;
    settings.access_log = path.string();
    Served served(settings);
    auto c = served.client();
    ASSERT_EQ(c.Post("/v1/route", {{"X-Request-Id", "req-1"}, {"X-Forwarded-For", "203.0.113.7"}}, kRoute, "application/json")->status,
              200);
    ASSERT_EQ(c.Get("/v1/places?q=Alm%22aty")->status, 200);
  }
  std::ifstream in(path);
  std::vector<json> lines;
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.rfind(R"({"time":")", 0), 0u) << line;  // fields in a fixed order, time first
    lines.push_back(json::parse(line));
  }
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 2u);
  // Each request came on its own connection, so the two lines may be in either order.
  if (lines[0]["path"] != "/v1/route") std::swap(lines[0], lines[1]);
  const json& route = lines[0];
  EXPECT_EQ(route["request_id"], "req-1");
  EXPECT_EQ(route["method"], "POST");
  EXPECT_EQ(route["path"], "/v1/route");
  EXPECT_EQ(route["endpoint"], "/v1/route");
  EXPECT_EQ(route["status"], 200);
  EXPECT_EQ(route["client"], "127.0.0.1");
  EXPECT_EQ(route["forwarded_for"], "203.0.113.7");
  EXPECT_EQ(route["request_bytes"], std::string(kRoute).size());
  EXPECT_GT(route["response_bytes"].get<int>(), 1000);
  EXPECT_GT(route["duration_ms"].get<double>(), 0.0);
  EXPECT_TRUE(std::regex_match(route["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << route["time"];
  EXPECT_EQ(lines[1]["path"], "/v1/places");
  EXPECT_FALSE(lines[1].contains("forwarded_for"));
}

TEST(Metrics, AccessLineEscapesTheClientsBytes) {
  AccessRecord r;
  r.request_id = "x";
  r.method = "GET";
  r.path = "/a\"b\n\xff";
  r.endpoint = "web";
  r.client = "::1";
  r.status = 200;
  EXPECT_EQ(access_line(r, "2026-12-07T08:00:00.000Z"),
            R"({"time":"2026-12-07T08:00:00.000Z","request_id":"x","method":"GET","path":"/a\"b\n)" "\xEF\xBF\xBD" R"(","endpoint":"web",)"
            R"("status":200,"duration_ms":0.0,"request_bytes":0,"response_bytes":0,"client":"::1"})");
}

TEST(Metrics, EndpointLabels) {
  EXPECT_EQ(endpoint_label("GET", "/v1/transit/declarations/26KZ0000000001234", 200), "/v1/transit/declarations/{id}");
  EXPECT_EQ(endpoint_label("POST", "/v1/transit/declarations/26KZ0000000001234/events", 409),
            "/v1/transit/declarations/{id}/events");
  EXPECT_EQ(endpoint_label("GET", "/v1/transit/declarations/X/audit", 404), "/v1/transit/declarations/{id}/audit");
  EXPECT_EQ(endpoint_label("GET", "/v1/transit/declarations/X/other", 404), "unmatched");
  EXPECT_EQ(endpoint_label("POST", "/v1/transit/declarations", 201), "/v1/transit/declarations");
  EXPECT_EQ(endpoint_label("GET", "/v1/route", 404), "unmatched");
  EXPECT_EQ(endpoint_label("GET", "/metrics", 200), "/metrics");
  EXPECT_EQ(endpoint_label("GET", "/assets/index-3f2a.js", 200), "web");
  EXPECT_EQ(endpoint_label("GET", "/", 200), "web");
  EXPECT_EQ(endpoint_label("POST", "/", 404), "unmatched");
}

// A store whose reads fail as a broken connection does, and whose commits succeed.
class FlakyStore final : public transit::TransitStore {
 public:
  std::vector<transit::CommitStatus> commit_many(std::span<const transit::Commit> commits) override {
    std::vector<transit::CommitStatus> out;
    for (const auto& c : commits)
      out.push_back(c.outcome.message_id == "dup" ? transit::CommitStatus::duplicate_message : transit::CommitStatus::committed);
    return out;
  }
  std::optional<transit::MessageOutcome> find_outcome(const std::string&) override { return std::nullopt; }
  std::optional<transit::DeclarationRecord> load(const std::string&) override { throw std::runtime_error("connection lost"); }
  std::vector<transit::DeclarationRecord> list_by_country(const std::string&) override { return {}; }
  std::vector<transit::DeclarationRecord> list_by_holder(const std::string&) override { return {}; }
  std::vector<transit::AuditEntry> audit_chain(const std::string&) override { return {}; }
  std::int64_t reserve_reference_serials(std::int64_t) override { return 1; }
  [[nodiscard]] std::string describe() const override { return "flaky"; }
};

TEST(Metrics, TransitStoreCommitsAndErrors) {
  auto metrics = std::make_shared<Metrics>();
  auto store = with_metrics(std::make_shared<FlakyStore>(), metrics);
  transit::Commit a, b, dup;
  a.outcome.message_id = "a";
  b.outcome.message_id = "b";
  dup.outcome.message_id = "dup";
  const std::vector<transit::Commit> batch{a, b, dup};
  EXPECT_EQ(store->commit_many(batch).size(), 3u);
  EXPECT_EQ(store->commit(a), transit::CommitStatus::committed);
  EXPECT_THROW(store->load("26KZ"), std::runtime_error);
  EXPECT_EQ(store->describe(), "flaky");
  const std::string text = metrics->render();
  EXPECT_TRUE(has_line(text, R"(caravan_transit_commits_total{outcome="committed"} 3)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_transit_commits_total{outcome="duplicate_message"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(caravan_transit_commits_total{outcome="stale_version"} 0)")) << text;
  EXPECT_TRUE(has_line(text, "caravan_transit_commit_seconds_count 2")) << text;  // two calls
  EXPECT_TRUE(has_line(text, R"(caravan_transit_store_errors_total{operation="load"} 1)")) << text;
}

TEST(Metrics, HistogramBucketsAreUpperBoundsInclusive) {
  Histogram h;
  h.observe(std::chrono::microseconds(500));   // exactly 0.0005 s: in le="0.0005"
  h.observe(std::chrono::microseconds(501));   // just above: le="0.001"
  h.observe(std::chrono::seconds(11));         // over the last bound: +Inf only
  std::string out;
  h.write(out, "x", "");
  EXPECT_TRUE(has_line(out, R"(x_bucket{le="0.0005"} 1)")) << out;
  EXPECT_TRUE(has_line(out, R"(x_bucket{le="0.001"} 2)")) << out;
  EXPECT_TRUE(has_line(out, R"(x_bucket{le="10"} 2)")) << out;
  EXPECT_TRUE(has_line(out, R"(x_bucket{le="+Inf"} 3)")) << out;
  EXPECT_TRUE(has_line(out, "x_sum 11.001001")) << out;
  EXPECT_TRUE(has_line(out, "x_count 3")) << out;
}

}  // namespace
}  // namespace caravan::api
