#include "network/network.hpp"

#include <algorithm>

#include "network/clearing_time.hpp"

namespace caravan {
namespace {

// The calendar points into the network's own time zones and holidays, so it is rebuilt whenever
// a Network is copied (scenarios) and the network must not move afterwards.
OpenCalendar make_crossing_calendar(const Network& net, const Crossing& c, bool with_dated_closures = true) {
  std::vector<OpenCalendar::Side> sides;
  for (const auto& [node, hours] : {std::pair{c.side_a, &c.hours_a}, std::pair{c.side_b, &c.hours_b}}) {
    sides.push_back({&net.time_zone(node), *hours, to_string(net.nodes[node].country), &net.holidays});
  }
  std::optional<OpenCalendar::SeasonalClosure> seasonal;
  if (c.seasonal_closure) seasonal = OpenCalendar::SeasonalClosure{c.seasonal_closure->first, c.seasonal_closure->second};
  std::vector<OpenCalendar::Closure> closures;
  if (with_dated_closures)
    for (const auto& closure : c.closures) closures.push_back({closure.from, closure.to});
  return OpenCalendar(std::move(sides), seasonal, std::move(closures));
}

// Makes `by_id` map each item's id to its index.
template <class Idx, class T>
void index_ids(IdMap<Idx>& by_id, const IndexedVector<Idx, T>& items) {
  // The loader fills the maps as it reads and scenarios copy them with the tables, so they are
  // rebuilt only for networks assembled in code (tests), which leave them empty.
  if (by_id.size() == items.size()) return;
  by_id.clear();
  by_id.reserve(items.size());
  for (const auto i : items.indices()) by_id.emplace(items[i].id, i);
}

}  // namespace

void Network::build_link_indexes() {
  const std::size_t n = nodes.size();

  index_ids(node_by_id, nodes);
  index_ids(link_by_id, links);
  index_ids(crossing_by_id, crossings);
  index_ids(service_by_id, services);

  // Single wagons run at the slower of the two networks a link joins, never faster than the line.
  link_wagonload_kmh.assign(links.size(), 0.0);
  for (const auto i : links.indices()) {
    const auto& l = links[i];
    if (l.mode != Mode::rail) continue;
    link_wagonload_kmh[i.index()] = std::min({l.speed_kmh.value_or(profile(l.profile).speed_kmh),
                                              wagonload_speed_kmh(nodes[l.from].country),
                                              wagonload_speed_kmh(nodes[l.to].country)});
  }

  // CSR over links, both directions; a counting sort keeps arcs of a node in link order.
  first_arc.assign(n + 1, 0);
  for (const auto& link : links) {
    ++first_arc[link.from.index() + 1];
    ++first_arc[link.to.index() + 1];
  }
  for (std::size_t v = 0; v < n; ++v) first_arc[v + 1] += first_arc[v];
  arcs.assign(first_arc[n], Arc{});
  std::vector<std::uint32_t> fill(first_arc.begin(), first_arc.end() - 1);
  for (const auto l : links.indices()) {
    const auto& link = links[l];
    arcs[fill[link.from.index()]++] = Arc{l, link.to, true};
    arcs[fill[link.to.index()]++] = Arc{l, link.from, false};
  }

  first_boarding.assign(n + 1, 0);
  for (const auto& s : services)
    for (std::size_t c = 0; c + 1 < s.calls.size(); ++c) ++first_boarding[s.calls[c].node.index() + 1];
  for (std::size_t v = 0; v < n; ++v) first_boarding[v + 1] += first_boarding[v];
  boardings.assign(first_boarding[n], ServiceBoarding{});
  fill.assign(first_boarding.begin(), first_boarding.end() - 1);
  for (const auto si : services.indices()) {
    const auto& s = services[si];
    for (std::size_t c = 0; c + 1 < s.calls.size(); ++c)
      boardings[fill[s.calls[c].node.index()]++] = ServiceBoarding{si, static_cast<std::uint32_t>(c)};
  }

  for (auto& c : crossings) c.link = LinkIdx{};
  for (const auto l : links.indices())
    if (links[l].crossing.valid()) crossings[links[l].crossing].link = l;
}

void Network::build_indexes() {
  build_link_indexes();

  crossing_calendars = IndexedVector<CrossingIdx, OpenCalendar>{};
  crossing_calendars.reserve(crossings.size());
  for (const auto& c : crossings) crossing_calendars.push_back(make_crossing_calendar(*this, c));

  // The published times are elapsed times over a normal year: calibrate on the crossing's own
  // hours, holidays and seasonal closure, not on a scenario's dated closures (those make some
  // vehicles wait longer, as they would).
  for (auto& c : crossings) {
    const ClearingYear year(make_crossing_calendar(*this, c, false));
    c.work_a_to_b = {year.calibrate(c.a_to_b.median), year.calibrate(c.a_to_b.p90)};
    c.work_b_to_a = {year.calibrate(c.b_to_a.median), year.calibrate(c.b_to_a.p90)};
  }
}

}  // namespace caravan
