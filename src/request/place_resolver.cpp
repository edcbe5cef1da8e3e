#include "request/place_resolver.hpp"

#include <fmt/format.h>

namespace caravan {

NodeIdx resolve_place(const PlaceIndex& index, std::string_view text, const FieldRef& at, RequestErrors& errors) {
  const auto result = index.lookup_node(text);
  if (result.unique()) return result.exact.front().node;
  std::string why = index.explain(text, result);
  if (why.empty()) why = fmt::format("unknown place '{}'", text);
  errors.push_back({at.field, at.pointer, std::move(why), result.exact.empty() ? result.partial : result.exact, true});
  return NodeIdx{};
}

}  // namespace caravan
