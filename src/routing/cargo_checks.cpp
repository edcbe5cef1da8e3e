#include "routing/cargo_checks.hpp"

#include <algorithm>

#include "routing/itinerary.hpp"

namespace caravan {

std::vector<LinkIdx> leg_links(const Network& net, const Leg& leg) {
  std::vector<LinkIdx> out;
  for (std::size_t k = 0; k + 1 < leg.path.size(); ++k)
    for (const Arc& arc : net.arcs_of(leg.path[k]))
      if (arc.head == leg.path[k + 1] && net.links[arc.link].mode == leg.mode) {
        out.push_back(arc.link);
        break;
      }
  return out;
}

UnpluggedStretch longest_unplugged(const Network& net, const Itinerary& it) {
  UnpluggedStretch best, current;
  bool open = false;
  auto extend = [&](std::size_t leg, NodeIdx from, NodeIdx to, Duration d) {
    if (!open) {
      current = UnpluggedStretch{Duration{}, leg, leg, from, to};
      open = true;
    }
    current.time += d;
    current.last_leg = leg;
    current.to = to;
    if (current.time > best.time) best = current;
  };
  for (std::size_t i = 0; i < it.legs.size(); ++i) {
    const Leg& leg = it.legs[i];
    // In the terminal before the leg: from the previous arrival to the move (lift, gauge change,
    // port dwell, the wait for the departure). The origin's wait is the shipper's cold store up
    // to a service's cut-off.
    Duration yard{};
    if (i == 0) {
      if (leg.service.valid()) yard = std::min(leg.wait, net.services[leg.service].cutoff);
    } else if (leg.service.valid() || leg.lifted || leg.gauge_changed || (leg.mode == Mode::rail && !it.own_trains)) {
      yard = leg.depart - it.legs[i - 1].arrive;
    }
    const bool unpowered_move = leg.mode == Mode::rail && !leg.service.valid() && !it.own_trains;
    if (yard.minutes > 0 || unpowered_move) extend(i, leg.from, leg.from, yard);
    if (unpowered_move) extend(i, leg.from, leg.to, leg.arrive - leg.depart);
    else open = false;  // powered: the reefer runs again
  }
  if (it.destination_dwell.minutes > 0 && !it.legs.empty())
    extend(it.legs.size() - 1, it.legs.back().to, it.legs.back().to, it.destination_dwell);
  return best;
}

std::vector<std::size_t> dangerous_rules_met(const Network& net, const Itinerary& it, int un_class, CargoRuleKind kind) {
  std::vector<std::size_t> out;
  auto met = [&](TariffTarget target, std::uint32_t index) {
    for (std::size_t r = 0; r < net.cargo_rules.size(); ++r) {
      const CargoRule& rule = net.cargo_rules[r];
      if (rule.kind == kind && rule.applies_to == target && rule.index == index && rule.applies_to_class(un_class) &&
          std::find(out.begin(), out.end(), r) == out.end())
        out.push_back(r);
    }
  };
  for (const Leg& leg : it.legs) {
    met(TariffTarget::mode, static_cast<std::uint32_t>(leg.mode));
    if (leg.service.valid()) met(TariffTarget::service, static_cast<std::uint32_t>(leg.service.index()));
    for (const NodeIdx v : leg.path) met(TariffTarget::node, static_cast<std::uint32_t>(v.index()));
    for (const LinkIdx l : leg_links(net, leg)) {
      met(TariffTarget::link, static_cast<std::uint32_t>(l.index()));
      const CrossingIdx x = net.links[l].crossing;
      if (x.valid()) met(TariffTarget::crossing, static_cast<std::uint32_t>(x.index()));
    }
  }
  return out;
}

}  // namespace caravan
