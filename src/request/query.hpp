#pragma once
// What a planner is asked for, typed and resolved: places, departure, cargo, objectives and
// constraints. Front ends build it through request/route_request.hpp; routing only reads it.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strong_index.hpp"
#include "core/time.hpp"
#include "network/model.hpp"

namespace caravan {

enum class Objective : std::uint8_t { time, cost, co2, risk };
inline constexpr std::array<std::string_view, 4> kObjectiveNames = {"time", "cost", "co2", "risk"};
inline constexpr std::size_t kObjectiveCount = kObjectiveNames.size();

struct ObjectiveSet {
  std::uint8_t mask = 0b0111;  // time, cost, CO2e by default
  [[nodiscard]] bool has(Objective o) const { return (mask >> static_cast<int>(o)) & 1u; }
  void add(Objective o) { mask |= static_cast<std::uint8_t>(1u << static_cast<int>(o)); }
  static ObjectiveSet only(Objective o) { ObjectiveSet s; s.mask = static_cast<std::uint8_t>(1u << static_cast<int>(o)); return s; }
};

struct Cargo {
  CargoKind kind = CargoKind::fcl;
  // Groupage (LCL): the consignment's actual gross weight, volume and pieces (0 = not given).
  double weight_kg = 0;
  double volume_m3 = 0;
  int pieces = 0;
  // Parcels: the goods' value as declared to customs (compared with low-value limits), if given.
  std::optional<double> value_usd;
  int containers = 1;
  ContainerSize size = ContainerSize::ft20;  // every box of the shipment is of this size
  std::optional<double> gross_tonnes;  // cargo mass; default: payload_t_per_teu per TEU
  bool block_train = false;  // asked for a train of its own, however few boxes it carries
  // Temperature-controlled: only services and modes that power reefers (cargo_rules.csv), and no
  // longer unplugged than reefer_max_unplugged_hours (routing/reefer.hpp).
  bool reefer = false;
  int dangerous_class = 0;     // UN class 1..9 of dangerous goods; 0 = none
  bool fresh_produce = false;  // plants or plant products: a phytosanitary certificate travels with it
  // Needs the cargo rules: the filters of routing/costing.hpp are built only for such cargo.
  [[nodiscard]] bool restricted() const { return reefer || dangerous_class > 0; }
  // `containers` boxes of one size.
  [[nodiscard]] static Cargo of(ContainerSize size, int containers) {
    Cargo c;
    c.containers = containers;
    c.size = size;
    return c;
  }
  // LCL revenue tonnes (W/M) on a service that counts `kg_per_wm` kilograms as one cubic metre:
  // the larger of volume and weight, and at least the minimum charged.
  [[nodiscard]] double revenue_tonnes(double kg_per_wm, double minimum) const {
    return std::max({minimum, volume_m3, weight_kg / kg_per_wm});
  }
  // Parcels: the kilograms a carrier charges, the larger of the actual weight and the volume
  // divided by its divisor (cm³ per kg: 6,000 for air, 5,000 for some couriers).
  [[nodiscard]] double chargeable_kg(double divisor_cm3_per_kg) const {
    return std::max(weight_kg, volume_m3 * 1e6 / divisor_cm3_per_kg);
  }
  // Twenty-foot equivalent units: a 45 ft box counts as 2.25.
  [[nodiscard]] double teu_per_box() const {
    switch (size) {
      case ContainerSize::ft20: return 1.0;
      case ContainerSize::ft40: return 2.0;
      case ContainerSize::ft45: return 2.25;
    }
    return 2.0;
  }
  [[nodiscard]] double teu() const { return containers * teu_per_box(); }
  // Whole block trains of `train_teu` the shipment runs as: 0 when it rides scheduled services or
  // single wagons (below a full train and no train asked for).
  [[nodiscard]] int block_trains(double train_teu) const {
    if (!block_train && teu() < train_teu) return 0;
    return std::max(1, static_cast<int>(std::ceil(teu() / train_teu - 1e-9)));
  }
  // Trucks or wagons needed: each carries two 20 ft containers or one larger one.
  [[nodiscard]] int vehicles() const { return size == ContainerSize::ft20 ? (containers + 1) / 2 : containers; }
};

enum class Reliability : std::uint8_t { median, p90 };

struct RouteConstraints {
  std::vector<CountryCode> avoid_countries;
  std::vector<CrossingIdx> avoid_crossings;
  std::vector<NodeIdx> avoid_nodes;  // chokepoints and other places
  // Left out by the planner because using them meant waiting longer than the query's limit (a
  // crossing closed for the season, a service that runs rarely, a link closed by a scenario).
  std::vector<LinkIdx> avoid_links;
  std::vector<ServiceIdx> avoid_services;
  // Bit per Mode: rail, road, ferry, sea and air (no pipeline); only parcels fly.
  std::uint8_t modes_mask = 0b101111;
  [[nodiscard]] bool mode_allowed(Mode m) const { return (modes_mask >> static_cast<int>(m)) & 1u; }
};

// The constraints a planner can relax to explain "no route"; their names are the request fields
// (what the API and Python call them; the CLI maps them to its flags).
// `reefer` and `dangerous` are the cargo's own: what carries a reefer, where dangerous goods may go.
enum class Constraint : std::uint8_t { avoid_countries, avoid_crossings, avoid_chokepoints, modes, via, max_wait_days, reefer, dangerous };
inline constexpr std::array<std::string_view, 8> kConstraintFields = {"avoid_countries", "avoid_crossings", "avoid_chokepoints",
                                                                      "modes",           "via",             "max_wait_days",
                                                                      "reefer",          "dangerous"};

// The currency a result is shown in besides USD: the rate of currencies.csv in force on the
// departure date (USD: no conversion).
struct DisplayCurrency {
  std::string code = "USD";
  double units_per_usd = 1;
  [[nodiscard]] bool converts() const { return code != "USD"; }
};

class BorderDelayModel;  // per-crossing delays from the border simulator (optional)

struct RouteQuery {
  NodeIdx from, to;
  std::vector<NodeIdx> via;
  TimePoint depart;
  Cargo cargo;
  ObjectiveSet objectives;
  std::optional<Objective> optimize;  // single best on this objective
  double eps = 0.0;                   // ε-dominance: 0 = the exact Pareto set
  int max_results = 0;                // 0 = all
  Reliability reliability = Reliability::median;
  // Pre-declared cargo (a declaration lodged before departure, AEO): road crossings clear it in
  // their green lanes (network parameter green_lane_clear_hours) instead of the published time.
  bool green_lane = false;
  RouteConstraints constraints;
  // No option waits longer than this at one place (for a closure or a service); none = no limit
  // (requests default to 7 days: RouteRequest::max_wait_days).
  std::optional<Duration> max_wait;
  const BorderDelayModel* border_delays = nullptr;
  // A rate card's rows (network/tariffs.hpp), overriding the dataset's prices for what they name.
  const std::vector<Tariff>* rate_card = nullptr;
  DisplayCurrency currency;  // costs are also given in this currency

  // The objectives the search compares: `optimize` narrows them to one.
  [[nodiscard]] ObjectiveSet active_objectives() const { return optimize ? ObjectiveSet::only(*optimize) : objectives; }
};

}  // namespace caravan
