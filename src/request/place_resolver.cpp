#include "request/place_resolver.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace caravan {

NodeIdx resolve_place(const PlaceIndex& index, std::string_view text, const FieldRef& at, RequestErrors& errors) {
  const auto result = index.lookup_node(text);
  if (result.unique()) return result.exact.front().node;
  std::string why = index.explain(text, result);
  if (why.empty()) why = fmt::format("unknown place '{}'", text);
  errors.push_back({at.field, at.pointer, std::move(why), result.exact.empty() ? result.partial : result.exact, true});
  return NodeIdx{};
}

std::vector<CrossingIdx> crossings_named(const Network& net, const std::vector<PlaceCandidate>& candidates) {
  std::vector<CrossingIdx> out;
  auto push = [&](CrossingIdx c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  for (const auto& c : candidates) {
    if (c.crossing.valid()) push(c.crossing);
    else
      for (const auto x : net.crossings.indices())
        if (net.crossings[x].side_a == c.node || net.crossings[x].side_b == c.node) push(x);
  }
  return out;
}

namespace {

std::string crossing_list(const Network& net, const std::vector<CrossingIdx>& crossings) {
  std::vector<std::string> names;
  for (const auto c : crossings) names.push_back(fmt::format("{} ({})", net.crossings[c].id, to_string(net.crossings[c].mode)));
  return join(names, ", ");
}

}  // namespace

CrossingIdx resolve_crossing(const Network& net, const PlaceIndex& index, std::string_view text, Mode mode,
                             const FieldRef& at, RequestErrors& errors) {
  const auto result = index.lookup(text);
  std::vector<CrossingIdx> in_mode, suggestions;
  for (const auto c : crossings_named(net, result.exact)) (net.crossings[c].mode == mode ? in_mode : suggestions).push_back(c);
  if (in_mode.size() == 1) return in_mode.front();
  auto fail = [&](std::string detail, const std::vector<CrossingIdx>& candidates) {
    RequestError e{at.field, at.pointer, std::move(detail), {}, true};
    for (const auto c : candidates) e.candidates.push_back({NodeIdx{}, c, net.crossings[c].id});
    errors.push_back(std::move(e));
    return CrossingIdx{};
  };
  if (in_mode.size() > 1) return fail(fmt::format("'{}' is ambiguous: {}", text, crossing_list(net, in_mode)), in_mode);
  // Suggestions only: crossings (or sides) whose names contain the text; for a misspelt ending
  // ("Khorgoz"), those containing its first five letters.
  auto partial = result.exact.empty() ? result.partial : std::vector<PlaceCandidate>{};
  const std::string folded = fold_name(text);
  if (result.exact.empty() && partial.empty() && folded.size() > 5) partial = index.lookup(folded.substr(0, 5)).partial;
  std::vector<CrossingIdx> near = crossings_named(net, partial);
  std::stable_partition(near.begin(), near.end(), [&](CrossingIdx c) { return net.crossings[c].mode == mode; });
  for (const auto c : near)
    if (std::find(suggestions.begin(), suggestions.end(), c) == suggestions.end()) suggestions.push_back(c);
  if (suggestions.size() > 10) suggestions.resize(10);
  const std::string unknown = fmt::format("unknown {} crossing '{}'", to_string(mode), text);
  if (suggestions.empty()) return fail(unknown, {});
  return fail(fmt::format("{}; did you mean: {}", unknown, crossing_list(net, suggestions)), suggestions);
}

}  // namespace caravan
