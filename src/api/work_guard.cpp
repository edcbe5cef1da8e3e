#include "api/work_guard.hpp"

#include <algorithm>

#include "api/guarded_server.hpp"

namespace caravan::api {

using Clock = std::chrono::steady_clock;

WorkSlots::WorkSlots(unsigned slots) : free_(std::max(1u, slots)) {}

GuardedRun::Stop GuardedRun::check() const {
  if (scope_ && scope_->server_stopping()) return Stop::stopping;
  if (scope_ && scope_->client_gone()) return Stop::client_gone;
  if (Clock::now() >= deadline_) return Stop::budget;
  return Stop::none;
}

GuardedRun::GuardedRun(WorkSlots& slots, std::chrono::milliseconds budget)
    : slots_(slots), scope_(current_request()), budget_(budget), deadline_(Clock::now() + budget) {
  {
    std::unique_lock lock(slots_.mutex_);
    slots_.queue_.push_back(this);
    for (;;) {
      if (slots_.queue_.front() == this && slots_.free_ > 0) {
        --slots_.free_;
        has_slot_ = true;
        break;
      }
      // Re-check the stop conditions while waiting: a client that left gives its place up.
      if (const Stop s = check(); s != Stop::none) {
        stop_ = s;
        break;
      }
      slots_.freed_.wait_for(lock, std::chrono::milliseconds(50));
    }
    slots_.queue_.erase(std::find(slots_.queue_.begin(), slots_.queue_.end(), this));
    slots_.freed_.notify_all();  // the next in line may be first now
  }
  if (!has_slot_) {
    cancel_ = true;
    return;
  }
  watcher_ = std::thread([this] {
    std::unique_lock lock(watch_mutex_);
    while (!done_) {
      if (const Stop s = check(); s != Stop::none) {
        stop_ = s;
        cancel_ = true;
        return;
      }
      watch_wake_.wait_for(lock, std::chrono::milliseconds(20));
    }
  });
}

GuardedRun::~GuardedRun() {
  {
    std::lock_guard lock(watch_mutex_);
    done_ = true;
  }
  watch_wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  if (has_slot_) {
    std::lock_guard lock(slots_.mutex_);
    ++slots_.free_;
    slots_.freed_.notify_all();
  }
}

}  // namespace caravan::api
