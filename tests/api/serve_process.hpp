#pragma once
// A real `caravan serve` child process on a free loopback port, as a user starts it: its standard
// error is collected (the startup log names the port), and it is stopped with a signal.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace caravan::testing {

class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> extra_args = {}) {
    std::vector<std::string> args = {CARAVAN_BINARY, "serve", "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    // The test process may block SIGTERM/SIGINT (the server blocks them itself); start clean.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    if (posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(fds[1]);
    reader_ = std::thread([this, fd = fds[0]] {
      char buffer[4096];
      for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
        std::lock_guard lock(mutex_);
        log_.append(buffer, static_cast<std::size_t>(n));
      }
      ::close(fd);
    });
    // Wait for "listening on http://127.0.0.1:PORT/v1/" (loading takes about a second).
    const std::regex listening(R"(listening on http://[0-9.]+:([0-9]+)/v1/)");
    for (int i = 0; i < 600 && pid_ > 0 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      std::smatch m;
      const std::string text = log();
      if (std::regex_search(text, m, listening)) port_ = std::stoi(m[1]);
    }
  }
  ~ServeProcess() {
    if (pid_ > 0 && !reaped_) stop(SIGKILL);
    if (reader_.joinable()) reader_.join();
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }  // 0 when it did not start
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] std::string log() const {
    std::lock_guard lock(mutex_);
    return log_;
  }
  // Sends `signal` and waits (up to `wait`) for the exit; the exit code, or -1 on a timeout or a
  // death by signal.
  int stop(int signal = SIGTERM, std::chrono::seconds wait = std::chrono::seconds(20)) {
    if (pid_ <= 0 || reaped_) return exit_status_;
    ::kill(pid_, signal);
    const auto until = std::chrono::steady_clock::now() + wait;
    int status = 0;
    while (std::chrono::steady_clock::now() < until) {
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        reaped_ = true;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (reader_.joinable()) reader_.join();
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    exit_status_ = -1;
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  bool reaped_ = false;
  mutable std::mutex mutex_;
  std::string log_;
  std::thread reader_;
};

}  // namespace caravan::testing
