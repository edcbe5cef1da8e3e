#include "network/places.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/geo.hpp"
#include "core/text.hpp"

namespace caravan {

PlaceIndex::PlaceIndex(const Network& net) : net_(net) {
  auto add = [&](std::string_view text, PlaceCandidate c) {
    std::string folded = fold_name(text);
    if (folded.empty()) return;
    c.matched = std::string(text);
    keys_.push_back({std::move(folded), std::move(c)});
  };
  for (const auto v : net.nodes.indices()) {
    const auto& n = net.nodes[v];
    const PlaceCandidate c{v, CrossingIdx{}, {}};
    add(n.id, c);
    add(n.name, c);
    // "Xi'an (Xi'an International Port / Chanba dry port)" is also known as "Xi'an".
    if (const auto paren = n.name.find(" ("); paren != std::string::npos) add(n.name.substr(0, paren), c);
    for (const auto& alias : n.aliases) add(alias, c);
    if (!n.unlocode.empty()) add(n.unlocode, c);
  }
  for (const auto i : net.crossings.indices()) {
    const auto& x = net.crossings[i];
    const PlaceCandidate c{NodeIdx{}, i, {}};
    add(x.id, c);
    add(x.name, c);
    for (const auto& alias : x.aliases) add(alias, c);
  }
  for (const auto& g : net.gazetteer) {
    gazetteer_keys_.emplace_back(fold_name(g.name), &g);
    for (const auto& alias : g.aliases) gazetteer_keys_.emplace_back(fold_name(alias), &g);
  }
}

bool covered_place(NodeKind kind) {
  return kind == NodeKind::city || kind == NodeKind::rail_terminal || kind == NodeKind::dry_port ||
         kind == NodeKind::seaport || kind == NodeKind::ferry_port;
}

std::vector<NearbyPlace> PlaceIndex::nearest_covered(double lat, double lon) const {
  std::vector<NearbyPlace> all;
  for (const auto v : net_.nodes.indices())
    if (covered_place(net_.nodes[v].kind)) all.push_back({v, great_circle_km(lat, lon, net_.nodes[v].lat, net_.nodes[v].lon)});
  constexpr std::size_t kNearest = 3;
  const auto n = std::min(kNearest, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [](const NearbyPlace& a, const NearbyPlace& b) { return a.km < b.km; });
  all.resize(n);
  return all;
}

void PlaceIndex::answer_outside(const std::string& folded, PlaceLookup& result) const {
  // The gazetteer is sorted by population within a country, so the first match is the largest.
  const auto it = std::find_if(gazetteer_keys_.begin(), gazetteer_keys_.end(), [&](const auto& k) { return k.first == folded; });
  if (it == gazetteer_keys_.end()) return;
  const GazetteerPlace& g = *it->second;
  result.outside = &g;
  result.nearby = nearest_covered(g.lat, g.lon);
  result.partial.clear();
  for (const auto& p : result.nearby) result.partial.push_back({p.node, CrossingIdx{}, net_.nodes[p.node].name});
}

void PlaceIndex::answer_point(std::string_view text, double lat, double lon, bool nodes_only, PlaceLookup& result) const {
  if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
    result.coordinate_error = fmt::format("'{}': latitude must be within -90..90 and longitude within -180..180 (decimal degrees, lat,lon)", text);
    return;
  }
  (void)nodes_only;  // covered places are nodes
  result.nearby = nearest_covered(lat, lon);
  if (!result.nearby.empty() && result.nearby.front().km <= kCoordinateSnapKm) {
    result.exact.push_back({result.nearby.front().node, CrossingIdx{}, std::string(text)});
    result.nearby.clear();
    return;
  }
  result.point = std::pair{lat, lon};
  for (const auto& p : result.nearby) result.partial.push_back({p.node, CrossingIdx{}, net_.nodes[p.node].name});
}

std::optional<std::pair<double, double>> parse_coordinates(std::string_view text) {
  const auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view t) -> std::optional<double> {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc{} || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  };
  const auto lat = number(text.substr(0, comma));
  const auto lon = number(text.substr(comma + 1));
  if (!lat || !lon) return std::nullopt;
  return std::pair{*lat, *lon};
}

PlaceLookup PlaceIndex::find(std::string_view query, bool nodes_only) const {
  PlaceLookup result;
  if (const auto point = parse_coordinates(query)) {
    answer_point(query, point->first, point->second, nodes_only, result);
    return result;
  }
  const std::string q = fold_name(query);
  if (q.empty()) return result;
  auto push_unique = [](std::vector<PlaceCandidate>& list, const PlaceCandidate& c) {
    if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
  };
  for (const auto& key : keys_) {
    if (nodes_only && !key.candidate.node.valid()) continue;
    if (key.folded == q) push_unique(result.exact, key.candidate);
  }
  if (!result.exact.empty()) return result;
  // Suggestions, best first: names that start with the query, then names that contain it; only
  // when there are none, names within a few typing slips of it ("Almati" → Almaty, "Tashknt" →
  // Tashkent), closest first. A short query tolerates fewer slips, so "Ura" is not stretched.
  struct Ranked {
    std::size_t rank;  // 0 prefix, 1 contains, 2 + slips
    const Key* key;
  };
  std::vector<Ranked> ranked;
  for (const auto& key : keys_) {
    if (nodes_only && !key.candidate.node.valid()) continue;
    if (const auto at = key.folded.find(q); at != std::string::npos) ranked.push_back({at == 0 ? 0u : 1u, &key});
  }
  if (ranked.empty()) {
    answer_outside(q, result);
    if (result.outside) return result;
    const std::size_t slips = q.size() <= 3 ? 0 : q.size() <= 5 ? 1 : q.size() <= 9 ? 2 : 3;
    for (const auto& key : keys_) {
      if (nodes_only && !key.candidate.node.valid()) continue;
      // A typo in a name's first word ("Tashknt" for "Tashkent (Chukursay)") counts too.
      const std::size_t d = std::min(edit_distance(q, key.folded, slips),
                                     edit_distance(q, std::string_view(key.folded).substr(0, q.size() + slips), slips));
      if (d <= slips) ranked.push_back({2 + d, &key});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.rank < b.rank; });
  for (const auto& r : ranked) push_unique(result.partial, r.key->candidate);
  return result;
}

PlaceLookup PlaceIndex::lookup(std::string_view query) const { return find(query, false); }
PlaceLookup PlaceIndex::lookup_node(std::string_view query) const { return find(query, true); }

std::string PlaceIndex::describe(const PlaceCandidate& c) const {
  if (c.node.valid()) {
    const auto& n = net_.nodes[c.node];
    return fmt::format("{} ({}, {})", n.name, n.id, to_string(n.country));
  }
  const auto& x = net_.crossings[c.crossing];
  return fmt::format("{} (crossing {}, {})", x.name, x.id, to_string(x.mode));
}

std::string PlaceIndex::explain(std::string_view query, const PlaceLookup& result) const {
  auto list = [&](const std::vector<PlaceCandidate>& candidates) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < candidates.size() && i < 12; ++i) names.push_back(describe(candidates[i]));
    if (candidates.size() > 12) names.push_back(fmt::format("and {} more", candidates.size() - 12));
    return join(names, "; ");
  };
  if (result.exact.size() == 1) return {};
  if (result.exact.size() > 1) return fmt::format("'{}' is ambiguous: {}", query, list(result.exact));
  if (!result.coordinate_error.empty()) return result.coordinate_error;
  std::vector<std::string> near;
  for (const auto& p : result.nearby) near.push_back(fmt::format("{} {:.0f} km", describe({p.node, CrossingIdx{}, {}}), p.km));
  if (result.outside)
    return fmt::format("'{}' ({}, {}) is not in the network; the nearest places it covers: {}", query, result.outside->name,
                       to_string(result.outside->country), join(near, "; "));
  if (result.point)
    return fmt::format("'{}' is more than {:.0f} km from every place the network covers; the nearest: {}", query,
                       kCoordinateSnapKm, join(near, "; "));
  if (result.partial.empty()) return fmt::format("unknown place '{}'", query);
  return fmt::format("unknown place '{}'; did you mean: {}", query, list(result.partial));
}

}  // namespace caravan
