#pragma once
// Field validation of transit messages: every problem at once, each with its 1xx code and the JSON
// pointer of the field. State rules (2xx) live in state_machine.hpp, functional ones (3xx) in
// service.hpp.
#include <string>

#include <nlohmann/json.hpp>

#include "transit/problems.hpp"

namespace caravan::transit {

// The fields of a declaration a submission carries (the message without message_id). Validated:
// types and unknown fields, holder (id, name, ISO 3166 country), guarantee (reference, amount > 0,
// ISO 4217 currency), consignments → items (HS-6, national code starting with it, description,
// gross mass > 0, packages ≥ 1) and transport equipment (ISO 6346 container number with check digit,
// number of seals = seals listed, seal ids unique), itinerary (≥ 2 offices, code format, ISO 3166
// country prefix, no office twice in a row, mode), and the declaration's default mode.
Problems validate_declaration(const nlohmann::json& message);

// An event message's fields (type-specific required fields; no state checks).
Problems validate_event(const nlohmann::json& message);

// message_id: 1–64 characters of [A-Za-z0-9._:-].
bool is_message_id(const nlohmann::json& value);

// The itinerary split into country legs: consecutive offices of one country form one leg, started
// at its first office and terminated at its last. Each leg:
//   {"number", "country", "offices", "start_office", "end_office", "mode", "previous_country",
//    "next_country", "transshipments", "state": "pending", "operations": []}
// `itinerary` must be valid (see validate_declaration).
nlohmann::json country_legs(const nlohmann::json& itinerary, const std::string& default_mode);

}  // namespace caravan::transit
