#pragma once
// The crossing a planner names for a simulation (`--crossing`, "crossing"), through the request
// layer's one place resolver: whole names only, never a guess.
#include <string>

#include "border/crossing_model.hpp"
#include "network/places.hpp"

namespace caravan::border {

// The crossing of `mode` that `text` names: its id, name or alias, or a place on one of its sides
// when that place has no other crossing of `mode`. Unknown or ambiguous: ModelError("crossing")
// whose candidates are "id (mode)" of crossings (the ambiguous ones, or suggestions).
CrossingIdx find_crossing(const Network& net, const PlaceIndex& places, const std::string& text, Mode mode);

}  // namespace caravan::border
