#include "border/crossing_lookup.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "request/place_resolver.hpp"

namespace caravan::border {

CrossingIdx find_crossing(const Network& net, const PlaceIndex& places, const std::string& text, Mode mode) {
  if (fold_name(text).empty()) throw ModelError("crossing", "a crossing is needed (id, name or a side's place name)");
  RequestErrors errors;
  const CrossingIdx found = resolve_crossing(net, places, text, mode, {"crossing", "/crossing"}, errors);
  if (errors.empty()) return found;
  std::vector<std::string> ids;
  for (const auto& c : errors.front().candidates)
    ids.push_back(fmt::format("{} ({})", net.crossings[c.crossing].id, to_string(net.crossings[c.crossing].mode)));
  throw ModelError("crossing", errors.front().detail, std::move(ids));
}

}  // namespace caravan::border
