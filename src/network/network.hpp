#pragma once
// The corridor network in memory: built once, read-only afterwards (share it as
// std::shared_ptr<const Network>). Adjacency is CSR over links; scheduled services are indexed by
// the nodes they call at.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/timezone.hpp"
#include "network/cargo_rules.hpp"
#include "network/holidays.hpp"
#include "network/id_map.hpp"
#include "network/model.hpp"
#include "network/open_calendar.hpp"

namespace caravan {

struct Arc {
  LinkIdx link;
  NodeIdx head;
  bool forward = true;  // traverses the link from `from` to `to`
};

struct ServiceBoarding {
  ServiceIdx service;
  std::uint32_t call = 0;  // index into Service::calls
};

// A point away from the network that one request joined to it (a first or last mile): its node and
// the estimated road links to the nearest covered places of its country (request/access_legs.hpp).
enum class AccessEnd : std::uint8_t { first_mile, last_mile };
inline constexpr std::array<std::string_view, 2> kAccessEndNames = {"first_mile", "last_mile"};

struct AccessPoint {
  AccessEnd end = AccessEnd::first_mile;
  NodeIdx node;
  std::vector<LinkIdx> links;
  std::string asked;        // what the user typed: "Berlin", "52.52,13.40"
  std::string country_from;  // how its country is known: "gazetteer" or "nearest gazetteer town X, N km"
};

struct Network {
  IndexedVector<NodeIdx, Node> nodes;
  IndexedVector<LinkIdx, Link> links;
  IndexedVector<CrossingIdx, Crossing> crossings;
  IndexedVector<ServiceIdx, Service> services;
  std::vector<PublishedClearing> published_clearing;  // border_times.csv (optional table)
  std::array<CostProfile, kProfileNames.size()> profiles{};
  std::unordered_map<std::string, Parameter> parameters;
  // Dated prices (tariffs.csv), in file order; they take precedence over the per-TEU price columns.
  std::vector<Tariff> tariffs;
  // container-ratios.csv, by mode and charge.
  std::array<std::array<ContainerRatio, kChargeNames.size()>, kModeNames.size()> container_ratios{};
  std::vector<CurrencyRate> currencies;  // currencies.csv
  std::vector<ConsolidationHub> consolidation_hubs;  // consolidation_hubs.csv (optional table)
  std::vector<CargoRule> cargo_rules;  // cargo_rules.csv (optional table): reefers and dangerous goods
  std::vector<EcommerceRule> ecommerce_customs;      // ecommerce_customs.csv (optional table)
  std::vector<TimeZone> time_zones;
  HolidayCalendar holidays;
  std::vector<RailSpeed> rail_speeds;        // optional table rail_speeds.csv
  // Per link: how fast single wagons cross it (rail links; 0 otherwise), derived by build_indexes
  // so a query does not look it up again.
  std::vector<double> link_wagonload_kmh;
  std::vector<CountryNames> country_names;  // optional table countries.csv
  std::vector<GazetteerPlace> gazetteer;    // optional table gazetteer.csv
  std::string data_dir;
  std::string scenario_name;  // empty for the baseline
  std::vector<AccessPoint> access_points;  // empty except in a copy made for one request

  // CSR adjacency over links: arcs of node v are arcs[first_arc[v] .. first_arc[v+1]).
  std::vector<std::uint32_t> first_arc;
  std::vector<Arc> arcs;
  // Services by calling node: boardings[first_boarding[v] .. first_boarding[v+1]).
  std::vector<std::uint32_t> first_boarding;
  std::vector<ServiceBoarding> boardings;
  // When each crossing is open (hours, holidays, seasonal and scenario closures), in UTC.
  IndexedVector<CrossingIdx, OpenCalendar> crossing_calendars;

  // Rows by id (find / at / contains take any string or string_view).
  IdMap<NodeIdx> node_by_id;
  IdMap<LinkIdx> link_by_id;
  IdMap<CrossingIdx> crossing_by_id;
  IdMap<ServiceIdx> service_by_id;

  [[nodiscard]] const CostProfile& profile(Profile p) const { return profiles[static_cast<std::size_t>(p)]; }
  [[nodiscard]] double parameter(const std::string& name, double fallback) const;
  // The commercial speed of a container below a whole train on `country`'s rail network:
  // rail_speeds.csv, else the parameter rail_wagonload_speed_kmh.
  [[nodiscard]] double wagonload_speed_kmh(CountryCode country) const;
  // TEU of a whole block train (parameter rail_block_train_teu).
  [[nodiscard]] double block_train_teu() const { return parameter("rail_block_train_teu", 82); }
  // The consolidation hub at `v`, or null.
  [[nodiscard]] const ConsolidationHub* hub_at(NodeIdx v) const {
    for (const auto& h : consolidation_hubs)
      if (h.node == v) return &h;
    return nullptr;
  }
  [[nodiscard]] const TimeZone& time_zone(NodeIdx v) const { return time_zones[nodes[v].timezone_index]; }

  struct ArcRange {
    const Arc* b;
    const Arc* e;
    const Arc* begin() const { return b; }
    const Arc* end() const { return e; }
  };
  [[nodiscard]] ArcRange arcs_of(NodeIdx v) const {
    return {arcs.data() + first_arc[v.index()], arcs.data() + first_arc[v.index() + 1]};
  }
  struct BoardingRange {
    const ServiceBoarding* b;
    const ServiceBoarding* e;
    const ServiceBoarding* begin() const { return b; }
    const ServiceBoarding* end() const { return e; }
  };
  [[nodiscard]] BoardingRange boardings_at(NodeIdx v) const {
    return {boardings.data() + first_boarding[v.index()], boardings.data() + first_boarding[v.index() + 1]};
  }

  // Rebuilds the derived indexes (CSR, id maps, calendars) after the tables changed.
  void build_indexes();
  // Only what nodes, links and services derive (CSR, id maps, boardings, wagon speeds): for a copy
  // that keeps the original's crossings, whose calendars and calibration take most of a build.
  void build_link_indexes();
};

struct LoadResult {
  std::shared_ptr<const Network> network;  // null when the data has errors
  Diagnostics diagnostics;
};

// Loads and validates data/corridors-style tables from `corridors_dir`. Every problem is reported;
// the network is returned only when there are none.
LoadResult load_network(const std::string& corridors_dir);

// Checks that need the whole network (gauges, crossings, services); used by the loader.
void validate_network(const Network& network, Diagnostics& diagnostics);

// The default data directory: $CARAVAN_DATA or the bundled data/.
std::string default_data_dir();

}  // namespace caravan
