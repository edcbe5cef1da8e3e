#pragma once
// Every problem a transit message can have, in the eTIR taxonomy: 1xx field (syntax, code lists,
// check digits), 2xx state (the event is not allowed in the declaration's or leg's state), 3xx
// functional (unknown declaration, office not on the itinerary, actor not authorised). Each carries
// the RFC 6901 JSON pointer of the field in the message it is about. The full table with titles is
// `problem_codes()` and is documented in docs/transit.md.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace caravan::transit {

enum class Code : int {
  // 1xx field
  missing = 101,             // required field absent
  wrong_type = 102,          // not a string / number / integer / object / array / boolean
  invalid_format = 103,      // pattern (HS-6, office code, container number, time…) not matched
  invalid_code = 104,        // not in the code list (ISO 3166 country, ISO 4217 currency, event type, mode)
  out_of_range = 105,        // number outside its bounds, empty list, text too long
  check_digit = 106,         // ISO 6346 / ISO 7064 check digit wrong
  inconsistent = 107,        // fields contradict each other (seal count vs seals, national code vs HS-6)
  duplicate_value = 108,     // value must be unique in its list (seals, containers, consecutive offices)
  unknown_field = 109,       // a field the message does not define (typos must not pass silently)
  // 2xx state
  not_allowed_in_state = 201,    // declaration state does not accept the event
  not_amendable = 202,           // field fixed once accepted (HS-6, holder, office of departure…)
  not_cancellable = 203,         // cancellation after the first start
  already_cancelled = 205,
  not_yet_terminated = 206,      // discharge before termination
  previous_leg_open = 207,       // start of a leg before the previous leg is terminated
  already_started = 210,
  already_terminated = 211,
  already_discharged = 212,
  not_yet_started = 213,         // terminate / discharge before start
  duplicate_operation_id = 214,
  duplicate_sequence = 215,
  refusal_not_possible = 216,    // refusal to start of a leg that already started
  leg_refused = 217,             // event on a leg whose start was refused
  // 3xx functional
  declaration_not_found = 307,
  office_not_on_itinerary = 305,
  holder_mismatch = 320,         // holder id not the one the actor's key is registered for
  actor_not_authorised = 321,    // the actor's role or country may not send this event
  message_id_taken = 330,        // the message id was used by another actor
  signature_missing = 340,       // the message carries no "signature" (400)
  signature_malformed = 341,     // "signature" is not 128 lowercase hex digits (400)
  signature_invalid = 342,       // not signed with the roster key of the authenticated actor (403)
};

struct Problem {
  Code code;
  std::string pointer;  // RFC 6901 pointer into the message ("" = the whole message)
  std::string message;
};
using Problems = std::vector<Problem>;

// "field" / "state" / "functional" from the hundreds digit.
std::string_view problem_class(Code code);
// Short title of a code (e.g. "not yet started").
std::string_view problem_title(Code code);
// Every code with class and title, for docs and the OpenAPI description.
nlohmann::json problem_codes();

// [{"code":213,"class":"state","pointer":"/type","detail":"…"}…] for problem+json `errors`.
nlohmann::json to_json(const Problems& problems);

// The HTTP status a set of problems answers with: 422 for field problems, 409 for state problems,
// 404 for an unknown declaration, 403 for authorisation and a signature that does not verify,
// 400 for a missing or malformed signature, 422 for other functional problems.
int http_status(const Problems& problems);

}  // namespace caravan::transit
