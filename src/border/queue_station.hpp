#pragma once
// A multi-server queueing station: Poisson arrivals per customer class, c identical servers,
// non-preemptive priority between classes (lower `priority` value served first; equal values
// share one FIFO line), FIFO within a priority level. Service time per class: exponential,
// deterministic or lognormal. Statistics are collected after a warm-up period is deleted; the
// run ends at `hours`. This is the building block of the border-crossing models (a lane bank at
// a checkpoint is one station; green/yellow/red are the customs risk channels).
#include <cstdint>
#include <string>
#include <vector>

#include "border/event_calendar.hpp"
#include "border/random.hpp"
#include "border/ring_queue.hpp"
#include "border/statistics.hpp"

namespace caravan::border {

struct CustomerClass {
  std::string name = "all";
  double lambda = 1.0;  // arrivals per hour (Poisson)
  int priority = 0;     // smaller is served first
  ServiceSpec service;  // service time in hours
};

struct StationConfig {
  int servers = 1;
  std::vector<CustomerClass> classes{CustomerClass{}};
  double hours = 10000;           // run length, warm-up included
  double warmup = 1000;           // statistics start here
  double little_tolerance = 0.02; // relative tolerance of the L = λW check
};

// Throws std::invalid_argument naming the field on a config that cannot be simulated.
void validate(const StationConfig& config);

struct ClassRun {
  std::uint64_t arrivals = 0;  // in the observation window
  std::uint64_t served = 0;    // started service, having arrived in the window
  double wq_mean = 0;          // mean wait in queue (hours) of those
  double p_wait = 0;           // fraction of those who waited at all
};

// One replication, over the observation window [warmup, hours].
struct RunStats {
  std::uint64_t seed = 0;
  std::uint64_t events = 0;     // events processed over the whole run
  std::uint64_t arrivals = 0;   // arrivals in the window
  std::uint64_t served = 0;     // window arrivals that started service
  std::uint64_t departures = 0; // departures in the window
  double wq_mean = 0, p_wait = 0;
  double wq_p50 = 0, wq_p90 = 0, wq_p99 = 0;
  double L = 0, Lq = 0;         // time-average number in system / in queue
  double utilisation = 0;       // busy server-hours / (c · window)
  double throughput = 0;        // departures per hour
  double growth_per_hour = 0;   // (N(end) − N(warmup)) / window: ≈ λ − cμ when overloaded
  // Little's law on the window: λ̂ = window arrivals / window, W and Wq of those customers with
  // the time still in the system at the end counted up to the end.
  double little_L = 0, little_Lq = 0;  // λ̂W and λ̂Wq
  double little_rel_error = 0;         // the larger relative gap of L vs λ̂W and Lq vs λ̂Wq
  bool little_ok = true;
  std::vector<ClassRun> classes;
};

// Simulates one station; reuse one object for many replications (buffers are kept).
class QueueStation {
 public:
  explicit QueueStation(StationConfig config);
  RunStats run(std::uint64_t seed);
  [[nodiscard]] const StationConfig& config() const { return config_; }

 private:
  struct Waiting {
    double arrived;
    std::uint32_t cls;
  };
  using Line = RingQueue<Waiting>;

  void advance(double t);
  void start_service(std::uint32_t cls, double arrived, double now, std::uint32_t server);

  StationConfig config_;
  std::vector<ServiceSampler> samplers_;
  std::vector<std::uint32_t> level_of_;  // class → priority level index (0 = served first)
  std::vector<Line> lines_;              // one per priority level
  std::vector<std::uint32_t> free_servers_;
  std::vector<double> waits_;            // waits of window customers, for the quantiles
  std::vector<double> class_wait_sum_;
  std::vector<std::uint64_t> class_waited_;
  EventCalendar calendar_;
  Rng rng_;
  RunStats stats_;
  // state
  double last_t_ = 0;
  std::uint64_t in_queue_ = 0, busy_ = 0;
  double area_q_ = 0, area_busy_ = 0;
  double n_at_warmup_ = 0;
  bool warm_ = false;
  double censored_wait_sum_ = 0, censored_sojourn_sum_ = 0;
};

// R independent replications (replication r uses replication_seed(seed, r)), on `threads`
// threads; the result does not depend on the number of threads.
struct ReplicationResult {
  std::vector<RunStats> runs;
  Estimate wq, p_wait, wq_p50, wq_p90, wq_p99, L, Lq, utilisation, throughput, growth_per_hour;
  std::vector<Estimate> class_wq, class_p_wait;
  bool little_ok = true;            // on every run
  double little_max_rel_error = 0;  // over the runs
  std::uint64_t events = 0;
  double wall_seconds = 0;
  [[nodiscard]] double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0; }
};

ReplicationResult replicate(const StationConfig& config, int replications, std::uint64_t seed, int threads = 1);

}  // namespace caravan::border
