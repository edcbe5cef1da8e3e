#pragma once
// What the network says about cargo that needs more than a box: which services and modes carry
// reefers with power, and where dangerous goods are forbidden or their acceptance is unknown
// (cargo_rules.csv, docs/data-format.md). Read once at load; a query turns the rows it needs into
// per-link and per-service filters (routing/costing.hpp), so queries without such cargo pay nothing.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"
#include "network/model.hpp"

namespace caravan {

struct Network;

enum class CargoRuleKind : std::uint8_t {
  carries_reefers,    // the service or mode powers reefer containers on board (or the truck's own unit)
  forbids_dangerous,  // dangerous goods of `classes` may not use it
  dangerous_unknown,  // no published rule for dangerous goods was found: passed, but flagged
};
inline constexpr std::array<std::string_view, 3> kCargoRuleKindNames = {"carries_reefers", "forbids_dangerous",
                                                                        "dangerous_unknown"};

// UN dangerous goods classes 1..9 as bits (bit c for class c).
using DangerousClasses = std::uint16_t;
[[nodiscard]] inline bool has_class(DangerousClasses mask, int un_class) { return (mask >> un_class) & 1u; }

struct CargoRule {
  TariffTarget applies_to = TariffTarget::mode;  // mode (index = Mode), service, link, crossing or node
  std::uint32_t index = 0;
  CargoRuleKind kind = CargoRuleKind::carries_reefers;
  DangerousClasses classes = 0;  // dangerous rules only
  std::string restriction;       // what the answer says ("Marmaray tunnel: no dangerous goods")
  std::string source;
  int line = 0;
  [[nodiscard]] bool applies_to_class(int un_class) const { return has_class(classes, un_class); }
};

// The element a rule names, as the answer shows it: its id, or the mode's name.
[[nodiscard]] std::string cargo_rule_target_id(const Network& net, const CargoRule& rule);

// Reads cargo_rules.csv rows into `out`, reporting every bad field with its line.
void read_cargo_rules(const CsvTable& table, const Network& net, std::vector<CargoRule>& out, Diagnostics& diagnostics);

}  // namespace caravan
