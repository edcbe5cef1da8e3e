#pragma once
// The one way a place the user typed becomes a node: by id, name, alias or UN/LOCODE through the
// network's PlaceIndex; no match or several matches is an error listing the candidates.
#include <string_view>

#include "request/request_error.hpp"

namespace caravan {

// The node `text` names, or an invalid NodeIdx after adding a RequestError at `at`.
NodeIdx resolve_place(const PlaceIndex& index, std::string_view text, const FieldRef& at, RequestErrors& errors);

}  // namespace caravan
