#include "routing/matrix_request.hpp"

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "core/text.hpp"

namespace caravan {

MatrixQueryResult build_matrix_query(const PlaceIndex& index, const MatrixRequest& r, std::size_t max_cells) {
  MatrixQueryResult out;
  MatrixQuery q;
  auto places = [&](const std::vector<std::string>& values, const std::string& field, std::vector<NodeIdx>& nodes) {
    std::size_t named = 0;
    for (std::size_t i = 0; i < values.size(); ++i)
      for (const auto& name : split_list(values[i], ',')) {
        ++named;
        const NodeIdx v = resolve_place(index, field, fmt::format("/{}/{}", field, i), name, out.errors);
        if (v.valid()) nodes.push_back(v);
      }
    if (named == 0) out.errors.push_back({field, "/" + field, "name at least one place", {}});
  };
  places(r.from, "from", q.from);
  places(r.to, "to", q.to);
  if (r.departures < 1 || r.departures > kMaxMatrixDepartures)
    out.errors.push_back({"departures", "/departures", fmt::format("{} is not within 1..{}", r.departures, kMaxMatrixDepartures), {}});
  else
    q.departures = r.departures;
  if (!(r.every_hours > 0 && r.every_hours <= 24 * 7))
    out.errors.push_back({"every_hours", "/every_hours", fmt::format("{} is not within (0, 168] hours", r.every_hours), {}});
  else
    q.every = Duration::hours(r.every_hours);
  if (q.cells() > max_cells)
    out.errors.push_back({"to", "/to",
                          fmt::format("{} origins × {} destinations × {} departures = {} cells; at most {} (setting matrix_max_cells)",
                                      q.from.size(), q.to.size(), q.departures, q.cells(), max_cells),
                          {}});
  q.depart = resolve_depart(r.depart, out.errors);
  if (out.errors.empty()) out.query = std::move(q);
  return out;
}

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
      q.cargo.teu_per_container = 2;  // one 40 ft container, as `caravan route` by default
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
    for (int k = 0; k < 3; ++k) cell[kMatrixBestNames[k]] = c.best[k] ? itinerary_json(net, *c.best[k])["summary"] : json();
    cells.push_back(std::move(cell));
  }
  return {{"query",
           {{"from", from}, {"to", to}, {"depart", format_utc(q.depart)}, {"departures", q.departures},
            {"every_hours", q.every.in_hours()}, {"scenario", net.scenario_name}}},
          {"cells", std::move(cells)}};
}

}  // namespace caravan
