#pragma once
// What every caravan command shares: finding the data, loading it, applying a scenario, and
// failing with exit code 2 and a one-line reason on bad input.
#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "network/network.hpp"

namespace caravan::cli {

inline constexpr int kExitBadInput = 2;

// Commands that succeed but must report a non-zero status (e.g. `network check` finding
// problems) set this; main() returns it.
inline int g_exit_code = 0;

// Thrown for bad user input; main() prints "caravan: <message>" and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DataOptions {
  std::string data_dir;  // data root (with corridors/ and scenarios/) or a corridors folder
  std::string scenario;  // name or path; empty for the baseline
  void add_to(CLI::App& app, bool with_scenario);
  [[nodiscard]] std::string corridors_dir() const;
  [[nodiscard]] std::string scenarios_dir() const;
};

// `--depart`: ISO 8601, or now when empty; throws UsageError naming the flag.
TimePoint parse_depart(const std::string& text);

// Loads the network (and applies the scenario); throws UsageError listing every diagnostic.
std::shared_ptr<const Network> load_or_fail(const DataOptions& options);

void register_network_commands(CLI::App& app);
void register_place_commands(CLI::App& app);
void register_bench_graph_command(CLI::App& app);
void register_route_command(CLI::App& app);
void register_matrix_command(CLI::App& app);
void register_serve_command(CLI::App& app);
void register_simulate_command(CLI::App& app);
void register_analysis_commands(CLI::App& app);
void register_transit_command(CLI::App& app);

}  // namespace caravan::cli
