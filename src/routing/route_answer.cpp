#include "routing/route_answer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/json_writer.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "routing/itinerary_writer.hpp"

namespace caravan {

std::string constraint_field_name(Constraint constraint) {
  return std::string(kConstraintFields[static_cast<std::size_t>(constraint)]);
}

std::string no_route_reason(const Network& net, const RouteQuery& q, const NoRouteExplanation& why,
                            const ConstraintNamer& name) {
  switch (why.cause) {
    case NoRouteCause::constraint: {
      if (why.constraint == Constraint::max_wait_days && q.max_wait)
        return fmt::format("every route waits longer than {} {:g} allows (at {}); without the limit the fastest route is shown",
                           name(why.constraint), q.max_wait->in_hours() / 24, join(why.values, ", "));
      if (why.constraint == Constraint::reefer && !why.values.empty())
        return fmt::format("every route leaves the reefer unplugged longer than {:g} h (reefer_max_unplugged_hours; at {}); "
                           "without the limit the fastest route is shown",
                           net.parameter("reefer_max_unplugged_hours", 72), join(why.values, ", "));
      if (why.constraint == Constraint::reefer)
        return fmt::format("no route runs on services and modes that carry reefers ({}; cargo_rules.csv); without {} the fastest route is shown",
                           name(why.constraint), name(why.constraint));
      if (why.constraint == Constraint::dangerous)
        return fmt::format("every route is closed to UN class {} dangerous goods{}; without {} the fastest route is shown",
                           q.cargo.dangerous_class, why.values.empty() ? "" : fmt::format(" (at {})", join(why.values, ", ")),
                           name(why.constraint));
      std::string what = name(why.constraint);
      if (!why.values.empty()) {
        what += ' ';
        what += join(why.values, ",");
      }
      return fmt::format("every route is cut off by {}; without it the fastest route is shown", what);
    }
    case NoRouteCause::constraints_together:
      return "no route meets all constraints together; without any of them the fastest route is shown";
    case NoRouteCause::unreachable:
      break;
  }
  const std::string where = net.scenario_name.empty() ? "" : fmt::format(" under scenario '{}'", net.scenario_name);
  return fmt::format("no route connects {} and {}{} on open links and services within the search horizon",
                     net.nodes[q.from].name, net.nodes[q.to].name, where);
}

std::string left_out_note(const LeftOut& l) {
  if (l.limit == Constraint::reefer)
    return fmt::format("{} left out: a reefer would be unplugged {:.1f} d there ({}); the fastest option through it takes {:.0f} d", l.name,
                       l.wait.in_hours() / 24, l.why, l.fastest_days);
  return fmt::format("{} left out: waits {:.0f} d there ({}); the fastest option through it takes {:.0f} d", l.name,
                     l.wait.in_hours() / 24, l.why, l.fastest_days);
}

namespace {

// The first and last miles a request added to the network (Network::access_points): where the
// shipper's point is, how its country is known, and the estimated road links to the network.
void write_access(JsonWriter& out, const Network& net) {
  out.key("access").begin_array();
  for (const auto& a : net.access_points) {
    const Node& n = net.nodes[a.node];
    out.begin_object()
        .field("asked", a.asked)
        .field("country", to_string(n.country))
        .field("country_from", a.country_from)
        .field("distance_basis",
               fmt::format("great-circle × road_circuity_factor {:g}", net.parameter("road_circuity_factor", 1.25)))
        .field("end", kAccessEndNames[static_cast<std::size_t>(a.end)])
        .field("estimated", true)
        .field("lat", n.lat)
        .field("lon", n.lon)
        .field("mode", "road")
        .field("name", n.name)
        .field("node", n.id)
        .key("reaches")
        .begin_array();
    for (const auto l : a.links) {
      const Link& link = net.links[l];
      const Node& place = net.nodes[link.from == a.node ? link.to : link.from];
      out.begin_object()
          .field("distance_km", link.distance_km)
          .field("link", link.id)
          .field("name", place.name)
          .field("place", place.id)
          .end_object();
    }
    out.end_array().end_object();
  }
  out.end_array();
}

}  // namespace

void write_route_answer(std::string& body, const Network& net, const RouteQuery& q, const PlanResult& result,
                        const ConstraintNamer& name) {
  JsonWriter out(body);
  out.begin_object();
  if (!net.access_points.empty()) write_access(out, net);
  out.key("itineraries").begin_array();
  for (const auto& it : result.itineraries) write_itinerary_json(out, net, it, q.currency);
  out.end_array();
  if (!result.left_out.empty()) {
    out.key("left_out").begin_array();
    for (const auto& l : result.left_out) {
      out.begin_object()
          .field("fastest_days", std::round(l.fastest_days * 10) / 10)
          .field("id", l.id)
          .field("kind", kLeftOutKindNames[static_cast<std::size_t>(l.kind)]);
      if (l.limit == Constraint::reefer) out.field("limit", "reefer");
      out.field("name", l.name)
          .field("note", left_out_note(l))
          .field("wait_days", std::round(l.wait.in_hours() / 24 * 10) / 10)
          .field("why", l.why)
          .end_object();
    }
    out.end_array();
  }
  if (const auto& why = result.no_route) {
    out.key("no_route").begin_object();
    if (why->best_without) {
      out.key("best_without");
      write_itinerary_json(out, net, *why->best_without, q.currency);
    }
    out.field("cause", kNoRouteCauseNames[static_cast<std::size_t>(why->cause)]);
    if (why->cause == NoRouteCause::constraint) out.field("constraint", constraint_field_name(why->constraint));
    out.field("reason", no_route_reason(net, q, *why, name));
    if (why->cause == NoRouteCause::constraint) {
      out.key("values").begin_array();
      for (const auto& v : why->values) out.value(v);
      out.end_array();
    }
    out.end_object();
  }
  out.key("query").begin_object();
  const Cargo& c = q.cargo;
  if (c.kind != CargoKind::fcl || c.restricted() || c.fresh_produce) {
    // Keys in order, as every object of the answer.
    out.key("cargo").begin_object();
    if (c.dangerous_class > 0) out.field("dangerous", c.dangerous_class);
    if (c.fresh_produce) out.field("fresh_produce", true);
    out.field("kind", to_string(c.kind));
    if (c.pieces > 0) out.field("pieces", c.pieces);
    if (c.reefer) out.field("reefer", true);
    if (c.value_usd) out.field("value_usd", *c.value_usd);
    if (c.kind == CargoKind::lcl || (c.kind == CargoKind::parcel && c.volume_m3 > 0)) out.field("volume_m3", c.volume_m3);
    if (c.kind != CargoKind::fcl) out.field("weight_kg", c.weight_kg);
    out.end_object();
  }
  out.field("container", to_string(q.cargo.size))
      .field("containers", q.cargo.containers)
      .field("currency", q.currency.code)
      .field("depart", format_utc(q.depart))
      .field("from", net.nodes[q.from].id)
      .field("scenario", net.scenario_name)
      .field("to", net.nodes[q.to].id)
      .end_object();
  if (!result.restrictions.empty()) {
    // Dangerous goods: the rules that kept the route off the faster one.
    out.key("restrictions").begin_array();
    for (const auto& d : result.restrictions) {
      const CargoRule& rule = net.cargo_rules[d.rule];
      out.begin_object()
          .field("applies_to", kTariffTargetNames[static_cast<std::size_t>(rule.applies_to)])
          .field("fastest_without_days", std::round(d.fastest_without_days * 10) / 10)
          .field("id", cargo_rule_target_id(net, rule))
          .field("restriction", rule.restriction)
          .field("rule", kCargoRuleKindNames[static_cast<std::size_t>(rule.kind)])
          .end_object();
    }
    out.end_array();
  }
  out.end_object();
}

}  // namespace caravan
