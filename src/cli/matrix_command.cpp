// caravan matrix --from A,B --to C,D [--departures N]: fastest, cheapest and greenest itinerary per
// pair (and per departure), computed on all cores (one planner, with its own search state, per worker thread). The request model is
// shared with POST /v1/matrix (request/matrix_request.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <limits>
#include <thread>

#include "cli/common.hpp"
#include "network/places.hpp"
#include "request/matrix_request.hpp"
#include "routing/matrix.hpp"

namespace caravan::cli {
namespace {

struct MatrixOptions {
  DataOptions data;
  MatrixRequest request;  // the flags fill the shared request model directly
  std::string format = "csv";
  int threads = 0;
  std::string rates;  // rate card (docs/data-format.md "Rate cards")
};

void matrix(const MatrixOptions& o) {
  const auto net = load_or_fail(o.data);
  const PlaceIndex index(*net);
  // The command line has no cell limit: the user waits for what they asked.
  const auto built = build_matrix_query(index, o.request, std::numeric_limits<std::size_t>::max());
  if (!built.errors.empty()) throw request_failure(built.errors);
  const auto card = rate_card_or_fail(o.rates, *net);
  MatrixQuery q = *built.query;
  if (card) q.rate_card = &*card;
  const unsigned workers = o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Planner>> planners;
  std::vector<Planner*> pointers;
  for (unsigned w = 0; w < std::min<std::size_t>(workers, std::max<std::size_t>(1, q.cells())); ++w) {
    planners.push_back(std::make_unique<Planner>(net));
    pointers.push_back(planners.back().get());
  }
  const auto result = plan_matrix(q, pointers, std::chrono::hours(24 * 365));

  if (o.format == "json") {
    std::cout << matrix_result_json(*net, q, result).dump(2) << "\n";
    return;
  }
  std::cout << "from,to,depart";
  for (const char* n : kMatrixBestNames) std::cout << fmt::format(",{0}_hours,{0}_cost_usd,{0}_co2e_kg", n);
  std::cout << "\n";
  for (const auto& cell : result.cells) {
    std::cout << net->nodes[cell.from].id << "," << net->nodes[cell.to].id << "," << format_utc(cell.depart);
    for (const auto& it : cell.best) {
      if (it) std::cout << fmt::format(",{:.2f},{:.2f},{:.1f}", it->duration_hours(), it->cost_usd, it->co2e_wtw_kg);
      else std::cout << ",,,";
    }
    std::cout << "\n";
  }
}

}  // namespace

void register_matrix_command(CLI::App& app) {
  static MatrixOptions o;
  auto* cmd = app.add_subcommand("matrix", "Fastest, cheapest and greenest itinerary for every origin-destination pair");
  cmd->add_option("--from", o.request.from, "Origins, comma separated")->required();
  cmd->add_option("--to", o.request.to, "Destinations, comma separated")->required();
  cmd->add_option("--depart", o.request.depart, "Departure, ISO 8601 (default: now)");
  cmd->add_option("--departures", o.request.departures, "Departures per pair, from --depart on (1-31): which day to ship")->default_str("1");
  cmd->add_option("--every-hours", o.request.every_hours, "Hours between those departures")->default_str("24");
  cmd->add_option("--format", o.format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  cmd->add_option("--rates", o.rates, "Rate card CSV overriding the bundled prices for the elements it names (docs/data-format.md)");
  o.data.add_to(*cmd, true);
  cmd->callback([] { matrix(o); });
}

}  // namespace caravan::cli
