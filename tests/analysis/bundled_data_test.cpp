// The analyses on the bundled corridor data: what the scenarios change, and capacities read from
// the published figures in data/corridors.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "analysis/assignment.hpp"
#include "analysis/capacity.hpp"
#include "analysis/scenario_compare.hpp"
#include "network/scenario.hpp"

namespace caravan::analysis {
namespace {

class BundledData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = load_network(default_data_dir() + "/corridors");
    ASSERT_TRUE(loaded.network) << loaded.diagnostics.to_string();
    base_ = loaded.network;
    places_ = std::make_unique<PlaceIndex>(*base_);
  }
  static std::shared_ptr<const Network> scenario(const std::string& name) {
    auto r = apply_scenario(*base_, name, default_data_dir() + "/scenarios");
    EXPECT_TRUE(r.network) << r.diagnostics.to_string();
    return r.network;
  }
  static NodeIdx node(const std::string& id) { return base_->node_by_id.at(id); }
  static TimePoint monday() { return *parse_iso8601("2026-12-07T08:00Z"); }
  static bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

  static inline std::shared_ptr<const Network> base_;
  static inline std::unique_ptr<PlaceIndex> places_;
};

TEST_F(BundledData, CkuShortensKashgarToAndijanAndTashkentByRail) {
  RouteConstraints rail_only;
  rail_only.modes_mask = 1u << static_cast<int>(Mode::rail);
  const CompareSide base{base_, "baseline", rail_only}, cku{scenario("cku-open"), "cku-open", rail_only};
  CompareOptions o;
  o.depart = monday();
  o.cargo.size = ContainerSize::ft40;
  const auto r = compare_scenarios(base, cku, {{node("CN_KASHGAR"), node("UZ_ANDIJAN")}, {node("CN_KASHGAR"), node("UZ_TASHKENT")}}, o);
  ASSERT_EQ(r.pairs.size(), 2u);
  EXPECT_FALSE(r.interrupted);
  for (const auto& p : r.pairs) {
    ASSERT_TRUE(p.base && p.scenario);
    EXPECT_LT(p.scenario->hours, p.base->hours - 24) << "more than a day faster";
    EXPECT_LT(p.scenario->distance_km, p.base->distance_km);
    // Today by rail round through Kazakhstan; with the CKU line straight over Torugart.
    EXPECT_EQ(p.base->corridor, "CN-KZ-UZ");
    EXPECT_EQ(p.scenario->corridor, "CN-KG-UZ");
    EXPECT_TRUE(has(p.scenario->crossings, "torugart-rail"));
    EXPECT_TRUE(has(p.scenario->crossings, "cku-jalal-abad-xonobod"));
    EXPECT_TRUE(p.route_changed());
  }
}

TEST_F(BundledData, RedSeaClosureSendsShanghaiRotterdamRoundTheCape) {
  const CompareSide base{base_, "baseline", {}}, closed{scenario("red-sea-closed"), "red-sea-closed", {}};
  CompareOptions o;
  o.depart = monday();
  o.optimize = Objective::cost;  // the cheapest way is by sea
  o.cargo.size = ContainerSize::ft40;
  const auto r = compare_scenarios(base, closed, {{node("CN_SHANGHAI"), node("NL_ROTTERDAM")}}, o);
  ASSERT_EQ(r.pairs.size(), 1u);
  const auto& p = r.pairs[0];
  ASSERT_TRUE(p.base && p.scenario);
  EXPECT_TRUE(has(p.base->chokepoints, "CHK_SUEZ"));
  EXPECT_TRUE(has(p.base->chokepoints, "CHK_BABELMANDEB"));
  EXPECT_TRUE(has(p.scenario->chokepoints, "CHK_CAPE"));
  EXPECT_FALSE(has(p.scenario->chokepoints, "CHK_BABELMANDEB"));
  EXPECT_GT(p.scenario->hours, p.base->hours + 7 * 24) << "the Cape adds more than a week";
}

TEST_F(BundledData, RedSeaClosureShiftsAssignedFlowOntoTheLandRoutes) {
  const std::string demand =
      "origin,destination,teu_per_year,cargo_class\n"
      "Shanghai,Rotterdam,200000,general\nShanghai,Hamburg,100000,general\nShanghai,Piraeus,100000,general\n"
      "Xian,Duisburg,50000,high-value\n";
  auto land_share = [&](const std::shared_ptr<const Network>& net) {
    const PlaceIndex index(*net);
    const auto rows = parse_demand_csv(index, demand, "demand.csv");
    Availability av;
    av.at = monday();
    const auto graph = build_assignment_graph(*net, av);
    AssignOptions o;
    o.threads = 1;
    const auto r = assign(graph, rows, o);
    // TEU/day leaving China over land crossings vs on deep-sea services out of Shanghai.
    double land = 0, sea = 0;
    for (const auto& l : r.loads) {
      const auto& e = graph.elements[l.element];
      if (e.kind == ElementKind::crossing && net->nodes[e.from].country == CountryCode{'C', 'N'}) land += l.teu_per_day;
      if (e.kind == ElementKind::service && e.from == node("CN_SHANGHAI")) sea += l.teu_per_day;
    }
    EXPECT_NEAR(land + sea, 450000.0 / 365, 1e-6) << "all demand leaves China one way or the other";
    return land / (land + sea);
  };
  const double before = land_share(base_), after = land_share(scenario("red-sea-closed"));
  EXPECT_GT(after, before + 0.2) << "before " << before << ", after " << after;
}

TEST_F(BundledData, GasPipelineIntakeIsTheSumOfLinesAToD) {
  CapacityQuery q;
  q.from = parse_region(*base_, *places_, "TM,UZ,KZ").region;
  q.to = parse_region(*base_, *places_, "CN").region;
  q.network = CapacityNetwork::pipeline;
  q.availability.at = monday();
  // Lines A, B and C are operational; D is under construction. Each line is split at every
  // border it crosses: its capacity is that of its section into China.
  double abc = 0, abcd = 0;
  for (const auto& link : base_->links)
    if (link.mode == Mode::pipeline && base_->nodes[link.to].country == CountryCode{'C', 'N'}) {
      abcd += *link.capacity_bcm_year;
      if (link.status == LinkStatus::operational) abc += *link.capacity_bcm_year;
    }
  auto r = max_sustainable_flow(*base_, q);
  EXPECT_EQ(r.unit, "bcm/year");
  EXPECT_DOUBLE_EQ(r.max_flow, abc);
  EXPECT_EQ(r.min_cut.size(), 3u);
  q.availability.include_planned = true;
  r = max_sustainable_flow(*base_, q);
  EXPECT_DOUBLE_EQ(r.max_flow, abcd);
  EXPECT_EQ(r.min_cut.size(), 4u);
  EXPECT_DOUBLE_EQ(abc, 55.0);
  EXPECT_DOUBLE_EQ(abcd, 85.0);
}

// The pipeline is split at every border it crosses: Turkmen gas reaches China through lines
// A-C (55 bcm/yr, via UZ and KZ); Line D (TM-UZ-TJ-KG-CN) counts only as built
// (--include-planned); without Kazakhstan, lines A-C are cut and only Line D remains.
TEST_F(BundledData, TurkmenGasReachesChinaThroughEveryCountryOnTheWay) {
  CapacityQuery q;
  q.from = parse_region(*base_, *places_, "TM").region;
  q.to = parse_region(*base_, *places_, "CN").region;
  q.network = CapacityNetwork::pipeline;
  q.availability.at = monday();
  EXPECT_DOUBLE_EQ(max_sustainable_flow(*base_, q).max_flow, 55.0);
  q.availability.include_planned = true;
  EXPECT_DOUBLE_EQ(max_sustainable_flow(*base_, q).max_flow, 85.0);
  q.availability.constraints.avoid_countries = {{'K', 'Z'}};
  EXPECT_DOUBLE_EQ(max_sustainable_flow(*base_, q).max_flow, 30.0);
  q.availability.include_planned = false;
  EXPECT_DOUBLE_EQ(max_sustainable_flow(*base_, q).max_flow, 0.0);
}

// Region to region, the freight capacity counts only paths a shipper would use: at most 1.5
// times the shortest between their end places. China → Central Asia no longer flows through
// Europe (Brest–Małaszewicze and the deep-sea loops were in the minimum cut).
TEST_F(BundledData, ChinaToCentralAsiaCountsOnlyPathsWithinTheDetourFactor) {
  CapacityQuery q;
  q.from = parse_region(*base_, *places_, "CN").region;
  q.to = parse_region(*base_, *places_, "KZ,UZ,KG").region;
  q.availability.at = monday();
  q.max_detour = 0;
  const auto any = max_sustainable_flow(*base_, q);
  q.max_detour = 1.5;
  const auto direct = max_sustainable_flow(*base_, q);
  EXPECT_NEAR(any.max_flow, 16935.714, 0.001);
  EXPECT_DOUBLE_EQ(direct.max_flow, 8650.0);
  // The cut is the crossings out of China towards Kazakhstan and Kyrgyzstan, and the ways north
  // of them through Russia (Manzhouli, Suifenhe, and Mongolia's Sükhbaatar-Naushki), which stay
  // within the detour factor for the north-east of China; no European crossing and no sea loop.
  std::vector<std::string> cut;
  for (const auto& c : direct.min_cut) {
    EXPECT_EQ(c.element.kind, ElementKind::crossing) << element_id(*base_, c.element);
    cut.push_back(element_id(*base_, c.element));
  }
  std::sort(cut.begin(), cut.end());
  EXPECT_EQ(cut, (std::vector<std::string>{"alashankou-dostyk", "alashankou-dostyk-road", "bakhty-baketu", "bedel", "irkeshtam",
                                           "khorgos-altynkol", "khorgos-nurzholy", "maikapchagai-jeminay", "manzhouli-zabaykalsk",
                                           "suifenhe-grodekovo", "suifenhe-pogranichny-road", "sukhbaatar-naushki", "torugart"}));
}

TEST_F(BundledData, ChinaToKazakhstanByRailWithoutRussiaIsBoundByTheBorderCrossings) {
  CapacityQuery q;
  q.from = parse_region(*base_, *places_, "CN").region;
  q.to = parse_region(*base_, *places_, "KZ").region;
  q.availability.at = monday();
  q.availability.constraints.modes_mask = 1u << static_cast<int>(Mode::rail);
  q.availability.constraints.avoid_countries = {{'R', 'U'}};  // else Manzhouli–Zabaykalsk and round via Russia
  double expected = 0;
  std::vector<std::string> ids;
  for (const auto& c : base_->crossings) {
    const auto a = base_->nodes[c.side_a].country, b = base_->nodes[c.side_b].country;
    const bool cn_kz = (a == CountryCode{'C', 'N'} && b == CountryCode{'K', 'Z'}) || (a == CountryCode{'K', 'Z'} && b == CountryCode{'C', 'N'});
    if (cn_kz && c.mode == Mode::rail && base_->links[c.link].routable_status()) {
      expected += *c.capacity_teu_day;
      ids.push_back(c.id);
    }
  }
  ASSERT_GE(ids.size(), 2u);
  const auto r = max_sustainable_flow(*base_, q);
  EXPECT_FALSE(r.unbounded);
  EXPECT_DOUBLE_EQ(r.max_flow, expected);
  std::vector<std::string> cut;
  for (const auto& c : r.min_cut) {
    EXPECT_EQ(c.element.kind, ElementKind::crossing);
    cut.push_back(element_id(*base_, c.element));
  }
  std::sort(cut.begin(), cut.end());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(cut, ids);
}

TEST_F(BundledData, RegionsThatShareAPlaceAreRejected) {
  CapacityQuery q;
  q.from = parse_region(*base_, *places_, "KZ").region;
  q.to = parse_region(*base_, *places_, "Almaty").region;
  EXPECT_THROW(max_sustainable_flow(*base_, q), std::invalid_argument);
  EXPECT_EQ(parse_region(*base_, *places_, "XX,Almaty").error, "unknown place 'XX'");
}

}  // namespace
}  // namespace caravan::analysis
