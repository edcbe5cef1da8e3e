#pragma once
// The answer to a route request: the JSON `caravan route --format json`, POST /v1/route and
// Python's caravan.route give, and the wording of "no route". The planner says which constraint
// cut every route off; the front end says what that constraint is called where the user set it
// (a request field for the API and Python, a flag for the CLI).
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "request/query.hpp"
#include "routing/planner.hpp"

namespace caravan {

// How a front end names a constraint: the API's field ("avoid_countries"), the CLI's flag.
using ConstraintNamer = std::function<std::string(Constraint)>;
// The request field names (request/query.hpp kConstraintFields).
std::string constraint_field_name(Constraint constraint);

// "every route is cut off by avoid_countries RU,KZ; without it the fastest route is shown", …
std::string no_route_reason(const Network& net, const RouteQuery& query, const NoRouteExplanation& why,
                            const ConstraintNamer& name = constraint_field_name);

// "Khunjerab (road) left out: waits 118 d there (seasonal closure 12-01..03-31); the fastest
// option through it takes 153 d".
std::string left_out_note(const LeftOut& l);

// The answer, streamed onto the end of `body` (an HTTP response body) with no document tree
// (core/json_writer.hpp): {"query": {…}, "itineraries": […]}, "access" for a first or last mile
// (where the shipper's point is, how its country is known, the estimated road links to the
// network), "left_out" when the wait limit removed something and, when nothing was found,
// "no_route": {reason, cause, constraint, values, best_without}. The CLI and Python parse it when
// they need a document.
void write_route_answer(std::string& body, const Network& net, const RouteQuery& query, const PlanResult& result,
                        const ConstraintNamer& name = constraint_field_name);

}  // namespace caravan
