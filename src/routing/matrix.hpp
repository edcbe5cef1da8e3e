#pragma once
// "Fastest, cheapest and greenest for every origin–destination pair", shared by `caravan matrix`
// and POST /v1/matrix: the planning of a MatrixQuery (request/matrix_request.hpp) on one or
// several planners within a time budget, and the JSON answer.
#include <chrono>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "request/matrix_request.hpp"
#include "routing/planner.hpp"

namespace caravan {

// The three single-objective bests of a cell, in this order (a cell whose origin is its
// destination, or with no route, has none).
inline constexpr Objective kMatrixObjectives[] = {Objective::time, Objective::cost, Objective::co2};
inline constexpr const char* kMatrixBestNames[] = {"fastest", "cheapest", "greenest"};

struct MatrixCell {
  NodeIdx from, to;
  TimePoint depart;
  std::optional<Itinerary> best[3];  // fastest, cheapest, greenest
};

struct MatrixResult {
  // Row-major by pair, then departure: from[i] × to[j], departure d at (i * to.size() + j) * departures + d.
  std::vector<MatrixCell> cells;
  bool budget_exhausted = false;  // some cells were not (fully) planned
};

// Plans every cell with one 40 ft container (as `caravan route` by default), sharing the cells
// among the planners: one thread per planner (the calling thread when there is one). Stops when
// `budget` runs out and says so.
MatrixResult plan_matrix(const MatrixQuery& query, const std::vector<Planner*>& planners, std::chrono::milliseconds budget);

// {"query": {from: [ids], to: [ids], depart, departures, every_hours, scenario}, "cells": [{from, to,
// depart, fastest, cheapest, greenest}]}, each best being an itinerary summary or null; as
// `caravan matrix --format json`.
nlohmann::json matrix_result_json(const Network& net, const MatrixQuery& query, const MatrixResult& result);

}  // namespace caravan
