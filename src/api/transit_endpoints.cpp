#include "api/transit_endpoints.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "api/body_reader.hpp"
#include "api/guarded_server.hpp"
#include "api/http_json.hpp"
#include "transit/check_digits.hpp"
#include "transit/problems.hpp"
#include "transit/route_declaration.hpp"
#include "transit/service.hpp"

namespace caravan::api {

namespace {

using nlohmann::json;
using transit::Actor;
using transit::Reply;

struct TransitContext {
  TransitSetup setup;
  std::unique_ptr<transit::TransitService> service;
  std::mutex roster_file_mutex;  // one registration writes the roster file at a time
};

// Whether the key headers are exactly as sent: httplib trims trailing spaces, decodes %XX and its
// get_header_value cuts a value at NUL, so "KEY ", "KEY%00" or "KEY\0…" would otherwise match KEY.
// A key header may hold only visible ASCII (and the one space after "Bearer"), without '%'.
bool key_headers_clean(std::string_view head) {
  for (std::size_t start = 0; start < head.size();) {
    const std::size_t end = std::min(head.find("\r\n", start), head.size());
    const std::string_view line = head.substr(start, end - start);
    start = end + 2;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name;
    for (const char c : line.substr(0, colon)) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "authorization" && name != "x-api-key") continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (value.empty() || value.back() == ' ' || value.back() == '\t') return false;
    for (const char c : value)
      if (c == '%' || c == '\t' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}

// The actor of the request's API key, or a 401 answered.
std::optional<Actor> authenticate(const TransitContext& ctx, const httplib::Request& req, httplib::Response& res) {
  // The values as parsed (NUL included), not get_header_value's C-string copies.
  auto header = [&](const char* name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string() : it->second;
  };
  std::string key = header("X-Api-Key");
  const std::string auth = header("Authorization");
  if (key.empty() && auth.rfind("Bearer ", 0) == 0) key = auth.substr(7);
  const auto* scope = current_request();
  const bool clean = key.find('\0') == std::string::npos && (!scope || key_headers_clean(scope->raw_head()));
  std::optional<Actor> actor;
  try {
    // The roster lives in the store: a store that cannot answer cannot authenticate either.
    if (!key.empty() && clean) actor = ctx.setup.roster->by_api_key(key);
  } catch (const std::exception& e) {
    problem(res, 503, "store-unavailable", "Store unavailable",
            fmt::format("the transit store failed reading the roster ({}); send the request again", e.what()));
    return std::nullopt;
  }
  if (!actor) {
    res.set_header("WWW-Authenticate", "Bearer");
    // A key that was rotated away says so (its holder knew it already): the actor's new key file
    // is the one to use.
    std::optional<transit::ActorKey> retired;
    try {
      if (!key.empty() && clean) retired = ctx.setup.roster->retired_by_api_key(key);
    } catch (const std::exception&) {
      // Only the wording of the refusal depends on it.
    }
    problem(res, 401, "unauthorized", "Unauthorized",
            key.empty() ? "an API key is required (Authorization: Bearer KEY or X-Api-Key)"
            : !clean    ? "malformed API key header (only visible ASCII, nothing after the key)"
            : retired   ? fmt::format("API key retired: actor '{}' rotated its key at {}; use its new key file",
                                      retired->actor.id, retired->valid_until)
                        : "unknown API key");
  }
  return actor;
}

void answer(const Reply& r, httplib::Response& res, const std::string& what) {
  if (r.ok()) {
    if (r.replay) res.set_header("Idempotent-Replay", "true");
    send_json(res, r.body, r.status);
    return;
  }
  std::string slug = "invalid-message", title = "Invalid message";
  if (r.status == 404) slug = "not-found", title = "Not found";
  else if (r.status == 403) slug = "forbidden", title = "Forbidden";
  else if (r.status == 409) slug = "conflict", title = "Conflict with the declaration's state";
  const auto& first = r.problems.front();
  const std::string detail =
      r.problems.size() == 1 ? fmt::format("{} {}: {}", static_cast<int>(first.code), transit::problem_title(first.code), first.message)
                             : fmt::format("{} problems in the {}", r.problems.size(), what);
  problem(res, r.status, slug, title, detail, r.body["errors"]);
}

// Runs a handler, turning store failures into 503 (the message was not applied; resend it).
// Declarations are for holders and customs: an administrator's key only manages the roster.
template <typename F>
httplib::Server::Handler guarded(std::shared_ptr<TransitContext> ctx, F f) {
  return [ctx, f](const httplib::Request& req, httplib::Response& res) {
    const std::optional<Actor> actor = authenticate(*ctx, req, res);
    if (!actor) return;
    if (actor->role == transit::Role::administrator)
      return problem(res, 403, "forbidden", "Forbidden", "an administrator registers actors; it sends and reads no declaration");
    try {
      f(*ctx, *actor, req, res);
    } catch (const std::exception& e) {
      problem(res, 503, "store-unavailable", "Store unavailable",
              fmt::format("the transit store failed ({}); nothing was acknowledged, send the message again", e.what()));
    }
  };
}


// The roster line an administrator sends (the line `caravan transit keygen` prints): the sender
// authenticated as an administrator, the body read and parsed; otherwise the answer (401, 403,
// 400 with the field's pointer) is given and nothing is returned. `act` says what only an
// administrator may do.
std::optional<Actor> administrator_roster_line(TransitContext& ctx, const httplib::Request& req, httplib::Response& res,
                                               std::string_view act) {
  const std::optional<Actor> admin = authenticate(ctx, req, res);
  if (!admin) return std::nullopt;
  if (admin->role != transit::Role::administrator) {
    problem(res, 403, "forbidden", "Forbidden", fmt::format("only an administrator's key {}", act));
    return std::nullopt;
  }
  json body;
  if (!read_json_object(req, res, body)) return std::nullopt;
  try {
    return transit::actor_from_roster_entry(body, "");
  } catch (const transit::RosterError& e) {
    problem(res, 400, "invalid-request", "Invalid actor", e.what(), json::array({{{"pointer", e.pointer()}, {"detail", e.detail()}}}));
    return std::nullopt;
  }
}

// POST /v1/transit/actors: an administrator registers an actor's roster entry (the line
// `caravan transit keygen` prints: public key and API key hash, nothing secret).
void register_actor(TransitContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::optional<Actor> line = administrator_roster_line(ctx, req, res, "registers actors");
  if (!line) return;
  const Actor& actor = *line;
  auto conflict = [&](const char* pointer, const std::string& detail) {
    problem(res, 409, "conflict", "Conflict with the roster", detail, json::array({{{"pointer", pointer}, {"detail", detail}}}));
  };
  std::lock_guard lock(ctx.roster_file_mutex);
  switch (ctx.setup.roster->add(actor, transit::utc_now_iso())) {
    case transit::ActorRoster::Added::id_taken:
      return conflict("/id", fmt::format("actor '{}' is already in the roster", actor.id));
    case transit::ActorRoster::Added::api_key_taken:
      return conflict("/api_key_sha256", "this API key belongs to another actor");
    case transit::ActorRoster::Added::added: break;
  }
  if (!ctx.setup.roster_path.empty()) {
    try {
      ctx.setup.roster->save(ctx.setup.roster_path);
    } catch (const std::exception& e) {
      return problem(res, 503, "store-unavailable", "Roster not saved",
                     fmt::format("actor '{}' is registered until the server restarts: {}", actor.id, e.what()));
    }
  }
  res.set_header("Location", "/v1/transit/roster");
  send_json(res, transit::public_entry(actor), 201);
}

// PUT /v1/transit/actors/{id}: an administrator replaces an actor's key (public key and API key
// hash) with the roster line of its new key file. The old key stops working with the answer (on
// every server sharing the store: each request reads the roster there); entries signed before
// keep verifying against the key that was valid then (GET /v1/transit/roster lists it under
// previous_keys).
void rotate_actor(TransitContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::optional<Actor> line = administrator_roster_line(ctx, req, res, "rotates actors' keys");
  if (!line) return;
  const Actor& actor = *line;
  const std::string id = req.matches[1];
  auto refuse = [&](int status, const char* pointer, const std::string& detail) {
    problem(res, status, status == 404 ? "not-found" : status == 409 ? "conflict" : "invalid-request",
            status == 404 ? "Not found" : status == 409 ? "Conflict with the roster" : "Invalid actor", detail,
            json::array({{{"pointer", pointer}, {"detail", detail}}}));
  };
  if (actor.id != id) return refuse(400, "/id", fmt::format("the line is actor '{}', the path names '{}'", actor.id, id));
  std::lock_guard lock(ctx.roster_file_mutex);
  const std::string at = transit::utc_now_iso();
  switch (ctx.setup.roster->rotate(actor, at)) {
    case transit::RosterChange::done: break;
    case transit::RosterChange::unknown_actor:
      return refuse(404, "/id", fmt::format("no actor '{}' in the roster: register it with POST /v1/transit/actors", id));
    case transit::RosterChange::different_actor:
      return refuse(409, "/role", "a rotation keeps the actor's role, country and party; register a new actor for others");
    case transit::RosterChange::api_key_taken:
      return refuse(409, "/api_key_sha256", "this API key is, or was, registered: the new key file has a new API key");
    case transit::RosterChange::key_reused:
      return refuse(409, "/public_key", fmt::format("actor '{}' has, or had, this public key: rotate to a new key pair", id));
    case transit::RosterChange::id_taken:
      return refuse(409, "/id", "actor already registered");
  }
  if (!ctx.setup.roster_path.empty()) {
    try {
      ctx.setup.roster->save(ctx.setup.roster_path);
    } catch (const std::exception& e) {
      return problem(res, 503, "store-unavailable", "Roster not saved",
                     fmt::format("actor '{}' has its new key until the server restarts: {}", actor.id, e.what()));
    }
  }
  json answer = transit::public_entry(actor);
  answer["valid_from"] = at;
  send_json(res, answer, 200);
}

// GET /v1/transit/roster: the public keys a verifier checks a chain against (`caravan transit
// verify --roster`), each actor's retired keys with the time they were valid, for any actor's key.
void send_roster(TransitContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authenticate(ctx, req, res)) return;
  send_json(res, {{"server_public_key", ctx.setup.server_key.public_key}, {"actors", ctx.setup.roster->public_entries()}});
}

json error_list_schema() {
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", {"code", "pointer", "detail"}},
            {"properties",
             {{"code", {{"type", "integer"}, {"description", "1xx field, 2xx state, 3xx functional (docs/transit.md)"}}},
              {"class", {{"type", "string"}, {"enum", {"field", "state", "functional"}}}},
              {"title", {{"type", "string"}}},
              {"pointer", {{"type", "string"}, {"description", "RFC 6901 pointer into the message"}}},
              {"detail", {{"type", "string"}}}}}}}};
}

const json kDeclarationRef = {{"$ref", "#/components/schemas/TransitDeclaration"}};

// The transit paths, each with its security, parameters, body and answers.
void describe_paths(json& doc) {
  const json security = json::array({{{"transitApiKey", json::array()}}});
  auto problem_response = [](const std::string& text) {
    return json{{"description", text},
                {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/TransitProblem"}}}}}}}};
  };
  const json id_param = {{"name", "id"}, {"in", "path"}, {"required", true},
                         {"description", "transit reference number (18 characters, ISO 7064 MOD 97-10 check digits)"},
                         {"schema", {{"type", "string"}, {"pattern", "^[0-9]{2}[A-Z]{2}[0-9]{14}$"}}}};
  const json& declaration_ref = kDeclarationRef;
  auto json_body = [](const std::string& schema) {
    return json{{"required", true}, {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + schema}}}}}}}};
  };
  auto ok = [](const std::string& text, const json& schema, const std::string& type = "application/json") {
    return json{{"description", text}, {"content", {{type, {{"schema", schema}}}}}};
  };
  const json outcome = {{"$ref", "#/components/schemas/TransitOutcome"}};
  doc["paths"]["/v1/transit/declarations"] = {
      {"post",
       {{"summary", "Lodge a transit declaration (accepted at once when valid; the transit reference is issued)"},
        {"security", security},
        {"requestBody", json_body("TransitDeclarationSubmission")},
        {"responses",
         {{"201", ok("accepted (or the first outcome of this message_id, with Idempotent-Replay: true)", outcome)},
          {"400", problem_response("not a JSON object, or the signature missing (340) or malformed (341)")},
          {"401", problem_response("missing or unknown API key")},
          {"403", problem_response("not signed with the actor's roster key (342), the actor may not lodge declarations (321) or not for this holder (320)")},
          {"409", problem_response("message_id used by another actor (330)")},
          {"422", problem_response("field problems (1xx), all at once, each with a JSON pointer")}}}}},
      {"get",
       {{"summary", "The declarations the calling actor may see (a holder: its own; customs: those crossing its country)"},
        {"security", security},
        {"responses",
         {{"200", ok("declarations, as this actor may see them",
                     {{"type", "object"}, {"properties", {{"declarations", {{"type", "array"}, {"items", declaration_ref}}}}}})},
          {"401", problem_response("missing or unknown API key")}}}}}};
  doc["paths"]["/v1/transit/declarations/{id}"] = {
      {"get",
       {{"summary", "One declaration as the calling actor may see it"},
        {"security", security},
        {"parameters", json::array({id_param})},
        {"responses",
         {{"200", ok("the declaration (customs: only what its legs need)", declaration_ref)},
          {"401", problem_response("missing or unknown API key")},
          {"404", problem_response("unknown, or not visible to this actor (no data)")}}}}}};
  doc["paths"]["/v1/transit/declarations/{id}/events"] = {
      {"post",
       {{"summary", "Send an event: start, terminate, discharge, refuse (customs of the leg); amend, cancel (holder)"},
        {"security", security},
        {"parameters", json::array({id_param})},
        {"requestBody", json_body("TransitEvent")},
        {"responses",
         {{"200", ok("applied (or the first outcome of this message_id, with Idempotent-Replay: true)", outcome)},
          {"400", problem_response("not a JSON object, or the signature missing (340) or malformed (341)")},
          {"401", problem_response("missing or unknown API key")},
          {"403", problem_response("not signed with the actor's roster key for this declaration (342), or the actor may not send this event (321)")},
          {"404", problem_response("unknown, or not visible to this actor (no data)")},
          {"409", problem_response("not possible in the current state (2xx); nothing changed, resend later")},
          {"422", problem_response("field (1xx) or functional (3xx) problems")}}}}}};
  doc["paths"]["/v1/transit/actors"] = {
      {"post",
       {{"summary", "Register an actor's public key and API key hash (an administrator's key)"},
        {"security", security},
        {"requestBody", json_body("TransitActor")},
        {"responses",
         {{"201", ok("registered: the actor's public entry", {{"type", "object"}})},
          {"400", problem_response("not a roster entry (pointer to the field; a secret key or a clear API key is refused)")},
          {"401", problem_response("missing or unknown API key")},
          {"403", problem_response("the key is not an administrator's")},
          {"409", problem_response("the actor id or the API key is already registered")}}}}}};
  doc["paths"]["/v1/transit/actors/{id}"] = {
      {"put",
       {{"summary", "Rotate an actor's key (an administrator's key): the roster line of its new key file replaces the current "
                    "key at once on every server sharing the store; the old key verifies the entries of its period"},
        {"security", security},
        {"parameters", json::array({{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}},
                                     {"description", "the actor id"}}})},
        {"requestBody", json_body("TransitActor")},
        {"responses",
         {{"200", ok("rotated: the actor's public entry with valid_from", {{"type", "object"}})},
          {"400", problem_response("not a roster entry, or the line of another actor (pointer to the field)")},
          {"401", problem_response("missing, unknown or retired API key")},
          {"403", problem_response("the key is not an administrator's")},
          {"404", problem_response("no such actor")},
          {"409", problem_response("another role, country or party; a public key or API key the roster has or had")}}}}}};
  doc["paths"]["/v1/transit/roster"] = {
      {"get",
       {{"summary", "The actors' public keys and the server's countersigning key, the roster an audit chain is verified against offline (`caravan transit verify`)"},
        {"security", security},
        {"responses",
         {{"200", ok("{server_public_key, actors: [{id, role, country?, party?, public_key?, valid_from?, previous_keys?: "
                     "[{public_key, valid_from?, valid_until}]}]}", {{"type", "object"}})},
          {"401", problem_response("missing or unknown API key")}}}}}};
  doc["paths"]["/v1/transit/declarations/{id}/audit"] = {
      {"get",
       {{"summary", "The audit chain export (JSON Lines; entries of other countries' operations withheld for customs)"},
        {"security", security},
        {"parameters", json::array({id_param})},
        {"responses",
         {{"200", ok("export in the caravan-transit-audit/3 format (its header carries the signed head); check it with `caravan transit verify`",
                     {{"type", "string"}}, "application/x-ndjson")},
          {"401", problem_response("missing or unknown API key")},
          {"404", problem_response("unknown, or not visible to this actor (no data)")}}}}}};
}

// What an actor sends: the declaration and the events, with the API key scheme.
void describe_requests(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  auto& schemes = doc["components"]["securitySchemes"];
  schemes["transitApiKey"] = {{"type", "http"}, {"scheme", "bearer"},
                              {"description", "an actor's API key, registered as its SHA-256 in the transit roster (docs/transit.md)"}};
  const json office = {{"type", "string"}, {"pattern", "^[A-Z]{2}[A-Z0-9]{6}$"}};
  const json mode = {{"type", "string"}, {"enum", {"road", "rail", "sea", "inland_waterway", "air"}}};
  const json message_id = {{"type", "string"}, {"pattern", "^[A-Za-z0-9._:-]{1,64}$"}};
  const json signature = {{"type", "string"}, {"pattern", "^[0-9a-f]{128}$"},
                          {"description", "the sender's Ed25519 signature of the message's canonical form (docs/transit.md \"Signed messages\")"}};
  const json hex32 = {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}};
  schemas["TransitActor"] = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"id", "role", "api_key_sha256"}},
      {"description", "a roster entry as `caravan transit keygen` prints it: public key and API key hash, nothing secret"},
      {"properties",
       {{"id", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]+$"}}},
        {"role", {{"type", "string"}, {"enum", {"holder", "customs", "administrator"}}}},
        {"country", {{"type", "string"}, {"pattern", "^[A-Z]{2}$"}, {"description", "customs: required"}}},
        {"party", {{"type", "string"}, {"description", "holder: the only holder id it may declare"}}},
        {"public_key", hex32},
        {"api_key_sha256", hex32}}}};
  schemas["TransitDeclarationSubmission"] = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"message_id", "mode", "holder", "guarantee", "consignments", "itinerary", "signature"}},
      {"properties",
       {{"message_id", message_id},
        {"signature", signature},
        {"local_reference", {{"type", "string"}, {"maxLength", 22}}},
        {"mode", mode},
        {"departure",
         {{"type", "string"}, {"description", "Planned departure, ISO 8601; lodged before it, the declaration is pre_lodged (green lanes)"}}},
        {"holder",
         {{"type", "object"}, {"required", {"id", "name", "country"}},
          {"properties", {{"id", {{"type", "string"}, {"maxLength", 35}}}, {"name", {{"type", "string"}, {"maxLength", 70}}},
                          {"country", {{"type", "string"}, {"pattern", "^[A-Z]{2}$"}}}}}}},
        {"guarantee",
         {{"type", "object"}, {"required", {"reference", "amount", "currency"}},
          {"properties", {{"reference", {{"type", "string"}, {"pattern", "^[A-Z0-9]{1,24}$"}}},
                          {"amount", {{"type", "number"}, {"exclusiveMinimum", 0}}},
                          {"currency", {{"type", "string"}, {"pattern", "^[A-Z]{3}$"}}}}}}},
        {"consignments",
         {{"type", "array"}, {"minItems", 1},
          {"items",
           {{"type", "object"}, {"required", {"items"}},
            {"properties",
             {{"items",
               {{"type", "array"}, {"minItems", 1},
                {"items",
                 {{"type", "object"}, {"required", {"hs6", "description", "gross_mass_kg", "packages"}},
                  {"properties", {{"hs6", {{"type", "string"}, {"pattern", "^[0-9]{6}$"}}},
                                  {"national_code", {{"type", "string"}, {"pattern", "^[0-9]{8,10}$"}}},
                                  {"description", {{"type", "string"}, {"maxLength", 512}}},
                                  {"gross_mass_kg", {{"type", "number"}, {"exclusiveMinimum", 0}}},
                                  {"packages", {{"type", "integer"}, {"minimum", 1}}}}}}}}},
              {"transport_equipment",
               {{"type", "array"},
                {"items",
                 {{"type", "object"}, {"required", {"container", "number_of_seals"}},
                  {"properties", {{"container", {{"type", "string"}, {"pattern", "^[A-Z]{3}[UJZ][0-9]{7}$"}}},
                                  {"number_of_seals", {{"type", "integer"}, {"minimum", 0}, {"maximum", 99}}},
                                  {"seals", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}}}}}}}}}},
        {"itinerary",
         {{"type", "array"}, {"minItems", 2},
          {"items", {{"type", "object"}, {"required", {"office"}},
                     {"properties", {{"office", office}, {"mode", mode}, {"transshipment", {{"type", "string"}}}}}}}}}}}};
  schemas["TransitEvent"] = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"message_id", "type", "signature"}},
      {"properties",
       {{"message_id", message_id},
        {"signature", signature},
        {"type", {{"type", "string"}, {"enum", {"start", "terminate", "discharge", "refuse", "amend", "cancel"}}}},
        {"operation_id", {{"type", "string"}, {"maxLength", 35}, {"description", "customs events: unique per declaration"}}},
        {"sequence", {{"type", "integer"}, {"minimum", 1}, {"description", "customs events: unique per declaration"}}},
        {"office", office},
        {"leg", {{"type", "integer"}, {"minimum", 1}}},
        {"reason", {{"type", "string"}, {"maxLength", 512}}},
        {"changes",
         {{"type", "array"},
          {"items", {{"type", "object"}, {"required", {"pointer", "value"}},
                     {"properties", {{"pointer", {{"type", "string"}}}, {"value", json::object()}}}}}}}}}};
}

// What the server answers: a declaration, an outcome, a problem.
void describe_answers(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  const json& declaration_ref = kDeclarationRef;
  schemas["TransitDeclaration"] = {
      {"type", "object"},
      {"description", "a declaration with its state, legs and guarantee status; customs see a reduced view"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"version", {{"type", "integer"}}},
        {"state", {{"type", "string"}, {"enum", {"accepted", "in_transit", "discharged", "refused", "cancelled"}}}},
        {"legs", {{"type", "array"}, {"items", {{"type", "object"}}}}},
        {"guarantee", {{"type", "object"}}},
        {"audit_head", {{"$ref", "#/components/schemas/TransitSignedHead"}}}}}};
  const auto hex = [](int digits) { return json{{"type", "string"}, {"pattern", fmt::format("^[0-9a-f]{{{}}}$", digits)}}; };
  schemas["TransitSignedHead"] = {
      {"type", "object"},
      {"description",
       "the audit chain's last entry, signed by the server: signature = Ed25519 (server key, GET /v1/transit/roster) over "
       "the canonical JSON {\"declaration_id\",\"hash\",\"purpose\":\"caravan-transit-head/1\",\"sequence\"} "
       "(docs/transit.md#signed-head); holders only; the offline check `caravan transit verify` takes it with the roster"},
      {"required", {"declaration_id", "hash", "sequence", "signature"}},
      {"additionalProperties", false},
      {"properties",
       {{"declaration_id", {{"type", "string"}}},
        {"hash", hex(64)},
        {"sequence", {{"type", "integer"}, {"minimum", 1}}},
        {"signature", hex(128)}}}};
  schemas["TransitOutcome"] = {{"type", "object"},
                               {"required", {"message_id", "actor", "declaration"}},
                               {"properties", {{"message_id", {{"type", "string"}}},
                                               {"actor", {{"type", "string"}}},
                                               {"event", {{"type", "string"}}},
                                               {"leg", {{"type", "integer"}}},
                                               {"declaration", declaration_ref}}}};
  schemas["TransitProblem"] = {{"type", "object"},
                               {"required", {"type", "title", "status", "detail"}},
                               {"properties", {{"type", {{"type", "string"}}},
                                               {"title", {{"type", "string"}}},
                                               {"status", {{"type", "integer"}}},
                                               {"detail", {{"type", "string"}}},
                                               {"errors", error_list_schema()}}}};
}

void describe(json& doc) {
  describe_paths(doc);
  describe_requests(doc);
  describe_answers(doc);
}

}  // namespace

EndpointGroup transit_endpoint_group(TransitSetup setup, std::shared_ptr<const Network> network) {
  auto ctx = std::make_shared<TransitContext>();
  ctx->setup = std::move(setup);
  if (!ctx->setup.roster) ctx->setup.roster = std::make_shared<transit::ActorRoster>();
  transit::ServiceOptions options;
  options.server_key = ctx->setup.server_key;
  ctx->service = std::make_unique<transit::TransitService>(*ctx->setup.store, options);
  EndpointGroup group;
  group.name = "transit";
  group.mount = [ctx, network](httplib::Server& svr) {
    if (network)
      svr.Post("/v1/transit/skeleton", [network](const httplib::Request& req, httplib::Response& res) {
        const auto in = BodyReader::open(req, res);
        if (!in) return;
        in->only({"itinerary"});
        if (in->reject(res, "Invalid skeleton request")) return;
        try {
          const auto skeleton = transit::declaration_skeleton_from_json(*network, in->object().value("itinerary", json()));
          json offices = json::array();
          for (const auto& [code, place] : skeleton.offices) offices.push_back({{"office", code}, {"place", place}});
          send_json(res, {{"declaration", skeleton.declaration}, {"offices", offices}});
        } catch (const transit::ItineraryError& e) {
          problem(res, 400, "invalid-request", "Invalid skeleton request", e.what(),
                  json::array({{{"pointer", e.pointer}, {"detail", e.detail}}}));
        } catch (const std::invalid_argument& e) {
          // A problem the itinerary reader did not place (deriving the offices): the itinerary as a whole.
          problem(res, 400, "invalid-request", "Invalid skeleton request", e.what(),
                  json::array({{{"pointer", "/itinerary"}, {"detail", e.what()}}}));
        }
      });
    // The roster is in the store: its failures are 503s, as for declarations.
    auto roster_call = [ctx](void (*f)(TransitContext&, const httplib::Request&, httplib::Response&)) {
      return [ctx, f](const httplib::Request& req, httplib::Response& res) {
        try {
          f(*ctx, req, res);
        } catch (const std::exception& e) {
          problem(res, 503, "store-unavailable", "Store unavailable",
                  fmt::format("the transit store failed ({}); nothing changed, send the request again", e.what()));
        }
      };
    };
    svr.Post("/v1/transit/actors", roster_call(register_actor));
    svr.Put(R"(/v1/transit/actors/([^/]+))", roster_call(rotate_actor));
    svr.Get("/v1/transit/roster", roster_call(send_roster));
    svr.Post("/v1/transit/declarations", guarded(ctx, [](TransitContext& c, const Actor& actor, const httplib::Request& req,
                                                         httplib::Response& res) {
      json body;
      if (!read_json_object(req, res, body)) return;
      const Reply r = c.service->submit(actor, body);
      if (r.ok()) res.set_header("Location", "/v1/transit/declarations/" + r.body["declaration"]["id"].get<std::string>());
      answer(r, res, "declaration");
    }));
    svr.Get("/v1/transit/declarations", guarded(ctx, [](TransitContext& c, const Actor& actor, const httplib::Request&,
                                                        httplib::Response& res) { answer(c.service->list(actor), res, "request"); }));
    svr.Get(R"(/v1/transit/declarations/([^/]+))",
            guarded(ctx, [](TransitContext& c, const Actor& actor, const httplib::Request& req, httplib::Response& res) {
              answer(c.service->get(actor, req.matches[1]), res, "request");
            }));
    svr.Get(R"(/v1/transit/declarations/([^/]+)/audit)",
            guarded(ctx, [](TransitContext& c, const Actor& actor, const httplib::Request& req, httplib::Response& res) {
              const Reply r = c.service->audit(actor, req.matches[1]);
              if (!r.ok()) return answer(r, res, "request");
              res.status = 200;
              res.set_content(r.body["export"].get<std::string>(), "application/x-ndjson");
            }));
    svr.Post(R"(/v1/transit/declarations/([^/]+)/events)",
             guarded(ctx, [](TransitContext& c, const Actor& actor, const httplib::Request& req, httplib::Response& res) {
               json body;
               if (!read_json_object(req, res, body)) return;
               answer(c.service->event(actor, req.matches[1], body), res, "event");
             }));
  };
  group.describe = [network](json& doc) {
    describe(doc);
    if (!network) return;
    doc["paths"]["/v1/transit/skeleton"] = {
        {"post",
         {{"summary", "A transit declaration skeleton from one itinerary of the POST /v1/route answer (offices derived from its border crossings)"},
          {"requestBody",
           {{"required", true},
            {"content", {{"application/json", {{"schema", {{"type", "object"}, {"required", {"itinerary"}},
                                                             {"properties", {{"itinerary", {{"type", "object"}}}}}}}}}}}}},
          {"responses",
           {{"200", {{"description", "{declaration: the message to complete, offices: [{office, place}]}"},
                     {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
            {"400", {{"description", "not an itinerary of this network (problem+json with a pointer)"}}}}}}}};
  };
  return group;
}

}  // namespace caravan::api
