#include "cli/common.hpp"

#include "network/rate_card.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "network/scenario.hpp"
#include "request/departure.hpp"

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

std::string flag_of(std::string_view field, std::initializer_list<std::string_view> positionals) {
  for (const auto p : positionals)
    if (p == field) {
      std::string name(field);
      for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return name;
    }
  // The list fields whose flag is singular and repeatable.
  static const std::map<std::string_view, std::string_view> kIrregular = {{"avoid_countries", "--avoid-country"},
                                                                          {"avoid_crossings", "--avoid-crossing"},
                                                                          {"avoid_chokepoints", "--avoid-chokepoint"}};
  if (const auto it = kIrregular.find(field); it != kIrregular.end()) return std::string(it->second);
  std::string flag = "--" + std::string(field);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

UsageError request_failure(const RequestErrors& errors, std::initializer_list<std::string_view> positionals, bool all) {
  std::string message;
  for (const auto& e : errors) {
    message += (message.empty() ? "" : "\n") + fmt::format("{}: {}", flag_of(e.field, positionals), e.detail);
    if (!all) break;
  }
  return UsageError(message);
}

TimePoint parse_time_flag(const std::string& text, std::string_view field) {
  RequestErrors errors;
  const TimePoint t = resolve_departure(text, {std::string(field), ""}, errors);
  if (!errors.empty()) throw request_failure(errors);
  return t;
}

std::shared_ptr<const Network> load_or_fail(const DataOptions& options) {
  auto loaded = load_network(options.corridors_dir());
  if (!loaded.network) {
    throw UsageError("the corridor data has problems (run 'caravan network check'):\n" + loaded.diagnostics.to_string());
  }
  if (options.scenario.empty()) return loaded.network;
  auto applied = apply_scenario(*loaded.network, options.scenario, options.scenarios_dir());
  if (!applied.network) throw UsageError("--scenario: " + applied.diagnostics.to_string());
  return applied.network;
}

std::optional<std::vector<Tariff>> rate_card_or_fail(const std::string& path, const Network& net) {
  if (path.empty()) return std::nullopt;
  Diagnostics diagnostics;
  auto card = read_rate_card_file(path, net, diagnostics);
  if (!card) {
    std::string text = diagnostics.to_string();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    throw UsageError("--rates: " + text);
  }
  return card;
}

}  // namespace caravan::cli
