#include "cli/common.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "network/scenario.hpp"

namespace caravan::cli {

void DataOptions::add_to(CLI::App& app, bool with_scenario) {
  app.add_option("--data", data_dir, "Data directory (holding corridors/ and scenarios/)")->default_str("bundled data");
  if (with_scenario) app.add_option("--scenario", scenario, "Scenario name (data/scenarios/NAME.toml) or .toml file");
}

std::string DataOptions::corridors_dir() const {
  const std::string root = data_dir.empty() ? default_data_dir() : data_dir;
  if (std::filesystem::is_directory(root + "/corridors")) return root + "/corridors";
  return root;
}

std::string DataOptions::scenarios_dir() const {
  const std::string root = data_dir.empty() ? default_data_dir() : data_dir;
  if (std::filesystem::is_directory(root + "/scenarios")) return root + "/scenarios";
  return std::filesystem::path(corridors_dir()).parent_path().string() + "/scenarios";
}

TimePoint parse_depart(const std::string& text) {
  if (text.empty()) return now_utc();
  std::string why;
  const auto t = parse_iso8601(text, &why);
  if (!t) throw UsageError(fmt::format("--depart: '{}': {}", text, why));
  return *t;
}

std::shared_ptr<const Network> load_or_fail(const DataOptions& options) {
  auto loaded = load_network(options.corridors_dir());
  if (!loaded.network) {
    throw UsageError("the corridor data has problems (run 'caravan network check'):\n" + loaded.diagnostics.to_string());
  }
  if (options.scenario.empty()) return loaded.network;
  auto applied = apply_scenario(*loaded.network, options.scenario, options.scenarios_dir());
  if (!applied.network) throw UsageError(applied.diagnostics.to_string());
  return applied.network;
}

}  // namespace caravan::cli
