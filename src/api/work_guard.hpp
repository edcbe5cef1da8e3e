#pragma once
// Long work behind an endpoint (an analysis run) under the server's rules, as routing has its
// search slots and budgets: at most N runs at once (the others wait, first come first served), a
// time budget from the moment the request arrives, and cancellation when the client goes away or
// the server stops. The work polls one flag (analysis::RunControl::cancel); a watcher sets it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace caravan::api {

class RequestScope;

class WorkSlots {
 public:
  explicit WorkSlots(unsigned slots);
  WorkSlots(const WorkSlots&) = delete;
  WorkSlots& operator=(const WorkSlots&) = delete;

 private:
  friend class GuardedRun;
  std::mutex mutex_;
  std::condition_variable freed_;
  unsigned free_;
  std::deque<const void*> queue_;  // waiting runs, in arrival order
};

class GuardedRun {
 public:
  enum class Stop { none, budget, client_gone, stopping };

  // Waits for a slot (giving up when a stop condition happens first), then watches the run.
  GuardedRun(WorkSlots& slots, std::chrono::milliseconds budget);
  ~GuardedRun();
  GuardedRun(const GuardedRun&) = delete;
  GuardedRun& operator=(const GuardedRun&) = delete;

  // Set when the run must stop; the work may also set it itself (e.g. a failed progress write).
  [[nodiscard]] std::atomic<bool>& cancel() { return cancel_; }
  [[nodiscard]] Stop stopped() const { return stop_.load(); }
  [[nodiscard]] bool has_slot() const { return has_slot_; }
  [[nodiscard]] std::chrono::milliseconds budget() const { return budget_; }

 private:
  Stop check() const;
  WorkSlots& slots_;
  const RequestScope* scope_;
  std::chrono::milliseconds budget_;
  std::chrono::steady_clock::time_point deadline_;
  std::atomic<bool> cancel_{false}, done_{false};
  std::atomic<Stop> stop_{Stop::none};
  bool has_slot_ = false;
  std::mutex watch_mutex_;
  std::condition_variable watch_wake_;
  std::thread watcher_;
};

}  // namespace caravan::api
