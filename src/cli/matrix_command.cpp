// caravan matrix --from A,B --to C,D: fastest, cheapest and greenest itinerary per pair, computed
// on all cores (one planner, with its own search state, per worker thread).
#include <fmt/format.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "cli/common.hpp"
#include "core/text.hpp"
#include "network/places.hpp"
#include "routing/planner.hpp"

namespace caravan::cli {
namespace {

struct MatrixOptions {
  DataOptions data;
  std::vector<std::string> from, to;
  std::string depart;
  std::string format = "csv";
  int threads = 0;
};

struct Cell {
  std::optional<Itinerary> best[3];  // fastest, cheapest, greenest
};

std::vector<NodeIdx> resolve_all(const PlaceIndex& index, const std::string& flag, const std::vector<std::string>& values) {
  std::vector<NodeIdx> out;
  for (const auto& v : values)
    for (const auto& name : split_list(v, ',')) {
      const auto r = index.lookup_node(name);
      if (!r.unique()) throw UsageError(fmt::format("{}: {}", flag, index.explain(name, r)));
      out.push_back(r.exact.front().node);
    }
  if (out.empty()) throw UsageError(flag + ": name at least one place");
  return out;
}

void matrix(const MatrixOptions& o) {
  const auto net = load_or_fail(o.data);
  const PlaceIndex index(*net);
  const auto from = resolve_all(index, "--from", o.from);
  const auto to = resolve_all(index, "--to", o.to);
  const TimePoint depart = parse_depart(o.depart);
  const std::size_t cells = from.size() * to.size();
  std::vector<Cell> result(cells);
  std::atomic<std::size_t> next{0};
  const unsigned workers = o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      Planner planner(net);
      for (std::size_t i; (i = next++) < cells;) {
        RouteQuery q;
        q.from = from[i / to.size()];
        q.to = to[i % to.size()];
        if (q.from == q.to) continue;
        q.depart = depart;
        q.cargo.teu_per_container = 2;  // one 40 ft container, as `caravan route` by default
        const Objective objectives[] = {Objective::time, Objective::cost, Objective::co2};
        for (int k = 0; k < 3; ++k) {
          q.optimize = objectives[k];
          auto r = planner.plan(q);
          if (!r.itineraries.empty()) result[i].best[k] = std::move(r.itineraries.front());
        }
      }
    });
  for (auto& t : pool) t.join();

  static constexpr const char* kNames[] = {"fastest", "cheapest", "greenest"};
  if (o.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < cells; ++i) {
      nlohmann::json cell = {{"from", net->nodes[from[i / to.size()]].id}, {"to", net->nodes[to[i % to.size()]].id}};
      for (int k = 0; k < 3; ++k)
        cell[kNames[k]] = result[i].best[k] ? itinerary_json(*net, *result[i].best[k])["summary"] : nlohmann::json();
      out.push_back(std::move(cell));
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "from,to";
  for (const char* n : kNames) std::cout << fmt::format(",{0}_hours,{0}_cost_usd,{0}_co2e_kg", n);
  std::cout << "\n";
  for (std::size_t i = 0; i < cells; ++i) {
    std::cout << net->nodes[from[i / to.size()]].id << "," << net->nodes[to[i % to.size()]].id;
    for (int k = 0; k < 3; ++k) {
      if (const auto& it = result[i].best[k]) std::cout << fmt::format(",{:.2f},{:.2f},{:.1f}", it->duration_hours(), it->cost_usd, it->co2e_wtw_kg);
      else std::cout << ",,,";
    }
    std::cout << "\n";
  }
}

}  // namespace

void register_matrix_command(CLI::App& app) {
  static MatrixOptions o;
  auto* cmd = app.add_subcommand("matrix", "Fastest, cheapest and greenest itinerary for every origin-destination pair");
  cmd->add_option("--from", o.from, "Origins, comma separated")->required();
  cmd->add_option("--to", o.to, "Destinations, comma separated")->required();
  cmd->add_option("--depart", o.depart, "Departure, ISO 8601 (default: now)");
  cmd->add_option("--format", o.format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  o.data.add_to(*cmd, true);
  cmd->callback([] { matrix(o); });
}

}  // namespace caravan::cli
