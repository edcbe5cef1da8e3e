// caravan route FROM TO [options]: the Pareto set of itineraries a planner should choose between.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "cli/common.hpp"
#include "core/text.hpp"
#include "network/countries.hpp"
#include "network/places.hpp"
#include "routing/planner.hpp"

namespace caravan::cli {
namespace {

struct RouteOptions {
  DataOptions data;
  std::string from, to;
  std::vector<std::string> via;
  std::string depart;
  std::string objectives = "time,cost,co2";
  std::string optimize;
  double eps = 0.05;
  int max_results = 7;
  std::string reliability = "median";
  std::vector<std::string> avoid_countries, avoid_crossings, avoid_chokepoints;
  std::string modes = "rail,road,ferry,sea";
  int containers = 1;
  std::string container = "40ft";
  double gross_tonnes = 0;
  std::string format = "table";
  int budget_ms = 10000;
};

NodeIdx resolve_node(const PlaceIndex& index, const std::string& flag, const std::string& query) {
  const auto result = index.lookup_node(query);
  if (!result.unique()) throw UsageError(fmt::format("{}: {}", flag, index.explain(query, result)));
  return result.exact.front().node;
}

std::vector<std::string> split_all(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values)
    for (auto& part : split_list(v, ',')) out.push_back(std::move(part));
  return out;
}

RouteQuery build_query(const Network& net, const RouteOptions& o) {
  const PlaceIndex index(net);
  RouteQuery q;
  q.from = resolve_node(index, "FROM", o.from);
  q.to = resolve_node(index, "TO", o.to);
  if (q.from == q.to) throw UsageError("FROM and TO are the same place");
  for (const auto& v : o.via) q.via.push_back(resolve_node(index, "--via", v));
  q.depart = parse_depart(o.depart);
  q.objectives.mask = 0;
  for (const auto& name : split_list(o.objectives, ',')) {
    const auto obj = enum_from_name<Objective>(kObjectiveNames, name);
    if (!obj) throw UsageError(fmt::format("--objectives: '{}' is not one of time, cost, co2, risk", name));
    q.objectives.add(*obj);
  }
  if (q.objectives.mask == 0) throw UsageError("--objectives: name at least one of time, cost, co2, risk");
  if (!o.optimize.empty()) {
    const auto obj = enum_from_name<Objective>(kObjectiveNames, o.optimize);
    if (!obj) throw UsageError(fmt::format("--optimize: '{}' is not one of time, cost, co2, risk", o.optimize));
    q.optimize = *obj;
  }
  if (o.eps < 0 || o.eps > 1) throw UsageError(fmt::format("--eps: {} is not within [0, 1]", o.eps));
  q.eps = q.optimize ? 0.0 : o.eps;
  q.max_results = q.optimize ? 1 : o.max_results;
  q.reliability = o.reliability == "p90" ? Reliability::p90 : Reliability::median;
  if (o.containers < 1 || o.containers > 10000) throw UsageError(fmt::format("--containers: {} is not within 1..10000", o.containers));
  q.cargo.containers = o.containers;
  q.cargo.teu_per_container = o.container == "20ft" ? 1 : 2;
  if (o.gross_tonnes < 0) throw UsageError("--gross-tonnes must be positive");
  if (o.gross_tonnes > 0) q.cargo.gross_tonnes = o.gross_tonnes;

  const auto& countries = CountryTable::system();
  for (const auto& cc : split_all(o.avoid_countries)) {
    const std::string upper = [&] { std::string s = cc; for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch))); return s; }();
    if (upper.size() != 2 || !countries.find(upper))
      throw UsageError(fmt::format("--avoid-country: '{}' is not an ISO 3166-1 alpha-2 code", cc));
    q.constraints.avoid_countries.push_back({upper[0], upper[1]});
  }
  for (const auto& name : split_all(o.avoid_crossings)) {
    const auto result = index.lookup(name);
    std::vector<CrossingIdx> found;
    for (const auto& c : result.exact) {
      if (c.crossing.valid()) found.push_back(c.crossing);
      else
        for (const auto x : net.crossings.indices())
          if (net.crossings[x].side_a == c.node || net.crossings[x].side_b == c.node) found.push_back(x);
    }
    if (found.empty()) throw UsageError(fmt::format("--avoid-crossing: {}", index.explain(name, result).empty() ? "'" + name + "' is not a border crossing" : index.explain(name, result)));
    q.constraints.avoid_crossings.insert(q.constraints.avoid_crossings.end(), found.begin(), found.end());
  }
  for (const auto& name : split_all(o.avoid_chokepoints)) {
    const auto result = index.lookup_node(name);
    if (!result.unique() || net.nodes[result.exact.front().node].kind != NodeKind::chokepoint)
      throw UsageError(fmt::format("--avoid-chokepoint: '{}' is not one of suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape", name));
    q.constraints.avoid_nodes.push_back(result.exact.front().node);
  }
  q.constraints.modes_mask = 0;
  for (const auto& m : split_list(o.modes, ',')) {
    const auto mode = enum_from_name<Mode>(kModeNames, m);
    if (!mode || *mode == Mode::pipeline) throw UsageError(fmt::format("--modes: '{}' is not one of rail, road, ferry, sea", m));
    q.constraints.modes_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(*mode));
  }
  return q;
}

std::string hours_text(double h) {
  if (h < 48) return fmt::format("{:.1f} h", h);
  return fmt::format("{:.1f} d", h / 24);
}

void print_table(const Network& net, const RouteQuery& q, const PlanResult& result) {
  std::cout << fmt::format("{} → {}, departing {}\n", net.nodes[q.from].name, net.nodes[q.to].name,
                           format_with_offset(q.depart, net.time_zone(q.from).offset_minutes(q.depart)));
  int n = 0;
  if (!result.itineraries.empty()) std::cout << "(leg times in UTC; arrivals in local time)\n";
  for (const auto& it : result.itineraries) {
    std::vector<std::string> cc;
    for (auto c : it.countries) cc.push_back(to_string(c));
    std::cout << fmt::format(
        "\n#{}  {}  arrive {}  {:.0f} km  USD {:.0f}  {:.0f} kg CO2e  risk {:.1f} %  via {}  ({} crossings, {} gauge changes, {} transshipments)\n",
        ++n, hours_text(it.duration_hours()), format_with_offset(it.arrive, net.time_zone(q.to).offset_minutes(it.arrive)),
        it.distance_km, it.cost_usd, it.co2e_wtw_kg, it.risk() * 100, join(cc, "-"), it.border_crossings,
        it.gauge_changes, it.transshipments);
    for (const auto& leg : it.legs) {
      std::string what = std::string(to_string(leg.mode));
      if (leg.service.valid()) what += " " + net.services[leg.service].name;
      std::cout << fmt::format("    {} {:<28} → {:<28} {:<6} {:>7.0f} km  USD {:>7.0f}  {}\n",
                               format_utc(leg.depart).substr(5, 11), net.nodes[leg.from].name.substr(0, 28),
                               net.nodes[leg.to].name.substr(0, 28), to_string(leg.mode), leg.distance_km,
                               leg.cost_usd, leg.service.valid() ? net.services[leg.service].name : "");
      if (leg.crossing) {
        const auto& c = net.crossings[leg.crossing->crossing];
        std::cout << fmt::format("        border {}: {:.1f} h to clear{}{}\n", c.name, leg.crossing->processing.in_hours(),
                                 leg.crossing->wait.minutes ? fmt::format(", +{:.1f} h closed ({})", leg.crossing->wait.in_hours(), leg.crossing->why) : "",
                                 leg.crossing->gauge_change ? ", gauge change" : "");
      } else if (leg.wait.minutes > 0) {
        std::cout << fmt::format("        waits {:.1f} h: {}\n", leg.wait.in_hours(), leg.wait_reason);
      }
    }
  }
  if (result.no_route) {
    std::cout << "\nno route: " << result.no_route->reason << "\n";
    if (result.no_route->best_without) {
      const auto& it = *result.no_route->best_without;
      std::vector<std::string> cc;
      for (auto c : it.countries) cc.push_back(to_string(c));
      std::cout << fmt::format("  without it: {} USD {:.0f} via {}\n", hours_text(it.duration_hours()), it.cost_usd, join(cc, "-"));
    }
  }
}

void route(const RouteOptions& o) {
  const auto net = load_or_fail(o.data);
  const RouteQuery q = build_query(*net, o);
  Planner planner(net);
  const auto result = planner.plan(q, std::chrono::milliseconds(o.budget_ms));
  if (result.budget_exhausted)
    throw UsageError(fmt::format("the search ran out of its time budget ({} ms, --budget-ms) before finishing", o.budget_ms));
  if (o.format == "json") {
    nlohmann::json out = {{"query", {{"from", net->nodes[q.from].id}, {"to", net->nodes[q.to].id},
                                     {"depart", format_utc(q.depart)}, {"scenario", net->scenario_name}}},
                          {"itineraries", nlohmann::json::array()}};
    for (const auto& it : result.itineraries) out["itineraries"].push_back(itinerary_json(*net, it));
    if (result.no_route) {
      out["no_route"] = {{"reason", result.no_route->reason}};
      if (result.no_route->best_without) out["no_route"]["best_without"] = itinerary_json(*net, *result.no_route->best_without);
    }
    std::cout << out.dump(2) << "\n";
  } else if (o.format == "geojson") {
    nlohmann::json features = nlohmann::json::array();
    int i = 0;
    for (const auto& it : result.itineraries)
      for (auto& f : itinerary_geojson(*net, it, i++)) features.push_back(std::move(f));
    std::cout << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() << "\n";
  } else {
    print_table(*net, q, result);
  }
  if (result.itineraries.empty()) g_exit_code = 1;
}

}  // namespace

void register_route_command(CLI::App& app) {
  static RouteOptions o;
  auto* cmd = app.add_subcommand("route", "Plan freight itineraries between two places (Pareto choices)");
  cmd->add_option("from", o.from, "Origin (id, name, alias or UN/LOCODE)")->required();
  cmd->add_option("to", o.to, "Destination")->required();
  cmd->add_option("--via", o.via, "Pass through this place (repeatable)");
  cmd->add_option("--depart", o.depart, "Departure, ISO 8601 (default: now)");
  cmd->add_option("--objectives", o.objectives, "Objectives to trade off: time,cost,co2,risk")->default_str("time,cost,co2");
  cmd->add_option("--optimize", o.optimize, "Only the single best on time|cost|co2|risk");
  cmd->add_option("--eps", o.eps, "ε-dominance: hide options within this fraction of another (0 = exact Pareto set)")->default_str("0.05");
  cmd->add_option("--max-results", o.max_results, "At most this many itineraries (0 = all)")->default_str("7");
  cmd->add_option("--reliability", o.reliability, "Border times: median or p90")->check(CLI::IsMember({"median", "p90"}));
  cmd->add_option("--avoid-country", o.avoid_countries, "ISO codes to avoid, e.g. RU,IR");
  cmd->add_option("--avoid-crossing", o.avoid_crossings, "Border crossings to avoid");
  cmd->add_option("--avoid-chokepoint", o.avoid_chokepoints, "suez,bab-el-mandeb,hormuz,malacca,bosporus,gibraltar,cape");
  cmd->add_option("--modes", o.modes, "Allowed modes: rail,road,ferry,sea")->default_str("rail,road,ferry,sea");
  cmd->add_option("--containers", o.containers, "Number of containers")->default_str("1");
  cmd->add_option("--container", o.container, "20ft or 40ft")->check(CLI::IsMember({"20ft", "40ft"}))->default_str("40ft");
  cmd->add_option("--gross-tonnes", o.gross_tonnes, "Cargo mass in tonnes (default: payload_t_per_teu per TEU)");
  cmd->add_option("--format", o.format, "table, json or geojson")->check(CLI::IsMember({"table", "json", "geojson"}));
  cmd->add_option("--budget-ms", o.budget_ms, "Search time budget in milliseconds")->default_str("10000");
  o.data.add_to(*cmd, true);
  cmd->callback([] { route(o); });
}

}  // namespace caravan::cli
