// Assignment on a hand-built two-route network, against equilibria solved by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/assignment.hpp"
#include "border/closed_form.hpp"

namespace caravan::analysis {
namespace {

// t(x) = slope × x hours at a load of x TEU/day.
class LinearDelay final : public CrossingDelayCurve {
 public:
  explicit LinearDelay(double slope) : slope_(slope) {}
  double wait_hours(double load) const override { return slope_ * load; }

 private:
  double slope_;
};

// Origin (vertex 0, place 0) and destination (vertex 1, place 1) joined by two parallel arcs.
AssignmentGraph two_routes(double hours1, std::shared_ptr<const CrossingDelayCurve> d1, double hours2,
                           std::shared_ptr<const CrossingDelayCurve> d2) {
  AssignmentGraph g;
  g.add_vertex();
  g.add_vertex();
  g.place_vertices = {{0}, {1}};
  for (int r = 0; r < 2; ++r) {
    AssignArc a;
    a.tail = 0;
    a.head = 1;
    a.hours = r == 0 ? hours1 : hours2;
    a.delay = r == 0 ? d1 : d2;
    a.elements[0] = g.element_index({ElementKind::link, static_cast<std::uint32_t>(r), NodeIdx{0u}, NodeIdx{1u}}, std::nullopt);
    g.arcs.push_back(a);
  }
  g.finish();
  return g;
}

std::vector<DemandRow> demand_per_day(double teu_per_day) {
  DemandRow row;
  row.from = NodeIdx{0u};
  row.to = NodeIdx{1u};
  row.teu_per_year = teu_per_day * 365;
  row.cargo_class = "test";
  row.value_of_time = 1.0;  // costs are hours
  return {row};
}

TEST(Assignment, LinearTwoRouteEquilibriumIsExact) {
  // 10 + x1 = 15 + 0.5 x2 with x1 + x2 = 20  →  x1 = x2 = 10, both routes 20 h.
  const auto g = two_routes(10, std::make_shared<LinearDelay>(1.0), 15, std::make_shared<LinearDelay>(0.5));
  const auto demand = demand_per_day(20);
  AssignOptions o;
  o.method = AssignMethod::fw;
  o.gap_tolerance = 1e-12;
  o.threads = 1;
  const auto r = assign(g, demand, o);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.arc_flow[0], 10.0, 1e-9);
  EXPECT_NEAR(r.arc_flow[1], 10.0, 1e-9);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_NEAR(r.pairs[0].hours, 20.0, 1e-8);
  EXPECT_LE(r.relative_gap, 1e-12);
}

TEST(Assignment, AllOrNothingPutsEverythingOnTheFreeFlowBest) {
  const auto g = two_routes(10, std::make_shared<LinearDelay>(1.0), 15, std::make_shared<LinearDelay>(0.5));
  AssignOptions o;
  o.method = AssignMethod::aon;
  const auto r = assign(g, demand_per_day(20), o);
  EXPECT_DOUBLE_EQ(r.arc_flow[0], 20.0);
  EXPECT_DOUBLE_EQ(r.arc_flow[1], 0.0);
  // At those loads route 1 costs 30 h, route 2 15 h: gap = (20·30 − 20·15) / (20·30) = 0.5.
  EXPECT_NEAR(r.relative_gap, 0.5, 1e-12);
  EXPECT_EQ(r.iterations, 1);
}

TEST(Assignment, SuccessiveAveragesApproachTheSameEquilibrium) {
  const auto g = two_routes(10, std::make_shared<LinearDelay>(1.0), 15, std::make_shared<LinearDelay>(0.5));
  AssignOptions o;
  o.method = AssignMethod::msa;
  o.iterations = 400;
  o.gap_tolerance = 0;
  // 10 + x1 = 15 + 0.5 (30 − x1)  →  x1 = 40/3 = 30 × 4/9, which the 1/k averages of all-or-nothing
  // loads (30 or 0) reach exactly at k = 9 with four of nine on route 1.
  const auto r = assign(g, demand_per_day(30), o);
  EXPECT_NEAR(r.arc_flow[0], 40.0 / 3.0, 1e-9);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(r.iterations, 9);
}

TEST(Assignment, MM1CrossingsEquilibriumSolvedByHand) {
  // Two crossings, M/M/1 with 1 TEU per vehicle, capacities 10 and 20 per day, no fixed time:
  // W(x) = x / (μ(μ − x)) days. Equal waits with x1 + x2 = 12 give 2 x1 (8 + x1) = (12 − x1)(10 − x1),
  // i.e. x1² + 38 x1 − 120 = 0, x1 = √481 − 19.
  const auto g = two_routes(0, std::make_shared<MmcClosedFormDelay>(1, 10.0, 1.0), 0,
                            std::make_shared<MmcClosedFormDelay>(1, 20.0, 1.0));
  AssignOptions o;
  o.gap_tolerance = 1e-12;
  o.iterations = 100;
  const auto r = assign(g, demand_per_day(12), o);
  const double x1 = std::sqrt(481.0) - 19.0;
  EXPECT_NEAR(r.arc_flow[0], x1, 1e-7);
  EXPECT_NEAR(r.arc_flow[1], 12.0 - x1, 1e-7);
  EXPECT_NEAR(r.pairs[0].hours, 24.0 * x1 / (10.0 * (10.0 - x1)), 1e-6);
}

TEST(Assignment, CancellingStopsAfterTheCurrentIterationAndFlagsPartial) {
  const auto g = two_routes(10, std::make_shared<LinearDelay>(1.0), 15, std::make_shared<LinearDelay>(0.5));
  std::atomic<bool> stop{false};
  RunControl control;
  control.cancel = &stop;
  control.progress = [&](std::string_view, std::size_t done, std::size_t) {
    if (done == 3) stop = true;
  };
  AssignOptions o;
  o.method = AssignMethod::msa;
  o.iterations = 1000;
  o.gap_tolerance = 0;
  const auto r = assign(g, demand_per_day(30), o, control);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.gap_history.size(), 3u);
  ASSERT_EQ(r.pairs.size(), 1u);  // the pair results of the loads reached are still complete
  EXPECT_TRUE(r.pairs[0].reachable);
}

TEST(DelayCurve, IsTheErlangCWaitBelowTheKneeAndLinearBeyond) {
  const MmcClosedFormDelay curve(3, 30.0, 2.0);  // 3 servers, 30 vehicles/day, 2 TEU each
  for (const double teu : {0.0, 10.0, 30.0, 50.0})
    EXPECT_DOUBLE_EQ(curve.wait_hours(teu), teu > 0 ? 24.0 * *border::mmc_wq(3, teu / 2.0, 10.0) : 0.0);
  const double knee = MmcClosedFormDelay::kLinearFrom * 60.0;
  EXPECT_NEAR(curve.wait_hours(knee), 24.0 * *border::mmc_wq(3, knee / 2.0, 10.0), 1e-9);
  const double a = curve.wait_hours(60.0), b = curve.wait_hours(70.0), c = curve.wait_hours(80.0);
  EXPECT_GT(a, curve.wait_hours(knee));
  EXPECT_NEAR(c - b, b - a, 1e-9);  // straight line past the knee, finite at and over capacity
}

TEST(DemandFile, ErrorsNameFileAndLine) {
  // A PlaceIndex needs a network; the bundled one has Xi'an and Tashkent.
  const auto loaded = load_network(default_data_dir() + "/corridors");
  ASSERT_TRUE(loaded.network);
  const PlaceIndex index(*loaded.network);
  const std::string header = "origin,destination,teu_per_year,cargo_class\n";
  EXPECT_THROW(
      {
        try {
          parse_demand_csv(index, header + "Xian,Tashkent,100,general\nXian,Nowhereville,5,general\n", "d.csv");
        } catch (const std::invalid_argument& e) {
          EXPECT_EQ(std::string(e.what()).rfind("d.csv:3: column 'destination': ", 0), 0u) << e.what();
          throw;
        }
      },
      std::invalid_argument);
  try {
    parse_demand_csv(index, header + "Xian,Tashkent,lots,general\n", "d.csv");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "d.csv:2: column 'teu_per_year': 'lots' is not a number of TEU ≥ 0");
  }
  try {
    parse_demand_csv(index, header + "Xian,Tashkent,5,furniture\n", "d.csv");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "d.csv:2: column 'cargo_class': 'furniture' is not one of bulk, general, high-value (or give value_usd_per_teu)");
  }
  const auto rows = parse_demand_csv(index, header + "Xian,Tashkent,730,high-value\n", "d.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].value_of_time, 200000 * 0.15 / 8760);
}

}  // namespace
}  // namespace caravan::analysis
