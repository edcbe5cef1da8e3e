#include "routing/matrix.hpp"
#include "routing/itinerary_writer.hpp"

#include <fmt/format.h>

#include <atomic>
#include <thread>


namespace caravan {

MatrixResult plan_matrix(const MatrixQuery& mq, const std::vector<Planner*>& planners, std::chrono::milliseconds budget) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + budget;
  MatrixResult result;
  result.cells.resize(mq.cells());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> exhausted{false};
  // Which pair and departure cell i is.
  const auto name = [&mq](MatrixCell& cell, std::size_t i) {
    const std::size_t pair = i / static_cast<std::size_t>(mq.departures);
    const auto d = static_cast<std::int64_t>(i % static_cast<std::size_t>(mq.departures));
    cell.from = mq.from[pair / mq.to.size()];
    cell.to = mq.to[pair % mq.to.size()];
    cell.depart = mq.depart + Duration{mq.every.minutes * d};
  };
  auto work = [&](Planner& planner) {
    for (std::size_t i; !exhausted && (i = next++) < result.cells.size();) {
      MatrixCell& cell = result.cells[i];
      name(cell, i);
      if (cell.from == cell.to) continue;
      RouteQuery q;
      q.from = cell.from;
      q.to = cell.to;
      q.depart = cell.depart;
      q.cargo.size = ContainerSize::ft40;  // one 40 ft container, as `caravan route` by default
      q.rate_card = mq.rate_card;
      for (int k = 0; k < 3; ++k) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
          exhausted = true;
          break;
        }
        q.optimize = kMatrixObjectives[k];
        auto r = planner.plan(q, left);
        if (r.budget_exhausted) {
          exhausted = true;
          break;
        }
        if (!r.itineraries.empty()) cell.best[k] = std::move(r.itineraries.front());
      }
    }
  };
  if (planners.size() == 1) {
    work(*planners.front());
  } else {
    std::vector<std::thread> pool;
    for (Planner* p : planners) pool.emplace_back([&work, p] { work(*p); });
    for (auto& t : pool) t.join();
  }
  // Cells never reached still name their pair and departure.
  for (std::size_t i = 0; i < result.cells.size(); ++i) name(result.cells[i], i);
  result.budget_exhausted = exhausted;
  return result;
}

nlohmann::json matrix_result_json(const Network& net, const MatrixQuery& q, const MatrixResult& result) {
  using nlohmann::json;
  json from = json::array(), to = json::array(), cells = json::array();
  for (const NodeIdx v : q.from) from.push_back(net.nodes[v].id);
  for (const NodeIdx v : q.to) to.push_back(net.nodes[v].id);
  for (const auto& c : result.cells) {
    json cell = {{"from", net.nodes[c.from].id}, {"to", net.nodes[c.to].id}, {"depart", format_utc(c.depart)}};
    for (int k = 0; k < 3; ++k) cell[kMatrixBestNames[k]] = c.best[k] ? itinerary_summary_json(net, *c.best[k]) : json();
    cells.push_back(std::move(cell));
  }
  return {{"query",
           {{"from", from}, {"to", to}, {"depart", format_utc(q.depart)}, {"departures", q.departures},
            {"every_hours", q.every.in_hours()}, {"scenario", net.scenario_name}}},
          {"cells", std::move(cells)}};
}

}  // namespace caravan
