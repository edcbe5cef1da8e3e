#pragma once
// Corridor capacity: the maximum sustainable flow between two regions and the minimum cut that
// limits it, element by element (max-flow/min-cut over the published capacities).
//
// Freight (TEU/day): rail and road links carry their `capacity_teu_day` (unlimited when none is
// published), a crossing link the smaller of its own and its crossing's `capacity_teu_day`, each
// direction separately. Ferry and sea lanes carry only what their services do: each leg of a
// service between two calls carries capacity_teu × departures per week / 7. Rail services run on
// rail links, whose capacity already bounds them, so they add none.
// Pipeline (bcm/year): pipeline links in their direction of flow, `capacity_bcm_year`.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/availability.hpp"
#include "analysis/element.hpp"
#include "analysis/region.hpp"

namespace caravan::analysis {

enum class CapacityNetwork : std::uint8_t { freight, pipeline };

struct CapacityQuery {
  Region from, to;
  CapacityNetwork network = CapacityNetwork::freight;
  Availability availability;
  // Freight only: count a link or a service leg only if, for some place s of `from` and t of
  // `to`, the path s → link → t is at most this many times the shortest s → t (km), as no shipper
  // sends goods from China to Kazakhstan through Europe. 0 = no limit.
  double max_detour = 1.5;
};

struct CutElement {
  ElementRef element;
  double capacity = 0;  // in the result's unit
};

struct CapacityResult {
  std::string unit;            // "TEU/day" or "bcm/year"
  double max_flow = 0;
  bool unbounded = false;      // a path with no published capacity joins the regions
  std::vector<ElementRef> unbounded_path;  // that path, when unbounded
  std::vector<CutElement> min_cut;         // largest first; sums to max_flow
};

// Throws std::invalid_argument when the regions share a place (the flow would be unbounded by
// definition).
CapacityResult max_sustainable_flow(const Network& net, const CapacityQuery& query);

nlohmann::json capacity_json(const Network& net, const CapacityQuery& query, const CapacityResult& result);

}  // namespace caravan::analysis
