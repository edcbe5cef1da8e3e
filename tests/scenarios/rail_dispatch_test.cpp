// How a container below a whole train moves by rail where no service runs: as single wagons at
// each national network's commercial speed (rail_speeds.csv, else rail_wagonload_speed_kmh); a
// train of its own only when the shipment fills one (rail_block_train_teu, 41 FEU) or asks for
// it, and then paid whole.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "network/network.hpp"
#include "routing/planner.hpp"

namespace caravan {
namespace {

std::shared_ptr<const Network> baseline() {
  static const std::shared_ptr<const Network> net = [] {
    auto loaded = load_network(std::string(CARAVAN_TEST_DIR) + "/../data/corridors");
    if (!loaded.network) ADD_FAILURE() << loaded.diagnostics.to_string();
    return loaded.network;
  }();
  return net;
}

Itinerary fastest_by_rail(const std::string& from, const std::string& to, const Cargo& cargo) {
  const auto net = baseline();
  RouteQuery q;
  q.from = net->node_by_id.at(from);
  q.to = net->node_by_id.at(to);
  q.depart = *parse_iso8601("2026-12-07T08:00Z");
  q.cargo = cargo;
  q.optimize = Objective::time;
  q.constraints.modes_mask = 1u << static_cast<int>(Mode::rail);
  const auto result = Planner(net).plan(q, std::chrono::seconds(30));
  if (result.itineraries.size() != 1) throw std::runtime_error("no single fastest itinerary");
  return result.itineraries.front();
}

const Link& only_link(const Network& net, const std::string& from, const std::string& to) {
  for (const auto& l : net.links)
    if ((net.nodes[l.from].id == from && net.nodes[l.to].id == to) || (net.nodes[l.from].id == to && net.nodes[l.to].id == from))
      if (l.mode == Mode::rail) return l;
  throw std::runtime_error("no rail link " + from + "-" + to);
}

Cargo forty_foot(int containers, bool block_train = false) {
  Cargo c = Cargo::of(ContainerSize::ft40, containers);
  c.block_train = block_train;
  return c;
}

TEST(RailDispatch, OneContainerGoesAsSingleWagonsAtTheCommercialSpeed) {
  const auto net = baseline();
  const Itinerary it = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(1));
  ASSERT_EQ(it.legs.size(), 3u);
  for (const auto& leg : it.legs) {
    EXPECT_FALSE(leg.service.valid());
    EXPECT_EQ(rail_dispatch(it, leg), "single wagons");
  }
  // Keles → Tashkent is one Uzbek link: no figure for UZ in rail_speeds.csv, so the default
  // (RZD's wagonload delivery speed, 345 km/day = 14.4 km/h).
  EXPECT_EQ(net->wagonload_speed_kmh({'U', 'Z'}), 14.4);
  const Leg& last = it.legs.back();
  EXPECT_EQ(last.arrive - last.depart, Duration::hours(only_link(*net, "UZ_KELES", "UZ_TASHKENT").distance_km / 14.4));
  // Almaty → Saryagash, 991 km of Kazakh rail: 2 d 20 h 49 min (68.8 h at 14.4 km/h).
  EXPECT_EQ(it.legs.front().arrive - it.legs.front().depart, Duration::hours(68) + Duration{49});
  EXPECT_EQ(format_utc(it.arrive), "2026-12-11T01:34Z");
}

TEST(RailDispatch, ACountrysOwnFigureSetsItsSpeed) {
  const auto net = baseline();
  // Turkmen Railways' transit wagons: Farap-Turkmenbashi in 50 h 30 min (rail_speeds.csv).
  EXPECT_EQ(net->wagonload_speed_kmh({'T', 'M'}), 24.9);
  const Itinerary it = fastest_by_rail("TM_FARAP", "TM_TURKMENABAT", forty_foot(1));
  ASSERT_EQ(it.legs.size(), 1u);
  const Leg& leg = it.legs.front();
  EXPECT_EQ(leg.arrive - leg.depart, Duration::hours(only_link(*net, "TM_FARAP", "TM_TURKMENABAT").distance_km / 24.9));
}

TEST(RailDispatch, AFullTrainRunsAsItsOwnBlockTrainAtLineSpeed) {
  const auto net = baseline();
  EXPECT_EQ(net->block_train_teu(), 82);
  const Itinerary it = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(41));
  ASSERT_FALSE(it.legs.empty());
  for (const auto& leg : it.legs)
    if (!leg.service.valid()) EXPECT_EQ(rail_dispatch(it, leg), "block train");
  const Link& link = only_link(*net, "UZ_KELES", "UZ_TASHKENT");
  const double line_speed = link.speed_kmh.value_or(net->profile(link.profile).speed_kmh);
  EXPECT_EQ(it.legs.back().arrive - it.legs.back().depart, Duration::hours(link.distance_km / line_speed));
  EXPECT_LT(it.arrive, fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(40)).arrive);
}

TEST(RailDispatch, ABlockTrainIsPaidWhole) {
  // One box on a train of its own pays the freight of the 41 a train carries; 42 boxes need two
  // trains and pay for 82.
  const Itinerary one = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(1, true));
  const Itinerary full = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(41));
  const Itinerary two = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(42));
  EXPECT_EQ(one.arrive, full.arrive);
  EXPECT_NEAR(one.cost_breakdown[Charge::freight], full.cost_breakdown[Charge::freight], 1e-6);
  EXPECT_NEAR(two.cost_breakdown[Charge::freight], 2 * full.cost_breakdown[Charge::freight], 1e-6);
  // What does not depend on the train (lifts, border fees per wagon) is paid per box.
  EXPECT_NEAR(full.cost_breakdown[Charge::handling], 41 * one.cost_breakdown[Charge::handling], 1e-6);
  const Itinerary wagons = fastest_by_rail("KZ_ALMATY", "UZ_TASHKENT", forty_foot(1));
  EXPECT_NEAR(one.cost_breakdown[Charge::freight], 41 * wagons.cost_breakdown[Charge::freight], 1e-6);
}

TEST(RailDispatch, CargoCountsWholeTrains) {
  EXPECT_EQ(forty_foot(40).block_trains(82), 0);
  EXPECT_EQ(forty_foot(41).block_trains(82), 1);
  EXPECT_EQ(forty_foot(42).block_trains(82), 2);
  EXPECT_EQ(forty_foot(1, true).block_trains(82), 1);
  EXPECT_EQ(Cargo::of(ContainerSize::ft20, 81).block_trains(82), 0);
  EXPECT_EQ(Cargo::of(ContainerSize::ft20, 82).block_trains(82), 1);
}

}  // namespace
}  // namespace caravan
