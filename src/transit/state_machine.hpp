#pragma once
// The declaration and leg state machines as explicit tables (docs/transit.md prints them). A
// declaration is `submitted`, checked and `accepted` in one message (its transit reference issued,
// its guarantee reserved); each country leg is then started, terminated and discharged by the
// customs of that country, or its start refused. The declaration's state follows from its legs.
#include <optional>
#include <string_view>

#include "transit/problems.hpp"

namespace caravan::transit {

enum class DeclarationState { submitted, accepted, in_transit, discharged, refused, cancelled };
enum class LegState { pending, started, terminated, discharged, refused };
enum class EventType { start, terminate, discharge, refuse, amend, cancel };

inline constexpr DeclarationState kDeclarationStates[] = {DeclarationState::submitted, DeclarationState::accepted,
                                                          DeclarationState::in_transit, DeclarationState::discharged,
                                                          DeclarationState::refused, DeclarationState::cancelled};
inline constexpr LegState kLegStates[] = {LegState::pending, LegState::started, LegState::terminated,
                                          LegState::discharged, LegState::refused};
inline constexpr EventType kEventTypes[] = {EventType::start,  EventType::terminate, EventType::discharge,
                                            EventType::refuse, EventType::amend,     EventType::cancel};

std::string_view to_string(DeclarationState s);
std::string_view to_string(LegState s);
std::string_view to_string(EventType e);
std::optional<DeclarationState> declaration_state_from(std::string_view s);
std::optional<LegState> leg_state_from(std::string_view s);
std::optional<EventType> event_type_from(std::string_view s);
constexpr bool is_leg_event(EventType e) {
  return e == EventType::start || e == EventType::terminate || e == EventType::discharge || e == EventType::refuse;
}

// Declaration level: what an event does in a state.
enum class DeclarationAction {
  to_leg,   // decided by the leg table (then the declaration state is derived from the legs)
  amend,    // apply the amendment (amendable fields only)
  cancel,   // → cancelled, guarantee released
  reject,   // refused with `code`
};
struct DeclarationRule {
  DeclarationAction action;
  Code code;  // meaningful for reject
};
DeclarationRule declaration_rule(DeclarationState state, EventType event);

// Leg level (start, terminate, discharge, refuse only).
struct LegRule {
  bool allowed;
  LegState next;  // when allowed
  Code code;      // when not
};
LegRule leg_rule(LegState state, EventType event);

// The declaration state implied by its legs once accepted (refused > discharged > in transit >
// accepted): any leg refused → refused; every leg discharged → discharged; any leg started or later
// → in_transit; otherwise accepted.
template <typename LegStates>
DeclarationState state_from_legs(const LegStates& legs) {
  bool any_refused = false, all_discharged = true, any_moved = false;
  for (const LegState s : legs) {
    any_refused |= s == LegState::refused;
    all_discharged &= s == LegState::discharged;
    any_moved |= s != LegState::pending;
  }
  if (any_refused) return DeclarationState::refused;
  if (all_discharged) return DeclarationState::discharged;
  return any_moved ? DeclarationState::in_transit : DeclarationState::accepted;
}

// Whether the guarantee is still reserved: from acceptance until the transport is over and no
// leg awaits its discharge (cancelled; every leg discharged; start refused and every leg that
// moved discharged).
template <typename LegStates>
bool guarantee_reserved(DeclarationState state, const LegStates& legs) {
  if (state == DeclarationState::cancelled || state == DeclarationState::discharged) return false;
  if (state != DeclarationState::refused) return true;
  for (const LegState s : legs)
    if (s == LegState::started || s == LegState::terminated) return true;
  return false;
}

}  // namespace caravan::transit
