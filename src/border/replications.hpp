#pragma once
// Independent replications spread over threads: each thread owns one simulator (and its buffers)
// and takes the next replication number; replication r always uses replication_seed(seed, r), so
// the results do not depend on the thread count.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <thread>
#include <vector>

#include "border/random.hpp"
#include "border/statistics.hpp"

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

// Checks `replications` and the config (`validate`, found beside the config type), then fills
// out.runs with that many replications and out.wall_seconds with their wall time.
template <class Simulator, class Config, class Result>
void replicate_into(Result& out, const Config& config, int replications, std::uint64_t seed, int threads,
                    int* threads_used = nullptr) {
  if (replications < 1) throw std::invalid_argument("replications must be at least 1");
  validate(config);
  out.runs.resize(static_cast<std::size_t>(replications));
  out.wall_seconds = run_replications<Simulator>(config, out.runs, seed, threads, threads_used);
}

// What a run's undefined statistic (NaN: the run had nothing to measure it on, e.g. no vehicle
// cleared) does to the estimate over the runs: kept, it makes the estimate NaN as well; skipped,
// the estimate is over the runs that have the statistic (and NaN only when none has).
enum class UndefinedRuns { kKeep, kSkip };

// The estimate over the runs of field(run).
template <class Run, class Field>
Estimate estimate_over(const std::vector<Run>& runs, Field field, UndefinedRuns undefined) {
  std::vector<double> values;
  values.reserve(runs.size());
  for (const auto& r : runs) {
    const double x = field(r);
    if (undefined == UndefinedRuns::kKeep || !std::isnan(x)) values.push_back(x);
  }
  return estimate(values);
}

// For each pair, out.*estimate = the estimate over out.runs of run.*statistic.
template <class Result, class Run>
void estimate_statistics(Result& out, std::initializer_list<std::pair<Estimate Result::*, double Run::*>> statistics,
                         UndefinedRuns undefined) {
  for (const auto& [estimate, statistic] : statistics)
    out.*estimate = estimate_over(out.runs, [statistic](const Run& r) { return r.*statistic; }, undefined);
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
