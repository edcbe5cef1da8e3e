#include "request/constraints.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/text.hpp"
#include "network/countries.hpp"
#include "request/place_resolver.hpp"

namespace caravan {
namespace {

struct Item {
  std::string text;
  FieldRef at;
};

// Splits every element on commas, remembering which element each item came from.
std::vector<Item> items(const std::vector<std::string>& values, const std::string& field) {
  std::vector<Item> out;
  for (std::size_t i = 0; i < values.size(); ++i)
    for (auto& part : split_list(values[i], ','))
      out.push_back({std::move(part), {field, fmt::format("/{}/{}", field, i)}});
  return out;
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// "CN-KZ" (either order, any case) names a border between two countries: both codes ISO 3166-1.
std::optional<std::pair<CountryCode, CountryCode>> country_pair(const std::string& text) {
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  const std::string a = upper(text.substr(0, 2)), b = upper(text.substr(3, 2));
  const auto& countries = CountryTable::system();
  if (a == b || !countries.find(a) || !countries.find(b)) return std::nullopt;
  return std::pair{CountryCode{a[0], a[1]}, CountryCode{b[0], b[1]}};
}

void resolve_countries(const Network& net, const std::vector<std::string>& values, RouteConstraints& out, RequestErrors& errors) {
  for (const auto& item : items(values, "avoid_countries")) {
    std::string why;
    if (const auto code = resolve_country(net, item.text, why)) out.avoid_countries.push_back(*code);
    else add_error(errors, item.at, std::move(why));
  }
}

// Every crossing of the border between two countries, in both directions.
std::vector<CrossingIdx> crossings_between(const Network& net, CountryCode x, CountryCode y) {
  std::vector<CrossingIdx> found;
  for (const auto c : net.crossings.indices()) {
    const CountryCode a = net.nodes[net.crossings[c].side_a].country, b = net.nodes[net.crossings[c].side_b].country;
    if ((a == x && b == y) || (a == y && b == x)) found.push_back(c);
  }
  return found;
}

void resolve_crossings(const Network& net, const PlaceIndex& index, const std::vector<std::string>& values,
                       RouteConstraints& out, RequestErrors& errors) {
  auto& avoid = out.avoid_crossings;
  for (const auto& item : items(values, "avoid_crossings")) {
    if (const auto pair = country_pair(item.text)) {
      const auto found = crossings_between(net, pair->first, pair->second);
      if (found.empty())
        add_error(errors, item.at,
                  fmt::format("no border crossing between {} and {} in the network", to_string(pair->first),
                              to_string(pair->second)));
      avoid.insert(avoid.end(), found.begin(), found.end());
      continue;
    }
    // A crossing by name, or a border node: every crossing that node is a side of.
    const auto result = index.lookup(item.text);
    const std::vector<CrossingIdx> found = crossings_named(net, result.exact);
    if (found.empty()) {
      const std::string why = index.explain(item.text, result);
      errors.push_back({item.at.field, item.at.pointer, why.empty() ? "'" + item.text + "' is not a border crossing" : why,
                        result.exact.empty() ? result.partial : result.exact, false});
      continue;
    }
    avoid.insert(avoid.end(), found.begin(), found.end());
  }
}

void resolve_chokepoints(const Network& net, const PlaceIndex& index, const std::vector<std::string>& values,
                         RouteConstraints& out, RequestErrors& errors) {
  for (const auto& item : items(values, "avoid_chokepoints")) {
    const auto result = index.lookup_node(item.text);
    if (!result.unique() || net.nodes[result.exact.front().node].kind != NodeKind::chokepoint) {
      add_error(errors, item.at,
                fmt::format("'{}' is not one of suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape", item.text));
      continue;
    }
    out.avoid_nodes.push_back(result.exact.front().node);
  }
}

void resolve_modes(const std::vector<std::string>& values, RouteConstraints& out, RequestErrors& errors) {
  out.modes_mask = 0;
  bool modes_ok = true;
  for (const auto& item : items(values, "modes")) {
    const auto mode = enum_from_name<Mode>(kModeNames, item.text);
    if (!mode || *mode == Mode::pipeline) {
      add_error(errors, item.at, fmt::format("'{}' is not one of rail, road, ferry, sea, air", item.text));
      modes_ok = false;
      continue;
    }
    out.modes_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(*mode));
  }
  if (modes_ok && out.modes_mask == 0) add_error(errors, {"modes", "/modes"}, "name at least one of rail, road, ferry, sea, air");
}

}  // namespace

// A country as users write it: its ISO code ("RU", any case) or a name or alias of countries.csv
// ("Russia", "Russian Federation", "RUS"), folded like place names. A near miss is answered with
// the closest names.
std::optional<CountryCode> resolve_country(const Network& net, const std::string& text, std::string& why) {
  const std::string cc = upper(text);
  if (cc.size() == 2 && CountryTable::system().find(cc)) return CountryCode{cc[0], cc[1]};
  const std::string folded = fold_name(text);
  const std::size_t slips = folded.size() <= 3 ? 0 : folded.size() <= 5 ? 1 : 2;
  std::vector<std::pair<std::size_t, const CountryNames*>> near;
  for (const auto& c : net.country_names) {
    std::size_t best = edit_distance(folded, fold_name(c.name), slips);
    for (const auto& alias : c.aliases) best = std::min(best, edit_distance(folded, fold_name(alias), slips));
    if (best == 0) return c.code;
    if (best <= slips) near.emplace_back(best, &c);
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (const auto& [d, c] : near) names.push_back(fmt::format("{} ({})", c->name, to_string(c->code)));
  why = names.empty() ? fmt::format("'{}' is not a country (an ISO 3166-1 alpha-2 code or a country name)", text)
                      : fmt::format("'{}' is not a country; did you mean: {}", text, join(names, "; "));
  return std::nullopt;
}

RouteConstraints resolve_constraints(const Network& net, const PlaceIndex& index, const ConstraintRequest& request,
                                     RequestErrors& errors) {
  RouteConstraints out;
  resolve_countries(net, request.avoid_countries, out, errors);
  resolve_crossings(net, index, request.avoid_crossings, out, errors);
  resolve_chokepoints(net, index, request.avoid_chokepoints, out, errors);
  resolve_modes(request.modes, out, errors);
  return out;
}

}  // namespace caravan
