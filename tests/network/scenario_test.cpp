// The bundled scenarios (data/scenarios/*.toml) change exactly what they say on the bundled
// corridor data, leave the baseline alone, and bad scenario files get exact file:line diagnostics.
#include "network/scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace caravan {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string& corridors_dir() {
  static const std::string dir = std::string(CARAVAN_TEST_DIR) + "/../data/corridors";
  return dir;
}
const std::string& scenarios_dir() {
  static const std::string dir = std::string(CARAVAN_TEST_DIR) + "/../data/scenarios";
  return dir;
}

const Network& base() {
  static const std::shared_ptr<const Network> net = [] {
    auto loaded = load_network(corridors_dir());
    if (!loaded.network) throw std::runtime_error("bundled data does not load:\n" + loaded.diagnostics.to_string());
    return loaded.network;
  }();
  return *net;
}

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

std::shared_ptr<const Network> apply_bundled(const std::string& name) {
  const auto result = apply_scenario(base(), name, scenarios_dir());
  EXPECT_THAT(result.diagnostics.items(), IsEmpty()) << result.diagnostics.to_string();
  EXPECT_NE(result.network, nullptr);
  return result.network;
}

std::string closures_text(const std::vector<Closure>& closures) {
  std::string out;
  for (const auto& c : closures) {
    if (!out.empty()) out += ", ";
    out += c.always() ? "always" : format_utc(c.from) + ".." + format_utc(c.to);
  }
  return "[" + out + "]";
}

std::string opt(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : "-"; }
std::string gauge(const std::optional<GaugeChange>& g) {
  return g ? fmt::format("{}h/{}", g->time.in_hours(), g->usd_per_teu) : "-";
}

// Every field a scenario can touch, one line per element, so two networks can be compared
// element by element.
std::vector<std::pair<std::string, std::string>> describe(const Network& net) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& n : net.nodes)
    out.emplace_back("node:" + n.id, fmt::format("disruption_p={} gauge_change={} discharge_dwell_h={}", n.disruption_p,
                                                 gauge(n.gauge_change),
                                                 n.discharge_dwell ? fmt::format("{}", n.discharge_dwell->in_hours()) : "-"));
  for (const auto& l : net.links)
    out.emplace_back("link:" + l.id, fmt::format("status={} speed_kmh={} capacity_teu_day={} disruption_p={} closures={}",
                                                 to_string(l.status), opt(l.speed_kmh), opt(l.capacity_teu_day),
                                                 opt(l.disruption_p), closures_text(l.closures)));
  for (const auto& c : net.crossings)
    out.emplace_back("crossing:" + c.id,
                     fmt::format("hours_a={} hours_b={} median_h_ab={} p90_h_ab={} median_h_ba={} p90_h_ba={} "
                                 "capacity_per_day={} capacity_teu_day={} fee_usd_per_teu={} disruption_p={} "
                                 "gauge_change={} closures={}",
                                 c.hours_a.to_string(), c.hours_b.to_string(), c.a_to_b.median.in_hours(),
                                 c.a_to_b.p90.in_hours(), c.b_to_a.median.in_hours(), c.b_to_a.p90.in_hours(),
                                 opt(c.capacity_per_day), opt(c.capacity_teu_day), c.fee_usd_per_teu, c.disruption_p,
                                 gauge(c.gauge_change), closures_text(c.closures)));
  for (const auto& s : net.services)
    out.emplace_back("service:" + s.id, fmt::format("days_mask={} cutoff_h={} capacity_teu={} tariff_usd_per_teu={} closures={}",
                                                    s.days_mask, s.cutoff.in_hours(), opt(s.capacity_teu),
                                                    s.tariff_usd_per_teu, closures_text(s.closures)));
  for (std::size_t p = 0; p < net.profiles.size(); ++p) {
    const auto& pr = net.profiles[p];
    out.emplace_back(fmt::format("profile:{}", kProfileNames[p]),
                     fmt::format("speed_kmh={} cost_usd_per_teu_km={} terminal_usd_per_teu={} disruption_p_per_1000km={}",
                                 pr.speed_kmh, pr.cost_usd_per_teu_km, pr.terminal_usd_per_teu,
                                 pr.disruption_p_per_1000km));
  }
  return out;
}

// "element: before -> after" for every element that differs; structure must not change at all.
std::vector<std::string> diff(const Network& before, const Network& after) {
  const auto a = describe(before);
  const auto b = describe(after);
  EXPECT_EQ(a.size(), b.size());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    EXPECT_EQ(a[i].first, b[i].first);
    if (a[i].second != b[i].second) out.push_back(a[i].first + ": " + a[i].second + " -> " + b[i].second);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Only the ids of the changed elements.
std::vector<std::string> changed_ids(const Network& before, const Network& after) {
  std::vector<std::string> ids;
  for (const auto& line : diff(before, after)) ids.push_back(line.substr(0, line.find(": ")));
  std::sort(ids.begin(), ids.end());
  return ids;
}

// ---- the bundled set ----

TEST(BundledScenarios, AreTheDocumentedOnesEachWithDescriptionAndSource) {
  const auto list = list_scenarios(scenarios_dir());
  std::vector<std::string> names;
  for (const auto& s : list) {
    names.push_back(s.name);
    EXPECT_FALSE(s.description.empty()) << s.name;
    EXPECT_FALSE(s.source.empty()) << s.name;
    EXPECT_EQ(s.path, scenarios_dir() + "/" + s.name + ".toml");
  }
  EXPECT_THAT(names, ElementsAre("caspian-storm", "cku-open", "constanta-congested", "dostyk-closed", "kg-cn-weekdays-only", "middle-corridor-2030", "red-sea-closed",
                                 "suez-closed"));
}

TEST(BundledScenarios, EachAppliesCleanlyAndKeepsTheStructure) {
  for (const auto& s : list_scenarios(scenarios_dir())) {
    SCOPED_TRACE(s.name);
    const auto result = apply_scenario(base(), s.name, scenarios_dir());
    ASSERT_TRUE(result.diagnostics.empty()) << result.diagnostics.to_string();
    ASSERT_NE(result.network, nullptr);
    const Network& net = *result.network;
    EXPECT_EQ(result.info.name, s.name);
    EXPECT_EQ(result.info.description, s.description);
    EXPECT_EQ(result.info.source, s.source);
    EXPECT_EQ(net.scenario_name, s.name);
    EXPECT_EQ(net.nodes.size(), base().nodes.size());
    EXPECT_EQ(net.links.size(), base().links.size());
    EXPECT_EQ(net.crossings.size(), base().crossings.size());
    EXPECT_EQ(net.services.size(), base().services.size());
    // The derived indexes are rebuilt for the copy.
    EXPECT_EQ(net.arcs.size(), 2 * net.links.size());
    EXPECT_EQ(net.first_arc, base().first_arc);
    EXPECT_EQ(net.first_boarding, base().first_boarding);
    EXPECT_EQ(net.crossing_calendars.size(), net.crossings.size());
    EXPECT_EQ(net.link_by_id.size(), net.links.size());
    EXPECT_EQ(net.service_by_id.size(), net.services.size());
    // Applying by path gives the same network as applying by name.
    const auto by_path = apply_scenario(base(), s.path, scenarios_dir());
    ASSERT_NE(by_path.network, nullptr);
    EXPECT_THAT(diff(net, *by_path.network), IsEmpty());
  }
}

TEST(BundledScenarios, LeaveTheBaselineUntouched) {
  const auto before = describe(base());
  std::vector<std::shared_ptr<const Network>> keep;  // keep every result alive while checking
  for (const auto& s : list_scenarios(scenarios_dir())) keep.push_back(apply_bundled(s.name));
  EXPECT_EQ(describe(base()), before);
  EXPECT_EQ(base().scenario_name, "");
  for (const auto& l : base().links) EXPECT_THAT(l.closures, IsEmpty()) << l.id;
  for (const auto& c : base().crossings) EXPECT_THAT(c.closures, IsEmpty()) << c.id;
  for (const auto& s : base().services) EXPECT_THAT(s.closures, IsEmpty()) << s.id;
  // The baseline still has its six CKU links under construction.
  std::size_t under_construction = 0;
  for (const auto& l : base().links) under_construction += l.status == LinkStatus::under_construction;
  EXPECT_EQ(under_construction, 10u);  // six CKU links + the four sections of pipeline Line D
}

// ---- cku-open ----

TEST(CkuOpen, MakesExactlyTheSixCkuLinksOperational) {
  const auto net = apply_bundled("cku-open");
  ASSERT_NE(net, nullptr);
  const std::string from = "link:{}: status=under_construction speed_kmh=- capacity_teu_day=- disruption_p=- closures=[] -> "
                           "status=operational speed_kmh=- capacity_teu_day=- disruption_p=- closures=[]";
  EXPECT_THAT(diff(base(), *net),
              ElementsAre(fmt::format(fmt::runtime(from), "rail:CN_KASHGAR:CN_TORUGART_RAIL"),
                          fmt::format(fmt::runtime(from), "rail:CN_TORUGART_RAIL:KG_TORUGART_RAIL"),
                          fmt::format(fmt::runtime(from), "rail:KG_JALALABAD:UZ_XONOBOD:cku"),
                          fmt::format(fmt::runtime(from), "rail:KG_MAKMAL:KG_JALALABAD"),
                          fmt::format(fmt::runtime(from), "rail:KG_TORUGART_RAIL:KG_MAKMAL"),
                          fmt::format(fmt::runtime(from), "rail:UZ_XONOBOD:UZ_ANDIJAN:cku")));
  // Nothing else changes status: the only links still under construction are gas Line D's
  // sections, split at every border it crosses.
  std::vector<std::string> still;
  for (const auto& l : net->links)
    if (l.status == LinkStatus::under_construction) still.push_back(l.id);
  EXPECT_THAT(still, ElementsAre("pipeline:TM_GALKYNYSH:UZ_SARIOSIYO:D", "pipeline:UZ_SARIOSIYO:TJ_DUSHANBE:D",
                                 "pipeline:TJ_DUSHANBE:KG_IRKESHTAM:D", "pipeline:KG_IRKESHTAM:CN_WUQIA:D"));
  // Both CKU rail border links carry their crossings, which the scenario leaves as they are.
  EXPECT_EQ(net->crossings[net->links[net->link_by_id.at("rail:CN_TORUGART_RAIL:KG_TORUGART_RAIL")].crossing].id,
            "torugart-rail");
  EXPECT_EQ(net->crossings[net->links[net->link_by_id.at("rail:KG_JALALABAD:UZ_XONOBOD:cku")].crossing].id,
            "cku-jalal-abad-xonobod");
  EXPECT_TRUE(net->links[net->link_by_id.at("rail:KG_MAKMAL:KG_JALALABAD")].routable_status());
}

// ---- suez-closed / red-sea-closed ----

void expect_always_closed(const std::vector<Closure>& closures, const std::string& reason, const std::string& what) {
  ASSERT_EQ(closures.size(), 1u) << what;
  EXPECT_TRUE(closures[0].always()) << what;
  EXPECT_EQ(closures[0].reason, reason) << what;
  EXPECT_TRUE(closures[0].covers(at("1990-01-01T00:00Z")));
  EXPECT_TRUE(closures[0].covers(at("2026-12-09T00:00Z")));
  EXPECT_TRUE(closures[0].covers(at("2099-12-31T23:59Z")));
}

TEST(SuezClosed, ClosesEveryLinkTouchingSuezAndEveryServicePassingItOnce) {
  const auto net = apply_bundled("suez-closed");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(changed_ids(base(), *net),
              ElementsAre("link:sea:CHK_BABELMANDEB:CHK_SUEZ", "link:sea:CHK_SUEZ:CHK_GIBRALTAR",
                          "link:sea:CHK_SUEZ:GR_PIRAEUS", "link:sea:TR_MERSIN:CHK_SUEZ", "service:piraeus-shanghai",
                          "service:rotterdam-shanghai-suez",
                          "service:shanghai-piraeus", "service:shanghai-rotterdam-suez"));
  // The same sets, derived from the data rather than written down.
  const NodeIdx suez = net->node_by_id.at("CHK_SUEZ");
  for (const auto& l : net->links) {
    if (l.from == suez || l.to == suez) expect_always_closed(l.closures, "Suez Canal closed (scenario)", l.id);
    else EXPECT_THAT(l.closures, IsEmpty()) << l.id;
  }
  for (const auto& s : net->services) {
    if (std::find(s.route.begin(), s.route.end(), suez) != s.route.end())
      expect_always_closed(s.closures, "Suez Canal closed (scenario)", s.id);
    else EXPECT_THAT(s.closures, IsEmpty()) << s.id;
  }
  // Statuses are untouched: the disrupted Red Sea leg stays disrupted (closed by the closure instead).
  EXPECT_EQ(net->links[net->link_by_id.at("sea:CHK_BABELMANDEB:CHK_SUEZ")].status, LinkStatus::disrupted);
  // The Cape loops stay open.
  EXPECT_THAT(net->services[net->service_by_id.at("shanghai-rotterdam-cape")].closures, IsEmpty());
}

TEST(RedSeaClosed, ClosesEveryLinkTouchingBabElMandebAndEveryServicePassingItOnce) {
  const auto net = apply_bundled("red-sea-closed");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(changed_ids(base(), *net),
              ElementsAre("link:sea:CHK_BABELMANDEB:CHK_SUEZ", "link:sea:CHK_MALACCA:CHK_BABELMANDEB",
                          "service:piraeus-shanghai", "service:rotterdam-shanghai-suez", "service:shanghai-piraeus",
                          "service:shanghai-rotterdam-suez"));
  const NodeIdx bab = net->node_by_id.at("CHK_BABELMANDEB");
  for (const auto& l : net->links) {
    if (l.from == bab || l.to == bab) expect_always_closed(l.closures, "Red Sea / Bab-el-Mandeb closed to shipping (scenario)", l.id);
    else EXPECT_THAT(l.closures, IsEmpty()) << l.id;
  }
  for (const auto& s : net->services) {
    if (std::find(s.route.begin(), s.route.end(), bab) != s.route.end())
      expect_always_closed(s.closures, "Red Sea / Bab-el-Mandeb closed to shipping (scenario)", s.id);
    else EXPECT_THAT(s.closures, IsEmpty()) << s.id;
  }
  // Suez-Piraeus and Suez-Gibraltar are not touched: they do not touch Bab-el-Mandeb.
  EXPECT_THAT(net->links[net->link_by_id.at("sea:CHK_SUEZ:GR_PIRAEUS")].closures, IsEmpty());
}

// ---- dostyk-closed ----

TEST(DostykClosed, ClosesBothAlashankouDostykCrossingsAndNothingElse) {
  const auto net = apply_bundled("dostyk-closed");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(changed_ids(base(), *net), ElementsAre("crossing:alashankou-dostyk", "crossing:alashankou-dostyk-road"));
  for (const char* id : {"alashankou-dostyk", "alashankou-dostyk-road"}) {
    SCOPED_TRACE(id);
    const CrossingIdx c = net->crossing_by_id.at(id);
    expect_always_closed(net->crossings[c].closures, "Alashankou-Dostyk rail and road crossings closed (scenario)", id);
    // The crossing links themselves carry no closure; the crossing does.
    EXPECT_THAT(net->links[net->crossings[c].link].closures, IsEmpty());
  }
}

TEST(DostykClosed, CrossingCalendarsAreClosedInsideAndTheOthersAreNot) {
  const auto net = apply_bundled("dostyk-closed");
  ASSERT_NE(net, nullptr);
  const CrossingIdx rail = net->crossing_by_id.at("alashankou-dostyk");
  const CrossingIdx road = net->crossing_by_id.at("alashankou-dostyk-road");
  const CrossingIdx khorgos = net->crossing_by_id.at("khorgos-altynkol");
  // Rail is 24/7 in the baseline; road is open 02:00-12:00Z (10:00-20:00 Beijing, 07:00-17:00 Almaty).
  const TimePoint noon_wednesday = at("2026-06-03T06:00Z");
  EXPECT_TRUE(base().crossing_calendars[rail].is_open(noon_wednesday));
  EXPECT_TRUE(base().crossing_calendars[road].is_open(noon_wednesday));
  for (const char* t : {"2026-01-01T00:00Z", "2026-06-03T06:00Z", "2027-03-15T12:00Z"}) {
    EXPECT_FALSE(net->crossing_calendars[rail].is_open(at(t))) << t;
    EXPECT_FALSE(net->crossing_calendars[road].is_open(at(t))) << t;
    EXPECT_TRUE(net->crossing_calendars[khorgos].is_open(at(t))) << t;
  }
  EXPECT_EQ(net->crossing_calendars[rail].next_open(noon_wednesday), std::nullopt);
  EXPECT_EQ(net->crossing_calendars[road].next_open(noon_wednesday), std::nullopt);
  EXPECT_EQ(net->crossing_calendars[rail].finish_work(noon_wednesday, Duration::hours(1)), std::nullopt);
  EXPECT_EQ(net->crossing_calendars[khorgos].next_open(noon_wednesday), noon_wednesday);
}

// ---- caspian-storm ----

TEST(CaspianStorm, SuspendsExactlyTheEightTransCaspianFerriesForThreeDays) {
  const auto net = apply_bundled("caspian-storm");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(changed_ids(base(), *net),
              ElementsAre("service:aktau-alat-feeder", "service:aktau-alat-rail-ferry", "service:alat-aktau-feeder",
                          "service:alat-aktau-rail-ferry", "service:alat-kuryk-ferry", "service:alat-turkmenbashi-ferry",
                          "service:kuryk-alat-ferry", "service:turkmenbashi-alat-ferry"));
  for (const char* id : {"aktau-alat-feeder", "alat-aktau-feeder", "aktau-alat-rail-ferry", "alat-aktau-rail-ferry",
                         "kuryk-alat-ferry", "alat-kuryk-ferry", "turkmenbashi-alat-ferry", "alat-turkmenbashi-ferry"}) {
    SCOPED_TRACE(id);
    const auto& s = net->services[net->service_by_id.at(id)];
    EXPECT_EQ(s.mode, Mode::ferry);
    ASSERT_EQ(s.closures.size(), 1u);
    const Closure& c = s.closures[0];
    EXPECT_FALSE(c.always());
    EXPECT_EQ(c.from, at("2026-12-08T00:00Z"));
    EXPECT_EQ(c.to, at("2026-12-11T00:00Z"));
    EXPECT_EQ(c.to - c.from, Duration::days(3));
    EXPECT_EQ(c.reason, "Caspian storm: ferry loading stopped for 3 d (transit.az)");
    EXPECT_FALSE(c.covers(at("2026-12-07T23:59Z")));
    EXPECT_TRUE(c.covers(at("2026-12-08T00:00Z")));
    EXPECT_TRUE(c.covers(at("2026-12-10T23:59Z")));
    EXPECT_FALSE(c.covers(at("2026-12-11T00:00Z")));
  }
  // The Caspian lanes themselves and the INSTC liner are not closed.
  EXPECT_THAT(net->links[net->link_by_id.at("ferry:KZ_AKTAU:AZ_ALAT")].closures, IsEmpty());
  EXPECT_THAT(net->services[net->service_by_id.at("astrakhan-anzali")].closures, IsEmpty());
}

// ---- constanta-congested ----

TEST(ConstantaCongested, KeepsDischargedContainersTwoWeeksAtConstanta) {
  const auto net = apply_bundled("constanta-congested");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(changed_ids(base(), *net), ElementsAre("node:RO_CONSTANTA"));
  const NodeIdx constanta = net->node_by_id.at("RO_CONSTANTA");
  EXPECT_EQ(base().nodes[constanta].discharge_dwell, Duration::hours(84));
  EXPECT_EQ(net->nodes[constanta].discharge_dwell, Duration::hours(336));
}

// ---- middle-corridor-2030 ----

TEST(MiddleCorridor2030, ChangesExactlyThePublishedTargets) {
  const auto net = apply_bundled("middle-corridor-2030");
  ASSERT_NE(net, nullptr);
  EXPECT_THAT(
      changed_ids(base(), *net),
      ElementsAre("crossing:boyuk-kesik-gardabani", "crossing:khorgos-altynkol", "crossing:krasny-most-tsiteli-khidi",
                  "link:ferry:KZ_AKTAU:AZ_ALAT", "service:aktau-alat-feeder", "service:aktau-alat-rail-ferry",
                  "service:alat-aktau-feeder", "service:alat-aktau-rail-ferry"));

  // Aktau hub 240,000 TEU/yr on the Aktau-Alat lane.
  const auto& lane = net->links[net->link_by_id.at("ferry:KZ_AKTAU:AZ_ALAT")];
  EXPECT_EQ(base().links[net->link_by_id.at("ferry:KZ_AKTAU:AZ_ALAT")].capacity_teu_day, std::nullopt);
  EXPECT_EQ(lane.capacity_teu_day, 657.5);
  EXPECT_EQ(lane.status, LinkStatus::operational);
  EXPECT_THAT(lane.closures, IsEmpty());

  // Feeders: twice a week -> four times a week, cut-off 72 h (calibrated Caspian port dwell) -> 12 h; capacity and tariff unchanged.
  auto service = [&](const Network& n, const char* id) -> const Service& { return n.services[n.service_by_id.at(id)]; };
  constexpr std::uint8_t Mo = 1, Tu = 2, We = 4, Th = 8, Fr = 16, Sa = 32, Su = 64;
  EXPECT_EQ(service(base(), "aktau-alat-feeder").days_mask, Tu | Fr);
  EXPECT_EQ(service(*net, "aktau-alat-feeder").days_mask, Mo | Tu | Fr | Sa);
  EXPECT_EQ(service(base(), "alat-aktau-feeder").days_mask, Mo | Th);
  EXPECT_EQ(service(*net, "alat-aktau-feeder").days_mask, Mo | We | Th | Su);
  for (const char* id : {"aktau-alat-feeder", "alat-aktau-feeder", "aktau-alat-rail-ferry", "alat-aktau-rail-ferry"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(service(base(), id).cutoff, Duration::hours(72));
    EXPECT_EQ(service(*net, id).cutoff, Duration::hours(12));
    EXPECT_EQ(service(*net, id).capacity_teu, service(base(), id).capacity_teu);
    EXPECT_EQ(service(*net, id).tariff_usd_per_teu, service(base(), id).tariff_usd_per_teu);
    EXPECT_THAT(service(*net, id).closures, IsEmpty());
  }
  // The rail ferries keep their days; the timetable offsets (leg hours) are not scenario fields.
  EXPECT_EQ(service(*net, "aktau-alat-rail-ferry").days_mask, service(base(), "aktau-alat-rail-ferry").days_mask);
  EXPECT_EQ(service(*net, "aktau-alat-feeder").calls.back().arrive, Duration::hours(22));

  auto crossing = [&](const Network& n, const char* id) -> const Crossing& { return n.crossings[n.crossing_by_id.at(id)]; };
  // Khorgos-Altynkol into KZ halved: 34.8/69.7 h -> 17.4/34.85 h; the other direction unchanged.
  EXPECT_EQ(crossing(base(), "khorgos-altynkol").a_to_b.median, Duration::hours(34.8));
  EXPECT_EQ(crossing(*net, "khorgos-altynkol").a_to_b.median, Duration::hours(17.4));
  EXPECT_EQ(crossing(*net, "khorgos-altynkol").a_to_b.p90, Duration::hours(34.85));
  EXPECT_EQ(crossing(*net, "khorgos-altynkol").b_to_a.median, Duration::hours(6.8));
  EXPECT_EQ(crossing(*net, "khorgos-altynkol").b_to_a.p90, Duration::hours(12.2));
  // Red Bridge out of Georgia halved: 54.9/98.8 h -> 27.45/49.4 h; into Georgia unchanged.
  EXPECT_EQ(crossing(*net, "krasny-most-tsiteli-khidi").b_to_a.median, Duration::hours(27.45));
  EXPECT_EQ(crossing(*net, "krasny-most-tsiteli-khidi").b_to_a.p90, Duration::hours(49.4));
  EXPECT_EQ(crossing(*net, "krasny-most-tsiteli-khidi").a_to_b.median, Duration::hours(12));
  EXPECT_EQ(crossing(*net, "krasny-most-tsiteli-khidi").a_to_b.p90, Duration::hours(24));
  // Boyuk Kesik-Gardabani rail 4/8 h -> 2/4 h both ways.
  for (const auto* p : {&crossing(*net, "boyuk-kesik-gardabani").a_to_b, &crossing(*net, "boyuk-kesik-gardabani").b_to_a}) {
    EXPECT_EQ(p->median, Duration::hours(2));
    EXPECT_EQ(p->p90, Duration::hours(4));
  }
}

// ---- bad scenarios ----

std::string problems(const std::string& text) {
  const auto result = apply_scenario_text(base(), text, "bad.toml");
  EXPECT_EQ(result.network, nullptr);
  return result.diagnostics.to_string();
}

constexpr const char* kHeader = "description = \"test\"\nsource = \"estimate: test\"\n";  // lines 1-2

TEST(BadScenario, UnknownTargetIdIsReportedOnceAtItsLine) {
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[change]]\ntarget = \"link:rail:NOWHERE:ELSEWHERE\"\nstatus = \"operational\"\nspeed_kmh = 80\n"),
            "bad.toml:5: column 'target': unknown link 'rail:NOWHERE:ELSEWHERE'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"crossing:dostyk\"\nmedian_h_ab = 3\n"),
            "bad.toml:5: column 'target': unknown crossing 'dostyk'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"service:nope\"\ndays = \"Mo\"\n"),
            "bad.toml:5: column 'target': unknown service 'nope'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"node:CN_NOWHERE\"\ndisruption_p = 0.1\n"),
            "bad.toml:5: column 'target': unknown node 'CN_NOWHERE'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"profile:hovercraft\"\nspeed_kmh = 80\n"),
            "bad.toml:5: column 'target': unknown profile 'hovercraft'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"harbour:X\"\nstatus = \"closed\"\n"),
            "bad.toml:5: column 'target': unknown target kind 'harbour' (link, crossing, node, service, profile)\n");
  // An unknown target is an error even when the change sets nothing.
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"link:NOPE\"\n"),
            "bad.toml:5: column 'target': unknown link 'NOPE'\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"link:rail:CN_KASHGAR:CN_TORUGART_RAIL\"\n"),
            "bad.toml:5: column 'target': [[change]] of 'link:rail:CN_KASHGAR:CN_TORUGART_RAIL' sets no field\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\nstatus = \"operational\"\n"),
            "bad.toml:4: column 'target': each [[change]] needs target = \"link:ID\" (or crossing:, node:, service:, profile:)\n");
}

TEST(BadScenario, UnknownClosureTargetsAreReportedUnderTargets) {
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[closure]]\ntargets = [\"node:CHK_SUEZ\", \"node:CHK_PANAMA\", \"harbour:X\", \"crossing:nope\",\n"
                     "  \"service:nope\", \"link:nope\", 7]\n"),
            "bad.toml:5: column 'targets': unknown node 'CHK_PANAMA'\n"
            "bad.toml:5: column 'targets': unknown target kind 'harbour' in 'harbour:X' (link, crossing, node, service)\n"
            "bad.toml:5: column 'targets': unknown crossing 'nope'\n"
            "bad.toml:6: column 'targets': unknown service 'nope'\n"
            "bad.toml:6: column 'targets': unknown link 'nope'\n"
            "bad.toml:6: column 'targets': targets are strings such as \"crossing:ID\"\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[closure]]\nreason = \"x\"\n"),
            "bad.toml:4: column 'targets': each [[closure]] needs targets = [\"node:CHK_SUEZ\", …]\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[closure]]\ntargets = []\n"),
            "bad.toml:4: column 'targets': each [[closure]] needs targets = [\"node:CHK_SUEZ\", …]\n");
}

TEST(BadScenario, UnknownFieldIsReportedAtItsLine) {
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[change]]\ntarget = \"link:rail:CN_KASHGAR:CN_TORUGART_RAIL\"\ncolour = \"red\"\n"),
            "bad.toml:6: column 'colour': a scenario cannot change 'colour' of a link\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"crossing:torugart\"\nleg_hours = 3\n"),
            "bad.toml:6: column 'leg_hours': a scenario cannot change 'leg_hours' of a crossing\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"service:aktau-alat-feeder\"\nleg_hours = \"20\"\n"),
            "bad.toml:6: column 'leg_hours': a scenario cannot change 'leg_hours' of a service\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"node:CHK_SUEZ\"\nname = \"Panama\"\n"),
            "bad.toml:6: column 'name': a scenario cannot change 'name' of a node\n");
  // Only ports keep containers after discharge.
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"node:KZ_ALMATY\"\ndischarge_dwell_hours = 24\n"),
            "bad.toml:6: column 'discharge_dwell_hours': a scenario cannot change 'discharge_dwell_hours' of a node\n");
  // Torugart (road) has no break of gauge, so its gauge change time cannot be set.
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"crossing:torugart\"\ngauge_change_hours = 3\n"),
            "bad.toml:6: column 'gauge_change_hours': a scenario cannot change 'gauge_change_hours' of a crossing\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[closure]]\ntargets = [\"node:CHK_SUEZ\"]\nuntil = \"2026-12-01T00:00Z\"\n"),
            "bad.toml:6: column 'until': unknown key in [[closure]]\n");
  EXPECT_EQ(problems(std::string(kHeader) + "name = \"x\"\n"),
            "bad.toml:3: column 'name': unknown key; a scenario has description, source, [[change]] and [[closure]]\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[change]\ntarget = \"link:x\"\n"),
            "bad.toml:4: column 'change': unknown key; a scenario has description, source, [[change]] and [[closure]]\n");
}

TEST(BadScenario, BadValuesAreReportedAtTheirLine) {
  const std::string change = std::string(kHeader) + "\n[[change]]\ntarget = \"link:rail:CN_KASHGAR:CN_TORUGART_RAIL\"\n";
  EXPECT_EQ(problems(change + "status = \"open\"\n"),
            "bad.toml:6: column 'status': must be one of operational, under_construction, planned, disrupted, closed\n");
  EXPECT_EQ(problems(change + "status = 1\n"),
            "bad.toml:6: column 'status': must be one of operational, under_construction, planned, disrupted, closed\n");
  EXPECT_EQ(problems(change + "speed_kmh = \"fast\"\n"), "bad.toml:6: column 'speed_kmh': must be a number\n");
  EXPECT_EQ(problems(change + "disruption_p = 1.5\n"), "bad.toml:6: column 'disruption_p': 1.5 is out of range [0, 1]\n");
  const std::string service = std::string(kHeader) + "\n[[change]]\ntarget = \"service:aktau-alat-feeder\"\n";
  EXPECT_EQ(problems(service + "days = \"Mo,Xx\"\n"),
            "bad.toml:6: column 'days': 'Mo,Xx' is not a list of days such as Mo,Th or daily\n");
  EXPECT_EQ(problems(service + "days = \"Mo,Mo\"\n"),
            "bad.toml:6: column 'days': 'Mo,Mo' is not a list of days such as Mo,Th or daily\n");
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]]\ntarget = \"crossing:torugart\"\nhours_a = \"Mo-Fr 9-18\"\n")
                .rfind("bad.toml:6: column 'hours_a': malformed opening hours: ", 0),
            0u);
}

TEST(BadScenario, ClosureEndingBeforeItStartsIsReportedAtTo) {
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[closure]]\ntargets = [\"node:CHK_SUEZ\"]\nfrom = \"2026-12-11T00:00Z\"\nto = \"2026-12-08T00:00Z\"\n"),
            "bad.toml:7: column 'to': a closure must end after it starts\n");
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[closure]]\ntargets = [\"node:CHK_SUEZ\"]\nfrom = \"2026-12-08T00:00Z\"\nto = \"2026-12-08T00:00Z\"\n"),
            "bad.toml:7: column 'to': a closure must end after it starts\n");
  // A bad date is reported at its own line.
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[closure]]\ntargets = [\"node:CHK_SUEZ\"]\nfrom = \"next tuesday\"\n")
                .rfind("bad.toml:6: column 'from': 'next tuesday': ", 0),
            0u);
}

TEST(BadScenario, MalformedTomlIsReportedAtItsLine) {
  EXPECT_EQ(problems(std::string(kHeader) + "\n[[change]\ntarget = \"link:x\"\n"),
            "bad.toml:4: Error while parsing table header: expected ']', saw '\\n'\n");
  EXPECT_EQ(problems("description = \"test\"\nsource = \"estimate\nx\"\n").rfind("bad.toml:2: ", 0), 0u);
}

TEST(BadScenario, DescriptionAndSourceAreRequired) {
  EXPECT_EQ(problems("[[closure]]\ntargets = [\"node:CHK_SUEZ\"]\n"),
            "bad.toml:1: column 'description': a scenario needs a description\n"
            "bad.toml:1: column 'source': a scenario needs a source (or 'estimate' and how)\n");
}

TEST(BadScenario, EveryProblemIsReportedNotJustTheFirst) {
  EXPECT_EQ(problems(std::string(kHeader) +
                     "\n[[change]]\ntarget = \"link:nope\"\nstatus = \"operational\"\n"
                     "\n[[change]]\ntarget = \"link:rail:CN_KASHGAR:CN_TORUGART_RAIL\"\nstatus = \"open\"\n"
                     "\n[[closure]]\ntargets = [\"crossing:nope\"]\n"),
            "bad.toml:5: column 'target': unknown link 'nope'\n"
            "bad.toml:10: column 'status': must be one of operational, under_construction, planned, disrupted, closed\n"
            "bad.toml:13: column 'targets': unknown crossing 'nope'\n");
}

TEST(BadScenario, UnknownScenarioNameListsTheBundledOnes) {
  const auto result = apply_scenario(base(), "atlantis", scenarios_dir());
  EXPECT_EQ(result.network, nullptr);
  EXPECT_EQ(result.diagnostics.to_string(),
            scenarios_dir() +
                "/atlantis.toml: unknown scenario 'atlantis' (no such file); bundled scenarios: caspian-storm, cku-open, constanta-congested, dostyk-closed, kg-cn-weekdays-only, middle-corridor-2030, "
                "red-sea-closed, suez-closed\n");
  const auto by_path = apply_scenario(base(), "/nonexistent/dir/x.toml", scenarios_dir());
  EXPECT_EQ(by_path.network, nullptr);
  EXPECT_EQ(by_path.diagnostics.to_string(),
            "/nonexistent/dir/x.toml: unknown scenario '/nonexistent/dir/x.toml' (no such file); bundled "
            "scenarios: caspian-storm, cku-open, constanta-congested, dostyk-closed, kg-cn-weekdays-only, middle-corridor-2030, red-sea-closed, suez-closed\n");
}

TEST(GoodScenario, TextScenarioAppliesAndNamesItselfAfterTheFile) {
  const auto result = apply_scenario_text(base(),
                                          std::string(kHeader) +
                                              "\n[[change]]\ntarget = \"profile:ferry\"\nspeed_kmh = 30\n"
                                              "\n[[change]]\ntarget = \"node:KG_MAKMAL\"\ngauge_change_hours = 3\n",
                                          "/some/where/faster-ferries.toml");
  ASSERT_NE(result.network, nullptr) << result.diagnostics.to_string();
  EXPECT_EQ(result.info.name, "faster-ferries");
  EXPECT_EQ(result.network->scenario_name, "faster-ferries");
  EXPECT_EQ(result.network->profile(Profile::ferry).speed_kmh, 30);
  EXPECT_EQ(result.network->nodes[result.network->node_by_id.at("KG_MAKMAL")].gauge_change->time, Duration::hours(3));
  EXPECT_THAT(changed_ids(base(), *result.network), ElementsAre("node:KG_MAKMAL", "profile:ferry"));
}

}  // namespace
}  // namespace caravan
