#pragma once
// A region as an analyst names it: ISO country codes ("CN", "KZ,UZ"), places ("Xian,Chongqing"),
// the group "EU", or any mix, comma separated. Resolves to the network's nodes.
#include <string>
#include <string_view>
#include <vector>

#include "network/places.hpp"

namespace caravan::analysis {

struct Region {
  std::string label;           // as given
  std::vector<NodeIdx> nodes;  // sorted, unique
};

struct RegionResult {
  Region region;
  std::string error;  // empty when every item resolved
};

RegionResult parse_region(const Network& net, const PlaceIndex& index, std::string_view text);

}  // namespace caravan::analysis
