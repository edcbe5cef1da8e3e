#include "network/places.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace caravan {

PlaceIndex::PlaceIndex(const Network& net) : net_(net) {
  auto add = [&](std::string_view text, PlaceCandidate c) {
    std::string folded = fold_name(text);
    if (folded.empty()) return;
    c.matched = std::string(text);
    keys_.push_back({std::move(folded), std::move(c)});
  };
  for (const auto v : net.nodes.indices()) {
    const auto& n = net.nodes[v];
    const PlaceCandidate c{v, CrossingIdx{}, {}};
    add(n.id, c);
    add(n.name, c);
    // "Xi'an (Xi'an International Port / Chanba dry port)" is also known as "Xi'an".
    if (const auto paren = n.name.find(" ("); paren != std::string::npos) add(n.name.substr(0, paren), c);
    for (const auto& alias : n.aliases) add(alias, c);
    if (!n.unlocode.empty()) add(n.unlocode, c);
  }
  for (const auto i : net.crossings.indices()) {
    const auto& x = net.crossings[i];
    const PlaceCandidate c{NodeIdx{}, i, {}};
    add(x.id, c);
    add(x.name, c);
    for (const auto& alias : x.aliases) add(alias, c);
  }
}

PlaceLookup PlaceIndex::find(std::string_view query, bool nodes_only) const {
  PlaceLookup result;
  const std::string q = fold_name(query);
  if (q.empty()) return result;
  auto push_unique = [](std::vector<PlaceCandidate>& list, const PlaceCandidate& c) {
    if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
  };
  for (const auto& key : keys_) {
    if (nodes_only && !key.candidate.node.valid()) continue;
    if (key.folded == q) push_unique(result.exact, key.candidate);
  }
  if (!result.exact.empty()) return result;
  for (const auto& key : keys_) {
    if (nodes_only && !key.candidate.node.valid()) continue;
    if (key.folded.find(q) != std::string::npos) push_unique(result.partial, key.candidate);
  }
  return result;
}

PlaceLookup PlaceIndex::lookup(std::string_view query) const { return find(query, false); }
PlaceLookup PlaceIndex::lookup_node(std::string_view query) const { return find(query, true); }

std::string PlaceIndex::describe(const PlaceCandidate& c) const {
  if (c.node.valid()) {
    const auto& n = net_.nodes[c.node];
    return fmt::format("{} ({}, {})", n.name, n.id, to_string(n.country));
  }
  const auto& x = net_.crossings[c.crossing];
  return fmt::format("{} (crossing {}, {})", x.name, x.id, to_string(x.mode));
}

std::string PlaceIndex::explain(std::string_view query, const PlaceLookup& result) const {
  auto list = [&](const std::vector<PlaceCandidate>& candidates) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < candidates.size() && i < 12; ++i) names.push_back(describe(candidates[i]));
    if (candidates.size() > 12) names.push_back(fmt::format("and {} more", candidates.size() - 12));
    return join(names, "; ");
  };
  if (result.exact.size() == 1) return {};
  if (result.exact.size() > 1) return fmt::format("'{}' is ambiguous: {}", query, list(result.exact));
  if (result.partial.empty()) return fmt::format("unknown place '{}'", query);
  return fmt::format("unknown place '{}'; did you mean: {}", query, list(result.partial));
}

}  // namespace caravan
