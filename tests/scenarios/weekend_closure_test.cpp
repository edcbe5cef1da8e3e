// Story: the Kyrgyz–Chinese road checkpoints on weekdays only.
//
//   Kashgar ──road 268 km── Irkeshtam (CN | KG) ──road── Osh
//
// A truck leaves Kashgar on Friday 2026-12-11 at 18:00 Beijing time and reaches the Chinese side
// of Irkeshtam after the checkpoint has closed. With today's 7-day hours it waits for Saturday
// morning; under the `kg-cn-weekdays-only` scenario it waits for Monday morning: the whole
// weekend, 48 hours more.
#include <gtest/gtest.h>

#include "network/scenario.hpp"
#include "routing/planner.hpp"

namespace caravan {
namespace {

const std::string kData = std::string(CARAVAN_TEST_DIR) + "/../data";

const CrossingPassage& irkeshtam_passage(const Network& net) {
  static Itinerary keep;  // the passage refers into it
  RouteQuery q;
  q.from = net.node_by_id.at("CN_KASHGAR");
  q.to = net.node_by_id.at("KG_OSH");
  q.depart = *parse_iso8601("2026-12-11T10:40Z");
  q.optimize = Objective::time;
  q.constraints.modes_mask = 1u << static_cast<int>(Mode::road);
  Planner planner(std::shared_ptr<const Network>(&net, [](const Network*) {}));
  const auto result = planner.plan(q);
  EXPECT_EQ(result.itineraries.size(), 1u);
  keep = result.itineraries.front();
  for (const auto& leg : keep.legs)
    if (leg.crossing) return *leg.crossing;
  ADD_FAILURE() << "no crossing on the route";
  static CrossingPassage none;
  return none;
}

TEST(WeekendClosure, IrkeshtamFridayEveningWaitsForMondayOnlyWhenClosedAtWeekends) {
  const auto base = load_network(kData + "/corridors");
  ASSERT_TRUE(base.network) << base.diagnostics.to_string();

  const auto& today = irkeshtam_passage(*base.network);
  EXPECT_EQ(base.network->crossings[today.crossing].id, "irkeshtam");
  EXPECT_EQ(today.wait.minutes, 578);  // 16:22Z Friday to 02:00Z Saturday (10:00 Beijing)
  EXPECT_EQ(today.why, "CN side closed (Saturday 00:22 local; hours Mo-Su 10:00-24:00; PH off)");

  const auto weekdays = apply_scenario(*base.network, "kg-cn-weekdays-only", kData + "/scenarios");
  ASSERT_TRUE(weekdays.network) << weekdays.diagnostics.to_string();
  const auto& closed = irkeshtam_passage(*weekdays.network);
  EXPECT_EQ(closed.wait.minutes, 578 + 2 * 24 * 60);  // to Monday 10:00 Beijing
  EXPECT_EQ(closed.why, "CN side closed (Saturday 00:22 local; hours Mo-Fr 10:00-24:00; PH off)");
  // 1.8 h (CPMM) is a yearly mean the nights and holidays alone exceed: it is read as the time of
  // a truck that arrives while the crossing is open, so this one takes it once open.
  EXPECT_EQ(closed.processing.minutes, 108);
}

}  // namespace
}  // namespace caravan
