// The OpenAPI 3.0 description of the API; tests check that every path in it answers.
#include "api/server.hpp"

namespace caravan::api {

nlohmann::json openapi_document(const ServerSettings& settings) {
  using nlohmann::json;
  const json problem_ref = {{"$ref", "#/components/schemas/Problem"}};
  auto problem_response = [&](const char* description) {
    return json{{"description", description}, {"content", {{"application/problem+json", {{"schema", problem_ref}}}}}};
  };
  auto ok = [](const char* description, const char* media, json schema) {
    return json{{"description", description}, {"content", {{media, {{"schema", std::move(schema)}}}}}};
  };
  const json string_list = {{"type", "array"}, {"items", {{"type", "string"}}}};
  const json scenario_param = {{"name", "scenario"}, {"in", "query"}, {"required", false},
                               {"description", "Scenario name from GET /v1/scenarios (default: the baseline)"},
                               {"schema", {{"type", "string"}}}};

  json route_request = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"from", "to"}},
      {"properties",
       {{"from", {{"type", "string"}, {"description", "Origin: id, name, alias or UN/LOCODE"}, {"example", "Xian"}}},
        {"to", {{"type", "string"}, {"description", "Destination"}, {"example", "Tashkent"}}},
        {"via", {{"type", "array"}, {"maxItems", 16}, {"items", {{"type", "string"}}}, {"description", "Pass through these places, in order"}}},
        {"depart", {{"type", "string"}, {"description", "Departure, ISO 8601 (default: now)"}, {"example", "2025-03-03T08:00Z"}}},
        {"objectives", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"time", "cost", "co2", "risk"}}}}, {"default", {"time", "cost", "co2"}}}},
        {"optimize", {{"type", "string"}, {"enum", {"time", "cost", "co2", "risk"}}, {"description", "Only the single best on this objective"}}},
        {"eps", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}, {"default", 0.05}, {"description", "ε-dominance: hide options within this fraction of another"}}},
        {"max_results", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}, {"default", 7}, {"description", "At most this many itineraries (0 = all)"}}},
        {"reliability", {{"type", "string"}, {"enum", {"median", "p90"}}, {"default", "median"}}},
        {"avoid_countries", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "ISO 3166-1 alpha-2 codes"}}},
        {"avoid_crossings", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "Border crossings (id or name)"}}},
        {"avoid_chokepoints", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape"}}},
        {"modes", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"rail", "road", "ferry", "sea"}}}}, {"default", {"rail", "road", "ferry", "sea"}}}},
        {"containers", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 1}}},
        {"container", {{"type", "string"}, {"enum", {"20ft", "40ft"}}, {"default", "40ft"}}},
        {"gross_tonnes", {{"type", "number"}, {"minimum", 0}, {"description", "Cargo mass (default: payload_t_per_teu per TEU)"}}},
        {"scenario", {{"type", "string"}, {"description", "Scenario name (default: the baseline)"}}}}}};

  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Caravan API"},
        {"version", "0.1.0"},
        {"description",
         "Multimodal freight planning for the China–Central Asia corridors. Errors are RFC 9457 problem details. "
         "Settings: route_budget_ms = " + std::to_string(settings.route_budget_ms) +
             " (search time budget per POST /v1/route; over it the answer is 503), request bodies up to " +
             std::to_string(settings.max_body_bytes) + " bytes (larger: 413)."}}},
      {"paths",
       {{"/v1/health",
         {{"get",
           {{"summary", "Liveness and what is loaded"},
            {"responses", {{"200", ok("Server is up", "application/json", {{"$ref", "#/components/schemas/Health"}})}}}}}}},
        {"/v1/network",
         {{"get",
           {{"summary", "The network as GeoJSON (RFC 7946): nodes, links, crossings"},
            {"parameters", {scenario_param}},
            {"responses",
             {{"200", ok("FeatureCollection", "application/geo+json", {{"type", "object"}})},
              {"400", problem_response("Unknown scenario")}}}}}}},
        {"/v1/places",
         {{"get",
           {{"summary", "Find places and crossings by id, name, alias or UN/LOCODE"},
            {"parameters",
             {{{"name", "q"}, {"in", "query"}, {"required", false}, {"description", "What to look for (all places when empty)"},
               {"schema", {{"type", "string"}}}},
              scenario_param}},
            {"responses",
             {{"200", ok("Matching places (exact matches, else partial ones)", "application/json",
                         {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Place"}}}})},
              {"400", problem_response("Unknown scenario")}}}}}}},
        {"/v1/scenarios",
         {{"get",
           {{"summary", "The bundled scenarios"},
            {"responses", {{"200", ok("Scenarios", "application/json", {{"$ref", "#/components/schemas/Scenarios"}})}}}}}}},
        {"/v1/route",
         {{"post",
           {{"summary", "Plan freight itineraries (the Pareto choices), as `caravan route --format json`"},
            {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/RouteRequest"}}}}}}}}},
            {"responses",
             {{"200", ok("Itineraries, fastest first; no_route explains an empty list", "application/json",
                         {{"$ref", "#/components/schemas/RouteResponse"}})},
              {"400", problem_response("Invalid JSON, unknown field, bad value, unknown/ambiguous place (with candidates) or unknown scenario")},
              {"413", problem_response("Request body larger than 1 MiB")},
              {"503", problem_response("The search ran out of route_budget_ms")}}}}}}},
        {"/v1/openapi.json",
         {{"get", {{"summary", "This document"}, {"responses", {{"200", ok("OpenAPI 3 document", "application/json", {{"type", "object"}})}}}}}}}}},
      {"components",
       {{"schemas",
         {{"RouteRequest", route_request},
          {"Problem",
           {{"type", "object"},
            {"required", {"type", "title", "status"}},
            {"properties",
             {{"type", {{"type", "string"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}}},
              {"detail", {{"type", "string"}}},
              {"errors",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties",
                   {{"pointer", {{"type", "string"}, {"description", "RFC 6901 pointer into the request body"}}},
                    {"parameter", {{"type", "string"}, {"description", "Query parameter at fault"}}},
                    {"detail", {{"type", "string"}}},
                    {"candidates", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}}}}}},
          {"Health",
           {{"type", "object"},
            {"properties",
             {{"status", {{"type", "string"}, {"enum", {"ok"}}}},
              {"nodes", {{"type", "integer"}}},
              {"links", {{"type", "integer"}}},
              {"crossings", {{"type", "integer"}}},
              {"services", {{"type", "integer"}}},
              {"scenarios", {{"type", "integer"}}}}}}},
          {"Place", {{"type", "object"}, {"properties", {{"type", {{"type", "string"}, {"enum", {"node", "crossing"}}}}, {"id", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"matched", {{"type", "string"}}}}}}},
          {"Scenarios",
           {{"type", "object"},
            {"properties",
             {{"scenarios",
               {{"type", "array"},
                {"items", {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}, {"description", {{"type", "string"}}}, {"source", {{"type", "string"}}}}}}}}}}}}},
          {"RouteResponse",
           {{"type", "object"},
            {"required", {"query", "itineraries"}},
            {"properties",
             {{"query", {{"type", "object"}, {"properties", {{"from", {{"type", "string"}}}, {"to", {{"type", "string"}}}, {"depart", {{"type", "string"}}}, {"scenario", {{"type", "string"}}}}}}},
              {"itineraries", {{"type", "array"}, {"items", {{"type", "object"}}}}},
              {"no_route", {{"type", "object"}, {"properties", {{"reason", {{"type", "string"}}}, {"best_without", {{"type", "object"}}}}}}}}}}}}}}}};
  return doc;
}

}  // namespace caravan::api
