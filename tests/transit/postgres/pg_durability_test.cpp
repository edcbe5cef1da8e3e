// Durability of a real `caravan serve` on the PostgreSQL store: clients stream submissions and
// start events, the server is killed with SIGKILL in the middle of the stream and restarted on the
// same database. Then every acknowledged message is there (its replay returns the acknowledged
// answer), every message sent — acknowledged or lost in flight — takes effect exactly once when
// resent, and every declaration's audit chain verifies.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "fixtures.hpp"
#include "pg_test_db.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"
#include "transit/pg_store.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

// `caravan serve --port 0` as a child process; the port is read from its "listening on" line.
class ServeProcess {
 public:
  ServeProcess(const std::string& store, const std::string& keys) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execl(CARAVAN_BINARY, "caravan", "serve", "--port", "0", "--threads", "16", "--transit-store", store.c_str(),
              "--transit-keys", keys.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    // Reads stderr until the port is known, then keeps draining it so the server never blocks.
    std::promise<int> port;
    auto found = port.get_future();
    reader_ = std::thread([fd = fds[0], p = std::move(port), this]() mutable {
      std::string text;
      bool told = false;
      char buf[4096];
      for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
        std::lock_guard lock(log_mutex_);
        log_.append(buf, static_cast<std::size_t>(n));
        const auto at = log_.find("listening on http://127.0.0.1:");
        if (!told && at != std::string::npos && log_.find('/', at + 30) != std::string::npos) {
          p.set_value(std::stoi(log_.substr(at + 30)));
          told = true;
        }
      }
      if (!told) p.set_value(0);
      ::close(fd);
    });
    if (found.wait_for(std::chrono::seconds(30)) != std::future_status::ready || (port_ = found.get()) == 0) {
      kill();
      throw std::runtime_error("caravan serve did not start: " + log());
    }
  }
  ~ServeProcess() { kill(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
  }
  [[nodiscard]] int port() const { return port_; }
  std::string log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::thread reader_;
  std::mutex log_mutex_;
  std::string log_;
};

struct Sent {
  std::string path;     // where it was posted
  std::string actor;    // who posted it
  json message;
  int status = 0;       // 0: no answer (in flight when the server died)
  json body;
};

httplib::Result post(int port, const KeyRing& keys, const Sent& s) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(30, 0);
  return c.Post(s.path, {{"Authorization", "Bearer " + keys.by_id(s.actor)->api_key}}, s.message.dump(),
                "application/json");
}

TEST(PgDurability, SigkillMidStreamLosesNothingAndAppliesNothingTwice) {
  const std::string store_url = testing::fresh_store_url();
  const auto dir = testing::fresh_temp_dir("pg_durability");
  const std::string keys_path = (dir / "keys.json").string();
  const KeyRing keys = testing::test_keys();
  keys.save(keys_path);

  // Each client: submit a declaration, then start its first leg; repeat until the server dies.
  constexpr int kClients = 6;
  constexpr int kAcknowledgedBeforeKill = 120;
  std::vector<std::vector<Sent>> sent(kClients);
  std::atomic<int> acknowledged{0};
  auto server = std::make_unique<ServeProcess>(store_url, keys_path);
  const int port = server->port();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0;; ++i) {
        const std::string tag = "dur-" + std::to_string(c) + "-" + std::to_string(i);
        Sent submit{"/v1/transit/declarations", "holder", testing::road_kz_uz(tag), 0, {}};
        auto r = post(port, keys, submit);
        if (r) submit.status = r->status, submit.body = json::parse(r->body);
        sent[c].push_back(submit);
        if (!r) return;
        ASSERT_EQ(r->status, 201) << r->body;
        ++acknowledged;
        const std::string id = submit.body["declaration"]["id"];
        Sent start{"/v1/transit/declarations/" + id + "/events", "customs-KZ",
                   testing::leg_event(tag + "-start", "start", "KZALMATY", "OP-1", 1), 0, {}};
        r = post(port, keys, start);
        if (r) start.status = r->status, start.body = json::parse(r->body);
        sent[c].push_back(start);
        if (!r) return;
        ASSERT_EQ(r->status, 200) << r->body;
        ++acknowledged;
      }
    });
  for (int waited = 0; acknowledged < kAcknowledgedBeforeKill && waited < 3000; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  server->kill();  // SIGKILL while every client has a message in flight
  for (auto& t : clients) t.join();
  ASSERT_GE(acknowledged.load(), kAcknowledgedBeforeKill) << server->log();

  server = std::make_unique<ServeProcess>(store_url, keys_path);
  // Resend everything in the order it was sent. Acknowledged: the replay returns the acknowledged
  // answer. Unanswered: applied now, or (if it was committed before the kill) answered as a replay.
  std::size_t unanswered = 0, declarations = 0, starts = 0;
  std::map<std::string, std::int64_t> expected_version;  // declaration id → 1 + its start
  for (auto& stream : sent)
    for (auto& s : stream) {
      const auto r = post(server->port(), keys, s);
      ASSERT_TRUE(r) << server->log();
      const json body = json::parse(r->body);
      if (s.status != 0) {
        EXPECT_EQ(r->status, s.status) << s.message.dump();
        EXPECT_EQ(body, s.body) << s.message.dump();
      } else {
        ++unanswered;
        EXPECT_EQ(r->status, s.path.find("/events") == std::string::npos ? 201 : 200) << r->body;
      }
      if (s.path.find("/events") == std::string::npos) {
        ++declarations;
        expected_version[body["declaration"]["id"]] = 1;
      } else {
        ++starts;
        ++expected_version[s.path.substr(std::string("/v1/transit/declarations/").size(),
                                         s.path.size() - std::string("/v1/transit/declarations/").size() -
                                             std::string("/events").size())];
      }
    }
  EXPECT_EQ(unanswered, static_cast<std::size_t>(kClients)) << "one message per client was in flight";

  // Exactly once: one declaration per submission message, version 1 + its start, chains that verify.
  PgStore store(store_url);
  EXPECT_EQ(store.list_by_holder("holder").size(), declarations);
  EXPECT_EQ(expected_version.size(), declarations);
  for (const auto& [id, version] : expected_version) {
    const auto record = store.load(id);
    ASSERT_TRUE(record.has_value()) << id;
    EXPECT_EQ(record->version, version) << id;
    const auto chain = store.audit_chain(id);
    EXPECT_EQ(static_cast<std::int64_t>(chain.size()), version) << id;
    const VerifyReport report = verify_audit_export(export_audit(id, chain));
    EXPECT_TRUE(report.ok()) << id << ": " << (report.ok() ? "" : report.problems.front().message);
  }
  EXPECT_GE(starts, static_cast<std::size_t>(kAcknowledgedBeforeKill / 2 - kClients));
  std::cout << acknowledged.load() << " messages acknowledged before SIGKILL, " << unanswered << " in flight; "
            << declarations << " declarations, " << starts << " start events after the resend\n";
}

}  // namespace
}  // namespace caravan::transit
