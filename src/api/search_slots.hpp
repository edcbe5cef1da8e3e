#pragma once
// Lets at most N searches run at once, served in arrival order, each on its slot's own planners.
//
// Why: httplib gives every keep-alive connection its own thread. With 64 clients on 2 cores, 64
// searches would share the cores at once, each taking 32× longer, every one with its own cold
// search state, and crowding out the threads that read requests and write answers. With one slot
// per core a search runs alone on its core with a warm planner, and the others wait their turn in
// a first-in-first-out queue, so no client is starved and the latency spread stays narrow.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "routing/planner.hpp"

namespace caravan::api {

class SearchSlots {
 public:
  // `on_wait` hears how long each search waited for its slot (0 when one was free), for /metrics.
  explicit SearchSlots(unsigned slots, std::function<void(std::chrono::nanoseconds)> on_wait = {});
  SearchSlots(const SearchSlots&) = delete;
  SearchSlots& operator=(const SearchSlots&) = delete;

  // Waits for a free slot (first come, first served) and runs `search` with the slot's planner
  // for `net`; the slot is free again when `search` returns or throws.
  template <class Search>
  auto run(const std::shared_ptr<const Network>& net, Search&& search) {
    const Held held{*this, acquire()};
    return search(planner(held.slot, net));
  }

  // As run, with a planner made for this search alone: for a network built for one request (a
  // first or last mile), which no later search meets again and no slot should keep.
  template <class Search>
  auto run_once(const std::shared_ptr<const Network>& net, Search&& search) {
    const Held held{*this, acquire()};
    Planner planner(net);
    return search(planner);
  }

  [[nodiscard]] unsigned size() const { return static_cast<unsigned>(planners_.size()); }
  // Searches waiting for a slot, and slots in use, now.
  [[nodiscard]] unsigned queued();
  [[nodiscard]] unsigned busy();

 private:
  // A slot, free again when this goes out of scope (the search returned or threw).
  struct Held {
    SearchSlots& slots;
    unsigned slot;
    ~Held() { slots.release(slot); }
  };
  struct Waiter {
    std::condition_variable wake;
    int slot = -1;
  };
  unsigned acquire();
  void release(unsigned slot);
  Planner& planner(unsigned slot, const std::shared_ptr<const Network>& net);

  std::function<void(std::chrono::nanoseconds)> on_wait_;
  std::mutex mutex_;
  std::vector<unsigned> free_;
  std::deque<Waiter*> queue_;
  // Per slot and network; only the slot's holder touches its map.
  std::vector<std::unordered_map<const Network*, std::unique_ptr<Planner>>> planners_;
};

}  // namespace caravan::api
