// Every event in every state, against tables written out here independently of the code's tables.
#include <gtest/gtest.h>

#include <map>

#include "transit/state_machine.hpp"

namespace caravan::transit {
namespace {

// "leg" = decided by the leg table, "amend", "cancel", or a refusal code.
const std::map<std::string, std::map<std::string, std::string>> kExpectedDeclaration{
    {"submitted",
     {{"start", "201"}, {"terminate", "201"}, {"discharge", "201"}, {"refuse", "201"}, {"amend", "201"}, {"cancel", "201"}}},
    {"accepted",
     {{"start", "leg"}, {"terminate", "leg"}, {"discharge", "leg"}, {"refuse", "leg"}, {"amend", "amend"}, {"cancel", "cancel"}}},
    {"in_transit",
     {{"start", "leg"}, {"terminate", "leg"}, {"discharge", "leg"}, {"refuse", "leg"}, {"amend", "201"}, {"cancel", "203"}}},
    {"discharged",
     {{"start", "leg"}, {"terminate", "leg"}, {"discharge", "leg"}, {"refuse", "leg"}, {"amend", "201"}, {"cancel", "203"}}},
    {"refused",
     {{"start", "201"}, {"terminate", "leg"}, {"discharge", "leg"}, {"refuse", "leg"}, {"amend", "201"}, {"cancel", "203"}}},
    {"cancelled",
     {{"start", "201"}, {"terminate", "201"}, {"discharge", "201"}, {"refuse", "201"}, {"amend", "201"}, {"cancel", "205"}}},
};

// next state, or a refusal code.
const std::map<std::string, std::map<std::string, std::string>> kExpectedLeg{
    {"pending", {{"start", "started"}, {"terminate", "213"}, {"discharge", "213"}, {"refuse", "refused"}}},
    {"started", {{"start", "210"}, {"terminate", "terminated"}, {"discharge", "206"}, {"refuse", "216"}}},
    {"terminated", {{"start", "210"}, {"terminate", "211"}, {"discharge", "discharged"}, {"refuse", "216"}}},
    {"discharged", {{"start", "210"}, {"terminate", "211"}, {"discharge", "212"}, {"refuse", "216"}}},
    {"refused", {{"start", "217"}, {"terminate", "217"}, {"discharge", "217"}, {"refuse", "217"}}},
};

std::string describe(DeclarationRule r) {
  switch (r.action) {
    case DeclarationAction::to_leg: return "leg";
    case DeclarationAction::amend: return "amend";
    case DeclarationAction::cancel: return "cancel";
    case DeclarationAction::reject: return std::to_string(static_cast<int>(r.code));
  }
  return "?";
}

TEST(StateMachine, DeclarationTableEveryEventInEveryState) {
  int checked = 0;
  for (const auto state : kDeclarationStates)
    for (const auto event : kEventTypes) {
      const auto& expected = kExpectedDeclaration.at(std::string(to_string(state))).at(std::string(to_string(event)));
      EXPECT_EQ(describe(declaration_rule(state, event)), expected) << to_string(state) << " + " << to_string(event);
      ++checked;
    }
  EXPECT_EQ(checked, 36);
}

TEST(StateMachine, LegTableEveryEventInEveryState) {
  int checked = 0;
  for (const auto state : kLegStates)
    for (const auto event : kEventTypes) {
      const LegRule r = leg_rule(state, event);
      if (!is_leg_event(event)) {
        EXPECT_FALSE(r.allowed);
        EXPECT_EQ(r.code, Code::not_allowed_in_state);
        continue;
      }
      const auto& expected = kExpectedLeg.at(std::string(to_string(state))).at(std::string(to_string(event)));
      EXPECT_EQ(r.allowed ? std::string(to_string(r.next)) : std::to_string(static_cast<int>(r.code)), expected)
          << to_string(state) << " + " << to_string(event);
      ++checked;
    }
  EXPECT_EQ(checked, 20);
}

TEST(StateMachine, DeclarationStateFollowsLegs) {
  using L = LegState;
  EXPECT_EQ(state_from_legs(std::vector<L>{L::pending, L::pending}), DeclarationState::accepted);
  EXPECT_EQ(state_from_legs(std::vector<L>{L::started, L::pending}), DeclarationState::in_transit);
  EXPECT_EQ(state_from_legs(std::vector<L>{L::discharged, L::terminated}), DeclarationState::in_transit);
  EXPECT_EQ(state_from_legs(std::vector<L>{L::discharged, L::discharged}), DeclarationState::discharged);
  EXPECT_EQ(state_from_legs(std::vector<L>{L::terminated, L::refused}), DeclarationState::refused);
  EXPECT_EQ(state_from_legs(std::vector<L>{L::refused, L::pending}), DeclarationState::refused);
}

TEST(StateMachine, GuaranteeReservedUntilLastDischarge) {
  using L = LegState;
  using D = DeclarationState;
  EXPECT_TRUE(guarantee_reserved(D::accepted, std::vector<L>{L::pending, L::pending}));
  EXPECT_TRUE(guarantee_reserved(D::in_transit, std::vector<L>{L::discharged, L::terminated}));
  EXPECT_FALSE(guarantee_reserved(D::discharged, std::vector<L>{L::discharged, L::discharged}));
  EXPECT_FALSE(guarantee_reserved(D::cancelled, std::vector<L>{L::pending, L::pending}));
  EXPECT_TRUE(guarantee_reserved(D::refused, std::vector<L>{L::terminated, L::refused}));  // leg 1 awaits discharge
  EXPECT_FALSE(guarantee_reserved(D::refused, std::vector<L>{L::discharged, L::refused}));
  EXPECT_FALSE(guarantee_reserved(D::refused, std::vector<L>{L::refused, L::pending}));
}

TEST(StateMachine, NamesRoundTrip) {
  for (const auto s : kDeclarationStates) EXPECT_EQ(declaration_state_from(to_string(s)), s);
  for (const auto s : kLegStates) EXPECT_EQ(leg_state_from(to_string(s)), s);
  for (const auto e : kEventTypes) EXPECT_EQ(event_type_from(to_string(e)), e);
  EXPECT_FALSE(event_type_from("teleport").has_value());
}

}  // namespace
}  // namespace caravan::transit
