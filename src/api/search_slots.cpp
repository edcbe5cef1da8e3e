#include "api/search_slots.hpp"

#include <algorithm>

namespace caravan::api {

SearchSlots::SearchSlots(unsigned slots, std::function<void(std::chrono::nanoseconds)> on_wait)
    : on_wait_(std::move(on_wait)), planners_(std::max(1u, slots)) {
  for (unsigned s = size(); s-- > 0;) free_.push_back(s);
}

unsigned SearchSlots::acquire() {
  std::unique_lock lock(mutex_);
  if (queue_.empty() && !free_.empty()) {
    const unsigned slot = free_.back();
    free_.pop_back();
    lock.unlock();
    if (on_wait_) on_wait_(std::chrono::nanoseconds(0));
    return slot;
  }
  const auto since = std::chrono::steady_clock::now();
  Waiter me;
  queue_.push_back(&me);
  me.wake.wait(lock, [&] { return me.slot >= 0; });
  lock.unlock();
  if (on_wait_) on_wait_(std::chrono::steady_clock::now() - since);
  return static_cast<unsigned>(me.slot);
}

unsigned SearchSlots::queued() {
  std::lock_guard lock(mutex_);
  return static_cast<unsigned>(queue_.size());
}

unsigned SearchSlots::busy() {
  std::lock_guard lock(mutex_);
  return size() - static_cast<unsigned>(free_.size());
}

void SearchSlots::release(unsigned slot) {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    free_.push_back(slot);
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->slot = static_cast<int>(slot);
  next->wake.notify_one();  // under the lock: `next` lives on its thread's stack until it sees the slot
}

Planner& SearchSlots::planner(unsigned slot, const std::shared_ptr<const Network>& net) {
  auto& p = planners_[slot][net.get()];
  if (!p) p = std::make_unique<Planner>(net);  // the planner holds the network, so the key stays unique
  return *p;
}

}  // namespace caravan::api
