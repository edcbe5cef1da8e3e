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
#include <optional>
#include <stdexcept>
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

// One leg of a planned route, as much as the skeleton needs.
struct RouteLegRef {
  NodeIdx from, to;
  Mode mode = Mode::road;
  bool crosses_border = false;
  std::string crossing_name;  // when crosses_border
  bool gauge_change = false;
};

// The skeleton (see above) for the legs of a route on `net`, with its planned departure when
// known (lodged before it, the declaration is pre-lodged: green lanes, `caravan route --green-lane`).
DeclarationSkeleton declaration_skeleton(const Network& net, const std::vector<RouteLegRef>& legs,
                                         std::optional<TimePoint> departure = std::nullopt);
DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it);
// The same, with the consignment's items filled in from what the route was planned for: groupage
// (lcl) carries its gross weight and number of packages; full containers leave them to the holder.
// Parcels take theirs from their own items where consignment_items() names the cargo kind.
DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it, const Cargo& cargo);
// The consignment's items as far as the route request tells them (see above).
nlohmann::json consignment_items(const Cargo& cargo);

// A problem in an itinerary given as JSON: where (a JSON pointer into the request) and what.
struct ItineraryError : std::invalid_argument {
  std::string pointer, detail;
  ItineraryError(std::string at, std::string what)
      : std::invalid_argument(at + ": " + what), pointer(std::move(at)), detail(std::move(what)) {}
};

// From one itinerary object of the `POST /v1/route` / `caravan route --format json` answer (its
// "legs" with from.id, to.id, mode, crossing, gauge_change). Throws ItineraryError when a leg
// names no node of `net` or lacks a field.
DeclarationSkeleton declaration_skeleton_from_json(const Network& net, const nlohmann::json& itinerary);

}  // namespace caravan::transit
