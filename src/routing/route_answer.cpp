#include "routing/route_answer.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/time.hpp"

namespace caravan {

std::string constraint_field_name(Constraint constraint) {
  return std::string(kConstraintFields[static_cast<std::size_t>(constraint)]);
}

std::string no_route_reason(const Network& net, const RouteQuery& q, const NoRouteExplanation& why,
                            const ConstraintNamer& name) {
  switch (why.cause) {
    case NoRouteCause::constraint: {
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

nlohmann::json route_result_json(const Network& net, const RouteQuery& q, const PlanResult& result,
                                 const ConstraintNamer& name) {
  nlohmann::json out = {{"query", {{"from", net.nodes[q.from].id}, {"to", net.nodes[q.to].id},
                                   {"depart", format_utc(q.depart)}, {"scenario", net.scenario_name}}},
                        {"itineraries", nlohmann::json::array()}};
  for (const auto& it : result.itineraries) out["itineraries"].push_back(itinerary_json(net, it));
  if (const auto& why = result.no_route) {
    auto& no_route = out["no_route"];
    no_route = {{"reason", no_route_reason(net, q, *why, name)},
                {"cause", kNoRouteCauseNames[static_cast<std::size_t>(why->cause)]}};
    if (why->cause == NoRouteCause::constraint) {
      no_route["constraint"] = constraint_field_name(why->constraint);
      no_route["values"] = why->values;
    }
    if (why->best_without) no_route["best_without"] = itinerary_json(net, *why->best_without);
  }
  return out;
}

}  // namespace caravan
