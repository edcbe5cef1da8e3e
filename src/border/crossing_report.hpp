#pragma once
// What a crossing simulation reports, shared by `caravan simulate --crossing` and
// POST /v1/simulate: one JSON document (docs/api.md gives its exact shape), and the table and
// CSV renderings of it; and the per-crossing delay file routing reads (docs/border-simulator.md §5).
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "border/crossing_model.hpp"

namespace caravan::border {

struct CrossingRun {
  CrossingModel model;
  std::vector<TandemResult> results;  // one per direction of the model
};

// Builds and simulates the model (replications spread over request.threads threads).
CrossingRun simulate_crossing(const Network& net, const CrossingRequest& request);

nlohmann::json crossing_result_json(const Network& net, const CrossingRequest& request, const CrossingRun& run);
std::string crossing_result_table(const nlohmann::json& result);
// Two sections: one row per direction and metric, then the queue-length series.
std::string crossing_result_csv(const nlohmann::json& result);

// Writes the delay file: `crossing,mode,direction,hour_of_week,time_to_clear_h`, one row per
// direction and hour of the week (local time of the direction's first side, 0 = Monday 00–01).
void write_delay_file(std::ostream& out, const CrossingRun& run);

}  // namespace caravan::border
