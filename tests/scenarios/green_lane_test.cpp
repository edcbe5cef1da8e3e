// Green lanes for pre-declared cargo, on the bundled data: a truck whose declaration was lodged
// before departure clears a road crossing in the green lane's published hour instead of the
// crossing's published mean (CPMM TFI1, mostly queueing), still only while the crossing is open;
// a train's border time (processing, gauge change) stays what it is.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "../support/bundled_network.hpp"
#include "network/scenario.hpp"
#include "routing/costing.hpp"
#include "routing/planner.hpp"

namespace caravan {
namespace {

using testing_support::bundled_network;

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

RouteQuery road_query(const Network& net, const char* from, const char* to, bool green_lane) {
  RouteQuery q;
  q.from = net.node_by_id.at(from);
  q.to = net.node_by_id.at(to);
  q.depart = at("2026-12-07T08:00Z");
  q.cargo.size = ContainerSize::ft40;
  q.constraints.modes_mask = 1u << static_cast<int>(Mode::road);
  q.optimize = Objective::time;
  q.green_lane = green_lane;
  return q;
}

// The leg that clears `crossing`, in the single fastest itinerary.
const Leg& crossing_leg(const Network& net, const PlanResult& result, const std::string& crossing) {
  static const Leg none;
  if (result.itineraries.size() != 1) return ADD_FAILURE() << result.itineraries.size() << " itineraries", none;
  for (const auto& leg : result.itineraries.front().legs)
    if (leg.crossing && net.crossings[leg.crossing->crossing].id == crossing) return leg;
  return ADD_FAILURE() << "no leg crosses " << crossing, none;
}

// Urumqi → Almaty by road through Khorgos–Nur Zholy (24/7): 51.4 h for everybody else (the CPMM
// 2023 mean), one hour in the green lane. Unconstrained, the fastest ordinary truck goes by Bakhty
// (closed at night: 19 h there that day); the pre-declared one by Khorgos, arriving 23.8 h earlier.
TEST(GreenLane, KhorgosRoadClearsPreDeclaredCargoInAnHour) {
  const auto net = bundled_network();
  Planner planner(net);
  auto through_khorgos = [&](bool green_lane) {
    auto q = road_query(*net, "CN_URUMQI", "KZ_ALMATY", green_lane);
    q.via = {net->node_by_id.at("KZ_NURZHOLY")};
    return planner.plan(q, std::chrono::seconds(30));
  };
  const auto ordinary = through_khorgos(false);
  const auto green = through_khorgos(true);
  const Leg& slow = crossing_leg(*net, ordinary, "khorgos-nurzholy");
  const Leg& fast = crossing_leg(*net, green, "khorgos-nurzholy");
  ASSERT_TRUE(slow.crossing && fast.crossing);
  EXPECT_FALSE(slow.crossing->green_lane);
  EXPECT_EQ(slow.crossing->processing + slow.crossing->wait, Duration{3084});  // 51 h 24 min
  EXPECT_TRUE(fast.crossing->green_lane);
  EXPECT_EQ(fast.crossing->processing, Duration::hours(1));
  EXPECT_EQ(fast.crossing->wait, Duration{});

  const auto fastest = planner.plan(road_query(*net, "CN_URUMQI", "KZ_ALMATY", false), std::chrono::seconds(30));
  const auto fastest_green = planner.plan(road_query(*net, "CN_URUMQI", "KZ_ALMATY", true), std::chrono::seconds(30));
  EXPECT_TRUE(crossing_leg(*net, fastest, "bakhty-baketu").crossing);
  EXPECT_TRUE(crossing_leg(*net, fastest_green, "khorgos-nurzholy").crossing);
  ASSERT_EQ(fastest.itineraries.size(), 1u);
  ASSERT_EQ(fastest_green.itineraries.size(), 1u);
  EXPECT_EQ(format_utc(fastest.itineraries.front().arrive), "2026-12-10T06:37Z");
  EXPECT_EQ(format_utc(fastest_green.itineraries.front().arrive), "2026-12-09T06:51Z");
}

// The green lane keeps the crossing's calendar: with Torugart on weekdays only (scenario
// kg-cn-weekdays-only), a pre-declared truck reaching it on Friday at 15:00Z is through by 16:00Z;
// one at 16:30Z, after the Chinese side closed, waits for Monday. A train is not in a green lane.
TEST(GreenLane, KeepsOpeningHoursAndLeavesRailAlone) {
  auto applied = apply_scenario(*bundled_network(), "kg-cn-weekdays-only", std::string(CARAVAN_TEST_DIR) + "/../data/scenarios");
  ASSERT_TRUE(applied.network) << applied.diagnostics.to_string();
  const Network& net = *applied.network;
  RouteQuery q = road_query(net, "CN_KASHGAR", "KG_BISHKEK", true);
  const FreightCosting costing(net, q);
  const CrossingIdx torugart = net.crossing_by_id.at("torugart");
  const Crossing& road = net.crossings[torugart];
  ASSERT_TRUE(costing.green_lane_at(road));
  const Duration green = costing.crossing_processing(road, true);
  EXPECT_EQ(green, Duration::hours(1));
  const auto& calendar = net.crossing_calendars[torugart];
  EXPECT_EQ(format_utc(*calendar.finish_work(at("2026-12-11T15:00Z"), green)), "2026-12-11T16:00Z");
  EXPECT_EQ(format_utc(*calendar.finish_work(at("2026-12-11T16:30Z"), green)), "2026-12-14T03:00Z");

  const Crossing& rail = net.crossings[net.crossing_by_id.at("khorgos-altynkol")];
  EXPECT_FALSE(costing.green_lane_at(rail));
  q.green_lane = false;
  EXPECT_EQ(costing.crossing_processing(rail, true), FreightCosting(net, q).crossing_processing(rail, true));
}

}  // namespace
}  // namespace caravan
