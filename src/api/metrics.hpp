#pragma once
// What `caravan serve` has done, for Prometheus: GET /metrics in the text exposition format 0.0.4
// (docs/api.md "Metrics"). Counting costs a few atomic adds and one short lock per request; the
// text is only written when scraped.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace caravan::api {

// A Prometheus histogram of durations with fixed bucket bounds (seconds); lock-free to observe.
class Histogram {
 public:
  // 0.5 ms … 10 s: from a cached answer to a search at its budget.
  static constexpr std::array<double, 14> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1,    0.25,  0.5,    1,     2.5,  5,    10};
  Histogram();
  void observe(std::chrono::nanoseconds d);
  // Appends NAME_bucket{LABELS,le=…}, NAME_sum and NAME_count lines; `labels` is `a="x",b="y"` or "".
  void write(std::string& out, std::string_view name, std::string_view labels) const;
  [[nodiscard]] std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, kLatencyBounds.size() + 1> buckets_{};  // not cumulative; last = +Inf
  std::atomic<std::uint64_t> count_{0}, sum_ns_{0};
};

// The low-cardinality endpoint label of a request: the route pattern, not the path (declaration
// ids become {id}); paths of no endpoint are "unmatched", the web map's files "web".
std::string endpoint_label(std::string_view method, std::string_view path, int status);

class Metrics {
 public:
  // One answered request: counts it by endpoint, method and status, its duration by endpoint, and
  // a 503 whose problem type ends in "budget-exhausted" as a budget refusal.
  void request(std::string_view endpoint, std::string_view method, int status, std::chrono::nanoseconds duration,
               std::string_view problem_type);
  // One transit store call: commits by outcome with the call's latency, or a store error.
  void transit_commits(std::size_t committed, std::size_t duplicate, std::size_t stale, std::chrono::nanoseconds duration);
  void store_error(std::string_view operation);
  // The time a search waited for a slot (0 when one was free).
  void search_wait(std::chrono::nanoseconds wait) { search_wait_.observe(wait); }

  // Gauges read when scraped (search slots in use, queued searches…).
  struct Gauge {
    std::string name, help;
    std::function<double()> value;
  };
  void add_gauge(Gauge gauge);

  // The whole exposition text.
  [[nodiscard]] std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;   // endpoint, method, status
  std::map<std::string, std::unique_ptr<Histogram>> durations_;                  // by endpoint
  std::map<std::string, std::uint64_t> budget_refusals_;                         // by endpoint
  std::map<std::string, std::uint64_t> store_errors_;                            // by operation
  std::map<std::string, std::uint64_t> commits_;                                 // by outcome
  Histogram commit_latency_;
  Histogram search_wait_;
  std::vector<Gauge> gauges_;
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

}  // namespace caravan::api
