#include "transit/problems.hpp"

#include <utility>

namespace caravan::transit {

namespace {

constexpr std::pair<Code, std::string_view> kTitles[] = {
    {Code::missing, "required field missing"},
    {Code::wrong_type, "wrong type"},
    {Code::invalid_format, "invalid format"},
    {Code::invalid_code, "not in the code list"},
    {Code::out_of_range, "out of range"},
    {Code::check_digit, "wrong check digit"},
    {Code::inconsistent, "inconsistent fields"},
    {Code::duplicate_value, "duplicate value"},
    {Code::unknown_field, "unknown field"},
    {Code::not_allowed_in_state, "not allowed in the declaration's state"},
    {Code::not_amendable, "field not amendable"},
    {Code::not_cancellable, "declaration not cancellable"},
    {Code::already_cancelled, "declaration already cancelled"},
    {Code::not_yet_terminated, "leg not yet terminated"},
    {Code::previous_leg_open, "previous leg not yet terminated"},
    {Code::already_started, "leg already started"},
    {Code::already_terminated, "leg already terminated"},
    {Code::already_discharged, "leg already discharged"},
    {Code::not_yet_started, "leg not yet started"},
    {Code::duplicate_operation_id, "duplicate operation id"},
    {Code::duplicate_sequence, "duplicate operation sequence"},
    {Code::refusal_not_possible, "refusal to start not possible"},
    {Code::leg_refused, "leg start was refused"},
    {Code::declaration_not_found, "declaration not found"},
    {Code::office_not_on_itinerary, "office not on the itinerary"},
    {Code::holder_mismatch, "holder mismatch"},
    {Code::actor_not_authorised, "actor not authorised"},
    {Code::message_id_taken, "message id used by another actor"},
    {Code::signature_missing, "signature missing"},
    {Code::signature_malformed, "signature malformed"},
    {Code::signature_invalid, "signature does not verify"},
};

}  // namespace

std::string_view problem_class(Code code) {
  const int c = static_cast<int>(code);
  return c < 200 ? "field" : c < 300 ? "state" : "functional";
}

std::string_view problem_title(Code code) {
  for (const auto& [c, title] : kTitles)
    if (c == code) return title;
  return "problem";
}

nlohmann::json problem_codes() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [c, title] : kTitles) {
    out.push_back({{"code", static_cast<int>(c)}, {"class", problem_class(c)}, {"title", title}});
  }
  return out;
}

nlohmann::json to_json(const Problems& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems)
    out.push_back({{"code", static_cast<int>(p.code)},
                   {"class", problem_class(p.code)},
                   {"title", problem_title(p.code)},
                   {"pointer", p.pointer},
                   {"detail", p.message}});
  return out;
}

int http_status(const Problems& problems) {
  bool state = false, functional = false;
  for (const auto& p : problems) {
    if (p.code == Code::declaration_not_found) return 404;
    if (p.code == Code::actor_not_authorised || p.code == Code::holder_mismatch) return 403;
    if (p.code == Code::message_id_taken) return 409;
    if (p.code == Code::signature_invalid) return 403;
    if (p.code == Code::signature_missing || p.code == Code::signature_malformed) return 400;
    const int c = static_cast<int>(p.code);
    state |= c >= 200 && c < 300;
    functional |= c >= 300;
  }
  if (state && !functional) return 409;
  return 422;
}

}  // namespace caravan::transit
