#pragma once
// The one error type of the request layer: which field of a request is wrong, where in the JSON
// request it sits, and why. Front ends word it: the CLI names its flag, the API answers the JSON
// pointer, Python prefixes the argument name, a CSV reader prefixes FILE:LINE.
#include <string>
#include <vector>

#include "network/places.hpp"

namespace caravan {

// Where a value came from: the request field ("from", "avoid_countries") and the RFC 6901 pointer
// into the JSON request ("/from", "/avoid_countries/1").
struct FieldRef {
  std::string field;
  std::string pointer;
};

struct RequestError {
  std::string field;    // the request field, e.g. "from", "avoid_countries"
  std::string pointer;  // RFC 6901 pointer into the JSON request, e.g. "/from", "/via/1"
  std::string detail;   // without the field name: "unknown place 'X'; did you mean: …"
  std::vector<PlaceCandidate> candidates;  // for unknown or ambiguous places
  bool unknown_place = false;              // a place name that matches no place, or several
};

using RequestErrors = std::vector<RequestError>;

inline void add_error(RequestErrors& errors, const FieldRef& at, std::string detail) {
  errors.push_back({at.field, at.pointer, std::move(detail), {}, false});
}

}  // namespace caravan
