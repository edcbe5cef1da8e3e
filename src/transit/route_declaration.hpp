#pragma once
// A declaration skeleton from a planned itinerary (`caravan route … --declare FILE`): the
// itinerary of customs offices is derived from the route — the office of departure at the first
// node, at each border crossing the exit office (last node before the border) and the entry office
// (first node after it, with a transshipment note at a gauge change), the office of destination at
// the last node. Holder, guarantee and goods are left for the holder to fill in (the skeleton does
// not pass validation until they are).
//
// Office codes: the bundled network has no official customs office codes, so each node gets a
// derived one (documented in docs/transit.md): its ISO 3166 country followed by the first six
// letters/digits of its id after the country prefix, padded with '0' (KZ_ZHIBEKZHOLY → KZZHIBEK,
// UZ_KELES → UZKELES0); when two nodes of the network would share a code, the later one in
// nodes.csv order gets its first four characters and a two-digit counter (KZ_DOSTYK_TT → KZDOST01).
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "network/network.hpp"
#include "routing/itinerary.hpp"

namespace caravan::transit {

// The derived office code of every node of the network, unique within it.
class OfficeCodes {
 public:
  explicit OfficeCodes(const Network& net);
  [[nodiscard]] const std::string& of(NodeIdx node) const { return codes_.at(node.index()); }

 private:
  std::vector<std::string> codes_;
};

struct DeclarationSkeleton {
  nlohmann::json declaration;  // the message to complete and lodge (`caravan transit declare`)
  std::vector<std::pair<std::string, std::string>> offices;  // (office code, place name), in order
};

// The skeleton (see above) for `it` on `net`.
DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it);

}  // namespace caravan::transit
