#pragma once
// What every caravan command shares: finding the data, loading it, applying a scenario, and
// failing with exit code 2 and a one-line reason on bad input.
#include <memory>
#include <optional>
#include <vector>
#include <stdexcept>
#include <string>

#include <initializer_list>
#include <string_view>

#include <CLI/CLI.hpp>

#include "network/network.hpp"
#include "request/request_error.hpp"

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

// The command-line name of a request field (request/request_error.hpp): a positional argument in
// capitals ("FROM"), else its flag ("--avoid-country" for avoid_countries, "--max-results").
std::string flag_of(std::string_view field, std::initializer_list<std::string_view> positionals = {});

// The request layer's errors as one UsageError: "FLAG: detail" for the first error, or for every
// error (one per line) when `all`.
UsageError request_failure(const RequestErrors& errors, std::initializer_list<std::string_view> positionals = {},
                           bool all = false);

// A departure or reference time flag (`--depart`, `--at`): ISO 8601, or now when empty; throws
// UsageError naming the flag.
TimePoint parse_time_flag(const std::string& text, std::string_view field = "depart");

// Loads the network (and applies the scenario); throws UsageError listing every diagnostic.
std::shared_ptr<const Network> load_or_fail(const DataOptions& options);

// Reads the rate card of `--rates FILE` against `net` (network/rate_card.hpp); nullopt when `path`
// is empty. A card with any problem throws UsageError "--rates: FILE:LINE: column 'c': message",
// one line per problem, so nothing is planned with half a card.
std::optional<std::vector<Tariff>> rate_card_or_fail(const std::string& path, const Network& net);

void register_network_commands(CLI::App& app);
void register_place_commands(CLI::App& app);
void register_bench_graph_command(CLI::App& app);
void register_route_command(CLI::App& app);
void register_matrix_command(CLI::App& app);
void register_serve_command(CLI::App& app);
void register_simulate_command(CLI::App& app);
void register_analysis_commands(CLI::App& app);
void register_sweep_command(CLI::App& app);
void register_transit_command(CLI::App& app);

}  // namespace caravan::cli
