#include "routing/leg_geometry.hpp"

#include "routing/itinerary_writer.hpp"

#include <algorithm>
#include <cmath>

namespace caravan {

namespace {

// The link a leg of `mode` took from `u` to `v`: of several parallel links, one with a recorded line.
const Link* link_between(const Network& net, const LinkGeometry& geometry, NodeIdx u, NodeIdx v, Mode mode,
                         LinkIdx* found) {
  const Link* best = nullptr;
  for (const Arc& arc : net.arcs_of(u)) {
    const Link& l = net.links[arc.link];
    if (l.mode != mode || (l.from == u ? l.to : l.from) != v) continue;
    if (!best || (!geometry.line(arc.link).empty() && geometry.line(*found).empty())) {
      best = &l;
      *found = arc.link;
    }
  }
  return best;
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

}  // namespace

std::vector<LonLat> leg_line(const Network& net, const LinkGeometry& geometry, const Leg& leg) {
  std::vector<LonLat> out;
  const auto add = [&out](LonLat p) {
    if (out.empty() || out.back().lon != p.lon || out.back().lat != p.lat) out.push_back(p);
  };
  for (std::size_t i = 0; i + 1 < leg.path.size(); ++i) {
    const NodeIdx u = leg.path[i], v = leg.path[i + 1];
    add({net.nodes[u].lon, net.nodes[u].lat});
    LinkIdx li;
    if (const Link* link = link_between(net, geometry, u, v, leg.mode, &li)) {
      // A line is recorded `from` to `to`; travelled the other way it is read backwards. Its ends
      // lie within a kilometre of the nodes, whose own positions start and end each piece.
      const auto& line = geometry.line(li);
      const bool forward = link->from == u;
      for (std::size_t k = 1; k + 1 < line.size(); ++k) add(forward ? line[k] : line[line.size() - 1 - k]);
    }
    add({net.nodes[v].lon, net.nodes[v].lat});
  }
  if (out.empty()) out.push_back({net.nodes[leg.from].lon, net.nodes[leg.from].lat});
  if (out.size() == 1) out.push_back(out.front());  // a LineString has two points at least
  return out;
}

std::vector<LonLat> simplify_line(const std::vector<LonLat>& line, double tolerance_km) {
  if (tolerance_km <= 0 || line.size() < 3) return line;
  // Offsets in a local equirectangular plane (km): ample for a tolerance of a few km.
  const auto offset_km = [](LonLat p, LonLat a, LonLat b) {
    const double kx = 111.32 * std::cos((a.lat + b.lat) / 2 * 3.14159265358979323846 / 180), ky = 110.57;
    const double dx = (b.lon - a.lon) * kx, dy = (b.lat - a.lat) * ky;
    const double px = (p.lon - a.lon) * kx, py = (p.lat - a.lat) * ky;
    const double len2 = dx * dx + dy * dy;
    const double t = len2 == 0 ? 0 : std::clamp((px * dx + py * dy) / len2, 0.0, 1.0);
    return std::hypot(px - t * dx, py - t * dy);
  };
  std::vector<bool> keep(line.size(), false);
  keep.front() = keep.back() = true;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, line.size() - 1}};
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    double far = -1;
    std::size_t at = i;
    for (std::size_t m = i + 1; m < j; ++m) {
      const double d = offset_km(line[m], line[i], line[j]);
      if (d > far) far = d, at = m;
    }
    if (far > tolerance_km) {
      keep[at] = true;
      stack.push_back({i, at});
      stack.push_back({at, j});
    }
  }
  std::vector<LonLat> out;
  for (std::size_t k = 0; k < line.size(); ++k)
    if (keep[k]) out.push_back(line[k]);
  return out;
}

nlohmann::json line_string_json(const std::vector<LonLat>& line) {
  nlohmann::json coords = nlohmann::json::array();
  for (const auto& p : line) coords.push_back({round4(p.lon), round4(p.lat)});
  return {{"type", "LineString"}, {"coordinates", std::move(coords)}};
}

void write_line_string(JsonWriter& out, const std::vector<LonLat>& line) {
  out.begin_object().key("coordinates").begin_array();
  for (const auto& p : line) out.begin_array().value(round4(p.lon)).value(round4(p.lat)).end_array();
  out.end_array().field("type", "LineString").end_object();
}

}  // namespace caravan
