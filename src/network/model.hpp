#pragma once
// The corridor network as loaded: places, links, border crossings, scheduled services and costing
// profiles. Immutable once built (see network.hpp); every row remembers the file line it came from
// so later checks and scenario errors can point at it.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strong_index.hpp"
#include "core/time.hpp"
#include "network/opening_hours.hpp"

namespace caravan {

// Air carries parcels only, on scheduled flights (parcel_services.csv); a container does not fly.
enum class Mode : std::uint8_t { rail, road, ferry, sea, pipeline, air };
inline constexpr std::array<std::string_view, 6> kModeNames = {"rail", "road", "ferry", "sea", "pipeline", "air"};

enum class NodeKind : std::uint8_t {
  city, rail_terminal, dry_port, border_crossing, seaport, ferry_port, chokepoint, waypoint, gas_field, airport
};
inline constexpr std::array<std::string_view, 10> kNodeKindNames = {
    "city", "rail_terminal", "dry_port", "border_crossing", "seaport", "ferry_port", "chokepoint", "waypoint", "gas_field", "airport"};

enum class LinkStatus : std::uint8_t { operational, under_construction, planned, disrupted, closed };
inline constexpr std::array<std::string_view, 5> kLinkStatusNames = {
    "operational", "under_construction", "planned", "disrupted", "closed"};

// Costing profiles of modes.csv.
enum class Profile : std::uint8_t { rail_electric, rail_diesel, road, ferry, sea, pipeline, air };
inline constexpr std::array<std::string_view, 7> kProfileNames = {
    "rail_electric", "rail_diesel", "road", "ferry", "sea", "pipeline", "air"};

template <class E, std::size_t N>
std::optional<E> enum_from_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}
template <class E, std::size_t N>
std::string_view enum_name(const std::array<std::string_view, N>& names, E value) {
  return names[static_cast<std::size_t>(value)];
}
inline std::string_view to_string(Mode m) { return enum_name(kModeNames, m); }
inline std::string_view to_string(NodeKind k) { return enum_name(kNodeKindNames, k); }
inline std::string_view to_string(LinkStatus s) { return enum_name(kLinkStatusNames, s); }
inline std::string_view to_string(Profile p) { return enum_name(kProfileNames, p); }
inline Mode profile_mode(Profile p) {
  switch (p) {
    case Profile::rail_electric:
    case Profile::rail_diesel: return Mode::rail;
    case Profile::road: return Mode::road;
    case Profile::ferry: return Mode::ferry;
    case Profile::sea: return Mode::sea;
    case Profile::pipeline: return Mode::pipeline;
    case Profile::air: return Mode::air;
  }
  return Mode::rail;
}

using CountryCode = std::array<char, 2>;  // ISO 3166-1 alpha-2, e.g. {'K','Z'}
inline std::string to_string(CountryCode c) { return std::string(c.data(), 2); }

// A closed interval of time [from, to) during which an element is unusable (from scenarios).
struct Closure {
  TimePoint from{std::numeric_limits<std::int64_t>::min() / 4};
  TimePoint to{std::numeric_limits<std::int64_t>::max() / 4};
  std::string reason;
  // No from/to in the scenario: closed for all time.
  [[nodiscard]] bool always() const { return from.minutes <= std::numeric_limits<std::int64_t>::min() / 4 && endless(); }
  [[nodiscard]] bool endless() const { return to.minutes >= std::numeric_limits<std::int64_t>::max() / 4; }
  [[nodiscard]] bool covers(TimePoint t) const { return from <= t && t < to; }
};

struct GaugeChange {
  Duration time;            // per train
  double usd_per_teu = 0;   // transshipment cost
};

struct Node {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  CountryCode country{};
  double lat = 0;
  double lon = 0;
  NodeKind kind = NodeKind::city;
  std::string unlocode;
  std::string timezone;            // IANA name
  std::uint16_t timezone_index = 0;  // into Network::time_zones
  std::optional<GaugeChange> gauge_change;  // inland break of gauge
  // Ports: time a container lifted off a ship or ferry spends in the terminal (yard dwell, customs
  // release) before it leaves or is collected; replaces the profile's terminal time there.
  std::optional<Duration> discharge_dwell;
  double disruption_p = 0;
  std::string source;
  int line = 0;
};

struct Link {
  std::string id;
  NodeIdx from, to;
  Mode mode = Mode::rail;
  // Rail gauge at each end in mm (equal except on crossing links that convert gauge); 0 if none.
  std::uint16_t gauge_from_mm = 0, gauge_to_mm = 0;
  Profile profile = Profile::rail_diesel;
  double distance_km = 0;
  bool distance_is_estimate = false;
  LinkStatus status = LinkStatus::operational;
  int opening_year = 0;
  std::optional<double> speed_kmh;
  CrossingIdx crossing;  // invalid unless this link is a border crossing
  std::optional<double> capacity_teu_day;
  std::optional<double> capacity_bcm_year;
  std::optional<double> disruption_p;
  std::string notes;
  std::string source;
  int line = 0;
  std::vector<Closure> closures;
  [[nodiscard]] bool routable_status() const { return status == LinkStatus::operational || status == LinkStatus::disrupted; }
};

struct ProcessingTime {
  Duration median;
  Duration p90;
};

struct Crossing {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  Mode mode = Mode::road;
  NodeIdx side_a, side_b;
  OpeningHours hours_a, hours_b;
  std::optional<std::pair<int, int>> seasonal_closure;  // (month*100+day) from, to; inclusive
  ProcessingTime a_to_b, b_to_a;
  std::optional<double> capacity_per_day;
  std::optional<double> capacity_teu_day;
  std::optional<GaugeChange> gauge_change;
  double fee_usd_per_teu = 0;
  double disruption_p = 0;
  std::string source;
  int line = 0;
  std::vector<Closure> closures;
  LinkIdx link;  // the crossing link (derived on build)
  // Open time needed to clear, calibrated so that the mean elapsed time over a year of hourly
  // arrivals equals a_to_b / b_to_a (network/clearing_time.hpp; derived on build).
  ProcessingTime work_a_to_b, work_b_to_a;
};

// A published time to clear for one crossing and direction (border_times.csv): what the
// engine's yearly mean is checked against.
struct PublishedClearing {
  CrossingIdx crossing;
  bool a_to_b = true;
  Duration tfi1;                // CPMM TFI1 or equivalent: mean elapsed time to clear
  std::optional<Duration> p90;  // where a 90th percentile is published
  int year = 0;
  std::string basis;            // bcp, sides, national or report
  std::string source;
  int line = 0;
};

// One call of a service: where it stops and when, relative to the departure from the first call.
struct ServiceCall {
  NodeIdx node;
  Duration arrive;  // offset from the first departure
  Duration depart;  // offset from the first departure
  double km_from_start = 0;
  std::vector<LinkIdx> links_to_next;  // links sailed/run to the next call, in order
};

// What a shipment is, as services and prices tell it apart: full containers (the default), groupage
// (LCL: part of a forwarder's consolidated container, priced per W/M) or parcels (priced per
// chargeable kilogram).
enum class CargoKind : std::uint8_t { fcl, lcl, parcel };
inline constexpr std::array<std::string_view, 3> kCargoKindNames = {"fcl", "lcl", "parcel"};
inline std::string_view to_string(CargoKind k) { return enum_name(kCargoKindNames, k); }

struct Service {
  std::string id;
  std::string name;
  std::string operator_name;
  Mode mode = Mode::sea;
  std::vector<NodeIdx> route;      // every node passed
  std::vector<ServiceCall> calls;  // the nodes where it calls
  std::uint8_t days_mask = 0;      // bit d set = departs on weekday d (0 = Monday) at the first call
  int depart_local_minute = 0;     // minutes after local midnight at the first call
  Duration dwell;
  Duration cutoff;
  std::optional<double> capacity_teu;
  double tariff_usd_per_teu = 0;
  // Groupage services (groupage_services.csv) carry one cargo kind and price it by their own unit.
  CargoKind cargo = CargoKind::fcl;
  double tariff_usd_per_wm = 0;  // LCL: per revenue tonne, the larger of m³ and kg / kg_per_wm
  double kg_per_wm = 1000;       // LCL: kilograms that count as one cubic metre
  // Parcel services (parcel_services.csv) price the chargeable weight: the larger of the actual
  // kilograms and the volume in cm³ divided by the carrier's divisor.
  double tariff_usd_per_kg = 0;
  double divisor_cm3_per_kg = 6000;
  std::string source;
  int line = 0;
  std::vector<Closure> closures;
  [[nodiscard]] double total_km() const { return calls.empty() ? 0 : calls.back().km_from_start; }
};

struct CostProfile {
  double speed_kmh = 0;
  double cost_usd_per_teu_km = 0;
  double cost_usd_per_teu_leg = 0;
  double terminal_usd_per_teu = 0;
  Duration terminal_time;
  double co2e_wtw_g_per_tkm = 0;
  double co2e_ttw_g_per_tkm = 0;
  double disruption_p_per_1000km = 0;
  std::string source;
  int line = 0;
  bool present = false;
};

// Prices (tariffs.csv): what a charge is for — the parts of an itinerary's cost_breakdown, in
// their JSON order.
enum class Charge : std::uint8_t { freight, border_fees, handling, transshipment, storage, documents };
inline constexpr std::array<std::string_view, 6> kChargeNames = {"freight", "border_fees", "handling",
                                                                 "transshipment", "storage", "documents"};
inline std::string_view to_string(Charge c) { return enum_name(kChargeNames, c); }

enum class ContainerSize : std::uint8_t { ft20, ft40, ft45 };
inline constexpr std::array<std::string_view, 3> kContainerSizeNames = {"20ft", "40ft", "45ft"};
inline std::string_view to_string(ContainerSize c) { return enum_name(kContainerSizeNames, c); }

// What one price is counted per. A truck or a wagon carries one 40 or 45 ft container or two 20 ft
// ones; a shipment is the whole consignment, whatever its size.
enum class PriceUnit : std::uint8_t { container, container_km, truck, truck_km, wagon, wagon_km, shipment };
inline constexpr std::array<std::string_view, 7> kPriceUnitNames = {"container", "container_km", "truck", "truck_km",
                                                                    "wagon", "wagon_km", "shipment"};
inline std::string_view to_string(PriceUnit u) { return enum_name(kPriceUnitNames, u); }
[[nodiscard]] inline bool per_km(PriceUnit u) {
  return u == PriceUnit::container_km || u == PriceUnit::truck_km || u == PriceUnit::wagon_km;
}

enum class TariffTarget : std::uint8_t { mode, service, link, crossing, node };
inline constexpr std::array<std::string_view, 5> kTariffTargetNames = {"mode", "service", "link", "crossing", "node"};

// Days since 1970-01-01 (UTC) bounding a validity period, both ends included.
inline constexpr std::int64_t kOpenPastDay = std::numeric_limits<std::int32_t>::min();
inline constexpr std::int64_t kOpenFutureDay = std::numeric_limits<std::int32_t>::max();

// One dated price: in force on the days [valid_from_day, valid_to_day] for the element it names.
struct Tariff {
  TariffTarget applies_to = TariffTarget::mode;
  std::uint32_t index = 0;  // profile, service, link, crossing or node index
  Charge charge = Charge::freight;
  std::optional<ContainerSize> container;  // nullopt: any size
  PriceUnit per = PriceUnit::container;
  double usd = 0;
  std::int64_t valid_from_day = kOpenPastDay;
  std::int64_t valid_to_day = kOpenFutureDay;
  std::string source;
  std::string file;  // tariffs.csv, or a rate card
  int line = 0;
  [[nodiscard]] bool in_force(std::int64_t day) const { return valid_from_day <= day && day <= valid_to_day; }
};

// Price of a 20 ft and a 45 ft container relative to a 40 ft one, per mode and charge
// (container-ratios.csv): applied when a tariff names another size than the one shipped.
struct ContainerRatio {
  double ratio_20ft = 0;
  double ratio_45ft = 0;
  bool present = false;
  std::string source;
  int line = 0;
};

// Units of a currency per US dollar, in force on the days [valid_from_day, valid_to_day].
struct CurrencyRate {
  std::string currency;  // ISO 4217
  double units_per_usd = 1;
  std::int64_t valid_from_day = kOpenPastDay;
  std::int64_t valid_to_day = kOpenFutureDay;
  std::string source;
  int line = 0;
};

// A country's names as users type them (countries.csv): "Russia", "Russian Federation", "RUS".
struct CountryNames {
  CountryCode code;
  std::string name;
  std::vector<std::string> aliases;
};

// A populated place the network may not cover (gazetteer.csv, Natural Earth): lets "Berlin" be
// answered with "not in the network" and the nearest places it does cover.
struct GazetteerPlace {
  std::string name;
  std::vector<std::string> aliases;
  CountryCode country;
  double lat = 0, lon = 0;
  long population = 0;
};

// How fast a container below a whole train crosses one country's rail network (rail_speeds.csv):
// the commercial speed of wagonload traffic, from loading to unloading, marshalling-yard waits
// included and border crossings excluded (the crossings add their own time).
struct RailSpeed {
  CountryCode country;
  double speed_kmh = 0;
  int year = 0;
  std::string source;
  int line = 0;
};

// A consolidation hub (consolidation_hubs.csv): a forwarder's container freight station where
// groupage is stuffed into and stripped out of containers. Cargo must be there `cutoff` before
// the groupage service leaves; stripping takes `deconsolidation` after it arrives.
struct ConsolidationHub {
  NodeIdx node;
  std::string name;
  Duration cutoff;
  double consolidation_usd_per_wm = 0;
  Duration deconsolidation;
  double deconsolidation_usd_per_wm = 0;
  std::string source;
  int line = 0;
};

// How a country's customs treat one e-commerce parcel (ecommerce_customs.csv): a low-value
// (de minimis) limit and the simplified declaration, in force on [valid_from_day, valid_to_day).
struct EcommerceRule {
  std::vector<CountryCode> countries;
  bool import = true;  // false: the origin country's export treatment
  std::int64_t valid_from_day = kOpenPastDay;
  std::int64_t valid_to_day = kOpenFutureDay;
  std::string regime;
  std::optional<double> value_limit;  // in `currency`; none: no value limit
  std::string currency;
  std::optional<double> weight_limit_kg;
  bool per_month = false;  // the limit counts every parcel of the recipient's calendar month
  std::string within, above, declaration;
  std::string source;
  int line = 0;
  [[nodiscard]] bool in_force(std::int64_t day) const { return valid_from_day <= day && day < valid_to_day; }
};

struct Parameter {
  double value = 0;
  std::string unit;
  std::string source;
  int line = 0;
};

}  // namespace caravan
