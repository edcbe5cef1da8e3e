// Whole-network checks: what no single row can show on its own.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "network/network.hpp"

namespace caravan {
namespace {

void check_crossings(const Network& net, Diagnostics& d) {
  std::vector<std::vector<LinkIdx>> links_of(net.crossings.size());
  for (const auto i : net.links.indices())
    if (net.links[i].crossing.valid()) links_of[net.links[i].crossing.index()].push_back(i);

  for (const auto c : net.crossings.indices()) {
    const auto& crossing = net.crossings[c];
    const auto& a = net.nodes[crossing.side_a];
    const auto& b = net.nodes[crossing.side_b];
    if (a.country == b.country)
      d.add("crossings.csv", crossing.line, "side_b",
            fmt::format("both sides of crossing '{}' are in {} ({} and {})", crossing.id, to_string(a.country), a.id, b.id));
    const auto& links = links_of[c.index()];
    if (links.empty())
      d.add("crossings.csv", crossing.line, "id", fmt::format("no link in links.csv names crossing '{}'", crossing.id));
    if (links.size() > 1)
      d.add("links.csv", net.links[links[1]].line, "crossing",
            fmt::format("crossing '{}' is already the crossing of link '{}' (line {})", crossing.id, net.links[links[0]].id,
                        net.links[links[0]].line));
    for (const auto l : links) {
      const auto& link = net.links[l];
      const bool same_ends = (link.from == crossing.side_a && link.to == crossing.side_b) ||
                             (link.from == crossing.side_b && link.to == crossing.side_a);
      if (!same_ends)
        d.add("links.csv", link.line, "crossing",
              fmt::format("link ends {}–{} are not the sides of crossing '{}' ({}–{})", net.nodes[link.from].id,
                          net.nodes[link.to].id, crossing.id, a.id, b.id));
      if (link.mode != crossing.mode)
        d.add("links.csv", link.line, "crossing",
              fmt::format("a {} link cannot use the {} crossing '{}'", to_string(link.mode), to_string(crossing.mode), crossing.id));
      const bool converts = link.gauge_from_mm != link.gauge_to_mm;
      if (converts && !crossing.gauge_change)
        d.add("links.csv", link.line, "gauge_mm",
              fmt::format("changes gauge {}/{} but crossing '{}' has no gauge_change_hours", link.gauge_from_mm,
                          link.gauge_to_mm, crossing.id));
      if (!converts && crossing.gauge_change)
        d.add("crossings.csv", crossing.line, "gauge_change_hours",
              fmt::format("crossing '{}' has a gauge change but its link '{}' keeps one gauge", crossing.id, link.id));
    }
  }
}

void check_links(const Network& net, Diagnostics& d) {
  for (const auto& link : net.links) {
    const auto& a = net.nodes[link.from];
    const auto& b = net.nodes[link.to];
    const bool land = link.mode == Mode::rail || link.mode == Mode::road;
    if (land && a.country != b.country && !link.crossing.valid())
      d.add("links.csv", link.line, "crossing",
            fmt::format("link from {} ({}) to {} ({}) crosses a border but names no crossing", a.id, to_string(a.country),
                        b.id, to_string(b.country)));
  }
}

// Rail links (and the wagons on rail ferries) that meet at a node must share a gauge unless
// something there converts it.
void check_gauges(const Network& net, Diagnostics& d) {
  // The distinct gauges at one node, ascending, each with the first link (in link order) that
  // brings it there: a node's arcs are in link order, so the first arc with a gauge wins.
  std::vector<std::pair<std::uint16_t, LinkIdx>> gauges;
  for (const auto v : net.nodes.indices()) {
    if (net.nodes[v].gauge_change) continue;
    gauges.clear();
    for (const auto& arc : net.arcs_of(v)) {
      const auto& link = net.links[arc.link];
      if (link.gauge_from_mm == 0) continue;
      const std::uint16_t gauge = arc.forward ? link.gauge_from_mm : link.gauge_to_mm;
      const auto at = std::lower_bound(gauges.begin(), gauges.end(), gauge,
                                       [](const auto& entry, std::uint16_t g) { return entry.first < g; });
      if (at == gauges.end() || at->first != gauge) gauges.insert(at, {gauge, arc.link});
    }
    for (std::size_t k = 1; k < gauges.size(); ++k) {
      const auto& link = net.links[gauges[k].second];
      const auto& first = net.links[gauges[0].second];
      d.add("links.csv", link.line, "gauge_mm",
            fmt::format("{} mm meets {} mm (link '{}', line {}) at {} and nothing there converts gauge", gauges[k].first,
                        gauges[0].first, first.id, first.line, net.nodes[v].id));
    }
  }
}

void check_services(const Network& net, Diagnostics& d) {
  std::set<std::size_t> served;
  for (const auto& s : net.services)
    for (const auto& call : s.calls)
      for (const auto l : call.links_to_next) served.insert(l.index());
  for (const auto i : net.links.indices()) {
    const auto& link = net.links[i];
    const bool service_only = link.mode == Mode::ferry || link.mode == Mode::sea || link.mode == Mode::air;
    if (service_only && link.routable_status() && !served.count(i.index()))
      d.add("links.csv", link.line, "id",
            fmt::format("{} link '{}' is used by no service in {}, so no route can ever use it", to_string(link.mode),
                        link.id, link.mode == Mode::air ? "parcel_services.csv" : "services.csv"));
  }
}

void check_nodes(const Network& net, Diagnostics& d) {
  for (const auto v : net.nodes.indices()) {
    if (net.first_arc[v.index()] == net.first_arc[v.index() + 1])
      d.add("nodes.csv", net.nodes[v].line, "id", fmt::format("node '{}' is not an end of any link", net.nodes[v].id));
  }
}

}  // namespace

void validate_network(const Network& net, Diagnostics& diagnostics) {
  check_nodes(net, diagnostics);
  check_links(net, diagnostics);
  check_crossings(net, diagnostics);
  check_gauges(net, diagnostics);
  check_services(net, diagnostics);
}

}  // namespace caravan
