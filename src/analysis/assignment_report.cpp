// Renderings of an assignment: JSON (the API's answer), a terminal table and CSV.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/assignment.hpp"
#include "core/text.hpp"

namespace caravan::analysis {
namespace {

using json = nlohmann::json;

double round_to(double v, double step) { return std::round(v / step) * step; }

constexpr std::string_view method_name(AssignMethod m) {
  return m == AssignMethod::aon ? "aon" : m == AssignMethod::msa ? "msa" : "fw";
}

// Saturated: at or over the published capacity.
bool saturated(const ElementLoad& l) { return l.utilisation() && *l.utilisation() >= 1.0 - 1e-9; }

std::vector<const ElementLoad*> by_utilisation(const AssignResult& r) {
  std::vector<const ElementLoad*> out;
  for (const auto& l : r.loads) out.push_back(&l);
  std::stable_sort(out.begin(), out.end(), [](const ElementLoad* a, const ElementLoad* b) {
    return a->utilisation().value_or(-1) > b->utilisation().value_or(-1);
  });
  return out;
}

std::string route_text(const Network& net, const AssignmentGraph& g, const PairFlowResult& p) {
  std::vector<std::string> parts;
  for (const auto e : p.elements) {
    const auto& el = g.elements[static_cast<std::size_t>(e)];
    if (el.kind == ElementKind::crossing) parts.push_back(net.crossings[CrossingIdx{el.index}].id);
    else if (el.kind == ElementKind::service && (parts.empty() || parts.back() != net.services[ServiceIdx{el.index}].id))
      parts.push_back(net.services[ServiceIdx{el.index}].id);
  }
  return join(parts, " ");
}

std::string corridor(const Network& net, const AssignmentGraph& g, const PairFlowResult& p, NodeIdx from) {
  std::vector<std::string> cc{to_string(net.nodes[from].country)};
  for (const auto e : p.elements) {
    const std::string c = to_string(net.nodes[g.elements[static_cast<std::size_t>(e)].to].country);
    if (cc.back() != c) cc.push_back(c);
  }
  return join(cc, "-");
}

}  // namespace

json assignment_json(const Network& net, const AssignmentGraph& g, const std::vector<DemandRow>& demand, const AssignResult& r) {
  json loads = json::array();
  for (const ElementLoad* l : by_utilisation(r)) {
    auto j = element_json(net, g.elements[l->element]);
    j["teu_per_day"] = round_to(l->teu_per_day, 0.001);
    j["teu_per_year"] = round_to(l->teu_per_day * 365, 0.1);
    j["capacity_teu_day"] = l->capacity ? json(*l->capacity) : json();
    j["utilisation"] = l->utilisation() ? json(round_to(*l->utilisation(), 0.0001)) : json();
    j["saturated"] = saturated(*l);
    if (g.elements[l->element].kind == ElementKind::crossing) j["wait_hours"] = round_to(l->wait_hours, 0.01);
    loads.push_back(std::move(j));
  }
  json pairs = json::array();
  for (const auto& p : r.pairs) {
    const auto& d = demand[p.row];
    json j = {{"from", net.nodes[d.from].id},        {"to", net.nodes[d.to].id},
              {"teu_per_year", d.teu_per_year},       {"cargo_class", d.cargo_class},
              {"reachable", p.reachable}};
    if (p.reachable) {
      j["hours"] = round_to(p.hours, 0.01);
      j["cost_usd_per_teu"] = round_to(p.usd, 0.01);
      j["generalized_cost_usd_per_teu"] = round_to(p.generalized_usd, 0.01);
      j["corridor"] = corridor(net, g, p, d.from);
      j["via"] = route_text(net, g, p);
    }
    pairs.push_back(std::move(j));
  }
  json saturated_ids = json::array();
  for (const auto& l : r.loads)
    if (saturated(l)) saturated_ids.push_back(element_json(net, g.elements[l.element]));
  return {{"method", method_name(r.method)},
          {"iterations", r.iterations},
          {"relative_gap", r.relative_gap},
          {"gap_history", r.gap_history},
          {"converged", r.converged},
          {"partial", r.interrupted},
          {"saturated", saturated_ids},
          {"loads", loads},
          {"pairs", pairs}};
}

std::string assignment_table(const Network& net, const AssignmentGraph& g, const std::vector<DemandRow>& demand,
                             const AssignResult& r) {
  std::string out = fmt::format("Assignment ({}): {} iterations, relative gap {:.2e}{}{}\n\n", method_name(r.method),
                                r.iterations, r.relative_gap, r.converged ? " (converged)" : "",
                                r.interrupted ? " — interrupted: partial results" : "");
  out += fmt::format("{:<9} {:<58} {:>10} {:>10} {:>7} {:>8}\n", "element", "name", "TEU/day", "capacity", "util", "wait h");
  std::size_t uncapacitated = 0;
  for (const ElementLoad* l : by_utilisation(r)) {
    const auto& e = g.elements[l->element];
    if (!l->capacity) {  // listed in JSON and CSV; the table keeps to what can saturate
      ++uncapacitated;
      continue;
    }
    out += fmt::format("{:<9} {:<58} {:>10.1f} {:>10} {:>7} {:>8}{}\n", to_string(e.kind),
                       truncate_utf8(element_name(net, e), 58), l->teu_per_day,
                       l->capacity ? fmt::format("{:.0f}", *l->capacity) : "—",
                       l->utilisation() ? fmt::format("{:.0f} %", 100 * *l->utilisation()) : "—",
                       e.kind == ElementKind::crossing ? fmt::format("{:.1f}", l->wait_hours) : "",
                       saturated(*l) ? "  SATURATED" : "");
  }
  if (uncapacitated > 0)
    out += fmt::format("(and {} loaded links without a published capacity: see the csv or json output)\n", uncapacitated);
  out += fmt::format("\n{:<16} {:<16} {:>10} {:<10} {:>8} {:>9}  {}\n", "from", "to", "TEU/year", "class", "days",
                     "USD/TEU", "corridor");
  for (const auto& p : r.pairs) {
    const auto& d = demand[p.row];
    out += fmt::format("{:<16} {:<16} {:>10.0f} {:<10} {:>8} {:>9}  {}\n", net.nodes[d.from].id, net.nodes[d.to].id,
                       d.teu_per_year, d.cargo_class, p.reachable ? fmt::format("{:.1f}", p.hours / 24) : "—",
                       p.reachable ? fmt::format("{:.0f}", p.usd) : "—", p.reachable ? corridor(net, g, p, d.from) : "no route");
  }
  return out;
}

std::string assignment_csv(const Network& net, const AssignmentGraph& g, const std::vector<DemandRow>& demand,
                           const AssignResult& r) {
  std::string out = "kind,id,from,to,teu_per_day,capacity_teu_day,utilisation,saturated,wait_hours\n";
  for (const ElementLoad* l : by_utilisation(r)) {
    const auto& e = g.elements[l->element];
    out += fmt::format("{},{},{},{},{:.3f},{},{},{},{}\n", to_string(e.kind), element_id(net, e), net.nodes[e.from].id,
                       net.nodes[e.to].id, l->teu_per_day, l->capacity ? fmt::format("{}", *l->capacity) : "",
                       l->utilisation() ? fmt::format("{:.4f}", *l->utilisation()) : "", saturated(*l) ? "yes" : "no",
                       e.kind == ElementKind::crossing ? fmt::format("{:.2f}", l->wait_hours) : "");
  }
  out += "\nfrom,to,teu_per_year,cargo_class,reachable,hours,cost_usd_per_teu,generalized_cost_usd_per_teu,corridor\n";
  for (const auto& p : r.pairs) {
    const auto& d = demand[p.row];
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", net.nodes[d.from].id, net.nodes[d.to].id, d.teu_per_year,
                       d.cargo_class, p.reachable ? "yes" : "no", p.reachable ? fmt::format("{:.2f}", p.hours) : "",
                       p.reachable ? fmt::format("{:.2f}", p.usd) : "",
                       p.reachable ? fmt::format("{:.2f}", p.generalized_usd) : "",
                       p.reachable ? corridor(net, g, p, d.from) : "");
  }
  return out;
}

}  // namespace caravan::analysis
