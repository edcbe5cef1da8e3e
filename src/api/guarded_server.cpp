#include "api/guarded_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace caravan::api {

using Clock = std::chrono::steady_clock;

namespace {

// Chunk-size lines and trailers on top of the body limit for a chunked body counted on the wire.
constexpr std::size_t kChunkFramingAllowance = 16u << 10;

thread_local std::string t_body_failure;
thread_local const RequestScope* t_scope = nullptr;

int ms_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1000 * 60 * 60));
}

std::string peer_address(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
  else if (addr.ss_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
  return text;
}

void ip_and_port(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// The client has closed or reset its side (a pending request byte does not count as gone).
bool peer_closed(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  if (p.revents & (POLLERR | POLLHUP | POLLRDHUP)) return true;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0;
}

std::size_t head_end(const std::string& buffer) {
  const auto at = buffer.find("\r\n\r\n");
  return at == std::string::npos ? 0 : at + 4;
}

bool is_health_request(const std::string& buffer) {
  constexpr std::string_view prefix = "GET /v1/health";
  if (buffer.size() <= prefix.size() || buffer.compare(0, prefix.size(), prefix) != 0) return false;
  const char next = buffer[prefix.size()];
  return next == ' ' || next == '?';
}

// Requests served on the health lane, never behind other work: health checks and the metrics
// scrape (a monitor must see an overloaded server).
bool is_lane_request(const std::string& buffer) {
  constexpr std::string_view metrics = "GET /metrics";
  if (is_health_request(buffer)) return true;
  if (buffer.size() <= metrics.size() || buffer.compare(0, metrics.size(), metrics) != 0) return false;
  const char next = buffer[metrics.size()];
  return next == ' ' || next == '?';
}

}  // namespace

struct GuardedServer::Connection {
  int fd = -1;
  std::string client;                 // peer address, for the per-client limit
  std::string buffer;                 // received, not yet consumed by a request
  Clock::time_point deadline;         // for what it is waiting for in triage
  bool head_started = false;          // a byte of the next request arrived
  bool draining = false;              // answered and half-closed: unread bytes are discarded until EOF
  std::size_t requests = 0;
};

// httplib's view of one request on a connection: the head from the triage buffer, the body from
// the socket within the request's deadline and byte budget.
class GuardedStream final : public httplib::Stream, public RequestScope {
 public:
  GuardedStream(GuardedServer& server, GuardedServer::Connection& conn)
      : server_(server), conn_(conn), head_(conn.buffer.substr(0, head_end(conn.buffer))),
        body_deadline_(Clock::now() + std::chrono::milliseconds(server.limits().body_timeout_ms)),
        budget_(head_.size() + server.limits().max_body_bytes + kChunkFramingAllowance) {}

  bool is_readable() const override {
    if (consumed_ < conn_.buffer.size()) return true;
    pollfd p{conn_.fd, POLLIN, 0};
    return ::poll(&p, 1, ms_until(read_deadline())) > 0;
  }
  bool is_writable() const override {
    pollfd p{conn_.fd, POLLOUT, 0};
    return ::poll(&p, 1, ms_until(write_deadline())) > 0 && !peer_closed(conn_.fd);
  }
  ssize_t read(char* ptr, std::size_t size) override {
    if (size == 0) return 0;
    if (delivered_ >= budget_) {
      t_body_failure = "too-large";
      return -1;
    }
    size = std::min(size, budget_ - delivered_);
    if (consumed_ < conn_.buffer.size()) {
      const std::size_t n = std::min(size, conn_.buffer.size() - consumed_);
      std::memcpy(ptr, conn_.buffer.data() + consumed_, n);
      consumed_ += n;
      delivered_ += n;
      return static_cast<ssize_t>(n);
    }
    pollfd p{conn_.fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, ms_until(read_deadline()));
    if (ready <= 0) {
      t_body_failure = "timeout";
      return -1;
    }
    const ssize_t n = ::recv(conn_.fd, ptr, size, 0);
    if (n > 0) delivered_ += static_cast<std::size_t>(n);
    return n;
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    pollfd p{conn_.fd, POLLOUT, 0};
    if (::poll(&p, 1, ms_until(write_deadline())) <= 0) return -1;
    return ::send(conn_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { ip_and_port(conn_.fd, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { ip_and_port(conn_.fd, false, ip, port); }
  socket_t socket() const override { return conn_.fd; }

  bool client_gone() const override { return peer_closed(conn_.fd); }
  bool server_stopping() const override { return server_.stopping(); }
  std::string_view raw_head() const override { return head_; }

  // The bytes of the connection not consumed by this request (a pipelined next request).
  std::string leftover() const { return conn_.buffer.size() > consumed_ ? conn_.buffer.substr(consumed_) : std::string(); }

 private:
  Clock::time_point read_deadline() const { return std::min(body_deadline_, server_.stop_deadline()); }
  Clock::time_point write_deadline() const {
    return std::min(Clock::now() + std::chrono::milliseconds(server_.limits().write_timeout_ms), server_.stop_deadline());
  }

  GuardedServer& server_;
  GuardedServer::Connection& conn_;
  std::string head_;
  Clock::time_point body_deadline_;
  std::size_t budget_;
  std::size_t consumed_ = 0;   // of conn_.buffer
  std::size_t delivered_ = 0;  // to httplib, head included
};

const RequestScope* current_request() { return t_scope; }

std::string_view GuardedServer::body_failure() { return t_body_failure; }

GuardedServer::GuardedServer(ConnectionLimits limits) : limits_(limits) {
  if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("cannot create the server's wake pipe");
  set_keep_alive_max_count(1000);
  set_payload_max_length(limits_.max_body_bytes);
}

GuardedServer::~GuardedServer() {
  stop();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  if (const int fd = svr_sock_.exchange(INVALID_SOCKET); fd >= 0) ::close(fd);  // bound, never served
  for (const int fd : wake_pipe_)
    if (fd >= 0) ::close(fd);
}

Clock::time_point GuardedServer::stop_deadline() const {
  const std::int64_t ns = stop_at_ns_.load();
  if (ns == 0) return Clock::time_point::max();
  return Clock::time_point(std::chrono::nanoseconds(ns));
}

void GuardedServer::wake() {
  const char byte = 1;
  (void)!::write(wake_pipe_[1], &byte, 1);
}

void GuardedServer::stop() {
  if (stopping_.exchange(true)) return;
  stop_at_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    (Clock::now() + std::chrono::milliseconds(limits_.stop_grace_ms)).time_since_epoch())
                    .count();
  wake();
  std::lock_guard lock(mutex_);
  work_ready_.notify_all();
  health_ready_.notify_all();
}

void GuardedServer::refuse(int fd, int status, std::string_view reason, std::string_view detail) {
  const std::string body = fmt::format(R"({{"type":"urn:caravan:problem:{}","title":"{}","status":{},"detail":"{}"}})",
                                       status == 429 ? "too-many-connections" : status == 431 ? "header-too-large" : "busy",
                                       reason, status, detail);
  const std::string text = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/problem+json\r\nContent-Length: {}\r\nConnection: close\r\n{}\r\n{}",
      status, reason, body.size(), status == 431 ? "" : "Retry-After: 1\r\n", body);
  (void)!::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_WR);
}

void GuardedServer::close_connection(std::unique_ptr<Connection> conn) {
  if (!conn || conn->fd < 0) return;
  ::shutdown(conn->fd, SHUT_RDWR);
  ::close(conn->fd);
  std::lock_guard lock(mutex_);
  if (auto it = per_client_.find(conn->client); it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
}

// Answers a complete GET /v1/health head from the buffer with one non-blocking write; false when
// it cannot (no answer set, a body announced, the socket not writable at once).
bool GuardedServer::answer_health(Connection& conn) {
  if (health_answer_.empty() || !is_health_request(conn.buffer)) return false;
  const std::size_t end = head_end(conn.buffer);
  std::string head = conn.buffer.substr(0, end);
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head.find("\r\ncontent-length:") != std::string::npos || head.find("\r\ntransfer-encoding:") != std::string::npos)
    return false;
  const bool close = head.find("\r\nconnection: close") != std::string::npos;
  const std::string answer = fmt::format("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n{}",
                                         health_answer_.size(), close ? "Connection: close\r\n" : "", health_answer_);
  const ssize_t n = ::send(conn.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n != static_cast<ssize_t>(answer.size())) {
    if (n > 0) conn.draining = true;  // half an answer went out: the connection cannot be reused
    return n <= 0 ? false : true;
  }
  conn.buffer.erase(0, end);
  if (close) conn.draining = true;
  return true;
}

void GuardedServer::dispatch(std::unique_ptr<Connection> conn) {
  const bool health = is_lane_request(conn->buffer);
  std::unique_lock lock(mutex_);
  if (!health && work_.size() >= limits_.max_queued_requests) {
    lock.unlock();
    refuse(conn->fd, 503, "Service Unavailable",
           fmt::format("{} requests are waiting for a worker; retry shortly", limits_.max_queued_requests));
    return close_connection(std::move(conn));
  }
  (health ? health_ : work_).push_back(std::move(conn));
  (health ? health_ready_ : work_ready_).notify_one();
}

void GuardedServer::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mutex_);
    returned_.push_back(std::move(conn));
  }
  wake();
}

bool GuardedServer::serve() {
  const int listen_fd = svr_sock_;
  if (listen_fd < 0) return false;
  ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
  serving_ = true;
  workers_.emplace_back([this] { worker_loop(true); });
  for (int i = 0; i < std::max(1, limits_.threads); ++i) workers_.emplace_back([this] { worker_loop(false); });
  triage_loop();
  {
    std::lock_guard lock(mutex_);
    work_ready_.notify_all();
    health_ready_.notify_all();
  }
  for (auto& t : workers_) t.join();
  workers_.clear();
  // Requests that never reached a worker were not answered: their connections just close.
  std::deque<std::unique_ptr<Connection>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(work_);
    for (auto& c : health_) left.push_back(std::move(c));
    health_.clear();
    for (auto& c : returned_) left.push_back(std::move(c));
    returned_.clear();
  }
  for (auto& c : left) close_connection(std::move(c));
  serving_ = false;
  return true;
}

// A connection with bytes in its buffer: health requests answered on the spot, a complete head
// dispatched, otherwise it waits (in `wait`) for the rest of its head or the next request.
void GuardedServer::settle(std::unique_ptr<Connection> c, std::vector<std::unique_ptr<Connection>>& wait,
                           std::chrono::steady_clock::time_point now) {
  while (!c->draining && head_end(c->buffer) && answer_health(*c)) {
  }
  if (c->draining) {
    ::shutdown(c->fd, SHUT_WR);
    c->head_started = false;
    c->deadline = now + std::chrono::milliseconds(2000);
    wait.push_back(std::move(c));
    return;
  }
  if (head_end(c->buffer)) return dispatch(std::move(c));
  c->head_started = !c->buffer.empty();
  c->deadline = now + std::chrono::milliseconds(c->head_started ? limits_.head_timeout_ms : limits_.keep_alive_timeout_ms);
  wait.push_back(std::move(c));
}

void GuardedServer::triage_loop() {
  std::vector<std::unique_ptr<Connection>> waiting;
  std::vector<pollfd> fds;
  const int listen_fd = svr_sock_;
  while (!stopping_) {
    fds.clear();
    fds.push_back({wake_pipe_[0], POLLIN, 0});
    fds.push_back({listen_fd, POLLIN, 0});
    auto next = Clock::now() + std::chrono::seconds(1);
    for (const auto& c : waiting) {
      fds.push_back({c->fd, POLLIN, 0});
      next = std::min(next, c->deadline);
    }
    const int ready = ::poll(fds.data(), fds.size(), ms_until(next));
    if (ready < 0 && errno != EINTR) break;
    if (stopping_) break;
    const auto now = Clock::now();
    if (fds[0].revents & POLLIN) {
      char drain[64];
      while (::read(wake_pipe_[0], drain, sizeof drain) > 0) {
      }
      std::vector<std::unique_ptr<Connection>> back;
      {
        std::lock_guard lock(mutex_);
        back.swap(returned_);
      }
      for (auto& c : back) {
        if (c->draining) {
          c->deadline = now + std::chrono::milliseconds(2000);
          waiting.push_back(std::move(c));
          continue;
        }
        settle(std::move(c), waiting, now);
      }
    }
    if (fds[1].revents & POLLIN) {
      for (;;) {
        const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) break;
        int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        auto conn = std::make_unique<Connection>();
        conn->fd = fd;
        conn->client = peer_address(fd);
        conn->deadline = now + std::chrono::milliseconds(limits_.head_timeout_ms);
        bool over = false;
        {
          std::lock_guard lock(mutex_);
          int& open = per_client_[conn->client];
          over = open >= limits_.max_connections_per_client;
          if (!over) ++open;
        }
        if (over) {
          refuse(fd, 429, "Too Many Requests",
                 fmt::format("more than {} open connections from {} (setting max_connections_per_client)",
                             limits_.max_connections_per_client, conn->client));
          ::close(fd);
          continue;
        }
        waiting.push_back(std::move(conn));
      }
    }
    // Read what arrived; dispatch complete heads; drop the expired and the closed.
    // waiting[i] was polled as fds[i + 2]; connections added since (returned, accepted) were not.
    std::vector<std::unique_ptr<Connection>> still;
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      auto& c = waiting[i];
      const pollfd* p = i + 2 < fds.size() ? &fds[i + 2] : nullptr;
      if (p && (p->revents & (POLLIN | POLLHUP | POLLERR))) {
        char buffer[16384];
        const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) {
          close_connection(std::move(c));
          continue;
        }
        if (c->draining) {  // discarded: closing with them unread would reset the connection
          if (now >= c->deadline) close_connection(std::move(c));
          else still.push_back(std::move(c));
          continue;
        }
        if (n > 0) {
          if (!c->head_started) {
            c->head_started = true;
            c->deadline = now + std::chrono::milliseconds(limits_.head_timeout_ms);
          }
          c->buffer.append(buffer, static_cast<std::size_t>(n));
        }
        if (head_end(c->buffer)) {
          settle(std::move(c), still, now);
          continue;
        }
        if (c->buffer.size() > limits_.max_head_bytes) {
          refuse(c->fd, 431, "Request Header Fields Too Large",
                 fmt::format("the request line and headers exceed {} bytes", limits_.max_head_bytes));
          close_connection(std::move(c));
          continue;
        }
      }
      if (now >= c->deadline) {
        // A slow head is cut off; an idle keep-alive connection just closes.
        if (c->head_started)
          refuse(c->fd, 408, "Request Timeout",
                 fmt::format("the request head did not arrive within {} ms", limits_.head_timeout_ms));
        close_connection(std::move(c));
        continue;
      }
      still.push_back(std::move(c));
    }
    waiting.swap(still);
  }
  // Stopping: accept nothing more; idle and half-received connections close.
  if (const int fd = svr_sock_.exchange(INVALID_SOCKET); fd >= 0) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
  for (auto& c : waiting) close_connection(std::move(c));
}

void GuardedServer::worker_loop(bool health_lane) {
  auto& queue = health_lane ? health_ : work_;
  auto& ready = health_lane ? health_ready_ : work_ready_;
  for (;;) {
    std::unique_ptr<Connection> conn;
    {
      std::unique_lock lock(mutex_);
      ready.wait(lock, [&] { return stopping_ || !queue.empty(); });
      // Stopping: requests already received are still served (with Connection: close) while the
      // grace period lasts; what is left after it, serve() closes unanswered.
      if (queue.empty() || (stopping_ && Clock::now() >= stop_deadline())) return;
      conn = std::move(queue.front());
      queue.pop_front();
    }
    serve_one(std::move(conn), health_lane);
  }
}

void GuardedServer::serve_one(std::unique_ptr<Connection> conn, bool health_lane) {
  (void)health_lane;
  t_body_failure.clear();
  bool keep = false;
  std::string leftover;
  {
    GuardedStream stream(*this, *conn);
    t_scope = &stream;
    ++conn->requests;
    bool closed = false;
    const bool last = stopping_ || conn->requests >= keep_alive_max_count_;
    const bool ok = process_request(stream, last, closed, {});
    t_scope = nullptr;
    keep = ok && !closed && !last && t_body_failure.empty() && !stopping_;
    leftover = stream.leftover();
  }
  if (!keep && !t_body_failure.empty() && !stopping_) {
    // The answer (413, 408) is sent but the client may still be sending: closing now would reset
    // the connection and could destroy the answer before it is read. Half-close and let triage
    // discard what still comes, for a short while (a "lingering close").
    ::shutdown(conn->fd, SHUT_WR);
    conn->draining = true;
    conn->head_started = false;
    conn->buffer.clear();
    return give_back(std::move(conn));
  }
  if (!keep) return close_connection(std::move(conn));
  conn->buffer = std::move(leftover);
  give_back(std::move(conn));
}

}  // namespace caravan::api
