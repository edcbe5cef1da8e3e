#include "request/access_legs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/geo.hpp"
#include "core/text.hpp"

namespace caravan {
namespace {

// How many covered places an access point is joined to: enough that the search can choose the
// terminal that suits the rest of the trip (a rail terminal for a train, a port for a ship).
constexpr std::size_t kAccessLinks = 3;

// Where the user's text points when it is not a covered place: a city of the gazetteer or
// coordinates. Its country decides which terminals it may reach without crossing a border.
struct ShipperPoint {
  std::string label;  // the gazetteer city's name, or the coordinates as typed
  double lat = 0, lon = 0;
  CountryCode country;
  std::string country_from;
};

std::optional<ShipperPoint> shipper_point(const Network& net, const PlaceIndex& index, const std::string& text) {
  const auto found = index.lookup_node(text);
  if (found.outside)
    return ShipperPoint{found.outside->name, found.outside->lat, found.outside->lon, found.outside->country, "gazetteer"};
  if (!found.point || net.gazetteer.empty()) return std::nullopt;
  // Coordinates carry no country: the nearest town of the gazetteer lends its own.
  const auto [lat, lon] = *found.point;
  const auto km = [&](const GazetteerPlace& g) { return great_circle_km(lat, lon, g.lat, g.lon); };
  const auto nearest = std::min_element(net.gazetteer.begin(), net.gazetteer.end(),
                                        [&](const auto& a, const auto& b) { return km(a) < km(b); });
  return ShipperPoint{text, lat, lon, nearest->country,
                      fmt::format("nearest gazetteer town {}, {:.0f} km", nearest->name, km(*nearest))};
}

struct Reach {
  NodeIdx node;
  double great_circle_km = 0;
};

// The nearest covered places of the point's country within `max_km`, nearest first.
std::vector<Reach> reachable_places(const Network& net, const ShipperPoint& p, double max_km) {
  std::vector<Reach> out;
  for (const auto v : net.nodes.indices()) {
    const Node& n = net.nodes[v];
    if (!covered_place(n.kind) || n.country != p.country) continue;
    const double km = great_circle_km(p.lat, p.lon, n.lat, n.lon);
    if (km <= max_km) out.push_back({v, km});
  }
  std::sort(out.begin(), out.end(), [](const Reach& a, const Reach& b) { return a.great_circle_km < b.great_circle_km; });
  if (out.size() > kAccessLinks) out.resize(kAccessLinks);
  return out;
}

void add_access_point(Network& net, AccessEnd end, std::string_view id, const ShipperPoint& p, const std::string& asked,
                      const std::vector<Reach>& reach) {
  const double circuity = net.parameter("road_circuity_factor", 1.25);
  const std::string_view what = end == AccessEnd::first_mile ? "first mile" : "last mile";
  Node node;
  node.id = std::string(id);
  node.name = p.label;
  node.country = p.country;
  node.lat = p.lat;
  node.lon = p.lon;
  node.kind = NodeKind::city;
  // Road legs keep no timetable, so the nearest terminal's zone only serves to show local times.
  node.timezone = net.nodes[reach.front().node].timezone;
  node.timezone_index = net.nodes[reach.front().node].timezone_index;
  node.source = fmt::format("the shipper's point for the {} ({})", what, p.country_from);
  const NodeIdx v{static_cast<std::uint32_t>(net.nodes.size())};
  net.nodes.push_back(std::move(node));

  AccessPoint point{end, v, {}, asked, p.country_from};
  for (const auto& r : reach) {
    Link link;
    const NodeIdx place = r.node;
    link.from = end == AccessEnd::first_mile ? v : place;
    link.to = end == AccessEnd::first_mile ? place : v;
    link.id = fmt::format("road:{}:{}", net.nodes[link.from].id, net.nodes[link.to].id);
    link.mode = Mode::road;
    link.profile = Profile::road;
    link.distance_km = std::max(1.0, std::round(r.great_circle_km * circuity));
    link.distance_is_estimate = true;
    link.source = fmt::format("estimate: {}, great-circle {:.0f} km × road_circuity_factor {:g}", what, r.great_circle_km, circuity);
    point.links.push_back(LinkIdx{static_cast<std::uint32_t>(net.links.size())});
    net.links.push_back(std::move(link));
  }
  net.access_points.push_back(std::move(point));
}

}  // namespace

std::optional<AccessedNetwork> add_access_legs(const std::shared_ptr<const Network>& base, const PlaceIndex& index,
                                              const RouteRequest& request, RequestErrors& errors) {
  struct Wanted {
    AccessEnd end;
    std::string_view id;
    const std::string* text;
    FieldRef at;
    std::optional<ShipperPoint> point;
    std::vector<Reach> reach;
  };
  std::vector<Wanted> wanted;
  if (request.first_mile) wanted.push_back({AccessEnd::first_mile, kFirstMileId, &request.from, {"from", "/from"}, {}, {}});
  if (request.last_mile) wanted.push_back({AccessEnd::last_mile, kLastMileId, &request.to, {"to", "/to"}, {}, {}});
  const double max_km = base->parameter("access_road_max_km", 300);
  bool any = false;
  for (auto& w : wanted) {
    w.point = shipper_point(*base, index, *w.text);
    if (!w.point) continue;  // a covered place needs no access leg; an unknown one is reported later
    w.reach = reachable_places(*base, *w.point, max_km);
    if (w.reach.empty()) {
      add_error(errors, w.at,
                fmt::format("'{}' ({}): the network covers no place in {} within {:g} km of it (great-circle), so "
                            "no {} by road can be planned",
                            *w.text, w.point->label, to_string(w.point->country), max_km,
                            w.end == AccessEnd::first_mile ? "first mile" : "last mile"));
      continue;
    }
    any = true;
  }
  if (wanted.size() == 2 && wanted[0].point && wanted[1].point && wanted[0].point->lat == wanted[1].point->lat &&
      wanted[0].point->lon == wanted[1].point->lon) {
    add_error(errors, {"to", "/to"}, "is the same place as the origin");
    return std::nullopt;
  }
  if (!any || !errors.empty()) return std::nullopt;

  auto net = std::make_shared<Network>(*base);
  AccessedNetwork out;
  out.request = request;
  for (const auto& w : wanted) {
    if (!w.point || w.reach.empty()) continue;
    add_access_point(*net, w.end, w.id, *w.point, *w.text, w.reach);
    (w.end == AccessEnd::first_mile ? out.request.from : out.request.to) = std::string(w.id);
  }
  net->build_link_indexes();  // the crossings, and so their calendars, are the base's
  out.places = std::make_shared<const PlaceIndex>(*net);
  out.network = std::move(net);
  return out;
}

}  // namespace caravan
