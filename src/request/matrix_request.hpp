#pragma once
// "Fastest, cheapest and greenest for every origin–destination pair" as a user writes it — shared
// by `caravan matrix` and POST /v1/matrix — and its validation into a typed MatrixQuery.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "request/query.hpp"
#include "request/request_error.hpp"

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
  // A rate card's rows (network/rate_card.hpp) for every cell; null for the bundled prices only.
  const std::vector<Tariff>* rate_card = nullptr;
  [[nodiscard]] std::size_t pairs() const { return from.size() * to.size(); }
  [[nodiscard]] std::size_t cells() const { return pairs() * static_cast<std::size_t>(departures); }
};

struct MatrixQueryResult {
  std::optional<MatrixQuery> query;  // set when errors is empty
  RequestErrors errors;              // pointers /from/0, /to/2 … into the JSON request
};

// Validates every place, the departure and the departures (1..31, every_hours > 0 and at most a
// week); more than `max_cells` cells (pairs × departures) is an error on /to (the limit keeps one
// request from holding a worker for long).
MatrixQueryResult build_matrix_query(const PlaceIndex& index, const MatrixRequest& request, std::size_t max_cells);

}  // namespace caravan
