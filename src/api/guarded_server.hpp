#pragma once
// The connection layer of `caravan serve`: cpp-httplib parses requests and routes them, but
// accepting, waiting and limits are ours, because the Debian library (0.11) has no limit on a
// chunked body, a per-read (not per-request) timeout, and a pool in which every connection holds
// a thread for as long as it stays open, so slow clients starve everyone, /v1/health included.
//
//   acceptor ──> triage (one thread, poll): reads each request head into a buffer, within
//                head_timeout_ms and max_head_bytes; idle keep-alive connections wait here too,
//                holding no thread. A connection over max_connections_per_client is answered 429.
//        ├──> GET /v1/health: answered by triage itself (or, if that cannot be done at once, by
//        │    the health lane, its own thread), never behind other work
//        └──> worker pool (threads): body within body_timeout_ms and max_body_bytes on the wire
//             (any transfer encoding; over it → 413), then the handler; the connection then goes
//             back to triage.
//
// Handlers learn about their connection through current_request(): whether the client has gone
// (to cancel work nobody waits for) and whether the server is stopping. stop() stops accepting,
// closes idle connections, tells running work to cancel and gives in-flight requests until
// stop_grace_ms to finish.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace caravan::api {

struct ConnectionLimits {
  int threads = 64;                           // worker pool
  std::size_t max_body_bytes = 1u << 20;      // request body (decoded length or bytes on the wire)
  std::size_t max_head_bytes = 64u << 10;     // request line and headers; over it → 431
  int head_timeout_ms = 10000;                // whole request head from its first byte (or from accept)
  int body_timeout_ms = 30000;                // whole body, from the end of the head; over it → 408
  int keep_alive_timeout_ms = 5000;           // idle connection between requests
  int write_timeout_ms = 10000;               // each write of an answer
  int max_connections_per_client = 128;       // open connections per client address; more → 429
  std::size_t max_queued_requests = 1024;     // complete heads waiting for a worker; more → 503
  int stop_grace_ms = 1500;                   // in-flight requests get this long after stop()
};

// What a handler may ask about the request it is serving (null outside a served request).
class RequestScope {
 public:
  virtual ~RequestScope() = default;
  // The client closed its side or reset the connection: nobody will read the answer.
  [[nodiscard]] virtual bool client_gone() const = 0;
  [[nodiscard]] virtual bool server_stopping() const = 0;
  // The raw request head as received (request line and headers, CRLF-separated), for checks
  // httplib's parsed headers cannot make (it trims, URL-decodes and cuts values at NUL).
  [[nodiscard]] virtual std::string_view raw_head() const = 0;
};
const RequestScope* current_request();

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits);
  ~GuardedServer() override;

  // The body of GET /v1/health, answered by the triage thread itself (no handoff to any thread, so
  // nothing else the server does can delay it beyond its own scheduling). Empty: the health lane.
  void set_health_answer(std::string json_body) { health_answer_ = std::move(json_body); }

  // After httplib's bind_to_port/bind_to_any_port: serves until stop(); false on a socket error.
  bool serve();
  void stop();
  [[nodiscard]] bool serving() const { return serving_.load(); }
  [[nodiscard]] bool stopping() const { return stopping_.load(); }
  [[nodiscard]] const ConnectionLimits& limits() const { return limits_; }

  // Why the last request on this thread failed while its body was read ("" when it did not):
  // "too-large" or "timeout". The error handler turns them into 413 and 408.
  static std::string_view body_failure();

  struct Connection;

 private:
  void triage_loop();
  void worker_loop(bool health_lane);
  void serve_one(std::unique_ptr<Connection> conn, bool health_lane);
  void dispatch(std::unique_ptr<Connection> conn);
  void give_back(std::unique_ptr<Connection> conn);
  void close_connection(std::unique_ptr<Connection> conn);
  void refuse(int fd, int status, std::string_view reason, std::string_view detail);
  void wake();
  std::chrono::steady_clock::time_point stop_deadline() const;

  bool answer_health(Connection& conn);
  void settle(std::unique_ptr<Connection> conn, std::vector<std::unique_ptr<Connection>>& wait,
              std::chrono::steady_clock::time_point now);
  ConnectionLimits limits_;
  std::string health_answer_;
  std::atomic<bool> serving_{false}, stopping_{false};
  std::atomic<std::int64_t> stop_at_ns_{0};
  int wake_pipe_[2] = {-1, -1};

  std::mutex mutex_;
  std::condition_variable work_ready_, health_ready_;
  std::deque<std::unique_ptr<Connection>> work_, health_;
  std::vector<std::unique_ptr<Connection>> returned_;  // back from workers, for triage
  std::map<std::string, int> per_client_;               // open connections per address
  std::vector<std::thread> workers_;
  friend class GuardedStream;
};

}  // namespace caravan::api
