#pragma once
// One model of "fastest, cheapest and greenest for every origin–destination pair" shared by
// `caravan matrix` and `POST /v1/matrix`: the request as a user writes it, its validation into a
// MatrixQuery, the planning (on one or several planners, within a time budget) and the JSON answer.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/route_request.hpp"

namespace caravan {

struct MatrixRequest {
  std::vector<std::string> from, to;  // items may be comma separated ("Xian,Urumqi")
  std::string depart;                 // ISO 8601; empty = now
  int departures = 1;                 // departures per pair: depart, depart + every, … (which day to ship)
  double every_hours = 24;
  std::string scenario;               // not used by build_matrix_query; the caller picks the network
};

inline constexpr int kMaxMatrixDepartures = 31;

struct MatrixQuery {
  std::vector<NodeIdx> from, to;
  TimePoint depart;
  int departures = 1;
  Duration every = Duration::hours(24);
  [[nodiscard]] std::size_t pairs() const { return from.size() * to.size(); }
  [[nodiscard]] std::size_t cells() const { return pairs() * static_cast<std::size_t>(departures); }
};

struct MatrixQueryResult {
  std::optional<MatrixQuery> query;  // set when errors is empty
  std::vector<RequestError> errors;  // pointers /from/0, /to/2 … into the JSON request
};

// Validates every place, the departure and the departures (1..31, every_hours > 0 and at most a
// week); more than `max_cells` cells (pairs × departures) is an error on /to (the limit keeps one
// request from holding a worker for long).
MatrixQueryResult build_matrix_query(const PlaceIndex& index, const MatrixRequest& request, std::size_t max_cells);

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
