// Freight operations as the corridors run them, on the bundled data:
//
// * Border time is elapsed time. CPMM's TFI1 (entering the first side to leaving the second,
//   waiting included) is the mean over a year of arrivals; the engine's own yearly mean over
//   hourly arrivals equals it, while the opening hours still decide who waits.
// * A through train shows every border it passes, and a scheduled train costs the same on a
//   departure whichever query uses it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "network/clearing_report.hpp"
#include "network/network.hpp"
#include "network/scenario.hpp"
#include "routing/planner.hpp"
#include "routing/route_answer.hpp"

namespace caravan {
namespace {

const std::string kDataDir = std::string(CARAVAN_TEST_DIR) + "/../data";

std::shared_ptr<const Network> baseline() {
  static const std::shared_ptr<const Network> net = [] {
    auto loaded = load_network(kDataDir + "/corridors");
    if (!loaded.network) ADD_FAILURE() << loaded.diagnostics.to_string();
    return loaded.network;
  }();
  return net;
}

NodeIdx node(const Network& net, const std::string& id) { return net.node_by_id.at(id); }
TimePoint at(const char* iso) { return *parse_iso8601(iso); }

RouteQuery query(const Network& net, const std::string& from, const std::string& to, const char* depart) {
  RouteQuery q;
  q.from = node(net, from);
  q.to = node(net, to);
  q.depart = at(depart);
  q.cargo.size = ContainerSize::ft40;
  return q;
}

// The table of docs/validation.md ("Border time as elapsed time"): every published figure, the
// engine's yearly mean and p90 over hourly arrivals in 2026, in tenths of an hour.
TEST(BorderTime, EveryPublishedFigureIsTheYearlyMeanOfHourlyArrivals) {
  const auto net = baseline();
  const auto rows = clearing_rows(*net, true);
  struct Expected {
    double mean_h, p90_h, open_h;
  };
  // crossing/direction -> yearly mean, p90 over arrivals, open time to clear
  const std::map<std::string, Expected> expected = {
      {"alashankou-dostyk/a_to_b", {30.5, 30.5, 30.5}},
      {"alashankou-dostyk/b_to_a", {6.8, 6.8, 6.8}},
      {"khorgos-altynkol/a_to_b", {34.8, 34.8, 34.8}},
      {"khorgos-altynkol/b_to_a", {6.8, 6.8, 6.8}},
      {"khorgos-nurzholy/a_to_b", {51.4, 51.4, 51.4}},
      {"khorgos-nurzholy/b_to_a", {23.5, 23.5, 23.5}},
      {"alashankou-dostyk-road/a_to_b", {81.3, 89.2, 33.2}},
      {"alashankou-dostyk-road/b_to_a", {81.3, 89.2, 33.2}},
      {"torugart/a_to_b", {50.2, 66.0, 24.0}},
      {"torugart/b_to_a", {50.2, 66.0, 24.0}},
      {"irkeshtam/a_to_b", {11.6, 11.8, 1.8}},
      {"irkeshtam/b_to_a", {11.8, 12.0, 2.0}},
      {"brest-malaszewicze/a_to_b", {60.0, 60.0, 60.0}},
      {"saryagash-keles/a_to_b", {6.8, 6.8, 6.8}},
      {"saryagash-keles/b_to_a", {6.8, 6.8, 6.8}},
      {"zhibek-zholy-gisht-kuprik/a_to_b", {4.2, 4.2, 4.2}},
      {"zhibek-zholy-gisht-kuprik/b_to_a", {4.2, 4.2, 4.2}},
      {"alat-farap-rail/a_to_b", {6.8, 6.8, 6.8}},
      {"alat-farap-rail/b_to_a", {6.8, 6.8, 6.8}},
      {"alat-farap-road/a_to_b", {9.4, 9.4, 9.4}},
      {"alat-farap-road/b_to_a", {17.4, 17.4, 17.4}},
      {"krasny-most-tsiteli-khidi/b_to_a", {54.9, 54.9, 54.9}},
      {"korday-ak-zhol/a_to_b", {2.8, 2.8, 2.8}},
      {"korday-ak-zhol/b_to_a", {2.8, 2.8, 2.8}},
      {"dostuk-dustlik/a_to_b", {1.5, 1.5, 1.5}},
      {"dostuk-dustlik/b_to_a", {1.5, 1.5, 1.5}},
      {"sariosiyo-tursunzoda/a_to_b", {4.2, 4.2, 4.2}},
      {"sariosiyo-tursunzoda/b_to_a", {4.2, 4.2, 4.2}},
      {"oasis-karakalpakstan/a_to_b", {6.8, 6.8, 6.8}},
      {"oasis-karakalpakstan/b_to_a", {6.8, 6.8, 6.8}},
  };
  ASSERT_EQ(rows.size(), expected.size());
  const auto tenth = [](Duration d) { return std::round(d.in_hours() * 10) / 10; };
  for (const auto& r : rows) {
    const std::string key = net->crossings[r.crossing].id + (r.a_to_b ? "/a_to_b" : "/b_to_a");
    SCOPED_TRACE(key);
    ASSERT_TRUE(expected.contains(key));
    const auto& e = expected.at(key);
    EXPECT_DOUBLE_EQ(tenth(r.engine.mean), e.mean_h);
    EXPECT_DOUBLE_EQ(tenth(r.engine.p90), e.p90_h);
    EXPECT_DOUBLE_EQ(tenth(r.work.median), e.open_h);
    EXPECT_EQ(r.engine.arrivals, 8760u);
    // Irkeshtam's KG-side figures (1.8 h, 2.0 h) are for trucks that crossed, which arrive while
    // the crossing is open: with arrivals round the clock, 14-hour days and the Chinese public
    // holidays alone give 9.3 h. So each truck takes the figure once it is open (not 0 h), and the
    // yearly mean stays above it. Every other direction is within 5 %.
    const bool open_hours_figure = net->crossings[r.crossing].id == "irkeshtam";
    if (open_hours_figure) {
      EXPECT_FALSE(r.within_band());
      EXPECT_EQ(r.work.median, r.data.median);
      EXPECT_DOUBLE_EQ(tenth(r.calendar_floor), 9.3);
    } else {
      EXPECT_TRUE(r.within_band());
    }
    // Planning at the p90: the yearly mean is the crossing's p90 figure (Brest's is published).
    if (r.work.p90.minutes > 0 && !open_hours_figure) EXPECT_LE(std::abs(r.engine_p90.mean.in_hours() / r.data.p90.in_hours() - 1), 0.05);
  }
}

// Urumqi → Almaty by road, the example: the option over Alashankou–Dostyk (10 open hours
// a day) spends 75.2 h at the border, of which 42 h closed — no longer 81.3 h of open time with
// 112 h of closures on top (193 h).
TEST(BorderTime, AlashankouDostykRoadIsClearedInElapsedTime) {
  const auto net = baseline();
  auto q = query(*net, "CN_URUMQI", "KZ_ALMATY", "2026-12-07T08:00Z");
  q.constraints.modes_mask = 1u << static_cast<int>(Mode::road);
  q.eps = 0.05;  // as the CLI
  Planner planner(net);
  const auto result = planner.plan(q, std::chrono::seconds(30));
  const Leg* border = nullptr;
  for (const auto& it : result.itineraries)
    for (const auto& leg : it.legs)
      if (leg.crossing && net->crossings[leg.crossing->crossing].id == "alashankou-dostyk-road") border = &leg;
  ASSERT_NE(border, nullptr);
  EXPECT_EQ(border->crossing->processing, Duration{1990});  // 33 h 10 min of open time
  EXPECT_EQ(border->crossing->processing + border->crossing->wait, Duration{4510});  // 75 h 10 min
  EXPECT_EQ(border->crossing->wait, Duration::hours(42));
  EXPECT_NE(border->crossing->why.find(" side closed ("), std::string::npos) << border->crossing->why;
}

// With Torugart on weekdays only (scenario kg-cn-weekdays-only) the open time is calibrated
// again, so the yearly mean stays the published 50.1 h; a truck reaching it on Friday evening
// waits for Monday, one arriving on Tuesday morning only for the night.
TEST(BorderTime, WeekdayOnlyTorugartKeepsItsYearlyMeanAndMakesFridayWait) {
  auto applied = apply_scenario(*baseline(), "kg-cn-weekdays-only", kDataDir + "/scenarios");
  ASSERT_TRUE(applied.network) << applied.diagnostics.to_string();
  const auto net = applied.network;
  for (const auto& r : clearing_rows(*net, true)) {
    if (net->crossings[r.crossing].id != "torugart") continue;
    EXPECT_TRUE(r.within_band()) << r.engine.mean.in_hours();
  }
  const CrossingIdx torugart = net->crossing_by_id.at("torugart");
  const Crossing& c = net->crossings[torugart];
  const auto& calendar = net->crossing_calendars[torugart];
  // Friday 2026-12-11, 19:00 Beijing time (11:00Z), and Tuesday 2026-12-15, 10:00 (02:00Z).
  const auto friday = *calendar.finish_work(at("2026-12-11T11:00Z"), c.work_a_to_b.median);
  const auto tuesday = *calendar.finish_work(at("2026-12-15T02:00Z"), c.work_a_to_b.median);
  EXPECT_EQ(c.work_a_to_b.median, Duration::hours(14) + Duration{7});
  EXPECT_EQ(format_utc(friday), "2026-12-14T11:07Z");   // 5 h on Friday, the rest on Monday
  EXPECT_EQ(format_utc(tuesday), "2026-12-16T02:07Z");  // 14 h on Tuesday, 7 min on Wednesday
}

// Xi'an → Duisburg on the Chang'an express: one ride, yet five borders, two of them with a
// break of gauge (Alashankou–Dostyk 1435→1520, Brest–Małaszewicze 1520→1435).
TEST(ThroughTrains, TheChangAnExpressShowsEveryBorderItPasses) {
  const auto net = baseline();
  auto q = query(*net, "CN_XIAN", "DE_DUISBURG", "2026-12-07T08:00Z");
  // Rail by scheduled trains only (every rail link is left out for one's own train), cheapest.
  q.optimize = Objective::cost;
  q.constraints.modes_mask = 1u << static_cast<int>(Mode::rail);
  for (const auto l : net->links.indices())
    if (net->links[l].mode == Mode::rail) q.constraints.avoid_links.push_back(l);
  Planner planner(net);
  const auto result = planner.plan(q, std::chrono::seconds(30));
  ASSERT_EQ(result.itineraries.size(), 1u);
  const Itinerary& it = result.itineraries.front();
  ASSERT_EQ(it.legs.size(), 1u);
  const Leg& leg = it.legs.front();
  ASSERT_TRUE(leg.service.valid());
  EXPECT_EQ(net->services[leg.service].id, "xian-duisburg-rail");
  std::string passed;
  for (const auto& p : leg.passed) {
    passed += (passed.empty() ? "" : " ") + net->crossings[p.crossing].id + (p.gauge_change ? "*" : "");
    EXPECT_TRUE(p.scheduled);
  }
  EXPECT_EQ(passed,
            "alashankou-dostyk* mamlyutka-petukhovo krasnoye-osinovka brest-malaszewicze* kunowice-frankfurt-oder");
  EXPECT_EQ(it.border_crossings, 5);
  EXPECT_EQ(it.gauge_changes, 2);
  std::string countries;
  for (const auto cc : it.countries) countries += (countries.empty() ? "" : "-") + to_string(cc);
  EXPECT_EQ(countries, "CN-KZ-RU-BY-PL-DE");
}

// A scheduled train is made up at its terminal: a container that reached Xi'an on another train
// is loaded like one brought by truck, so the Chang'an express costs the same on a departure
// whichever query boards it (it once cost less when the container arrived by wagon).
TEST(ThroughTrains, AServiceCostsTheSameWhateverCameBefore) {
  const auto net = baseline();
  const RouteQuery q = query(*net, "CN_XIAN", "DE_DUISBURG", "2026-12-07T08:00Z");
  const FreightCosting costing(*net, q);
  const ServiceIdx s = net->service_by_id.at("xian-duisburg-rail");
  const auto last = static_cast<std::uint32_t>(net->services[s].calls.size() - 1);
  const Step from_start = costing.ride(q.from, 0, q.depart, s, 0, last);
  const Step from_truck = costing.ride(q.from, static_cast<VehicleState>(Vehicle::truck), q.depart, s, 0, last);
  const Step from_wagon = costing.ride(q.from, costing.wagon_state(1435), q.depart, s, 0, last);
  ASSERT_TRUE(from_start.feasible && from_truck.feasible && from_wagon.feasible);
  EXPECT_DOUBLE_EQ(from_start.cost_usd, 5545.0);  // the dated tariff of December 2026
  EXPECT_DOUBLE_EQ(from_truck.cost_usd, 5545.0);
  EXPECT_DOUBLE_EQ(from_wagon.cost_usd, 5545.0);
  EXPECT_EQ(from_wagon.depart, from_start.depart);
  EXPECT_TRUE(from_wagon.lifted);
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

// Nothing absurd is offered: in December Khunjerab is closed for the season, so every option
// (and Kulma) waits there for months. With the 7-day limit both are left out and named; the options
// are exactly the Pareto set of the network without it.
TEST(WaitLimit, KashgarToIslamabadInWinterLeavesKhunjerabOutAndSaysSo) {
  const auto net = baseline();
  Planner planner(net);
  RouteQuery q = query(*net, "CN_KASHGAR", "PK_ISLAMABAD", "2026-12-07T08:00:00Z");
  const auto unlimited = planner.plan(q, std::chrono::seconds(30));
  q.max_wait = Duration::days(7);
  const auto limited = planner.plan(q, std::chrono::seconds(30));
  // Kulma, the Tajik crossing from Kashgar, is closed for the season too.
  ASSERT_EQ(limited.left_out.size(), 2u);
  EXPECT_EQ(limited.left_out[0].id, "khunjerab");
  EXPECT_EQ(limited.left_out[0].kind, LeftOutKind::crossing);
  EXPECT_EQ(left_out_note(limited.left_out[0]),
            "Khunjerab (road) left out: waits 149 d there (seasonal closure 11-30..05-01); the fastest option through it "
            "takes 151 d");
  EXPECT_EQ(limited.left_out[1].id, "kulma-karasu");
  EXPECT_EQ(left_out_note(limited.left_out[1]),
            "Kulma-Karasu (road) left out: waits 150 d there (seasonal closure 12-01..04-30); the fastest option through "
            "it takes 154 d");
  // Without the limit an option through Khunjerab is offered.
  bool through_khunjerab = false;
  for (const auto& it : unlimited.itineraries)
    for (const auto& leg : it.legs) through_khunjerab |= leg.crossing && net->crossings[leg.crossing->crossing].id == "khunjerab";
  EXPECT_TRUE(through_khunjerab);
  // With it, what remains is the Pareto set of the network without Khunjerab.
  RouteQuery without = q;
  without.max_wait.reset();
  without.constraints.avoid_crossings = {net->crossing_by_id.at("khunjerab"), net->crossing_by_id.at("kulma-karasu")};
  const auto expected = planner.plan(without, std::chrono::seconds(30));
  ASSERT_EQ(limited.itineraries.size(), expected.itineraries.size());
  for (std::size_t i = 0; i < expected.itineraries.size(); ++i) {
    EXPECT_EQ(limited.itineraries[i].arrive, expected.itineraries[i].arrive);
    EXPECT_DOUBLE_EQ(limited.itineraries[i].cost_usd, expected.itineraries[i].cost_usd);
  }
  EXPECT_EQ(limited.itineraries.size(), 9u);
}

}  // namespace
}  // namespace caravan
