// Durability: a real `caravan serve` process on a store receives a stream of submissions and
// events from several clients and is killed with SIGKILL in the middle; after a restart on the
// same store every acknowledged message is there (its replay answers with its first outcome),
// every audit chain verifies, and nothing was applied twice. Runs on SQLite always, and on
// PostgreSQL when CARAVAN_TEST_PG_URL is set.
#include <httplib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "fixtures.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

// A `caravan serve` child process; its port is read from its log.
class ServerProcess {
 public:
  ServerProcess(const std::string& store, const std::string& roster, const std::string& server_key, const std::string& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(CARAVAN_BINARY, CARAVAN_BINARY, "serve", "--port", "0", "--threads", "16", "--transit-store", store.c_str(),
              "--transit-roster", roster.c_str(), "--transit-server-key", server_key.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 600 && port_ == 0; ++i) {  // up to 60 s (the network loads first)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      const auto s = text.str();
      const auto at = s.find("listening on http://127.0.0.1:");
      if (at != std::string::npos) port_ = std::stoi(s.substr(at + 30));
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "caravan serve exited: " << s;
        return;
      }
    }
  }
  ~ServerProcess() { kill(SIGTERM); }
  void kill(int sig) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

struct Acknowledged {
  std::string declaration_id;
  json message;
  std::string actor;
  int status;
  std::string body;
};

class Durability : public ::testing::TestWithParam<std::string> {};

TEST_P(Durability, KilledMidStreamLosesNothingAndAppliesNothingTwice) {
  const auto dir = testing::fresh_temp_dir("durability");
  std::string store = "sqlite:" + (dir / "transit.db").string();
  if (GetParam() == "postgres") {
    const char* url = std::getenv("CARAVAN_TEST_PG_URL");
    if (!url || !*url) GTEST_SKIP() << "CARAVAN_TEST_PG_URL not set";
    store = url;
  }
  // The server gets the actors' public keys; the clients sign with their own secret keys.
  const std::string roster_path = (dir / "roster.json").string();
  const std::string server_key_path = (dir / "server-key.json").string();
  const KeyRing keys = testing::test_keys();
  testing::roster_of(keys)->save(roster_path);
  // Message ids unique per run, so a shared PostgreSQL database can be reused.
  const std::string run = std::to_string(std::random_device{}()) + "-" + std::to_string(::getpid());

  std::vector<Acknowledged> acked;
  std::mutex acked_mutex;
  {
    ServerProcess server(store, roster_path, server_key_path, (dir / "serve1.log").string());
    ASSERT_GT(server.port(), 0);
    std::atomic<bool> stop{false};
    std::atomic<int> acks{0};
    auto client_loop = [&](int c) {
      httplib::Client http("127.0.0.1", server.port());
      http.set_read_timeout(5, 0);
      auto as = [&](const std::string& actor) {
        return httplib::Headers{{"Authorization", "Bearer " + keys.by_id(actor)->api_key}};
      };
      for (int i = 0; !stop; ++i) {
        const std::string base = run + "-c" + std::to_string(c) + "-" + std::to_string(i);
        const json decl = testing::signed_by(keys, "holder", testing::road_kz_uz(base + "-d"));
        auto r = http.Post("/v1/transit/declarations", as("holder"), decl.dump(), "application/json");
        if (!r || r->status != 201) return;  // the server is gone
        const std::string id = json::parse(r->body)["declaration"]["id"];
        {
          std::lock_guard lock(acked_mutex);
          acked.push_back({id, decl, "holder", r->status, r->body});
        }
        ++acks;
        const std::vector<std::pair<std::string, json>> events{
            {"customs-KZ", testing::leg_event(base + "-1", "start", "KZALMATY", "KZ-1", 1)},
            {"customs-KZ", testing::leg_event(base + "-2", "terminate", "KZZHIBEK", "KZ-2", 2)},
            {"customs-UZ", testing::leg_event(base + "-3", "start", "UZGISHTK", "UZ-1", 3)}};
        for (const auto& [actor, unsigned_event] : events) {
          const json ev = testing::signed_by(keys, actor, unsigned_event, id);
          r = http.Post("/v1/transit/declarations/" + id + "/events", as(actor), ev.dump(), "application/json");
          if (!r || r->status != 200) return;
          std::lock_guard lock(acked_mutex);
          acked.push_back({id, ev, actor, r->status, r->body});
          ++acks;
        }
      }
    };
    std::vector<std::thread> clients;
    for (int c = 0; c < 6; ++c) clients.emplace_back(client_loop, c);
    // Until 300 acknowledgements (bounded, so a server that died early fails the test, not hangs it).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acks < 300 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.kill(SIGKILL);  // in the middle of the stream: requests are in flight
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GE(acked.size(), 300u);

  ServerProcess server(store, roster_path, server_key_path, (dir / "serve2.log").string());
  ASSERT_GT(server.port(), 0);
  httplib::Client http("127.0.0.1", server.port());
  auto as = [&](const std::string& actor) {
    return httplib::Headers{{"Authorization", "Bearer " + keys.by_id(actor)->api_key}};
  };
  std::set<std::string> declarations;
  for (const auto& a : acked) {
    declarations.insert(a.declaration_id);
    const std::string path = a.message.contains("type") ? "/v1/transit/declarations/" + a.declaration_id + "/events"
                                                        : "/v1/transit/declarations";
    const auto r = http.Post(path, as(a.actor), a.message.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, a.status) << a.message.dump();
    EXPECT_EQ(r->get_header_value("Idempotent-Replay"), "true") << "acknowledged message lost: " << a.message.dump();
    EXPECT_EQ(json::parse(r->body), json::parse(a.body));
  }
  for (const auto& id : declarations) {
    const auto r = http.Get("/v1/transit/declarations/" + id + "/audit", as("holder"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    const auto report = verify_audit_export(r->body);
    EXPECT_TRUE(report.ok()) << id;
    // Each message once in the chain, and the version counts the entries.
    std::set<std::string> message_ids;
    std::istringstream lines(r->body);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      const json body = json::parse(json::parse(line)["canonical"].get<std::string>());
      EXPECT_TRUE(message_ids.insert(body["message_id"]).second) << "applied twice: " << body["message_id"];
    }
    const auto d = json::parse(http.Get("/v1/transit/declarations/" + id, as("holder"))->body);
    EXPECT_EQ(d["version"].get<std::size_t>(), report.entries);
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, Durability, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace caravan::transit
