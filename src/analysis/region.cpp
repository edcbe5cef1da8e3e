#include "analysis/region.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/text.hpp"
#include "network/countries.hpp"
#include "request/constraints.hpp"

namespace caravan::analysis {
namespace {

// European Union member states (as of 2025), the one group name a user can give.
constexpr std::array<std::string_view, 27> kEuropeanUnion = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};

bool is_country_code(std::string_view s) {
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
         CountryTable::system().find(s) != nullptr;
}

void add_country(const Network& net, std::string_view code, std::vector<NodeIdx>& out) {
  for (const auto v : net.nodes.indices())
    if (to_string(net.nodes[v].country) == code) out.push_back(v);
}

}  // namespace

RegionResult parse_region(const Network& net, const PlaceIndex& index, std::string_view text) {
  RegionResult r;
  r.region.label = std::string(trim(text));
  const auto items = split_list(text, ',');
  if (items.empty()) {
    r.error = "name at least one country code or place";
    return r;
  }
  for (const auto& item : items) {
    const std::size_t before = r.region.nodes.size();
    if (item == "EU") {
      for (const auto code : kEuropeanUnion) add_country(net, code, r.region.nodes);
    } else if (is_country_code(item)) {
      add_country(net, item, r.region.nodes);
      if (r.region.nodes.size() == before) {
        r.error = fmt::format("country '{}' has no places in the network", item);
        return r;
      }
    } else {
      const auto found = index.lookup_node(item);
      std::string not_country;
      if (!found.unique() && found.exact.empty()) {
        // Not a place: a country by name ("Kazakhstan", "Russian Federation")?
        if (const auto code = resolve_country(net, item, not_country)) {
          add_country(net, to_string(*code), r.region.nodes);
          if (r.region.nodes.size() == before) {
            r.error = fmt::format("country '{}' has no places in the network", item);
            return r;
          }
          continue;
        }
      }
      if (!found.unique()) {
        const std::string why = index.explain(item, found);
        r.error = why.empty() ? fmt::format("unknown place or country code '{}'", item) : why;
        return r;
      }
      r.region.nodes.push_back(found.exact.front().node);
    }
  }
  std::sort(r.region.nodes.begin(), r.region.nodes.end());
  r.region.nodes.erase(std::unique(r.region.nodes.begin(), r.region.nodes.end()), r.region.nodes.end());
  return r;
}

}  // namespace caravan::analysis
