// caravan route FROM TO [options]: the Pareto set of itineraries a planner should choose between.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "core/text.hpp"
#include "network/places.hpp"
#include "routing/border_delays.hpp"
#include "routing/planner.hpp"
#include "request/access_legs.hpp"
#include "request/route_request.hpp"
#include "routing/route_answer.hpp"
#include "transit/route_declaration.hpp"

namespace caravan::cli {
namespace {

// The flags fill the shared request model directly; only what the command line adds sits beside it.
struct RouteOptions {
  DataOptions data;
  RouteRequest request;
  std::string format = "table";
  int budget_ms = 10000;
  std::string border_delays;  // delay file of `caravan simulate --write-delays`
  std::string declare;        // transit declaration skeleton of itinerary #1 (docs/transit.md)
  std::string rates;          // rate card (docs/data-format.md "Rate cards")
};

// Writes the transit declaration skeleton of the first itinerary (offices derived from the route).
void write_declaration(const Network& net, const RouteQuery& q, const PlanResult& result, const std::string& path) {
  if (result.itineraries.empty()) throw UsageError("--declare: no itinerary to declare");
  const auto skeleton = transit::declaration_skeleton(net, result.itineraries.front(), q.cargo);
  std::ofstream out(path, std::ios::trunc);
  if (!(out << skeleton.declaration.dump(2) << "\n")) throw UsageError(fmt::format("--declare: cannot write {}", path));
  std::cerr << fmt::format("caravan route: transit declaration skeleton of itinerary #1 written to {}\n", path);
  for (const auto& [code, place] : skeleton.offices) std::cerr << fmt::format("    {}  {}\n", code, place);
  std::cerr << "  fill in message_id, holder, guarantee and consignments, then: caravan transit declare " << path << "\n";
}

std::string constraint_flag(Constraint constraint) { return flag_of(constraint_field_name(constraint)); }

// The query and the network it runs on: the loaded one, or its copy with a first or last mile.
std::pair<std::shared_ptr<const Network>, RouteQuery> build_query(std::shared_ptr<const Network> net,
                                                                  const RouteRequest& request) {
  // FROM and TO are the command's positional arguments; every other field has its flag.
  std::shared_ptr<const PlaceIndex> index = std::make_shared<const PlaceIndex>(*net);
  RequestErrors errors;
  auto accessed = add_access_legs(net, *index, request, errors);
  if (!errors.empty()) throw request_failure(errors, {"from", "to"});
  if (accessed) {
    net = accessed->network;
    index = accessed->places;
  }
  auto built = build_route_query(*net, *index, accessed ? accessed->request : request);
  if (!built.errors.empty()) throw request_failure(built.errors, {"from", "to"});
  return {net, std::move(*built.query)};
}

// "first mile: Berlin (DE) by road to Frankfurt (Oder) 96 km, …; distances estimated (…)"
void print_access(const Network& net) {
  for (const auto& a : net.access_points) {
    std::vector<std::string> to;
    for (const auto l : a.links) {
      const Link& link = net.links[l];
      to.push_back(fmt::format("{} {:.0f} km", net.nodes[link.from == a.node ? link.to : link.from].name, link.distance_km));
    }
    const Node& n = net.nodes[a.node];
    std::cout << fmt::format("{}: {} ({}, {:.4f},{:.4f}) {} road: {}; road distances estimated (great-circle × {:g})\n",
                             a.end == AccessEnd::first_mile ? "first mile" : "last mile", n.name, to_string(n.country), n.lat,
                             n.lon, a.end == AccessEnd::first_mile ? "to the network by" : "from the network by",
                             join(to, ", "), net.parameter("road_circuity_factor", 1.25));
  }
}

std::string hours_text(double h) {
  if (h < 48) return fmt::format("{:.1f} h", h);
  return fmt::format("{:.1f} d", h / 24);
}

void print_table(const Network& net, const RouteQuery& q, const PlanResult& result) {
  std::cout << fmt::format("{} → {}, departing {}\n", net.nodes[q.from].name, net.nodes[q.to].name,
                           format_with_offset(q.depart, net.time_zone(q.from).offset_minutes(q.depart)));
  print_access(net);
  int n = 0;
  if (!result.itineraries.empty()) std::cout << "(leg times in UTC; arrivals in local time)\n";
  for (const auto& it : result.itineraries) {
    std::vector<std::string> cc;
    for (auto c : it.countries) cc.push_back(to_string(c));
    std::cout << fmt::format(
        "\n#{}  {}  arrive {}  {:.0f} km  USD {:.0f}{}  {:.0f} kg CO2e  risk {:.1f} %  via {}  ({} crossings, {} gauge changes, {} transshipments)\n",
        ++n, hours_text(it.duration_hours()), format_with_offset(it.arrive, net.time_zone(q.to).offset_minutes(it.arrive)),
        it.distance_km, it.cost_usd,
        q.currency.converts() ? fmt::format(" ({} {:.0f})", q.currency.code, it.cost_usd * q.currency.units_per_usd) : "",
        it.co2e_wtw_kg, it.risk() * 100, join(cc, "-"), it.border_crossings,
        it.gauge_changes, it.transshipments);
    std::cout << "    " << cost_breakdown_text(it, q.currency) << "\n";
    std::cout << "    " << risk_text(net, it) << "\n";
    if (it.unplugged) {
      const auto& u = *it.unplugged;
      std::cout << fmt::format("    reefer: longest unplugged {:.1f} h{}; at most {:g} h\n", u.time.in_hours(),
                               u.from.valid() ? fmt::format(" ({} to {})", net.nodes[u.from].name, net.nodes[u.to].name) : "",
                               it.unplugged_limit->in_hours());
    }
    for (const auto r : it.dangerous_unknown)
      std::cout << fmt::format("    dangerous goods: {} ({}): check with the operator\n", net.cargo_rules[r].restriction,
                               cargo_rule_target_id(net, net.cargo_rules[r]));
    for (const auto& c : it.customs) std::cout << "    customs " << parcel_customs_text(net, c) << "\n";
    for (const auto& leg : it.legs) {
      if (leg.port_dwell.minutes > 0)
        std::cout << fmt::format("        port dwell {:.1f} h at {} after discharge (yard, customs release)\n",
                                 leg.port_dwell.in_hours(), net.nodes[leg.from].name);
      std::cout << fmt::format("    {} {:<28} → {:<28} {:<6} {:>7.0f} km  USD {:>7.0f}  {}\n",
                               format_utc(leg.depart).substr(5, 11), truncate_utf8(net.nodes[leg.from].name, 28),
                               truncate_utf8(net.nodes[leg.to].name, 28), to_string(leg.mode), leg.distance_km,
                               leg.cost_usd, leg.service.valid() ? net.services[leg.service].name : std::string(rail_dispatch(it, leg)));
      for (const auto& p : leg.passed) {
        if (!p.scheduled) continue;
        std::cout << fmt::format("        border {} ({}-{}): in the timetable{}\n", net.crossings[p.crossing].name,
                                 to_string(net.nodes[p.entry].country), to_string(net.nodes[p.exit].country),
                                 p.gauge_change ? ", gauge change" : "");
      }
      if (leg.crossing) {
        const auto& c = net.crossings[leg.crossing->crossing];
        // Elapsed time, as CPMM's time to clear counts it; the closed part says who waits and why.
        std::cout << fmt::format("        border {}: {:.1f} h to clear{}{}{}\n", c.name,
                                 (leg.crossing->processing + leg.crossing->wait).in_hours(),
                                 leg.crossing->green_lane ? " in the green lane" : "",
                                 leg.crossing->wait.minutes ? fmt::format(" (of which {:.1f} h closed: {})", leg.crossing->wait.in_hours(), leg.crossing->why) : "",
                                 leg.crossing->gauge_change ? ", gauge change" : "");
      } else if (leg.wait.minutes > 0) {
        std::cout << fmt::format("        waits {:.1f} h: {}\n", leg.wait.in_hours(), leg.wait_reason);
      }
    }
    if (it.destination_dwell.minutes > 0)
      std::cout << fmt::format("        then port dwell {:.1f} h at {} after discharge (yard, customs release)\n",
                               it.destination_dwell.in_hours(), net.nodes[q.to].name);
  }
  for (const auto& l : result.left_out) std::cout << "\n" << left_out_note(l);
  if (std::any_of(result.left_out.begin(), result.left_out.end(), [](const LeftOut& l) { return l.limit == Constraint::max_wait_days; }))
    std::cout << fmt::format("\n(options waiting over {:g} days at one place are not shown; --max-wait-days 0 shows them)\n",
                             q.max_wait->in_hours() / 24);
  if (std::any_of(result.left_out.begin(), result.left_out.end(), [](const LeftOut& l) { return l.limit == Constraint::reefer; }))
    std::cout << "\n(routes leaving a reefer unplugged longer than reefer_max_unplugged_hours are not shown)\n";
  for (const auto& d : result.restrictions)
    std::cout << fmt::format("\ndecided by: {} ({}); the fastest option it keeps the cargo off takes {:.1f} d\n", net.cargo_rules[d.rule].restriction,
                             cargo_rule_target_id(net, net.cargo_rules[d.rule]), d.fastest_without_days);
  if (result.no_route) {
    std::cout << "\nno route: " << no_route_reason(net, q, *result.no_route, constraint_flag) << "\n";
    if (result.no_route->best_without) {
      const auto& it = *result.no_route->best_without;
      std::vector<std::string> cc;
      for (auto c : it.countries) cc.push_back(to_string(c));
      std::cout << fmt::format("  without it: {} USD {:.0f} via {}\n", hours_text(it.duration_hours()), it.cost_usd, join(cc, "-"));
    }
  }
}

void route(const RouteOptions& o) {
  auto [net, q] = build_query(load_or_fail(o.data), o.request);
  const auto card = rate_card_or_fail(o.rates, *net);
  if (card) q.rate_card = &*card;
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
    // The API's streamed answer, indented for reading.
    std::string text;
    write_route_answer(text, *net, q, result, constraint_flag);
    std::cout << nlohmann::json::parse(text).dump(2) << "\n";
  } else if (o.format == "geojson") {
    std::cout << itineraries_geojson(*net, result.itineraries).dump() << "\n";
  } else {
    print_table(*net, q, result);
  }
  if (!o.declare.empty()) write_declaration(*net, q, result, o.declare);
  if (result.itineraries.empty()) g_exit_code = 1;
}

}  // namespace

void register_route_command(CLI::App& app) {
  static RouteOptions o;
  auto* cmd = app.add_subcommand("route", "Plan freight itineraries between two places (Pareto choices)");
  auto& r = o.request;
  cmd->add_option("from", r.from, "Origin (id, name, alias or UN/LOCODE)")->required();
  cmd->add_option("to", r.to, "Destination")->required();
  cmd->add_option("--via", r.via, "Pass through this place (repeatable)");
  cmd->add_option("--depart", r.depart, "Departure, ISO 8601 (default: now)");
  cmd->add_option("--objectives", r.objectives, "Objectives to trade off: time,cost,co2,risk")->allow_extra_args(false)->default_str("time,cost,co2");
  cmd->add_option("--optimize", r.optimize, "Only the single best on time|cost|co2|risk");
  cmd->add_option("--eps", r.eps, "ε-dominance: hide options within this fraction of another (0 = exact Pareto set)")->default_str("0.05");
  cmd->add_option("--max-results", r.max_results, "At most this many itineraries (0 = all)")->default_str("7");
  cmd->add_option("--max-wait-days", r.max_wait_days,
                  "No option waits longer than this at one place (closure, service); 0 = no limit")->default_str("7");
  cmd->add_option("--reliability", r.reliability, "Border times: median or p90")->check(CLI::IsMember({"median", "p90"}));
  cmd->add_flag("--green-lane", r.green_lane,
               "Pre-declared cargo (declaration lodged before departure, AEO): road crossings clear it in their green lanes");
  cmd->add_option("--avoid-country", r.constraints.avoid_countries, "ISO codes to avoid, e.g. RU,IR");
  cmd->add_option("--avoid-crossing", r.constraints.avoid_crossings, "Border crossings to avoid");
  cmd->add_option("--avoid-chokepoint", r.constraints.avoid_chokepoints, "suez,bab-el-mandeb,hormuz,malacca,bosporus,gibraltar,cape");
  cmd->add_option("--modes", r.constraints.modes, "Allowed modes: rail,road,ferry,sea,air (air carries parcels only)")->allow_extra_args(false)->default_str("rail,road,ferry,sea,air");
  cmd->add_flag("--first-mile", r.first_mile,
               "FROM may be a city outside the network or lat,lon: reach the nearest covered places of its country by road");
  cmd->add_flag("--last-mile", r.last_mile,
               "TO may be a city outside the network or lat,lon: leave the network by road from the nearest covered places");
  cmd->add_option("--cargo", r.cargo,
                  "fcl (full containers), lcl (groupage through consolidation hubs) or parcel (express road and air, per chargeable kg)")
      ->default_str("fcl");
  cmd->add_option("--weight-kg", r.weight_kg, "lcl, parcel: actual gross weight in kg");
  cmd->add_option("--volume-m3", r.volume_m3, "lcl, parcel: volume in cubic metres");
  cmd->add_option("--pieces", r.pieces, "lcl, parcel: number of packages");
  cmd->add_option("--value-usd", r.value_usd, "parcel: the goods' value in USD, compared with each country's low-value customs limit");
  cmd->add_flag("--reefer", r.reefer,
               "Temperature-controlled: only services and modes that carry reefers, never unplugged longer than reefer_max_unplugged_hours");
  cmd->add_option("--dangerous", r.dangerous, "Dangerous goods of this UN class (1-9): kept out of what forbids them");
  cmd->add_flag("--fresh-produce", r.fresh_produce, "Plants or plant products: a phytosanitary certificate travels with them");
  cmd->add_option("--containers", r.containers, "Number of containers")->default_str("1");
  cmd->add_option("--container", r.container, "20ft, 40ft or 45ft")->check(CLI::IsMember({"20ft", "40ft", "45ft"}))->default_str("40ft");
  cmd->add_option("--currency", r.currency, "Also give costs in USD|EUR|CNY|KZT|UZS|RUB|TRY (currencies.csv rate on the departure date)")
      ->default_str("USD");
  cmd->add_option("--rates", o.rates, "Rate card CSV overriding the bundled prices for the elements it names (docs/data-format.md)");
  cmd->add_flag("--block-train", r.block_train,
               "Run a train of one's own even below a full train (priced per train; from rail_block_train_teu on it is the default)");
  cmd->add_option("--gross-tonnes", r.gross_tonnes, "Cargo mass in tonnes (default: payload_t_per_teu per TEU)");
  cmd->add_option("--format", o.format, "table, json or geojson")->check(CLI::IsMember({"table", "json", "geojson"}));
  cmd->add_option("--budget-ms", o.budget_ms, "Search time budget in milliseconds")->default_str("10000");
  cmd->add_option("--declare", o.declare, "Write a transit declaration skeleton of itinerary #1 to this file");
  cmd->add_option("--border-delays", o.border_delays,
                  "Crossing times from a delay file of `caravan simulate --write-delays` instead of the bundled medians");
  o.data.add_to(*cmd, true);
  cmd->callback([] { route(o); });
}

}  // namespace caravan::cli
