#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "network/clearing_report.hpp"
#include "network/export.hpp"
#include "network/link_geometry.hpp"
#include "network/places.hpp"
#include "network/scenario.hpp"

namespace caravan::cli {
namespace {

void check(const DataOptions& options) {
  auto loaded = load_network(options.corridors_dir());
  Diagnostics problems = loaded.diagnostics;
  std::size_t scenarios = 0;
  if (loaded.network) {
    load_link_geometry(*loaded.network, options.corridors_dir(), problems);
    // Every bundled scenario must apply cleanly to the data it ships with.
    for (const auto& s : list_scenarios(options.scenarios_dir())) {
      const auto applied = apply_scenario(*loaded.network, s.path, options.scenarios_dir());
      problems.append(applied.diagnostics);
      ++scenarios;
    }
  }
  if (!problems.empty()) {
    std::cout << problems.to_string();
    std::cout << fmt::format("{} problem{} in {}\n", problems.size(), problems.size() == 1 ? "" : "s",
                             options.corridors_dir());
    g_exit_code = kExitBadInput;
    return;
  }
  const auto stats = network_stats(*loaded.network);
  std::cout << fmt::format(
      "ok: {} nodes, {} links, {} crossings, {} services, {} scenarios in {}; every row names its source "
      "({} of them estimates that say how)\n",
      stats.nodes, stats.links, stats.crossings, stats.services, scenarios, options.corridors_dir(),
      stats.rows_with_estimates);
}

void stats(const DataOptions& options, const std::string& format) {
  const auto net = load_or_fail(options);
  const auto s = network_stats(*net);
  if (format == "json") {
    std::cout << to_json(s).dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("nodes      {:>6}\nlinks      {:>6}\ncrossings  {:>6}\nservices   {:>6}\ntime zones {:>6}\n",
                           s.nodes, s.links, s.crossings, s.services, s.time_zones);
  std::cout << "\nlinks by mode           km\n";
  for (std::size_t m = 0; m < kModeNames.size(); ++m)
    std::cout << fmt::format("  {:<9} {:>5} {:>10.0f}\n", kModeNames[m], s.links_by_mode[m], s.km_by_mode[m]);
  std::cout << "\nlinks by status\n";
  for (std::size_t i = 0; i < kLinkStatusNames.size(); ++i)
    std::cout << fmt::format("  {:<19} {:>5}\n", kLinkStatusNames[i], s.links_by_status[i]);
  std::cout << fmt::format("\ngauge change points {:>5}\nrows with estimates {:>5}\n", s.gauge_change_points,
                           s.rows_with_estimates);
  std::cout << fmt::format("\n           sourced estimated\nnodes      {:>7} {:>9}\nlinks      {:>7} {:>9}\n"
                           "crossings  {:>7} {:>9}\nservices   {:>7} {:>9}\n",
                           s.nodes_sourced, s.nodes_estimated, s.links_sourced, s.links_estimated, s.crossings_sourced,
                           s.crossings_estimated, s.services_sourced, s.services_estimated);
  std::cout << fmt::format("\ncrossings: rail {}, road {}\nlinks with a recorded line {}\n", s.crossings_rail,
                           s.crossings_road, s.links_with_geometry);
}

void crossings(const DataOptions& options, const std::string& format, bool published_only) {
  const auto net = load_or_fail(options);
  const auto rows = clearing_rows(*net, published_only);
  if (format == "json") {
    std::cout << nlohmann::json{{"year", kClearingYear}, {"crossings", clearing_json(*net, rows)}}.dump(2) << "\n";
    return;
  }
  std::cout << clearing_table(*net, rows);
}

void export_network(const DataOptions& options, const std::string& output) {
  const auto net = load_or_fail(options);
  const std::string text = network_geojson(*net).dump() + "\n";
  if (output.empty() || output == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(output);
  if (!out || !(out << text)) throw UsageError(fmt::format("--output: cannot write {}", output));
}

void places(const DataOptions& options, const std::string& query, const std::string& format) {
  const auto net = load_or_fail(options);
  const PlaceIndex index(*net);
  std::vector<PlaceCandidate> found;
  if (query.empty()) {
    for (const auto v : net->nodes.indices()) found.push_back({v, CrossingIdx{}, {}});
    for (const auto c : net->crossings.indices()) found.push_back({NodeIdx{}, c, {}});
  } else {
    const auto result = index.lookup(query);
    found = result.exact.empty() ? result.partial : result.exact;
    if (found.empty()) throw UsageError(index.explain(query, result));
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : found) {
      if (c.node.valid()) {
        const auto& n = net->nodes[c.node];
        out.push_back({{"type", "node"}, {"id", n.id}, {"name", n.name}, {"country", to_string(n.country)},
                       {"kind", to_string(n.kind)}, {"lat", n.lat}, {"lon", n.lon}, {"aliases", n.aliases},
                       {"unlocode", n.unlocode}, {"timezone", n.timezone}, {"matched", c.matched}});
      } else {
        auto j = crossing_json(*net, c.crossing);
        j["type"] = "crossing";
        j["matched"] = c.matched;
        out.push_back(std::move(j));
      }
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const auto& c : found) {
    if (c.node.valid()) {
      const auto& n = net->nodes[c.node];
      std::cout << fmt::format("{:<22} {:<2} {:<16} {}{}\n", n.id, to_string(n.country), to_string(n.kind), n.name,
                               n.unlocode.empty() ? "" : " [" + n.unlocode + "]");
    } else {
      const auto& x = net->crossings[c.crossing];
      std::cout << fmt::format("{:<22} {}-{} crossing/{:<7} {}\n", x.id, to_string(net->nodes[x.side_a].country),
                               to_string(net->nodes[x.side_b].country), to_string(x.mode), x.name);
    }
  }
}

}  // namespace

void register_network_commands(CLI::App& app) {
  auto* network = app.add_subcommand("network", "Check, describe and export the corridor network");
  network->require_subcommand(1);

  static DataOptions check_options, stats_options, export_options;
  auto* check_cmd = network->add_subcommand("check", "Validate the data; report every problem with file:line (exit 2 if any)");
  check_options.add_to(*check_cmd, false);
  check_cmd->callback([] { check(check_options); });

  static std::string stats_format = "table";
  auto* stats_cmd = network->add_subcommand("stats", "Counts of nodes, links, crossings and services");
  stats_options.add_to(*stats_cmd, true);
  stats_cmd->add_option("--format", stats_format, "table or json")->check(CLI::IsMember({"table", "json"}));
  stats_cmd->callback([] { stats(stats_options, stats_format); });

  static DataOptions crossings_options;
  static std::string crossings_format = "table";
  static bool crossings_published = false;
  auto* crossings_cmd = network->add_subcommand(
      "crossings", "Time to clear per crossing and direction: published figure and source, the engine's yearly mean and p90");
  crossings_options.add_to(*crossings_cmd, true);
  crossings_cmd->add_option("--format", crossings_format, "table or json")->check(CLI::IsMember({"table", "json"}));
  crossings_cmd->add_flag("--published", crossings_published, "Only directions with a published figure (border_times.csv)");
  crossings_cmd->callback([] { crossings(crossings_options, crossings_format, crossings_published); });

  static std::string export_format, export_output;
  auto* export_cmd = network->add_subcommand("export", "Export the network as GeoJSON (RFC 7946)");
  export_options.add_to(*export_cmd, true);
  export_cmd->add_option("--format", export_format, "geojson")->required()->check(CLI::IsMember({"geojson"}));
  export_cmd->add_option("--output,-o", export_output, "File to write (default: standard output)");
  export_cmd->callback([] { export_network(export_options, export_output); });
}

void register_place_commands(CLI::App& app) {
  static DataOptions options;
  static std::string query, format = "table";
  auto* cmd = app.add_subcommand("places", "Find places and crossings by id, name, alias or UN/LOCODE");
  cmd->add_option("query", query, "What to look for (all places when omitted)");
  cmd->add_option("--format", format, "table or json")->check(CLI::IsMember({"table", "json"}));
  options.add_to(*cmd, true);
  cmd->callback([] { places(options, query, format); });
}

}  // namespace caravan::cli
