#pragma once
// What an itinerary means for a reefer or for dangerous goods, read off its legs: how long a reefer
// goes without power, and which rules of cargo_rules.csv the route passes (docs/cli.md "Reefers and
// dangerous goods").
#include <cstddef>
#include <string>
#include <vector>

#include "network/network.hpp"

namespace caravan {

struct Itinerary;
struct Leg;

// The links a leg runs or sails, in order: between each two consecutive places of its path, the
// link of the leg's mode.
[[nodiscard]] std::vector<LinkIdx> leg_links(const Network& net, const Leg& leg);

// A reefer is powered on its own truck (the unit's diesel), on a service that carries reefers (a
// generator wagon, a ship's plugs) and on the shipper's own block train (a generator wagon). It is
// unplugged everywhere else: in a terminal or port between two vehicles (handling, a gauge
// change, the wait for a departure; at the origin only from the service's cut-off on) and on
// single wagons, which carry no power. The longest such stretch of one itinerary:
struct UnpluggedStretch {
  Duration time;
  std::size_t first_leg = 0, last_leg = 0;  // the legs it spans
  NodeIdx from, to;                          // where it starts and ends
};
[[nodiscard]] UnpluggedStretch longest_unplugged(const Network& net, const Itinerary& it);

// The rules of cargo_rules.csv (indexes into Network::cargo_rules) for dangerous goods of
// `un_class` that name an element of the itinerary: its modes, services, links, crossings and
// places, in the order passed, each once.
[[nodiscard]] std::vector<std::size_t> dangerous_rules_met(const Network& net, const Itinerary& it, int un_class,
                                                           CargoRuleKind kind);

}  // namespace caravan
