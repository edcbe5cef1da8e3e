// Findings of the security probe on the server (issue «Hold under attack»), each reproduced
// against a real `caravan serve` on loopback: deeply nested bodies, chunked bodies over the
// limit, slow clients, too many connections, heavy analyses whose clients left, SIGTERM with work
// running, wrong JSON types. Nothing here measures speed: a request either gets its answer within
// a client timeout or the test fails.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve_process.hpp"
#include "transit/keys.hpp"

namespace caravan::testing {
namespace {

using nlohmann::json;

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends `bytes` (stopping quietly if the server closes), then returns the answer's status line
// and body ("" when the connection closed without one).
std::pair<std::string, std::string> exchange(int port, const std::string& bytes) {
  const int fd = connect_loopback(port);
  if (fd < 0) return {};
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + sent, std::min<std::size_t>(bytes.size() - sent, 65536), MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  char buffer[8192];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  const auto line_end = reply.find("\r\n");
  const auto body_start = reply.find("\r\n\r\n");
  return {reply.substr(0, line_end), body_start == std::string::npos ? "" : reply.substr(body_start + 4)};
}

std::string chunked(const std::string& path, const std::string& body, std::size_t chunk = 8192) {
  std::string out = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    const auto piece = body.substr(at, chunk);
    out += fmt::format("{:x}\r\n", piece.size()) + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// A demand table that keeps Frank–Wolfe busy for its 10,000 iterations: volumes far over the
// links' capacities, so the equilibrium is never reached exactly (gap 0); with light volumes the
// first all-or-nothing assignment is already the equilibrium.
json heavy_assign() {
  const std::vector<std::string> places = {"KZ_ALMATY", "KZ_ASTANA", "KZ_SHYMKENT", "KZ_KARAGANDY", "KZ_AKTOBE",
                                           "KG_BISHKEK", "UZ_TASHKENT", "UZ_SAMARKAND", "UZ_BUKHARA", "TJ_DUSHANBE",
                                           "TM_ASHGABAT", "IR_TEHRAN", "AZ_BAKU", "GE_TBILISI", "TR_ISTANBUL",
                                           "PL_WARSAW", "CN_LANZHOU", "BY_MINSK", "HU_BUDAPEST", "RS_BELGRADE"};
  json demand = json::array();
  for (const auto& a : places)
    for (const auto& b : places)
      if (a != b) demand.push_back({{"origin", a}, {"destination", b}, {"teu_per_year", 5000000}, {"cargo_class", "general"}});
  return {{"demand", demand}, {"method", "fw"}, {"iterations", 10000}, {"gap", 0}};
}

std::string health_within(int port, int timeout_ms) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  c.set_read_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  const auto r = c.Get("/v1/health");
  if (!r) return "no answer (" + httplib::to_string(r.error()) + ")";
  return std::to_string(r->status);
}

class ServerHardening : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("caravan_harden_{}_{}", ::getpid(), counter_++);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::vector<std::string> transit_args() const {
    return {"--transit-store", "sqlite:" + (dir_ / "t.db").string(), "--transit-roster", (dir_ / "roster.json").string(),
            "--transit-server-key", (dir_ / "server-key.json").string()};
  }
  std::vector<std::string> with(std::vector<std::string> extra) const {
    auto args = transit_args();
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  std::filesystem::path dir_;
  static inline int counter_ = 0;
};

// Finding 1: a body of a million nested arrays, at every JSON endpoint (with a key where one is
// needed), is a 400 naming where the nesting went too deep; the server keeps serving.
TEST_F(ServerHardening, MillionDeepBodiesAreRefusedEverywhere) {
  const auto holder_credentials = transit::generate_credentials("holder", transit::Role::holder, "", "");
  transit::ActorRoster({holder_credentials}).save((dir_ / "roster.json").string());
  ServeProcess serve(with({"--max-body-bytes", "2100000"}));
  ASSERT_GT(serve.port(), 0) << serve.log();
  const std::string holder = holder_credentials.api_key;
  const std::string nest = std::string(1000000, '[') + std::string(1000000, ']');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v1/transit/skeleton", "{\"itinerary\":" + nest + "}"},
      {"/v1/analysis/assign", "{\"demand\":[{\"origin\":" + nest + "}]}"},
      {"/v1/analysis/compare", "{\"scenario\":\"cku-open\",\"pairs\":[{\"from\":" + nest + "}]}"},
      {"/v1/analysis/capacity", "{\"from\":" + nest + "}"},
      {"/v1/route", "{\"from\":" + nest + "}"},
      {"/v1/matrix", "{\"from\":" + nest + "}"},
      {"/v1/simulate", "{\"crossing\":" + nest + "}"},
      {"/v1/transit/declarations", "{\"message_id\":" + nest + "}"},
      {"/v1/transit/declarations/26KZ00000000000121/events", "{\"message_id\":" + nest + "}"},
  };
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(30, 0);
  for (const auto& [path, body] : cases) {
    const auto r = c.Post(path, {{"Authorization", "Bearer " + holder}}, body, "application/json");
    ASSERT_TRUE(r) << path << ": " << httplib::to_string(r.error()) << "\n" << serve.log();
    EXPECT_EQ(r->status, 400) << path << ": " << r->body.substr(0, 300);
    const auto p = json::parse(r->body, nullptr, false);
    EXPECT_EQ(p.value("type", ""), "urn:caravan:problem:invalid-json") << path;
    EXPECT_NE(p.value("detail", "").find("deeper than 64 levels"), std::string::npos) << r->body.substr(0, 300);
  }
  // The probe's own case: 150,000 levels under the default body limit.
  ServeProcess plain(ServerHardening::transit_args());
  ASSERT_GT(plain.port(), 0) << plain.log();
  httplib::Client p("127.0.0.1", plain.port());
  const auto r = p.Post("/v1/transit/skeleton", "{\"itinerary\":" + std::string(150000, '[') + std::string(150000, ']') + "}",
                        "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(health_within(serve.port(), 5000), "200");
  EXPECT_EQ(serve.stop(), 0) << serve.log();
  EXPECT_EQ(plain.stop(), 0) << plain.log();
}

// Finding 4: one body limit whatever the transfer encoding. A 2 MB chunked body is refused with
// 413 and the server stops reading it; fifty megabytes do not grow its memory; a small chunked
// body is served as usual; lying framing is a 4xx.
TEST_F(ServerHardening, ChunkedBodiesHaveTheSameLimit) {
  ServeProcess serve(with({"--body-timeout-ms", "2000"}));
  ASSERT_GT(serve.port(), 0) << serve.log();
  const std::string route = R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"})";
  auto [status, body] = exchange(serve.port(), chunked("/v1/route", route, 7));
  EXPECT_EQ(status, "HTTP/1.1 200 OK") << body.substr(0, 300);

  const std::string big = "{\"from\":\"" + std::string(2'000'000, 'x') + "\"}";
  std::tie(status, body) = exchange(serve.port(), chunked("/v1/route", big));
  EXPECT_EQ(status, "HTTP/1.1 413 Payload Too Large");
  EXPECT_NE(body.find("payload-too-large"), std::string::npos) << body;

  const long before = rss_kib(serve.pid());
  const std::string huge = "{\"from\":\"" + std::string(50'000'000, 'x') + "\"}";
  std::tie(status, body) = exchange(serve.port(), chunked("/v1/route", huge, 1 << 16));
  EXPECT_TRUE(status.empty() || status == "HTTP/1.1 413 Payload Too Large") << status;
  const long after = rss_kib(serve.pid());
  EXPECT_LT(after - before, 32 * 1024) << "resident memory grew from " << before << " KiB to " << after << " KiB";

  // Lying framing: a chunk announcing more than it sends, a Content-Length longer than the body
  // (the client then closes), a chunk size that is not hex.
  std::tie(status, body) = exchange(serve.port(), "POST /v1/route HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffff\r\n{}\r\n0\r\n\r\n");
  EXPECT_TRUE(status.empty() || status.rfind("HTTP/1.1 4", 0) == 0) << status;
  std::tie(status, body) = exchange(serve.port(), "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{}");
  EXPECT_TRUE(status.empty() || status.rfind("HTTP/1.1 4", 0) == 0) << status;
  std::tie(status, body) = exchange(serve.port(), "POST /v1/route HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
  EXPECT_TRUE(status.empty() || status.rfind("HTTP/1.1 4", 0) == 0) << status;
  EXPECT_EQ(health_within(serve.port(), 5000), "200");
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// Finding 3: 70 slowloris connections (a header byte now and then) leave /v1/health answering
// within a second; a client over the per-address connection limit is told 429; a head that never
// completes is cut off with 408.
TEST_F(ServerHardening, SlowClientsDoNotStarveHealth) {
  ServeProcess serve(with({"--max-connections-per-client", "100", "--head-timeout-ms", "3000", "--threads", "8"}));
  ASSERT_GT(serve.port(), 0) << serve.log();
  std::vector<int> slow;
  for (int i = 0; i < 70; ++i) {
    const int fd = connect_loopback(serve.port());
    ASSERT_GE(fd, 0);
    const std::string start = "POST /v1/route HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  for (int round = 0; round < 5; ++round) {
    for (const int fd : slow) ::send(fd, "a", 1, MSG_NOSIGNAL);
    EXPECT_EQ(health_within(serve.port(), 1000), "200") << "round " << round;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  // 70 + this one + the ones below stay under 100; 30 more reach the limit.
  std::vector<int> more;
  for (int i = 0; i < 30; ++i) more.push_back(connect_loopback(serve.port()));
  // Answered at once, before the client sends anything.
  const auto [status, body] = exchange(serve.port(), "");
  EXPECT_EQ(status, "HTTP/1.1 429 Too Many Requests");
  EXPECT_NE(body.find("max_connections_per_client"), std::string::npos) << body;
  for (const int fd : more) ::close(fd);
  // The slow heads run out of time: 408, then closed.
  char buffer[512];
  const ssize_t n = ::recv(slow.front(), buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)).substr(0, 29), "HTTP/1.1 408 Request Timeout\r");
  for (const int fd : slow) ::close(fd);
  EXPECT_EQ(health_within(serve.port(), 1000), "200");
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// Finding 3: analyses have a time budget (503 when over), and a run whose client hung up is
// cancelled: with one analysis slot, the next request gets the slot at once instead of waiting
// for 10,000 Frank–Wolfe iterations nobody will read.
TEST_F(ServerHardening, AnalysesHaveBudgetsSlotsAndStopWhenTheClientLeaves) {
  ServeProcess serve(with({"--analysis-slots", "1", "--analysis-budget-ms", "20000"}));
  ASSERT_GT(serve.port(), 0) << serve.log();
  const std::string heavy = heavy_assign().dump();
  std::vector<int> abandoned;
  for (int i = 0; i < 4; ++i) {
    const int fd = connect_loopback(serve.port());
    const std::string request = fmt::format(
        "POST /v1/analysis/assign HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
        heavy.size(), heavy);
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    abandoned.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (const int fd : abandoned) ::close(fd);
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(8, 0);
  const json light = {{"demand", {{{"origin", "Xian"}, {"destination", "Tashkent"}, {"teu_per_year", 100}, {"cargo_class", "general"}}}},
                      {"iterations", 1}};
  const auto r = c.Post("/v1/analysis/assign", light.dump(), "application/json");
  ASSERT_TRUE(r) << "the abandoned runs still hold the analysis slot: " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body.substr(0, 300);
  EXPECT_EQ(serve.stop(), 0) << serve.log();

  ServeProcess budgeted(with({"--analysis-budget-ms", "300"}));
  ASSERT_GT(budgeted.port(), 0) << budgeted.log();
  httplib::Client b("127.0.0.1", budgeted.port());
  b.set_read_timeout(20, 0);
  const auto over = b.Post("/v1/analysis/assign", heavy, "application/json");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 503);
  EXPECT_EQ(json::parse(over->body).value("type", ""), "urn:caravan:problem:analysis-budget-exhausted") << over->body;
  EXPECT_EQ(over->get_header_value("Retry-After"), "1");
  EXPECT_EQ(budgeted.stop(), 0) << budgeted.log();
}

// Finding 3: SIGTERM with heavy analyses running stops the server within 2 s, exit code 0.
TEST_F(ServerHardening, SigtermStopsWithinTwoSecondsWhileWorkRuns) {
  ServeProcess serve(transit_args());
  ASSERT_GT(serve.port(), 0) << serve.log();
  const std::string heavy = heavy_assign().dump();
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", serve.port());
      c.set_read_timeout(30, 0);
      if (c.Post("/v1/analysis/assign", heavy, "application/json")) ++answered;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(serve.stop(SIGTERM, std::chrono::seconds(2)), 0) << serve.log();
  for (auto& t : clients) t.join();
  EXPECT_NE(serve.log().find("signal 15, shutting down"), std::string::npos) << serve.log();
}

// Finding 6: wrong JSON types are 400s with their pointer, never 500.
TEST_F(ServerHardening, WrongTypesAreAnsweredWithTheirPointer) {
  ServeProcess serve(transit_args());
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(30, 0);
  // A block train of one's own: its legs cross the borders themselves (a scheduled train's are in its timetable).
  const auto planned =
      c.Post("/v1/route", R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z","block_train":true})", "application/json");
  ASSERT_TRUE(planned);
  ASSERT_EQ(planned->status, 200);
  const json itinerary = json::parse(planned->body)["itineraries"][0];
  std::size_t crossing_leg = 0;
  while (crossing_leg < itinerary["legs"].size() && !itinerary["legs"][crossing_leg].contains("crossing")) ++crossing_leg;
  ASSERT_LT(crossing_leg, itinerary["legs"].size());
  const std::string at = fmt::format("/itinerary/legs/{}", crossing_leg);
  auto expect_400 = [&](const std::string& path, const json& body, const std::string& pointer) {
    const auto r = c.Post(path, body.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << path << " " << body.dump().substr(0, 200) << "\n" << r->body;
    const auto p = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(p.contains("errors")) << r->body;
    EXPECT_EQ(p["errors"][0].value("pointer", ""), pointer) << r->body;
  };
  for (const json& wrong : {json("yes"), json(1), json::array(), json::object()}) {
    json it = itinerary;
    it["legs"][crossing_leg]["gauge_change"] = wrong;
    expect_400("/v1/transit/skeleton", {{"itinerary", it}}, at + "/gauge_change");
    it = itinerary;
    it["legs"][crossing_leg]["crossing"]["name"] = wrong.is_string() ? json(5) : wrong;
    expect_400("/v1/transit/skeleton", {{"itinerary", it}}, at + "/crossing/name");
    it = itinerary;
    it["legs"][crossing_leg]["crossing"] = wrong.is_object() ? json("Khorgos") : wrong;
    expect_400("/v1/transit/skeleton", {{"itinerary", it}}, at + "/crossing");
    it = itinerary;
    it["legs"][0]["from"] = json::object();
    expect_400("/v1/transit/skeleton", {{"itinerary", it}}, "/itinerary/legs/0/from/id");
  }
  for (const json& wrong : {json(5), json(true), json::array({"general"}), json::object()})
    expect_400("/v1/analysis/assign",
               {{"demand", {{{"origin", "Xian"}, {"destination", "Tashkent"}, {"teu_per_year", 1}, {"cargo_class", wrong}}}}},
               "/demand/0/cargo_class");
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

// Deliverable 4: a bounded soak on loopback. Slow clients drip headers, others send heavy
// analyses and hang up, others plan routes, for about ten seconds; every health probe in that
// time is answered within one second.
TEST_F(ServerHardening, SoakSlowClientsAndHeavyWorkKeepHealthAnswering) {
  ServeProcess serve(with({"--threads", "16", "--analysis-slots", "2", "--analysis-budget-ms", "4000", "--head-timeout-ms", "4000"}));
  ASSERT_GT(serve.port(), 0) << serve.log();
  std::atomic<bool> done{false};
  std::vector<std::thread> load;
  // 40 slow clients, re-connecting when cut off.
  load.emplace_back([&] {
    std::vector<int> fds;
    while (!done) {
      while (fds.size() < 40) {
        const int fd = connect_loopback(serve.port());
        if (fd < 0) break;
        ::send(fd, "POST /v1/analysis/assign HTTP/1.1\r\nHost: x\r\n", 46, MSG_NOSIGNAL);
        fds.push_back(fd);
      }
      std::vector<int> alive;
      for (const int fd : fds) {
        if (::send(fd, "X", 1, MSG_NOSIGNAL) == 1) alive.push_back(fd);
        else ::close(fd);
      }
      fds.swap(alive);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (const int fd : fds) ::close(fd);
  });
  // Heavy analyses, half of them abandoned.
  const std::string heavy = heavy_assign().dump();
  for (int k = 0; k < 4; ++k)
    load.emplace_back([&, k] {
      while (!done) {
        httplib::Client c("127.0.0.1", serve.port());
        c.set_read_timeout(k % 2 ? 1 : 10, 0);
        (void)c.Post("/v1/analysis/assign", heavy, "application/json");
      }
    });
  // Routes.
  load.emplace_back([&] {
    httplib::Client c("127.0.0.1", serve.port());
    c.set_read_timeout(10, 0);
    while (!done) (void)c.Post("/v1/route", R"({"from":"Xian","to":"Tashkent"})", "application/json");
  });
  int probes = 0;
  for (int i = 0; i < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    EXPECT_EQ(health_within(serve.port(), 1000), "200") << "probe " << i;
    ++probes;
  }
  done = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(probes, 40);
  EXPECT_EQ(serve.stop(SIGTERM, std::chrono::seconds(5)), 0) << serve.log();
}

}  // namespace
}  // namespace caravan::testing
