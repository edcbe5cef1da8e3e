#pragma once
// A border crossing of the dataset (crossings.csv) as a simulation model: for each direction the
// exit control of the first country, for rail crossings that change gauge the gauge-change yard,
// and the entry control of the second country, with the crossing's opening hours (local time,
// public holidays, seasonal closure) and capacity. Defaults are calibrated so that a simulated
// average year reproduces the crossing's published time to clear (docs/border-simulator.md §3).
// Finding the crossing a user named is border/crossing_lookup.hpp; reading arrivals, profiles and
// service times from CSV files is border/crossing_inputs.hpp.
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "border/tandem.hpp"
#include "network/network.hpp"
#include "network/places.hpp"

namespace caravan::border {

// A request that cannot be simulated: `field` names the option or JSON member.
struct ModelError : std::runtime_error {
  ModelError(std::string field_name, const std::string& detail, std::vector<std::string> candidate_list = {})
      : std::runtime_error(detail), field(std::move(field_name)), candidates(std::move(candidate_list)) {}
  std::string field;                    // "crossing", "arrivals_per_day", …
  std::vector<std::string> candidates;  // crossing ids for an unknown or ambiguous crossing
};

struct CapacityStep {
  double day = 0;               // days after the start of the observation
  double capacity_per_day = 0;  // vehicles (trains) per day from then on
};

// What a planner may change; unset values take the crossing's data or the calibrated defaults.
struct CrossingRequest {
  std::string crossing;        // id, name or alias of the crossing, or a side's place name
  std::string mode = "road";   // road | rail
  std::string direction = "both";  // a_to_b | b_to_a | both
  double days = 365;           // observed days (after the warm-up)
  std::optional<double> warmup_days;  // default: 7, or 0 with an initial queue or capacity steps
  std::optional<double> arrivals_per_day;
  double green_share = 0.3;    // pre-declared, low risk: served first, half the control time
  double red_share = 0.1;      // physical inspection: three times the control time
  std::optional<double> capacity_per_day;         // both sides (vehicles or trains per day)
  std::optional<double> second_side_capacity_per_day;  // the entry side only
  std::optional<double> gauge_capacity_per_day;   // rail: trains per day through the gauge change
  std::optional<std::string> hours;               // opening hours (OSM syntax) of both sides
  std::optional<int> buffer;                      // neutral-zone places between the sides
  std::vector<CapacityStep> capacity_steps;       // both sides
  int initial_queue = 0;                          // vehicles waiting at the first side at the start
  std::string start = "2025-01-06T00:00Z";        // first instant (UTC) of the observation
  std::vector<Arrival> replay;                    // replayed arrivals (hours since the start)
  bool replay_given = false;
  // Road: hour-of-week shape of the Poisson arrivals (168 weights, 0 = Monday 00–01 in the local
  // time of the direction's first side) instead of the built-in one; arrivals_per_day keeps the
  // daily mean. Not with replayed arrivals, not for rail (a timetable).
  std::optional<std::array<double, kHoursPerWeek>> arrival_profile;
  // Measured control times (hours) of single vehicles at the first side's exit control: drawn
  // from (bootstrap) for every class there instead of the lognormal; not rescaled by calibration.
  std::vector<double> service_times_h;
  int replications = 10;
  std::uint64_t seed = 1;
  int threads = 2;
  std::optional<double> sample_every_h;           // default: 1 h up to 30 days, 6 h to 120, else 24
};

// How the defaults were calibrated for one direction (see calibrate()).
struct Calibration {
  std::optional<double> target_h;  // the bundled (published) time to clear; nullopt when 0
  bool published_cpmm = false;     // the target comes from a CAREC CPMM figure
  double demand_share = 0.8;       // default arrivals as a share of capacity
  double congestion_h = 0;         // simulated time to clear without the dwell
  double dwell_h = 0;              // clearance time that takes no lane, per vehicle outside a green lane
  double service_scale = 1;        // < 1 when the target is shorter than the default control times
};

struct StationInfo {
  std::string name;
  int lanes = 1;
  double service_mean_h = 0;     // with the default class mix
  double capacity_per_day = 0;   // lanes × open hours per day / service mean
  std::optional<int> buffer;     // places in front of it (after the first station)
};

struct DirectionModel {
  bool a_to_b = true;
  std::string from_country, to_country;
  TandemConfig config;
  std::vector<StationInfo> stations;
  double arrivals_per_day = 0;
  double capacity_per_day = 0;
  Calibration calibration;
  TimePoint start;       // time 0 of the run (warm-up included)
  double warmup_h = 0;
};

struct CrossingModel {
  const Crossing* crossing = nullptr;
  std::vector<DirectionModel> directions;
};

// Builds the models of the requested directions; throws ModelError naming the field. The crossing
// is found through `places` (border/crossing_lookup.hpp; a PlaceIndex of `net` is built when null).
CrossingModel build_crossing_model(const Network& net, const CrossingRequest& request, const PlaceIndex* places = nullptr);

// The calibration of one direction at the crossing's defaults (memoised per network, crossing and
// direction; thread-safe).
Calibration calibrate(const Network& net, CrossingIdx crossing, bool a_to_b);

// Open windows [from, to) in hours after `start` over `hours`, of one side in its local time.
std::vector<OpenWindow> open_windows(const Network& net, const Crossing& c, NodeIdx side, const OpeningHours& hours,
                                     TimePoint start, double span_h);

// Most measured service times a request may carry.
inline constexpr std::size_t kMaxServiceTimes = 100000;

// The vehicle classes of every crossing model, in this order.
inline constexpr const char* kClassNames[3] = {"green", "yellow", "red"};

}  // namespace caravan::border
