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
  return fmt::format("{} left out: waits {:.0f} d there ({}); the fastest option through it takes {:.0f} d", l.name,
                     l.wait.in_hours() / 24, l.why, l.fastest_days);
}

nlohmann::json access_json(const Network& net) {
  auto out = nlohmann::json::array();
  for (const auto& a : net.access_points) {
    const Node& n = net.nodes[a.node];
    auto reach = nlohmann::json::array();
    for (const auto l : a.links) {
      const Link& link = net.links[l];
      const Node& place = net.nodes[link.from == a.node ? link.to : link.from];
      reach.push_back({{"place", place.id},
                       {"name", place.name},
                       {"link", link.id},
                       {"distance_km", link.distance_km}});
    }
    out.push_back({{"end", kAccessEndNames[static_cast<std::size_t>(a.end)]},
                   {"asked", a.asked},
                   {"node", n.id},
                   {"name", n.name},
                   {"country", to_string(n.country)},
                   {"country_from", a.country_from},
                   {"lat", n.lat},
                   {"lon", n.lon},
                   {"mode", "road"},
                   {"estimated", true},
                   {"distance_basis", fmt::format("great-circle × road_circuity_factor {:g}", net.parameter("road_circuity_factor", 1.25))},
                   {"reaches", std::move(reach)}});
  }
  return out;
}

nlohmann::json route_result_json(const Network& net, const RouteQuery& q, const PlanResult& result,
                                 const ConstraintNamer& name) {
  nlohmann::json out = {{"query", {{"from", net.nodes[q.from].id}, {"to", net.nodes[q.to].id},
                                   {"depart", format_utc(q.depart)}, {"scenario", net.scenario_name},
                                   {"container", to_string(q.cargo.size)}, {"containers", q.cargo.containers},
                                   {"currency", q.currency.code}}},
                        {"itineraries", nlohmann::json::array()}};
  for (const auto& it : result.itineraries) out["itineraries"].push_back(itinerary_json(net, it, q.currency));
  if (!net.access_points.empty()) out["access"] = access_json(net);
  if (!result.left_out.empty()) {
    auto& left_out = out["left_out"] = nlohmann::json::array();
    for (const auto& l : result.left_out)
      left_out.push_back({{"kind", kLeftOutKindNames[static_cast<std::size_t>(l.kind)]},
                          {"id", l.id},
                          {"name", l.name},
                          {"wait_days", std::round(l.wait.in_hours() / 24 * 10) / 10},
                          {"why", l.why},
                          {"fastest_days", std::round(l.fastest_days * 10) / 10},
                          {"note", left_out_note(l)}});
  }
  if (const auto& why = result.no_route) {
    auto& no_route = out["no_route"];
    no_route = {{"reason", no_route_reason(net, q, *why, name)},
                {"cause", kNoRouteCauseNames[static_cast<std::size_t>(why->cause)]}};
    if (why->cause == NoRouteCause::constraint) {
      no_route["constraint"] = constraint_field_name(why->constraint);
      no_route["values"] = why->values;
    }
    if (why->best_without) no_route["best_without"] = itinerary_json(net, *why->best_without, q.currency);
  }
  return out;
}

namespace {

// access_json(), streamed.
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
    for (const auto& l : result.left_out)
      out.begin_object()
          .field("fastest_days", std::round(l.fastest_days * 10) / 10)
          .field("id", l.id)
          .field("kind", kLeftOutKindNames[static_cast<std::size_t>(l.kind)])
          .field("name", l.name)
          .field("note", left_out_note(l))
          .field("wait_days", std::round(l.wait.in_hours() / 24 * 10) / 10)
          .field("why", l.why)
          .end_object();
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
  out.key("query")
      .begin_object()
      .field("container", to_string(q.cargo.size))
      .field("containers", q.cargo.containers)
      .field("currency", q.currency.code)
      .field("depart", format_utc(q.depart))
      .field("from", net.nodes[q.from].id)
      .field("scenario", net.scenario_name)
      .field("to", net.nodes[q.to].id)
      .end_object()
      .end_object();
}

}  // namespace caravan
