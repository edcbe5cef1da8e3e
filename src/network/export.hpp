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
  // Per table, rows with a source and rows that are estimates: a link is estimated when its length
  // is (distance_is_estimate) or its source starts with "estimate".
  std::size_t nodes_sourced = 0, nodes_estimated = 0;
  std::size_t links_sourced = 0, links_estimated = 0, links_with_geometry = 0;
  std::size_t crossings_sourced = 0, crossings_estimated = 0, crossings_rail = 0, crossings_road = 0;
  std::size_t services_sourced = 0, services_estimated = 0;
  double km_by_mode[kModeNames.size()] = {};
};
NetworkStats network_stats(const Network& network);
nlohmann::json to_json(const NetworkStats& stats);

// Opening hours, processing and gauge change of a crossing, as shown to users.
nlohmann::json crossing_json(const Network& network, CrossingIdx crossing);

}  // namespace caravan
