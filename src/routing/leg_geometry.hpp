#pragma once
// The line a leg follows, for answers and maps: the recorded line of each link it travels
// (geometry.csv) in travel order, or the straight segment between the nodes where none is recorded.
#include <vector>

#include <nlohmann/json.hpp>

#include "network/link_geometry.hpp"
#include "routing/itinerary.hpp"

namespace caravan {

// Route answers draw legs simplified to this (km): a Xi'an-Duisburg answer stays a few kB while a
// sea leg still follows its lane; `--format geojson` draws the full lines.
inline constexpr double kAnswerLineToleranceKm = 5.0;

std::vector<LonLat> leg_line(const Network& net, const LinkGeometry& geometry, const Leg& leg);

// Douglas-Peucker: drops the points closer than `tolerance_km` to the simplified line (0 keeps all).
std::vector<LonLat> simplify_line(const std::vector<LonLat>& line, double tolerance_km);

// A GeoJSON LineString, coordinates rounded to 4 decimals (about 10 m).
nlohmann::json line_string_json(const std::vector<LonLat>& line);

}  // namespace caravan
