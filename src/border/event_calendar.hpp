#pragma once
// The future-event list of a discrete-event simulation: a binary min-heap keyed on (time, sequence).
// Time is a double in hours. Ties break on insertion order, so runs are reproducible bit for bit.
// The storage is kept between runs (clear() keeps capacity): no allocation in the steady state.
#include <cstdint>
#include <utility>
#include <vector>

namespace caravan::border {

struct Event {
  double time = 0;         // hours since the start of the run
  std::uint64_t seq = 0;   // insertion order, the tie-break
  std::uint32_t kind = 0;  // what happens (meaning is up to the model)
  std::uint32_t id = 0;    // who it happens to (class, server, lane…)
};

class EventCalendar {
 public:
  void clear() { heap_.clear(); next_seq_ = 0; }
  void reserve(std::size_t n) { heap_.reserve(n); }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] const Event& top() const { return heap_.front(); }

  void schedule(double time, std::uint32_t kind, std::uint32_t id) {
    heap_.push_back(Event{time, next_seq_++, kind, id});
    sift_up(heap_.size() - 1);
  }

  // The run of a simulation: handles every event due up to `until` in time order, moving the
  // clock to each event's time (advance(time)) before handle(event), and to `until` after the
  // last. `handle` may schedule more. Returns how many events were handled.
  template <class Advance, class Handle>
  std::uint64_t run_until(double until, Advance&& advance, Handle&& handle) {
    std::uint64_t events = 0;
    while (!empty() && top().time <= until) {
      const Event e = pop();
      advance(e.time);
      ++events;
      handle(e);
    }
    advance(until);
    return events;
  }

  Event pop() {
    Event out = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return out;
  }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void sift_up(std::size_t i) {
    Event e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  // Places `e` (the former last element) starting from the root.
  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace caravan::border
