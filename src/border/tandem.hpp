#pragma once
// A border crossing as a line of stations a vehicle passes in order: the exit control of the
// first country, for trains a gauge-change or transloading yard, the entry control of the second
// country. Each station has lanes (booths, tracks) that work only while its calendar is open,
// non-preemptive priority between vehicle classes (green before yellow and red) and FIFO within a
// class level. Between two stations lies a finite buffer (the neutral zone): a vehicle finished
// at a station that finds the next buffer full stays on its lane and blocks it (blocking after
// service) — a fast side cannot outrun a slow neighbour.
//
// Time is in hours since the start of the run (a UTC instant the caller chose). Statistics are
// kept for vehicles arriving after the warm-up; time-averages over [warmup, hours].
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "border/event_calendar.hpp"
#include "border/random.hpp"
#include "border/ring_queue.hpp"
#include "border/statistics.hpp"

namespace caravan::border {

inline constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
inline constexpr int kHoursPerWeek = 168;

struct VehicleClass {
  std::string name;
  int priority = 0;    // smaller is served first; equal values share one FIFO line
  double share = 1.0;  // fraction of generated arrivals (normalised over the classes)
  // A green lane: pre-declared vehicles pass by the clearance that takes no lane (the dwell).
  bool skips_dwell = false;
};

// Opening of a station: open on [from, to) hours; an empty list means always open.
struct OpenWindow {
  double from = 0, to = 0;
};

// From `from_hour` on, `servers` lanes are staffed (a capacity step).
struct ServerStep {
  double from_hour = 0;
  int servers = 1;
};

struct StationSpec {
  std::string name;
  int servers = 1;
  std::vector<ServiceSpec> service;  // one per vehicle class
  std::vector<OpenWindow> open;      // sorted, disjoint; empty = 24/7
  std::vector<ServerStep> steps;     // sorted by from_hour
  std::size_t buffer = kUnlimited;   // places in front of this station (not for the first one)
};

enum class ArrivalKind { poisson, scheduled, replay };

struct Arrival {
  double hour = 0;       // since the start of the run
  std::uint32_t cls = 0;
};

struct ArrivalSpec {
  ArrivalKind kind = ArrivalKind::poisson;
  // poisson: mean arrivals per hour, modulated by `profile` (a weight per hour of the week,
  // 0 = Monday 00–01 local; mean 1 after normalisation); `week_offset_h` is the hour of the week
  // at time 0.
  double per_hour = 1.0;
  std::array<double, kHoursPerWeek> profile = filled(1.0);
  double week_offset_h = 0;
  // poisson: when not empty, arrivals fall only inside these windows (sorted, hours from time 0):
  // trucks do not drive to a border that is shut, e.g. for a week of public holidays.
  std::vector<OpenWindow> only_within;
  // scheduled: arrival hours within a week (relative to time 0's week position), repeated weekly.
  std::vector<double> weekly_schedule;
  // replay: the arrivals themselves, sorted by hour.
  std::vector<Arrival> replay;

  static std::array<double, kHoursPerWeek> filled(double v) {
    std::array<double, kHoursPerWeek> a{};
    a.fill(v);
    return a;
  }
};

struct TandemConfig {
  std::vector<VehicleClass> classes{VehicleClass{"all", 0, 1.0}};
  std::vector<StationSpec> stations;
  ArrivalSpec arrivals;
  // Clearance time that takes no lane (document release, escort, waiting for a locomotive):
  // added to each vehicle's time to clear after the last station; mean 0 = none.
  ServiceSpec dwell{ServiceKind::deterministic, 0.0, 0.0, nullptr};
  double hours = 24 * 365;
  double warmup = 0;
  double sample_every_h = 1;  // queue-length series resolution
  int initial_queue = 0;      // vehicles waiting at the first station at time 0
  double little_tolerance = 0.02;
};

// Throws std::invalid_argument naming the field.
void validate(const TandemConfig& config);

struct StationRun {
  double busy_share = 0;     // busy lane-hours / staffed lane-hours over the window
  double blocked_share = 0;  // blocked lane-hours / staffed lane-hours
  double open_share = 1;     // fraction of the window the station is open
  double lanes_mean = 0;     // staffed lanes, time-averaged
  std::uint64_t served = 0;  // services completed in the window
};

struct TandemRun {
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t arrivals = 0;  // in the window
  std::uint64_t cleared = 0;   // window arrivals that left the last station before the end
  double ttc_mean = 0, ttc_p50 = 0, ttc_p90 = 0, ttc_p99 = 0;     // time to clear (hours)
  double wait_mean = 0, wait_p50 = 0, wait_p90 = 0, wait_p99 = 0; // time not in service
  double p_wait = 0;                                              // share that waited at all
  double L = 0;                // time-average vehicles in the crossing (arrival → last station)
  double queue_mean = 0;       // time-average vehicles waiting (lines, buffers, blocked lanes)
  double queue_max = 0;
  double throughput_per_day = 0;
  double growth_per_hour = 0;  // (N(end) − N(warmup)) / window
  double little_L = 0, little_rel_error = 0;
  bool little_ok = true;
  std::vector<StationRun> stations;
  std::vector<double> class_ttc_mean, class_wait_mean;
  std::vector<std::uint64_t> class_cleared;
  // Samples every sample_every_h from the warm-up on: vehicles waiting, vehicles in the crossing.
  std::vector<float> queue_series, system_series;
  // Time to clear by the hour of the week of arrival (sum and count, for delay files).
  std::array<double, kHoursPerWeek> how_ttc_sum{};
  std::array<std::uint32_t, kHoursPerWeek> how_count{};
  // Waiting times (hours) of cleared window arrivals, for the pooled histogram.
  std::vector<float> wait_values;
};

class TandemSimulator {
 public:
  explicit TandemSimulator(TandemConfig config);
  TandemRun run(std::uint64_t seed);
  [[nodiscard]] const TandemConfig& config() const { return config_; }

 private:
  struct Vehicle {
    double arrived = 0;
    double service = 0;  // total service time so far
    std::uint32_t cls = 0;
    bool waited = false;
  };
  struct Lane {
    std::uint32_t vehicle = 0;
    bool busy = false, blocked = false;
  };
  struct Station {
    std::vector<RingQueue<std::uint32_t>> lines;  // by priority level
    std::size_t waiting = 0;
    std::vector<Lane> lanes;
    std::vector<std::uint32_t> free;  // idle lanes with index < staffed
    RingQueue<std::uint32_t> blocked; // lanes holding a finished vehicle, in order of blocking
    int staffed = 0;
    bool open = true;
    std::size_t busy = 0, n_blocked = 0;
    double busy_area = 0, blocked_area = 0, staffed_area = 0, open_time = 0;
    std::uint64_t served = 0;
  };

  // The steps of run(), in order.
  void reset(std::uint64_t seed);
  void reset_stations();
  void plan_arrivals();
  std::uint64_t run_events();
  void collect_statistics();

  void advance(double t);
  void arrive(double now, std::uint32_t cls);
  void depart(std::uint32_t global_lane, double now);
  bool can_accept(std::size_t i) const;
  void enter(std::size_t i, std::uint32_t v, double now);
  void start(std::size_t i, std::uint32_t lane, std::uint32_t v, double now);
  void settle(double now);
  bool try_start(std::size_t i, double now);
  bool try_unblock(std::size_t i, double now);
  void leave(std::uint32_t v, double now);
  void set_staffed(std::size_t i, int n);
  std::uint32_t new_vehicle();
  void schedule_next_arrival(double now);
  std::uint32_t draw_class();

  TandemConfig config_;
  std::vector<std::vector<ServiceSampler>> samplers_;  // [station][class]
  ServiceSampler dwell_;
  std::vector<std::uint32_t> level_of_;
  std::vector<double> class_cdf_;
  std::vector<std::uint32_t> lane_base_;  // global lane index of each station's lane 0
  std::vector<Arrival> planned_;          // scheduled / replayed arrivals over the run
  std::size_t next_planned_ = 0;
  double max_weight_ = 1;
  std::array<double, kHoursPerWeek> accept_{};  // profile / max, per hour of the week

  std::vector<Station> st_;
  std::vector<Vehicle> vehicles_;
  std::vector<std::uint32_t> free_vehicles_;
  std::vector<bool> live_;
  EventCalendar calendar_;
  Rng rng_;
  TandemRun out_;
  std::vector<double> ttc_, waits_;
  std::vector<double> class_ttc_sum_, class_wait_sum_;
  std::uint64_t waited_count_ = 0;

  double last_t_ = 0, next_sample_ = 0;
  bool warm_ = false;
  std::size_t in_system_ = 0, waiting_total_ = 0;
  double area_system_ = 0, area_waiting_ = 0, n_at_warmup_ = 0;
  double censored_sum_ = 0;
};

// R independent replications (replication r uses replication_seed(seed, r)) on `threads`
// threads; the result does not depend on the number of threads.
struct TandemResult {
  std::vector<TandemRun> runs;
  Estimate ttc, ttc_p50, ttc_p90, ttc_p99, wait, wait_p50, wait_p90, wait_p99, p_wait, L, queue_mean, queue_max,
      throughput_per_day, growth_per_hour;
  std::vector<Estimate> station_busy, station_blocked, station_open, station_lanes;
  std::vector<Estimate> class_ttc, class_wait;
  std::vector<double> queue_series_mean, queue_series_p10, queue_series_p90, system_series_mean;
  std::array<double, kHoursPerWeek> how_ttc_mean{};  // pooled over runs; NaN where no arrivals
  bool little_ok = true;
  double little_max_rel_error = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0;
  int threads = 1;
  [[nodiscard]] double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0; }
};

TandemResult replicate(const TandemConfig& config, int replications, std::uint64_t seed, int threads);

}  // namespace caravan::border
