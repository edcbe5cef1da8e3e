#pragma once
// Itineraries streamed as JSON (core/json_writer.hpp) straight into an answer's buffer, with no
// document tree: the `itineraries[]` elements of a route answer (routing/route_answer.hpp).
#include <vector>

#include "core/json_writer.hpp"
#include "network/link_geometry.hpp"
#include "routing/itinerary.hpp"

namespace caravan {

// {"legs": […], "summary": {…}}; itinerary_json() (routing/itinerary.hpp) is this text parsed.
void write_itinerary_json(JsonWriter& out, const Network& net, const Itinerary& it, const DisplayCurrency& currency = {});

// The "summary" object alone, as a document (the matrix's cells: no legs, no lines drawn).
nlohmann::json itinerary_summary_json(const Network& net, const Itinerary& it, const DisplayCurrency& currency = {});

// A GeoJSON LineString, coordinates rounded to 4 decimals, as line_string_json() (routing/leg_geometry.hpp).
void write_line_string(JsonWriter& out, const std::vector<LonLat>& line);

}  // namespace caravan
