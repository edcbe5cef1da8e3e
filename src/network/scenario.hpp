#pragma once
// Scenarios: TOML overlays that open or close links and crossings, change capacities, processing
// times, costs and timetables, and add closures for a date range. Applying one yields a new,
// equally immutable Network; the baseline is never modified.
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "network/network.hpp"

namespace caravan {

struct ScenarioInfo {
  std::string name;  // file stem, e.g. "suez-closed"
  std::string path;
  std::string description;
  std::string source;
};

struct ScenarioResult {
  std::shared_ptr<const Network> network;  // null on error
  Diagnostics diagnostics;
  ScenarioInfo info;
};

// Resolves NAME (in <data>/scenarios/NAME.toml) or a path to a .toml file, and applies it.
ScenarioResult apply_scenario(const Network& base, const std::string& name_or_path, const std::string& scenarios_dir);
// Applies scenario text (file_name is used in diagnostics).
ScenarioResult apply_scenario_text(const Network& base, const std::string& text, const std::string& file_name);
// The bundled scenarios, by name.
std::vector<ScenarioInfo> list_scenarios(const std::string& scenarios_dir);

}  // namespace caravan
