#include "transit/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <regex>

#include "core/time.hpp"
#include "transit/access.hpp"
#include "transit/audit.hpp"
#include "transit/check_digits.hpp"
#include "transit/signed_head.hpp"
#include "transit/state_machine.hpp"
#include "transit/validate.hpp"

namespace caravan::transit {

using nlohmann::json;

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

Problem not_found(const std::string& id) {
  return {Code::declaration_not_found, "", fmt::format("no declaration '{}' visible to this actor", id)};
}

AuditEntry head_of(const json& document) {
  AuditEntry head;
  head.sequence = document["audit_head"]["sequence"].get<std::int64_t>();
  head.hash = document["audit_head"]["hash"].get<std::string>();
  return head;
}

// The head as the server gives it: signed, so a verifier can hold a chain to it.
void set_head(json& document, const AuditEntry& entry, const SigningKey& server_key) {
  document["audit_head"] = signed_head(entry.declaration_id, entry.sequence, entry.hash, server_key);
}

std::vector<LegState> leg_states(const json& document) {
  std::vector<LegState> out;
  for (const auto& leg : document["legs"]) out.push_back(*leg_state_from(leg["state"].get<std::string>()));
  return out;
}

std::vector<std::string> itinerary_countries(const json& document) {
  std::vector<std::string> out;
  for (const auto& leg : document["legs"]) {
    const auto c = leg["country"].get<std::string>();
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

// The part of a document a holder declared (what validate_declaration checks).
json declared_part(const json& document) {
  json out = json::object();
  for (const char* key : {"local_reference", "mode", "holder", "consignments", "itinerary"})
    if (document.contains(key)) out[key] = document[key];
  out["guarantee"] = {{"reference", document["guarantee"]["reference"]},
                      {"amount", document["guarantee"]["amount"]},
                      {"currency", document["guarantee"]["currency"]}};
  return out;
}

// Amendable pointers (docs/transit.md): everything not listed is fixed once accepted.
const std::regex kAmendable[] = {
    std::regex(R"(^/local_reference$)"),
    std::regex(R"(^/guarantee/amount$)"),
    std::regex(R"(^/consignments/\d+/items/\d+/(national_code|description|gross_mass_kg|packages)$)"),
    std::regex(R"(^/consignments/\d+/items/-$)"),
    std::regex(R"(^/consignments/\d+/transport_equipment(/.*)?$)"),
    std::regex(R"(^/itinerary/([1-9]\d*|-)(/.*)?$)"),
};

bool amendable(const std::string& pointer) {
  return std::any_of(std::begin(kAmendable), std::end(kAmendable),
                     [&](const std::regex& r) { return std::regex_match(pointer, r); });
}

// Who may send what: customs send the leg events, the holder who lodged the declaration the rest.
std::optional<Problem> sender_problem(const Actor& actor, const DeclarationRecord& record, EventType type) {
  if (is_leg_event(type) && actor.role != Role::customs)
    return Problem{Code::actor_not_authorised, "/type", fmt::format("only customs send '{}'", to_string(type))};
  if (!is_leg_event(type) && record.holder != actor.id)
    return Problem{Code::actor_not_authorised, "/type",
                   fmt::format("only the holder who lodged the declaration sends '{}'", to_string(type))};
  return std::nullopt;
}

// The legs of the actor's country that start (or end) at the message's office, and whether the
// office is on the itinerary at all.
struct LegCandidates {
  std::vector<std::size_t> legs;
  bool on_itinerary = false;
};

LegCandidates leg_candidates(const Actor& actor, const json& doc, const json& message, bool at_start) {
  const std::string office = message["office"];
  LegCandidates out;
  for (std::size_t i = 0; i < doc["legs"].size(); ++i) {
    const json& leg = doc["legs"][i];
    const auto& offices = leg["offices"];
    out.on_itinerary |= std::find(offices.begin(), offices.end(), office) != offices.end();
    if (leg["country"] != actor.country) continue;
    if ((at_start ? leg["start_office"] : leg["end_office"]) != office) continue;
    if (message.contains("leg") && message["leg"] != leg["number"]) continue;
    out.legs.push_back(i);
  }
  return out;
}

// The first candidate leg that accepts the event, else the first (for its precise refusal).
std::size_t choose_leg(const json& doc, const std::vector<std::size_t>& candidates, EventType type) {
  for (const auto i : candidates)
    if (leg_rule(*leg_state_from(doc["legs"][i]["state"].get<std::string>()), type).allowed) return i;
  return candidates.front();
}

// Operation ids and sequence numbers are unique across the declaration.
void check_operation_unique(const json& doc, const json& message, Problems& problems) {
  for (const auto& other : doc["legs"])
    for (const auto& op : other["operations"]) {
      if (op["operation_id"] == message["operation_id"])
        problems.push_back({Code::duplicate_operation_id, "/operation_id",
                            fmt::format("operation id '{}' already used", op["operation_id"].get<std::string>())});
      if (op["sequence"] == message["sequence"])
        problems.push_back({Code::duplicate_sequence, "/sequence",
                            fmt::format("sequence {} already used", op["sequence"].get<std::int64_t>())});
    }
}

// A customs event on one leg (start, terminate, refuse …): finds the leg, checks the leg's state
// machine and the previous leg, records the operation and derives the declaration's state.
Problems apply_leg_event(const Actor& actor, EventType type, const json& message, const std::string& at, json& doc,
                         json& data, std::optional<std::int64_t>& leg_number) {
  const std::string office = message["office"];
  const bool at_start = type == EventType::start || type == EventType::refuse;
  const LegCandidates found = leg_candidates(actor, doc, message, at_start);
  if (!found.on_itinerary)
    return {{Code::office_not_on_itinerary, "/office", fmt::format("office '{}' is not on the itinerary", office)}};
  if (office.substr(0, 2) != actor.country)
    return {{Code::actor_not_authorised, "/office",
             fmt::format("office '{}' is not in {}, the country of this authority", office, actor.country)}};
  if (found.legs.empty())
    return {{Code::office_not_on_itinerary, "/office",
             fmt::format("no leg is {} at office '{}'", at_start ? "started" : "terminated", office)}};
  const std::size_t chosen = choose_leg(doc, found.legs, type);
  json& leg = doc["legs"][chosen];
  const LegState leg_state = *leg_state_from(leg["state"].get<std::string>());
  const LegRule lr = leg_rule(leg_state, type);
  Problems problems;
  if (!lr.allowed)
    problems.push_back({lr.code, "/type",
                        fmt::format("'{}' is not possible: leg {} ({}) is {}", to_string(type), leg["number"].get<int>(),
                                    leg["country"].get<std::string>(), to_string(leg_state))});
  if (lr.allowed && at_start && chosen > 0) {
    const auto prev = *leg_state_from(doc["legs"][chosen - 1]["state"].get<std::string>());
    if (prev != LegState::terminated && prev != LegState::discharged)
      problems.push_back({Code::previous_leg_open, "/type",
                          fmt::format("leg {} ({}) is {}, not yet terminated", chosen,
                                      doc["legs"][chosen - 1]["country"].get<std::string>(), to_string(prev))});
  }
  check_operation_unique(doc, message, problems);
  if (!problems.empty()) return problems;
  json op = {{"type", to_string(type)},       {"operation_id", message["operation_id"]},
             {"sequence", message["sequence"]}, {"office", office},
             {"at", at},                      {"message_id", message["message_id"]}};
  if (message.contains("reason")) op["reason"] = message["reason"];
  leg["operations"].push_back(op);
  leg["state"] = std::string(to_string(lr.next));
  leg_number = leg["number"].get<std::int64_t>();
  data["leg"] = *leg_number;
  data["country"] = leg["country"];
  const auto legs = leg_states(doc);
  const DeclarationState next = state_from_legs(legs);
  doc["state"] = std::string(to_string(next));
  doc["guarantee"]["status"] = guarantee_reserved(next, legs) ? "reserved" : "released";
  return {};
}

void apply_cancellation(const json& message, json& doc) {
  doc["state"] = std::string(to_string(DeclarationState::cancelled));
  doc["guarantee"]["status"] = "released";
  if (message.contains("reason")) doc["cancellation_reason"] = message["reason"];
}

// Applies the amendment's changes to the declared part, validates the result as a whole and
// takes it over; the legs are derived again from the (possibly amended) itinerary.
Problems apply_amendment(const json& message, const std::string& message_id, json& doc) {
  Problems problems;
  json amended = declared_part(doc);
  const auto& changes = message["changes"];
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string pointer = changes[i]["pointer"];
    const std::string at_ptr = "/changes/" + std::to_string(i) + "/pointer";
    if (!amendable(pointer)) {
      problems.push_back({Code::not_amendable, at_ptr, fmt::format("'{}' is fixed once the declaration is accepted", pointer)});
      continue;
    }
    try {
      json patch = json::array({{{"op", "add"}, {"path", pointer}, {"value", changes[i]["value"]}}});
      // "add" on an existing object member or "-" appends/replaces as RFC 6902 says; an array
      // index replaces (not inserts) so the positions of goods items stay stable.
      const json::json_pointer jp(pointer);
      if (pointer.back() != '-' && amended.contains(jp) && amended.at(jp.parent_pointer()).is_array())
        patch[0]["op"] = "replace";
      amended = amended.patch(patch);
    } catch (const json::exception&) {
      problems.push_back({Code::invalid_format, at_ptr, fmt::format("'{}' does not address a field of the declaration", pointer)});
    }
  }
  if (!problems.empty()) return problems;
  json check = amended;
  check["message_id"] = message_id;
  Problems after = validate_declaration(check);
  for (auto& p : after) p.message = "after the amendment: " + p.message;
  if (!after.empty()) return after;
  for (const auto& [k, v] : amended.items())
    if (k != "guarantee") doc[k] = v;
  doc["guarantee"]["amount"] = amended["guarantee"]["amount"];
  doc["legs"] = country_legs(doc["itinerary"], doc["mode"].get<std::string>());
  return {};
}

}  // namespace

TransitService::TransitService(TransitStore& store, ServiceOptions options)
    : store_(store), options_(std::move(options)) {
  std::string bytes;
  if (!hex_to_bytes(options_.server_key.secret_key, 64, bytes))
    throw std::invalid_argument("the transit service needs the server's own signing key to countersign");
  if (!options_.clock) options_.clock = utc_now_iso;
  if (options_.serial_block < 1) options_.serial_block = 1;
}

json TransitService::with_signed_head(json document) const {
  // A document stored before heads were signed gets its signature now (Ed25519 is deterministic:
  // the same head always gets the same signature).
  if (document.contains("audit_head") && !document["audit_head"].contains("signature")) {
    AuditEntry head = head_of(document);
    head.declaration_id = document["id"].get<std::string>();
    set_head(document, head, options_.server_key);
  }
  return document;
}

Reply TransitService::failure(Problems problems) {
  Reply r;
  r.status = http_status(problems);
  r.body = {{"errors", to_json(problems)}};
  r.problems = std::move(problems);
  return r;
}

std::string TransitService::next_reference(int year, const std::string& country) {
  std::lock_guard lock(serial_mutex_);
  if (next_serial_ >= serial_end_) {
    next_serial_ = store_.reserve_reference_serials(options_.serial_block);
    serial_end_ = next_serial_ + options_.serial_block;
  }
  return make_transit_reference(year, country, next_serial_++);
}

std::optional<Reply> TransitService::replay_of(const Actor& actor, const json& message) {
  if (!message.is_object() || !is_message_id(message.value("message_id", json()))) return std::nullopt;
  const auto outcome = store_.find_outcome(message["message_id"].get<std::string>());
  if (!outcome) return std::nullopt;
  if (outcome->response.value("actor", "") != actor.id)
    return failure({{Code::message_id_taken, "/message_id", "this message id was used by another actor"}});
  Reply r;
  r.status = outcome->status;
  r.body = outcome->response;
  r.replay = true;
  return r;
}

Reply TransitService::submit(const Actor& actor, const json& body) {
  SignedMessage signed_message;
  if (auto bad = check_message_signature(actor, "", body, signed_message)) return failure({*bad});
  const json& message = signed_message.message;
  if (auto replay = replay_of(actor, message)) return *replay;
  Problems problems = validate_declaration(message);
  if (actor.role != Role::holder)
    problems.push_back({Code::actor_not_authorised, "", "only a holder lodges declarations"});
  else if (!actor.party.empty() && message.is_object() && message.contains("holder") && message["holder"].is_object() &&
           message["holder"].value("id", json()) != actor.party)
    problems.push_back({Code::holder_mismatch, "/holder/id",
                        fmt::format("this key is registered for holder '{}'", actor.party)});
  if (!problems.empty()) return failure(std::move(problems));

  const std::string at = options_.clock();
  const std::string message_id = message["message_id"];
  json declared = message;
  declared.erase("message_id");
  const std::string departure = message["itinerary"][0]["office"].get<std::string>().substr(0, 2);
  for (int attempt = 0; attempt < options_.max_retries; ++attempt) {
    const std::string id = next_reference(std::stoi(at.substr(0, 4)), departure);
    json doc = declared;
    doc["id"] = id;
    doc["version"] = 1;
    doc["state"] = std::string(to_string(DeclarationState::accepted));
    doc["submitted_at"] = at;
    doc["updated_at"] = at;
    // Lodged before the planned departure: customs can risk-assess it before the truck arrives,
    // which is what a green lane asks (`caravan route --green-lane`).
    if (doc.contains("departure")) doc["pre_lodged"] = *parse_iso8601(at) < *parse_iso8601(doc["departure"].get<std::string>());
    doc["guarantee"]["status"] = "reserved";
    doc["legs"] = country_legs(doc["itinerary"], doc["mode"].get<std::string>());
    const AuditEntry entry = make_audit_entry(
        id, nullptr, {actor, signed_message, "submit", doc["state"].get<std::string>(), at, declared}, options_.server_key);
    set_head(doc, entry, options_.server_key);
    Commit c;
    c.declaration = DeclarationRecord{id, 1, doc, itinerary_countries(doc), actor.id};
    c.expected_version = 0;
    c.audit = entry;
    c.outcome = {message_id, 201, {{"message_id", message_id}, {"actor", actor.id}, {"declaration", doc}}};
    switch (store_.commit(c)) {
      case CommitStatus::committed: {
        Reply r;
        r.status = 201;
        r.body = c.outcome.response;
        return r;
      }
      case CommitStatus::duplicate_message:
        if (auto replay = replay_of(actor, message)) return *replay;
        break;
      case CommitStatus::stale_version: break;  // reference taken by another process: next serial
    }
  }
  throw std::runtime_error("transit: could not record the declaration after repeated conflicts");
}

Reply TransitService::event(const Actor& actor, const std::string& declaration_id, const json& body) {
  SignedMessage signed_message;
  if (auto bad = check_message_signature(actor, declaration_id, body, signed_message)) return failure({*bad});
  const json& message = signed_message.message;
  if (auto replay = replay_of(actor, message)) return *replay;
  Problems problems = validate_event(message);
  if (!problems.empty()) return failure(std::move(problems));
  const std::string message_id = message["message_id"];
  const EventType type = *event_type_from(message["type"].get<std::string>());
  // A refusal decided on a state read after this very message was applied (a concurrent send of
  // the same message won the race) is not the answer: the stored first outcome is. The outcome is
  // committed with the state change, so a state that shows the message shows its outcome too.
  auto refuse = [&](Problems found) {
    if (auto replay = replay_of(actor, message)) return *replay;
    return failure(std::move(found));
  };

  for (int attempt = 0; attempt < options_.max_retries; ++attempt) {
    const auto record = store_.load(declaration_id);
    if (!record || !can_see(actor, *record)) return refuse({not_found(declaration_id)});
    json doc = record->document;
    const DeclarationState state = *declaration_state_from(doc["state"].get<std::string>());
    if (auto refused = sender_problem(actor, *record, type)) return refuse({*refused});
    const DeclarationRule rule = declaration_rule(state, type);
    if (rule.action == DeclarationAction::reject)
      return refuse({{rule.code, "/type",
                       fmt::format("'{}' is not possible: the declaration is {}", to_string(type), to_string(state))}});

    const std::string at = options_.clock();
    json data = message;
    data.erase("message_id");
    std::optional<std::int64_t> leg_number;
    if (rule.action == DeclarationAction::to_leg) problems = apply_leg_event(actor, type, message, at, doc, data, leg_number);
    else if (rule.action == DeclarationAction::cancel) apply_cancellation(message, doc);
    else problems = apply_amendment(message, message_id, doc);
    if (!problems.empty()) return refuse(std::move(problems));

    json response;
    switch (commit_event(actor, *record, doc, type, signed_message, at, data, leg_number, response)) {
      case CommitStatus::committed: {
        Reply r;
        r.status = 200;
        r.body = std::move(response);
        return r;
      }
      case CommitStatus::duplicate_message:
        if (auto replay = replay_of(actor, message)) return *replay;
        break;
      case CommitStatus::stale_version: break;  // another message got there first: re-read, re-decide
    }
  }
  throw std::runtime_error("transit: could not apply the event after repeated conflicts");
}

CommitStatus TransitService::commit_event(const Actor& actor, const DeclarationRecord& record, json& doc, EventType type,
                                          const SignedMessage& signed_message, const std::string& at, const json& data,
                                          std::optional<std::int64_t> leg_number, json& response) {
  const std::string message_id = signed_message.message["message_id"];
  doc["version"] = record.version + 1;
  doc["updated_at"] = at;
  const AuditEntry previous = head_of(doc);
  const AuditEntry entry =
      make_audit_entry(record.id, &previous,
                       {actor, signed_message, std::string(to_string(type)), doc["state"].get<std::string>(), at, data},
                       options_.server_key);
  set_head(doc, entry, options_.server_key);
  Commit c;
  c.declaration = DeclarationRecord{record.id, record.version + 1, doc, itinerary_countries(doc), record.holder};
  c.expected_version = record.version;
  c.audit = entry;
  response = {{"message_id", message_id}, {"actor", actor.id}, {"event", to_string(type)},
              {"declaration", view_for(actor, doc)}};
  if (leg_number) response["leg"] = *leg_number;
  c.outcome = {message_id, 200, response};
  return store_.commit(c);
}

Reply TransitService::get(const Actor& actor, const std::string& declaration_id) {
  const auto record = store_.load(declaration_id);
  if (!record || !can_see(actor, *record)) return failure({not_found(declaration_id)});
  Reply r;
  r.body = view_for(actor, with_signed_head(record->document));
  return r;
}

Reply TransitService::list(const Actor& actor) {
  const auto records = actor.role == Role::holder ? store_.list_by_holder(actor.id) : store_.list_by_country(actor.country);
  json out = json::array();
  for (const auto& rec : records) out.push_back(view_for(actor, with_signed_head(rec.document)));
  Reply r;
  r.body = {{"declarations", out}};
  return r;
}

Reply TransitService::audit(const Actor& actor, const std::string& declaration_id) {
  const auto record = store_.load(declaration_id);
  if (!record || !can_see(actor, *record)) return failure({not_found(declaration_id)});
  const auto chain = store_.audit_chain(declaration_id);
  Reply r;
  r.body = {{"export", export_audit(declaration_id, chain, options_.server_key,
                                    [&](const AuditEntry& e) { return audit_entry_withheld(actor, e); })}};
  return r;
}

}  // namespace caravan::transit
