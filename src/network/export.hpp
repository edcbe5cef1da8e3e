#pragma once
// What the network looks like from outside: GeoJSON (RFC 7946) and summary statistics.
#include <nlohmann/json.hpp>

#include "network/network.hpp"

namespace caravan {

// A FeatureCollection: a Point per node, a LineString per link, a Point per crossing (midway
// between its sides), each with its attributes. `kind` in properties tells them apart.
nlohmann::json network_geojson(const Network& network);

struct NetworkStats {
  std::size_t nodes = 0, links = 0, crossings = 0, services = 0, time_zones = 0;
  std::size_t links_by_mode[kModeNames.size()] = {};
  std::size_t links_by_status[kLinkStatusNames.size()] = {};
  std::size_t gauge_change_points = 0;
  std::size_t rows_with_estimates = 0;  // rows whose source starts with "estimate"
  double km_by_mode[kModeNames.size()] = {};
};
NetworkStats network_stats(const Network& network);
nlohmann::json to_json(const NetworkStats& stats);

// Opening hours, processing and gauge change of a crossing, as shown to users.
nlohmann::json crossing_json(const Network& network, CrossingIdx crossing);

}  // namespace caravan
