// caravan route FROM TO [options]: the Pareto set of itineraries a planner should choose between.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "core/text.hpp"
#include "network/countries.hpp"
#include "network/places.hpp"
#include "routing/border_delays.hpp"
#include "routing/planner.hpp"
#include "routing/route_request.hpp"
#include "transit/route_declaration.hpp"

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
  std::string border_delays;  // delay file of `caravan simulate --write-delays`
  std::string declare;        // transit declaration skeleton of itinerary #1 (docs/transit.md)
};

// Writes the transit declaration skeleton of the first itinerary (offices derived from the route).
void write_declaration(const Network& net, const PlanResult& result, const std::string& path) {
  if (result.itineraries.empty()) throw UsageError("--declare: no itinerary to declare");
  const auto skeleton = transit::declaration_skeleton(net, result.itineraries.front());
  std::ofstream out(path, std::ios::trunc);
  if (!(out << skeleton.declaration.dump(2) << "\n")) throw UsageError(fmt::format("--declare: cannot write {}", path));
  std::cerr << fmt::format("caravan route: transit declaration skeleton of itinerary #1 written to {}\n", path);
  for (const auto& [code, place] : skeleton.offices) std::cerr << fmt::format("    {}  {}\n", code, place);
  std::cerr << "  fill in message_id, holder, guarantee and consignments, then: caravan transit declare " << path << "\n";
}

// The flag a RouteRequest field comes from, so messages read as before: "FROM: …", "--eps: …".
std::string flag_of(const std::string& field) {
  if (field == "from") return "FROM";
  if (field == "to") return "TO";
  if (field == "avoid_countries") return "--avoid-country";
  if (field == "avoid_crossings") return "--avoid-crossing";
  if (field == "avoid_chokepoints") return "--avoid-chokepoint";
  std::string flag = "--" + field;
  for (auto& ch : flag) if (ch == '_') ch = '-';
  return flag;
}

RouteQuery build_query(const Network& net, const RouteOptions& o) {
  const PlaceIndex index(net);
  RouteRequest r;
  r.from = o.from;
  r.to = o.to;
  r.via = o.via;
  r.depart = o.depart;
  r.objectives = {o.objectives};
  r.optimize = o.optimize;
  r.eps = o.eps;
  r.max_results = o.max_results;
  r.reliability = o.reliability;
  r.avoid_countries = o.avoid_countries;
  r.avoid_crossings = o.avoid_crossings;
  r.avoid_chokepoints = o.avoid_chokepoints;
  r.modes = {o.modes};
  r.containers = o.containers;
  r.container = o.container;
  r.gross_tonnes = o.gross_tonnes;
  auto built = build_route_query(net, index, r);
  if (!built.errors.empty()) {
    const auto& e = built.errors.front();
    throw UsageError(fmt::format("{}: {}", flag_of(e.field), e.detail));
  }
  return std::move(*built.query);
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
      if (leg.port_dwell.minutes > 0)
        std::cout << fmt::format("        port dwell {:.1f} h at {} after discharge (yard, customs release)\n",
                                 leg.port_dwell.in_hours(), net.nodes[leg.from].name);
      std::cout << fmt::format("    {} {:<28} → {:<28} {:<6} {:>7.0f} km  USD {:>7.0f}  {}\n",
                               format_utc(leg.depart).substr(5, 11), truncate_utf8(net.nodes[leg.from].name, 28),
                               truncate_utf8(net.nodes[leg.to].name, 28), to_string(leg.mode), leg.distance_km,
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
    if (it.destination_dwell.minutes > 0)
      std::cout << fmt::format("        then port dwell {:.1f} h at {} after discharge (yard, customs release)\n",
                               it.destination_dwell.in_hours(), net.nodes[q.to].name);
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
  RouteQuery q = build_query(*net, o);
  std::optional<BorderDelayModel> delays;
  if (!o.border_delays.empty()) {
    Diagnostics diagnostics;
    delays = BorderDelayModel::load(o.border_delays, *net, diagnostics);
    if (!delays) throw UsageError(fmt::format("--border-delays: {}", diagnostics.to_string()));
    q.border_delays = &*delays;
  }
  Planner planner(net);
  const auto result = planner.plan(q, std::chrono::milliseconds(o.budget_ms));
  if (result.budget_exhausted)
    throw UsageError(fmt::format("the search ran out of its time budget ({} ms, --budget-ms) before finishing", o.budget_ms));
  if (o.format == "json") {
    const nlohmann::json out = route_result_json(*net, q, result);
    std::cout << out.dump(2) << "\n";
  } else if (o.format == "geojson") {
    std::cout << itineraries_geojson(*net, result.itineraries).dump() << "\n";
  } else {
    print_table(*net, q, result);
  }
  if (!o.declare.empty()) write_declaration(*net, result, o.declare);
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
  cmd->add_option("--declare", o.declare, "Write a transit declaration skeleton of itinerary #1 to this file");
  cmd->add_option("--border-delays", o.border_delays,
                  "Crossing times from a delay file of `caravan simulate --write-delays` instead of the bundled medians");
  o.data.add_to(*cmd, true);
  cmd->callback([] { route(o); });
}

}  // namespace caravan::cli
