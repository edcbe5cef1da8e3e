#pragma once
// The one way a place the user typed becomes a node or a border crossing: by id, name, alias or
// UN/LOCODE through the network's PlaceIndex, whole names only; no match or several matches is an
// error listing the candidates, never a guess.
#include <string_view>
#include <vector>

#include "request/request_error.hpp"

namespace caravan {

// The node `text` names, or an invalid NodeIdx after adding a RequestError at `at`.
NodeIdx resolve_place(const PlaceIndex& index, std::string_view text, const FieldRef& at, RequestErrors& errors);

// The crossings that lookup candidates name: a crossing itself, or every crossing a place is a side
// of; in the order found, each once.
std::vector<CrossingIdx> crossings_named(const Network& net, const std::vector<PlaceCandidate>& candidates);

// The crossing of `mode` that `text` names: the crossing's id, name or alias, or a place on one of
// its sides (then it must be the only crossing of `mode` there). Otherwise an invalid CrossingIdx
// after adding a RequestError at `at` whose candidates are crossings: the ambiguous ones, or as
// suggestions the whole-name matches of another mode, then crossings whose names contain the text
// (or, for a misspelt ending, its first five letters).
CrossingIdx resolve_crossing(const Network& net, const PlaceIndex& index, std::string_view text, Mode mode,
                             const FieldRef& at, RequestErrors& errors);

}  // namespace caravan
