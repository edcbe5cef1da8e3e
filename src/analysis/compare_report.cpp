// Text renderings of a scenario comparison: JSON (the API's answer), CSV and a terminal table.
#include <cmath>

#include <fmt/format.h>

#include "analysis/scenario_compare.hpp"
#include "core/text.hpp"

namespace caravan::analysis {
namespace {

using json = nlohmann::json;

double round_to(double v, double step) { return std::round(v / step) * step; }

json summary_json(const std::optional<RouteSummary>& s) {
  if (!s) return nullptr;
  return {{"hours", round_to(s->hours, 0.01)},   {"cost_usd", round_to(s->cost_usd, 0.01)},
          {"co2e_kg", round_to(s->co2e_kg, 0.1)}, {"risk", round_to(s->risk, 0.0001)},
          {"distance_km", round_to(s->distance_km, 0.1)}, {"corridor", s->corridor},
          {"crossings", s->crossings},           {"chokepoints", s->chokepoints}};
}

json delta_json(const PairComparison& p) {
  if (!p.base || !p.scenario) return nullptr;
  return {{"hours", round_to(p.scenario->hours - p.base->hours, 0.01)},
          {"cost_usd", round_to(p.scenario->cost_usd - p.base->cost_usd, 0.01)},
          {"co2e_kg", round_to(p.scenario->co2e_kg - p.base->co2e_kg, 0.1)},
          {"risk", round_to(p.scenario->risk - p.base->risk, 0.0001)},
          {"distance_km", round_to(p.scenario->distance_km - p.base->distance_km, 0.1)}};
}

// "CN-SG-NL via Malacca, Cape" — the countries, and the sea chokepoints that tell sea routes apart.
std::string corridor_text(const Network& net, const RouteSummary& s) {
  if (s.chokepoints.empty()) return s.corridor;
  std::vector<std::string> names;
  for (const auto& id : s.chokepoints) {
    std::string name = net.nodes[net.node_by_id.at(id)].name;  // "Strait of Malacca", "Suez Canal", "Cape of Good Hope (…)"
    if (name.rfind("Strait of ", 0) == 0) name = name.substr(10);
    name = name.substr(0, name.find(" ("));
    if (const auto canal = name.find(" Canal"); canal != std::string::npos) name = name.substr(0, canal);
    names.push_back(name);
  }
  return s.corridor + " via " + join(names, ", ");
}

std::string num(const std::optional<RouteSummary>& s, double RouteSummary::*field, const char* format) {
  return s ? fmt::format(fmt::runtime(format), (*s).*field) : std::string();
}

}  // namespace

json compare_json(const Network& net, const CompareResult& r) {
  json pairs = json::array();
  std::size_t changed = 0, lost = 0, gained = 0;
  for (const auto& p : r.pairs) {
    changed += p.route_changed() ? 1 : 0;
    lost += (p.base && !p.scenario) ? 1 : 0;
    gained += (!p.base && p.scenario) ? 1 : 0;
    pairs.push_back({{"from", net.nodes[p.pair.from].id},
                     {"to", net.nodes[p.pair.to].id},
                     {"base", summary_json(p.base)},
                     {"scenario", summary_json(p.scenario)},
                     {"delta", delta_json(p)},
                     {"route_changed", p.route_changed()}});
  }
  return {{"base", r.base_name},
          {"scenario", r.scenario_name},
          {"optimize", kObjectiveNames[static_cast<std::size_t>(r.optimize)]},
          {"depart", format_utc(r.depart)},
          {"completed", r.completed},
          {"partial", r.interrupted},
          {"summary", {{"routes_changed", changed}, {"pairs_without_route_in_scenario", lost}, {"pairs_gaining_a_route", gained}}},
          {"pairs", pairs}};
}

std::string compare_csv(const Network& net, const CompareResult& r) {
  std::string out =
      "from,to,route_changed,base_hours,scenario_hours,delta_hours,base_cost_usd,scenario_cost_usd,delta_cost_usd,"
      "base_co2e_kg,scenario_co2e_kg,delta_co2e_kg,base_risk,scenario_risk,delta_risk,base_distance_km,scenario_distance_km,"
      "delta_distance_km,base_corridor,scenario_corridor,base_crossings,scenario_crossings\n";
  for (const auto& p : r.pairs) {
    auto delta = [&](double RouteSummary::*f, const char* format) {
      return p.base && p.scenario ? fmt::format(fmt::runtime(format), (*p.scenario).*f - (*p.base).*f) : std::string();
    };
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", net.nodes[p.pair.from].id,
                       net.nodes[p.pair.to].id, p.route_changed() ? "yes" : "no", num(p.base, &RouteSummary::hours, "{:.2f}"),
                       num(p.scenario, &RouteSummary::hours, "{:.2f}"), delta(&RouteSummary::hours, "{:.2f}"),
                       num(p.base, &RouteSummary::cost_usd, "{:.2f}"), num(p.scenario, &RouteSummary::cost_usd, "{:.2f}"),
                       delta(&RouteSummary::cost_usd, "{:.2f}"), num(p.base, &RouteSummary::co2e_kg, "{:.1f}"),
                       num(p.scenario, &RouteSummary::co2e_kg, "{:.1f}"), delta(&RouteSummary::co2e_kg, "{:.1f}"),
                       num(p.base, &RouteSummary::risk, "{:.4f}"), num(p.scenario, &RouteSummary::risk, "{:.4f}"),
                       delta(&RouteSummary::risk, "{:.4f}"), num(p.base, &RouteSummary::distance_km, "{:.1f}"),
                       num(p.scenario, &RouteSummary::distance_km, "{:.1f}"), delta(&RouteSummary::distance_km, "{:.1f}"),
                       p.base ? p.base->corridor : "",
                       p.scenario ? p.scenario->corridor : "", p.base ? join(p.base->crossings, " ") : "",
                       p.scenario ? join(p.scenario->crossings, " ") : "");
  }
  return out;
}

std::string compare_table(const Network& net, const CompareResult& r) {
  std::size_t changed = 0;
  for (const auto& p : r.pairs) changed += p.route_changed() ? 1 : 0;
  std::string out = fmt::format("{} → {}: best by {} per pair, departing {}\n{} of {} pairs change route{}\n\n",
                                r.base_name, r.scenario_name, kObjectiveNames[static_cast<std::size_t>(r.optimize)],
                                format_utc(r.depart), changed, r.pairs.size(),
                                r.interrupted ? " (interrupted: partial results)" : "");
  out += fmt::format("{:<16} {:<16} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", "from", "to", "base d", "scen d", "Δ days",
                     "Δ km", "Δ USD", "Δ CO2e", "corridor (base → scenario)");
  auto days = [](const std::optional<RouteSummary>& s) { return s ? fmt::format("{:.1f}", s->hours / 24) : "—"; };
  for (const auto& p : r.pairs) {
    std::string dd = "—", dk = "—", dc = "—", de = "—";
    if (p.base && p.scenario) {
      dd = fmt::format("{:+.1f}", (p.scenario->hours - p.base->hours) / 24);
      dk = fmt::format("{:+.0f}", p.scenario->distance_km - p.base->distance_km);
      dc = fmt::format("{:+.0f}", p.scenario->cost_usd - p.base->cost_usd);
      de = fmt::format("{:+.0f}", p.scenario->co2e_kg - p.base->co2e_kg);
    }
    std::string corridor = p.base ? corridor_text(net, *p.base) : "no route";
    if (p.route_changed()) corridor += " → " + (p.scenario ? corridor_text(net, *p.scenario) : std::string("no route"));
    else corridor += " (same route)";
    out += fmt::format("{:<16} {:<16} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", net.nodes[p.pair.from].id,
                       net.nodes[p.pair.to].id, days(p.base), days(p.scenario), dd, dk, dc, de, corridor);
  }
  return out;
}

}  // namespace caravan::analysis
