#include "routing/route_request.hpp"

#include <cctype>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/time.hpp"
#include "network/countries.hpp"

namespace caravan {
namespace {

struct Item {
  std::string text;
  std::string pointer;
};

// Splits every element on commas, remembering which element each item came from.
std::vector<Item> items(const std::vector<std::string>& values, const std::string& field) {
  std::vector<Item> out;
  for (std::size_t i = 0; i < values.size(); ++i)
    for (auto& part : split_list(values[i], ',')) out.push_back({std::move(part), fmt::format("/{}/{}", field, i)});
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

}  // namespace

NodeIdx resolve_place(const PlaceIndex& index, const std::string& field, const std::string& pointer,
                      const std::string& text, std::vector<RequestError>& errors) {
  const auto result = index.lookup_node(text);
  if (result.unique()) return result.exact.front().node;
  std::string why = index.explain(text, result);
  if (why.empty()) why = fmt::format("unknown place '{}'", text);
  errors.push_back({field, pointer, std::move(why), result.exact.empty() ? result.partial : result.exact, true});
  return NodeIdx{};
}

TimePoint resolve_depart(const std::string& text, std::vector<RequestError>& errors) {
  if (text.empty()) return now_utc();
  std::string why;
  const auto t = parse_iso8601(text, &why);
  if (t) return *t;
  errors.push_back({"depart", "/depart", fmt::format("'{}': {}", text, why), {}});
  return TimePoint{};
}

namespace {
std::shared_ptr<const BorderDelayModel>& default_border_delays() {
  static std::shared_ptr<const BorderDelayModel> model;
  return model;
}
}  // namespace

void set_default_border_delays(std::shared_ptr<const BorderDelayModel> model) { default_border_delays() = std::move(model); }

RouteQueryResult build_route_query(const Network& net, const PlaceIndex& index, const RouteRequest& r) {
  RouteQueryResult out;
  auto fail = [&](std::string field, std::string pointer, std::string detail, std::vector<PlaceCandidate> cand = {}) {
    out.errors.push_back({std::move(field), std::move(pointer), std::move(detail), std::move(cand)});
  };
  auto node = [&](const std::string& field, const std::string& pointer, const std::string& text) {
    return resolve_place(index, field, pointer, text, out.errors);
  };

  RouteQuery q;
  q.from = node("from", "/from", r.from);
  q.to = node("to", "/to", r.to);
  if (q.from.valid() && q.to.valid() && q.from == q.to) fail("to", "/to", "is the same place as the origin");
  for (std::size_t i = 0; i < r.via.size(); ++i) {
    const NodeIdx v = node("via", fmt::format("/via/{}", i), r.via[i]);
    if (v.valid()) q.via.push_back(v);
  }

  q.depart = resolve_depart(r.depart, out.errors);

  q.objectives.mask = 0;
  bool objectives_ok = true;
  for (const auto& item : items(r.objectives, "objectives")) {
    const auto obj = enum_from_name<Objective>(kObjectiveNames, item.text);
    if (!obj) {
      fail("objectives", item.pointer, fmt::format("'{}' is not one of time, cost, co2, risk", item.text));
      objectives_ok = false;
    } else {
      q.objectives.add(*obj);
    }
  }
  if (objectives_ok && q.objectives.mask == 0) fail("objectives", "/objectives", "name at least one of time, cost, co2, risk");
  if (!r.optimize.empty()) {
    const auto obj = enum_from_name<Objective>(kObjectiveNames, r.optimize);
    if (!obj) fail("optimize", "/optimize", fmt::format("'{}' is not one of time, cost, co2, risk", r.optimize));
    else q.optimize = *obj;
  }
  if (!(r.eps >= 0 && r.eps <= 1)) fail("eps", "/eps", fmt::format("{} is not within [0, 1]", r.eps));
  if (r.max_results < 0) fail("max_results", "/max_results", fmt::format("{} is negative (0 = all)", r.max_results));
  q.eps = q.optimize ? 0.0 : r.eps;
  q.max_results = q.optimize ? 1 : r.max_results;
  if (r.reliability == "median") q.reliability = Reliability::median;
  else if (r.reliability == "p90") q.reliability = Reliability::p90;
  else fail("reliability", "/reliability", fmt::format("'{}' is not one of median, p90", r.reliability));
  if (r.containers < 1 || r.containers > 10000)
    fail("containers", "/containers", fmt::format("{} is not within 1..10000", r.containers));
  q.cargo.containers = r.containers;
  if (r.container == "20ft") q.cargo.teu_per_container = 1;
  else if (r.container == "40ft") q.cargo.teu_per_container = 2;
  else fail("container", "/container", fmt::format("'{}' is not one of 20ft, 40ft", r.container));
  if (!(r.gross_tonnes >= 0 && r.gross_tonnes < 1e7)) fail("gross_tonnes", "/gross_tonnes", "must be positive");
  else if (r.gross_tonnes > 0) q.cargo.gross_tonnes = r.gross_tonnes;

  const auto& countries = CountryTable::system();
  for (const auto& item : items(r.avoid_countries, "avoid_countries")) {
    const std::string cc = upper(item.text);
    if (cc.size() != 2 || !countries.find(cc)) {
      fail("avoid_countries", item.pointer, fmt::format("'{}' is not an ISO 3166-1 alpha-2 code", item.text));
      continue;
    }
    q.constraints.avoid_countries.push_back({cc[0], cc[1]});
  }
  for (const auto& item : items(r.avoid_crossings, "avoid_crossings")) {
    if (const auto pair = country_pair(item.text)) {
      // Every crossing of that border, in both directions.
      std::vector<CrossingIdx> found;
      for (const auto x : net.crossings.indices()) {
        const CountryCode a = net.nodes[net.crossings[x].side_a].country, b = net.nodes[net.crossings[x].side_b].country;
        if ((a == pair->first && b == pair->second) || (a == pair->second && b == pair->first)) found.push_back(x);
      }
      if (found.empty())
        fail("avoid_crossings", item.pointer,
             fmt::format("no border crossing between {} and {} in the network", to_string(pair->first), to_string(pair->second)));
      q.constraints.avoid_crossings.insert(q.constraints.avoid_crossings.end(), found.begin(), found.end());
      continue;
    }
    const auto result = index.lookup(item.text);
    std::vector<CrossingIdx> found;
    for (const auto& c : result.exact) {
      if (c.crossing.valid()) found.push_back(c.crossing);
      else
        for (const auto x : net.crossings.indices())
          if (net.crossings[x].side_a == c.node || net.crossings[x].side_b == c.node) found.push_back(x);
    }
    if (found.empty()) {
      const std::string why = index.explain(item.text, result);
      fail("avoid_crossings", item.pointer, why.empty() ? "'" + item.text + "' is not a border crossing" : why,
           result.exact.empty() ? result.partial : result.exact);
      continue;
    }
    q.constraints.avoid_crossings.insert(q.constraints.avoid_crossings.end(), found.begin(), found.end());
  }
  for (const auto& item : items(r.avoid_chokepoints, "avoid_chokepoints")) {
    const auto result = index.lookup_node(item.text);
    if (!result.unique() || net.nodes[result.exact.front().node].kind != NodeKind::chokepoint) {
      fail("avoid_chokepoints", item.pointer,
           fmt::format("'{}' is not one of suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape", item.text));
      continue;
    }
    q.constraints.avoid_nodes.push_back(result.exact.front().node);
  }
  q.constraints.modes_mask = 0;
  bool modes_ok = true;
  for (const auto& item : items(r.modes, "modes")) {
    const auto mode = enum_from_name<Mode>(kModeNames, item.text);
    if (!mode || *mode == Mode::pipeline) {
      fail("modes", item.pointer, fmt::format("'{}' is not one of rail, road, ferry, sea", item.text));
      modes_ok = false;
      continue;
    }
    q.constraints.modes_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(*mode));
  }
  if (modes_ok && q.constraints.modes_mask == 0) fail("modes", "/modes", "name at least one of rail, road, ferry, sea");

  q.border_delays = default_border_delays().get();
  if (out.errors.empty()) out.query = std::move(q);
  return out;
}

nlohmann::json route_result_json(const Network& net, const RouteQuery& q, const PlanResult& result) {
  nlohmann::json out = {{"query", {{"from", net.nodes[q.from].id}, {"to", net.nodes[q.to].id},
                                   {"depart", format_utc(q.depart)}, {"scenario", net.scenario_name}}},
                        {"itineraries", nlohmann::json::array()}};
  for (const auto& it : result.itineraries) out["itineraries"].push_back(itinerary_json(net, it));
  if (result.no_route) {
    out["no_route"] = {{"reason", result.no_route->reason}};
    if (result.no_route->best_without) out["no_route"]["best_without"] = itinerary_json(net, *result.no_route->best_without);
  }
  return out;
}

}  // namespace caravan
