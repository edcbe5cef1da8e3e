#pragma once
// Independent replications spread over threads: each thread owns one simulator (and its buffers)
// and takes the next replication number; replication r always uses replication_seed(seed, r), so
// the results do not depend on the thread count.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "border/random.hpp"

namespace caravan::border {

// Fills `runs` (one per replication, already sized) with Simulator(config).run(seed_r); `threads`
// is clamped to 1..runs.size() and returned through `threads_used`. Returns the wall seconds.
template <class Simulator, class Config, class Run>
double run_replications(const Config& config, std::vector<Run>& runs, std::uint64_t seed, int threads,
                        int* threads_used = nullptr) {
  const int replications = static_cast<int>(runs.size());
  threads = std::clamp(threads, 1, std::max(1, replications));
  if (threads_used) *threads_used = threads;
  const auto started = std::chrono::steady_clock::now();
  std::atomic<int> next{0};
  auto worker = [&] {
    Simulator sim(config);
    for (int r = next++; r < replications; r = next++)
      runs[static_cast<std::size_t>(r)] = sim.run(replication_seed(seed, static_cast<std::uint64_t>(r)));
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// Adds up the events of every run and folds their Little's-law checks into the result.
template <class Result>
void fold_run_checks(Result& out) {
  for (const auto& r : out.runs) {
    out.events += r.events;
    out.little_ok = out.little_ok && r.little_ok;
    out.little_max_rel_error = std::max(out.little_max_rel_error, r.little_rel_error);
  }
}

}  // namespace caravan::border
