#include "transit/state_machine.hpp"

namespace caravan::transit {

namespace {
using DS = DeclarationState;
using LS = LegState;
using EV = EventType;
using DA = DeclarationAction;

constexpr std::size_t idx(auto e) { return static_cast<std::size_t>(e); }

// Rows: declaration state; columns: start, terminate, discharge, refuse, amend, cancel.
constexpr DeclarationRule kDeclarationTable[6][6] = {
    // submitted: never visible (acceptance is part of the submission), so nothing applies
    {{DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_allowed_in_state},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_allowed_in_state},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_allowed_in_state}},
    // accepted
    {{DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}}, {DA::amend, {}}, {DA::cancel, {}}},
    // in_transit: amendments end with the first start, and so does cancellation
    {{DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_cancellable}},
    // discharged: the leg table names what is repeated (already started/terminated/discharged)
    {{DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_cancellable}},
    // refused: the transport stopped; legs that moved can still be terminated and discharged
    {{DA::reject, Code::not_allowed_in_state}, {DA::to_leg, {}}, {DA::to_leg, {}}, {DA::to_leg, {}},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_cancellable}},
    // cancelled
    {{DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_allowed_in_state},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::not_allowed_in_state},
     {DA::reject, Code::not_allowed_in_state}, {DA::reject, Code::already_cancelled}},
};

// Rows: leg state; columns: start, terminate, discharge, refuse.
constexpr LegRule kLegTable[5][4] = {
    // pending
    {{true, LS::started, {}}, {false, {}, Code::not_yet_started}, {false, {}, Code::not_yet_started},
     {true, LS::refused, {}}},
    // started
    {{false, {}, Code::already_started}, {true, LS::terminated, {}}, {false, {}, Code::not_yet_terminated},
     {false, {}, Code::refusal_not_possible}},
    // terminated
    {{false, {}, Code::already_started}, {false, {}, Code::already_terminated}, {true, LS::discharged, {}},
     {false, {}, Code::refusal_not_possible}},
    // discharged
    {{false, {}, Code::already_started}, {false, {}, Code::already_terminated}, {false, {}, Code::already_discharged},
     {false, {}, Code::refusal_not_possible}},
    // refused
    {{false, {}, Code::leg_refused}, {false, {}, Code::leg_refused}, {false, {}, Code::leg_refused},
     {false, {}, Code::leg_refused}},
};

constexpr std::string_view kDeclarationNames[] = {"submitted", "accepted", "in_transit", "discharged", "refused", "cancelled"};
constexpr std::string_view kLegNames[] = {"pending", "started", "terminated", "discharged", "refused"};
constexpr std::string_view kEventNames[] = {"start", "terminate", "discharge", "refuse", "amend", "cancel"};

template <typename E, std::size_t N>
std::optional<E> from_name(const std::string_view (&names)[N], std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DeclarationState s) { return kDeclarationNames[idx(s)]; }
std::string_view to_string(LegState s) { return kLegNames[idx(s)]; }
std::string_view to_string(EventType e) { return kEventNames[idx(e)]; }
std::optional<DeclarationState> declaration_state_from(std::string_view s) {
  return from_name<DeclarationState>(kDeclarationNames, s);
}
std::optional<LegState> leg_state_from(std::string_view s) { return from_name<LegState>(kLegNames, s); }
std::optional<EventType> event_type_from(std::string_view s) { return from_name<EventType>(kEventNames, s); }

DeclarationRule declaration_rule(DeclarationState state, EventType event) {
  return kDeclarationTable[idx(state)][idx(event)];
}

LegRule leg_rule(LegState state, EventType event) {
  if (!is_leg_event(event)) return {false, state, Code::not_allowed_in_state};
  return kLegTable[idx(state)][idx(event)];
}

}  // namespace caravan::transit
