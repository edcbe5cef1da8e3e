#include "network/export.hpp"
#include "network/link_geometry.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/text.hpp"

namespace caravan {
namespace {

using json = nlohmann::json;

json point(const Node& n) { return {{"type", "Point"}, {"coordinates", {n.lon, n.lat}}}; }

bool is_estimate(const std::string& source) { return to_lower_ascii(source).rfind("estimate", 0) == 0; }

std::string gauge_text(const Link& l) {
  if (l.gauge_from_mm == 0) return {};
  if (l.gauge_from_mm == l.gauge_to_mm) return std::to_string(l.gauge_from_mm);
  return std::to_string(l.gauge_from_mm) + "/" + std::to_string(l.gauge_to_mm);
}

}  // namespace

json crossing_json(const Network& net, CrossingIdx i) {
  const auto& c = net.crossings[i];
  json j = {{"id", c.id},
            {"name", c.name},
            {"aliases", c.aliases},
            {"mode", to_string(c.mode)},
            {"side_a", net.nodes[c.side_a].id},
            {"side_b", net.nodes[c.side_b].id},
            {"countries", {to_string(net.nodes[c.side_a].country), to_string(net.nodes[c.side_b].country)}},
            {"hours_a", c.hours_a.to_string()},
            {"hours_b", c.hours_b.to_string()},
            {"timezone_a", net.nodes[c.side_a].timezone},
            {"timezone_b", net.nodes[c.side_b].timezone},
            {"median_h_ab", c.a_to_b.median.in_hours()},
            {"p90_h_ab", c.a_to_b.p90.in_hours()},
            {"median_h_ba", c.b_to_a.median.in_hours()},
            {"p90_h_ba", c.b_to_a.p90.in_hours()},
            {"fee_usd_per_teu", c.fee_usd_per_teu},
            {"disruption_p", c.disruption_p},
            {"source", c.source}};
  if (c.seasonal_closure)
    j["seasonal_closure"] = fmt::format("{:02d}-{:02d}..{:02d}-{:02d}", c.seasonal_closure->first / 100,
                                        c.seasonal_closure->first % 100, c.seasonal_closure->second / 100,
                                        c.seasonal_closure->second % 100);
  if (c.capacity_per_day) j["capacity_per_day"] = *c.capacity_per_day;
  if (c.capacity_teu_day) j["capacity_teu_day"] = *c.capacity_teu_day;
  if (c.gauge_change)
    j["gauge_change"] = {{"hours", c.gauge_change->time.in_hours()}, {"usd_per_teu", c.gauge_change->usd_per_teu}};
  return j;
}

// The link's recorded line (geometry.csv), else the straight segment between its ends.
json link_coordinates(const LinkGeometry& geometry, LinkIdx li, const Node& a, const Node& b) {
  const auto& line = geometry.line(li);
  if (line.empty()) return json::array({{a.lon, a.lat}, {b.lon, b.lat}});
  // The recorded ends lie within a kilometre of the nodes; the nodes' own positions start and end
  // the line, so links and nodes meet exactly on the map.
  json coords = json::array({{a.lon, a.lat}});
  for (std::size_t k = 1; k + 1 < line.size(); ++k) coords.push_back({line[k].lon, line[k].lat});
  coords.push_back({b.lon, b.lat});
  return coords;
}

json network_geojson(const Network& net) {
  const auto geometry = link_geometry(net);
  json features = json::array();
  for (const auto& n : net.nodes) {
    json props = {{"kind", "node"},      {"id", n.id},           {"name", n.name},
                  {"aliases", n.aliases}, {"country", to_string(n.country)}, {"node_kind", to_string(n.kind)},
                  {"timezone", n.timezone}, {"source", n.source}};
    if (!n.unlocode.empty()) props["unlocode"] = n.unlocode;
    if (n.gauge_change)
      props["gauge_change"] = {{"hours", n.gauge_change->time.in_hours()}, {"usd_per_teu", n.gauge_change->usd_per_teu}};
    if (n.disruption_p > 0) props["disruption_p"] = n.disruption_p;
    features.push_back({{"type", "Feature"}, {"id", n.id}, {"geometry", point(n)}, {"properties", std::move(props)}});
  }
  for (const auto li : net.links.indices()) {
    const auto& l = net.links[li];
    const auto& a = net.nodes[l.from];
    const auto& b = net.nodes[l.to];
    json props = {{"kind", "link"},
                  {"id", l.id},
                  {"from", a.id},
                  {"to", b.id},
                  {"mode", to_string(l.mode)},
                  {"status", to_string(l.status)},
                  {"distance_km", l.distance_km},
                  {"distance_is_estimate", l.distance_is_estimate},
                  {"closed_in_scenario", !l.closures.empty()},
                  {"source", l.source}};
    if (const auto g = gauge_text(l); !g.empty()) props["gauge_mm"] = g;
    if (l.opening_year) props["opening_year"] = l.opening_year;
    if (l.crossing.valid()) props["crossing"] = net.crossings[l.crossing].id;
    if (l.capacity_teu_day) props["capacity_teu_day"] = *l.capacity_teu_day;
    if (l.capacity_bcm_year) props["capacity_bcm_year"] = *l.capacity_bcm_year;
    if (!l.notes.empty()) props["notes"] = l.notes;
    features.push_back({{"type", "Feature"},
                        {"id", l.id},
                        {"geometry", {{"type", "LineString"}, {"coordinates", link_coordinates(*geometry, li, a, b)}}},
                        {"properties", std::move(props)}});
  }
  for (const auto i : net.crossings.indices()) {
    const auto& c = net.crossings[i];
    const auto& a = net.nodes[c.side_a];
    const auto& b = net.nodes[c.side_b];
    json props = crossing_json(net, i);
    props["crossing_id"] = props["id"];
    props["kind"] = "crossing";
    props["closed_in_scenario"] = !c.closures.empty();
    features.push_back({{"type", "Feature"},
                        {"id", "crossing:" + c.id},
                        {"geometry", {{"type", "Point"}, {"coordinates", {(a.lon + b.lon) / 2, (a.lat + b.lat) / 2}}}},
                        {"properties", std::move(props)}});
  }
  json collection = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
  if (!net.scenario_name.empty()) collection["scenario"] = net.scenario_name;
  return collection;
}

NetworkStats network_stats(const Network& net) {
  NetworkStats s;
  s.nodes = net.nodes.size();
  s.links = net.links.size();
  s.crossings = net.crossings.size();
  s.services = net.services.size();
  s.time_zones = net.time_zones.size();
  s.links_with_geometry = link_geometry(net)->recorded();
  for (const auto& l : net.links) {
    ++(l.distance_is_estimate || is_estimate(l.source) ? s.links_estimated : s.links_sourced);
    ++s.links_by_mode[static_cast<std::size_t>(l.mode)];
    ++s.links_by_status[static_cast<std::size_t>(l.status)];
    s.km_by_mode[static_cast<std::size_t>(l.mode)] += l.distance_km;
    if (is_estimate(l.source)) ++s.rows_with_estimates;
  }
  for (const auto& n : net.nodes) {
    if (n.gauge_change) ++s.gauge_change_points;
    if (is_estimate(n.source)) ++s.rows_with_estimates;
    ++(is_estimate(n.source) ? s.nodes_estimated : s.nodes_sourced);
  }
  for (const auto& c : net.crossings) {
    if (c.gauge_change) ++s.gauge_change_points;
    if (is_estimate(c.source)) ++s.rows_with_estimates;
    ++(is_estimate(c.source) ? s.crossings_estimated : s.crossings_sourced);
    ++(c.mode == Mode::rail ? s.crossings_rail : s.crossings_road);
  }
  for (const auto& v : net.services) ++(is_estimate(v.source) ? s.services_estimated : s.services_sourced);
  return s;
}

json to_json(const NetworkStats& s) {
  json by_mode = json::object(), km = json::object(), by_status = json::object();
  for (std::size_t i = 0; i < kModeNames.size(); ++i) {
    by_mode[std::string(kModeNames[i])] = s.links_by_mode[i];
    km[std::string(kModeNames[i])] = std::round(s.km_by_mode[i]);
  }
  for (std::size_t i = 0; i < kLinkStatusNames.size(); ++i) by_status[std::string(kLinkStatusNames[i])] = s.links_by_status[i];
  return {{"nodes", s.nodes},
          {"links", s.links},
          {"crossings", s.crossings},
          {"services", s.services},
          {"time_zones", s.time_zones},
          {"gauge_change_points", s.gauge_change_points},
          {"rows_with_estimates", s.rows_with_estimates},
          {"nodes_sourced", s.nodes_sourced},
          {"nodes_estimated", s.nodes_estimated},
          {"links_sourced", s.links_sourced},
          {"links_estimated", s.links_estimated},
          {"links_with_geometry", s.links_with_geometry},
          {"crossings_sourced", s.crossings_sourced},
          {"crossings_estimated", s.crossings_estimated},
          {"crossings_rail", s.crossings_rail},
          {"crossings_road", s.crossings_road},
          {"services_sourced", s.services_sourced},
          {"services_estimated", s.services_estimated},
          {"links_by_mode", by_mode},
          {"links_by_status", by_status},
          {"km_by_mode", km}};
}

}  // namespace caravan
