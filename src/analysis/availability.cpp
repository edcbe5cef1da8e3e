#include "analysis/availability.hpp"

#include <algorithm>

namespace caravan::analysis {
namespace {

bool closed_at(const std::vector<Closure>& closures, TimePoint t) {
  return std::any_of(closures.begin(), closures.end(), [t](const Closure& c) { return c.covers(t); });
}

// Seasonal closures are written month * 100 + day and may wrap the year (from > to).
bool in_season(const std::pair<int, int>& season, TimePoint t) {
  const std::int64_t days = t.minutes >= 0 ? t.minutes / 1440 : (t.minutes - 1439) / 1440;
  const auto civil = civil_from_days(days);
  const int md = civil.month * 100 + civil.day;
  return season.first <= season.second ? (md >= season.first && md <= season.second)
                                       : (md >= season.first || md <= season.second);
}

}  // namespace

bool Availability::node_ok(const Network& net, NodeIdx v) const {
  const auto& n = net.nodes[v];
  if (std::find(constraints.avoid_countries.begin(), constraints.avoid_countries.end(), n.country) !=
      constraints.avoid_countries.end())
    return false;
  return std::find(constraints.avoid_nodes.begin(), constraints.avoid_nodes.end(), v) == constraints.avoid_nodes.end();
}

bool Availability::crossing_ok(const Network& net, CrossingIdx c) const {
  const auto& x = net.crossings[c];
  if (std::find(constraints.avoid_crossings.begin(), constraints.avoid_crossings.end(), c) !=
      constraints.avoid_crossings.end())
    return false;
  if (closed_at(x.closures, at)) return false;
  return !(x.seasonal_closure && in_season(*x.seasonal_closure, at));
}

bool Availability::link_ok(const Network& net, LinkIdx l) const {
  const auto& link = net.links[l];
  const bool built = link.routable_status() ||
                     (include_planned && (link.status == LinkStatus::planned || link.status == LinkStatus::under_construction));
  if (!built || closed_at(link.closures, at)) return false;
  if (link.mode != Mode::pipeline && !constraints.mode_allowed(link.mode)) return false;
  if (!node_ok(net, link.from) || !node_ok(net, link.to)) return false;
  return !link.crossing.valid() || crossing_ok(net, link.crossing);
}

bool Availability::service_leg_ok(const Network& net, ServiceIdx s, std::size_t board) const {
  const auto& service = net.services[s];
  if (!constraints.mode_allowed(service.mode) || closed_at(service.closures, at)) return false;
  if (board + 1 >= service.calls.size()) return false;
  if (!node_ok(net, service.calls[board].node) || !node_ok(net, service.calls[board + 1].node)) return false;
  const auto& links = service.calls[board].links_to_next;
  return std::all_of(links.begin(), links.end(), [&](LinkIdx l) { return link_ok(net, l); });
}

}  // namespace caravan::analysis
