#include "analysis/assignment.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "analysis/od_pairs.hpp"
#include "core/csv.hpp"
#include "core/text.hpp"

namespace caravan::analysis {

double value_of_time_usd_per_teu_hour(double value_usd_per_teu) { return value_usd_per_teu * kCarryingRatePerYear / 8760.0; }

std::vector<DemandRow> parse_demand_csv(const PlaceIndex& index, const std::string& text, const std::string& file_name) {
  Diagnostics diagnostics;
  const CsvTable table = parse_csv(text, file_name, diagnostics);
  if (!diagnostics.empty()) throw std::invalid_argument(diagnostics.items().front().to_string());
  const auto from_col = table.column("origin"), to_col = table.column("destination");
  const auto teu_col = table.column("teu_per_year"), class_col = table.column("cargo_class");
  const auto value_col = table.column("value_usd_per_teu");
  if (!from_col || !to_col || !teu_col || !class_col)
    throw std::invalid_argument(
        fmt::format("{}:1: the header needs the columns origin, destination, teu_per_year and cargo_class", file_name));
  std::vector<DemandRow> out;
  for (const auto& record : table.records) {
    auto where = [&](std::string_view column) { return fmt::format("{}:{}: column '{}'", file_name, record.line, column); };
    DemandRow row;
    row.line = record.line;
    row.from = resolve_row_place(index, std::string(record.fields[*from_col]), where("origin"));
    row.to = resolve_row_place(index, std::string(record.fields[*to_col]), where("destination"));
    if (row.from == row.to) throw std::invalid_argument(where("destination") + ": the same place as the origin");
    const auto teu = parse_double(trim(record.fields[*teu_col]));
    if (!teu || *teu < 0)
      throw std::invalid_argument(fmt::format("{}: '{}' is not a number of TEU ≥ 0", where("teu_per_year"), record.fields[*teu_col]));
    row.teu_per_year = *teu;
    row.cargo_class = std::string(trim(record.fields[*class_col]));
    const CargoClass* cls = nullptr;
    for (const auto& c : kCargoClasses)
      if (c.name == row.cargo_class) cls = &c;
    std::optional<double> value;
    if (value_col && !trim(record.fields[*value_col]).empty()) {
      value = parse_double(trim(record.fields[*value_col]));
      if (!value || *value < 0)
        throw std::invalid_argument(fmt::format("{}: '{}' is not a value in USD ≥ 0", where("value_usd_per_teu"),
                                                record.fields[*value_col]));
    }
    if (!cls && !value)
      throw std::invalid_argument(fmt::format("{}: '{}' is not one of bulk, general, high-value (or give value_usd_per_teu)",
                                              where("cargo_class"), row.cargo_class));
    row.value_of_time = value_of_time_usd_per_teu_hour(value ? *value : cls->value_usd_per_teu);
    out.push_back(std::move(row));
  }
  if (out.empty()) throw std::invalid_argument(fmt::format("{}: no demand rows", file_name));
  return out;
}

namespace {

constexpr double kDaysPerYear = 365.0;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Demand grouped for shortest-path trees: one tree per (value of time, origin).
struct Task {
  std::size_t cls;
  std::uint32_t origin;
  std::vector<std::size_t> rows;
};

class Assigner {
 public:
  Assigner(const AssignmentGraph& g, const std::vector<DemandRow>& demand, const AssignOptions& o, const RunControl& c)
      : g_(g), demand_(demand), options_(o), control_(c) {
    std::map<std::pair<double, std::uint32_t>, std::size_t> task_of;
    for (std::size_t i = 0; i < demand.size(); ++i) {
      auto cls = std::find(vots_.begin(), vots_.end(), demand[i].value_of_time);
      if (cls == vots_.end()) cls = vots_.insert(vots_.end(), demand[i].value_of_time);
      const std::size_t k = static_cast<std::size_t>(cls - vots_.begin());
      const auto key = std::make_pair(demand[i].value_of_time, static_cast<std::uint32_t>(demand[i].from.index()));
      auto [it, fresh] = task_of.try_emplace(key, tasks_.size());
      if (fresh) tasks_.push_back({k, key.second, {}});
      tasks_[it->second].rows.push_back(i);
    }
    workers_ = std::max(1u, o.threads > 0 ? o.threads : std::thread::hardware_concurrency());
  }

  AssignResult run() {
    AssignResult r;
    r.method = options_.method;
    const std::size_t arcs = g_.arcs.size();
    std::vector<std::vector<double>> x(vots_.size(), std::vector<double>(arcs, 0.0)), y = x;
    std::vector<double> total(arcs, 0.0);
    const int max_iterations = options_.method == AssignMethod::aon ? 1 : std::max(1, options_.iterations);
    if (!aon(total, x, nullptr)) {
      r.interrupted = true;
      return finish(std::move(r), total, x, nullptr);
    }
    r.iterations = 1;
    for (int it = 1;; ++it) {
      // y: all-or-nothing at the current loads; the relative gap says how far x is from it.
      if (!aon(sum(x), y, nullptr)) {
        r.interrupted = true;
        break;
      }
      const auto t = times(sum(x));
      const double tstt = cost_of(x, t), sptt = cost_of(y, t);
      r.relative_gap = tstt > 0 ? std::max(0.0, (tstt - sptt) / tstt) : 0.0;
      r.gap_history.push_back(r.relative_gap);
      control_.report("assign", static_cast<std::size_t>(it), static_cast<std::size_t>(max_iterations));
      if (r.relative_gap <= options_.gap_tolerance) r.converged = true;
      if (r.converged || it >= max_iterations || control_.cancelled()) {
        r.interrupted = !r.converged && it < max_iterations;
        break;
      }
      const double alpha = options_.method == AssignMethod::msa ? 1.0 / (it + 1) : line_search(x, y);
      for (std::size_t k = 0; k < x.size(); ++k)
        for (std::size_t a = 0; a < arcs; ++a) x[k][a] += alpha * (y[k][a] - x[k][a]);
      r.iterations = it + 1;
    }
    std::vector<PairFlowResult> pairs(demand_.size());
    const RunControl quiet{};
    Assigner final_pass(g_, demand_, options_, quiet);  // uncancellable: pair results must be complete
    final_pass.aon(sum(x), y, &pairs);
    return finish(std::move(r), sum(x), x, &pairs);
  }

 private:
  std::vector<double> sum(const std::vector<std::vector<double>>& per_class) const {
    std::vector<double> s(g_.arcs.size(), 0.0);
    for (const auto& f : per_class)
      for (std::size_t a = 0; a < s.size(); ++a) s[a] += f[a];
    return s;
  }

  std::vector<double> times(const std::vector<double>& load) const {
    std::vector<double> t(g_.arcs.size());
    for (std::size_t a = 0; a < t.size(); ++a)
      t[a] = g_.arcs[a].hours + (g_.arcs[a].delay ? g_.arcs[a].delay->wait_hours(load[a]) : 0.0);
    return t;
  }

  double cost_of(const std::vector<std::vector<double>>& f, const std::vector<double>& t) const {
    double c = 0;
    for (std::size_t k = 0; k < f.size(); ++k)
      for (std::size_t a = 0; a < t.size(); ++a)
        if (f[k][a] != 0) c += f[k][a] * (g_.arcs[a].usd + vots_[k] * t[a]);
    return c;
  }

  // Frank–Wolfe step: the α in [0, 1] where the directional derivative of the cost along y − x
  // vanishes, by bisection (the costs are non-decreasing in load, so it is monotone).
  double line_search(const std::vector<std::vector<double>>& x, const std::vector<std::vector<double>>& y) const {
    const std::size_t arcs = g_.arcs.size();
    std::vector<double> X = sum(x), D(arcs, 0.0);
    for (std::size_t k = 0; k < x.size(); ++k)
      for (std::size_t a = 0; a < arcs; ++a) D[a] += y[k][a] - x[k][a];
    auto derivative = [&](double alpha) {
      double d = 0;
      for (std::size_t a = 0; a < arcs; ++a) {
        double dk = 0;
        bool any = false;
        for (std::size_t k = 0; k < x.size(); ++k)
          if (y[k][a] != x[k][a]) any = true;
        if (!any) continue;
        const double t = g_.arcs[a].hours + (g_.arcs[a].delay ? g_.arcs[a].delay->wait_hours(X[a] + alpha * D[a]) : 0.0);
        for (std::size_t k = 0; k < x.size(); ++k) dk += (y[k][a] - x[k][a]) * (g_.arcs[a].usd + vots_[k] * t);
        d += dk;
      }
      return d;
    };
    if (derivative(1.0) <= 0) return 1.0;
    if (derivative(0.0) >= 0) return 0.0;
    double lo = 0, hi = 1;
    for (int i = 0; i < 60; ++i) {
      const double mid = (lo + hi) / 2;
      (derivative(mid) < 0 ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
  }

  // All-or-nothing at the given loads into `out` (per class, TEU/day); false when cancelled.
  bool aon(const std::vector<double>& load, std::vector<std::vector<double>>& out, std::vector<PairFlowResult>* pairs) {
    const auto t = times(load);
    for (auto& f : out) std::fill(f.begin(), f.end(), 0.0);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stopped{false};
    std::mutex merge;
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < std::min<std::size_t>(workers_, tasks_.size()); ++w)
      pool.emplace_back([&] {
        std::vector<std::vector<double>> local(out.size(), std::vector<double>(g_.arcs.size(), 0.0));
        std::vector<double> dist;
        std::vector<std::int32_t> pred;
        for (std::size_t i; (i = next++) < tasks_.size();) {
          if (control_.cancelled()) {
            stopped = true;
            break;
          }
          const Task& task = tasks_[i];
          tree(task, t, dist, pred);
          for (const std::size_t row : task.rows) route(task, row, t, dist, pred, local[task.cls], pairs);
        }
        std::lock_guard lock(merge);
        for (std::size_t k = 0; k < out.size(); ++k)
          for (std::size_t a = 0; a < g_.arcs.size(); ++a) out[k][a] += local[k][a];
      });
    for (auto& th : pool) th.join();
    return !stopped;
  }

  void tree(const Task& task, const std::vector<double>& t, std::vector<double>& dist, std::vector<std::int32_t>& pred) const {
    const double vot = vots_[task.cls];
    dist.assign(g_.vertex_count, kInf);
    pred.assign(g_.vertex_count, -1);
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (const auto v : g_.place_vertices[task.origin]) {
      dist[v] = 0;
      heap.push({0.0, v});
    }
    while (!heap.empty()) {
      const auto [d, v] = heap.top();
      heap.pop();
      if (d > dist[v]) continue;
      for (std::uint32_t i = g_.first_out[v]; i < g_.first_out[v + 1]; ++i) {
        const std::uint32_t a = g_.out_arcs[i];
        const AssignArc& arc = g_.arcs[a];
        const double nd = d + arc.usd + vot * t[a];
        if (nd < dist[arc.head]) {
          dist[arc.head] = nd;
          pred[arc.head] = static_cast<std::int32_t>(a);
          heap.push({nd, arc.head});
        }
      }
    }
  }

  void route(const Task& task, std::size_t row, const std::vector<double>& t, const std::vector<double>& dist,
             const std::vector<std::int32_t>& pred, std::vector<double>& flow, std::vector<PairFlowResult>* pairs) const {
    const DemandRow& d = demand_[row];
    std::uint32_t best = 0;
    double best_cost = kInf;
    for (const auto v : g_.place_vertices[d.to.index()])
      if (dist[v] < best_cost) best_cost = dist[v], best = v;
    PairFlowResult* out = pairs ? &(*pairs)[row] : nullptr;
    if (out) out->row = row;
    if (best_cost == kInf) return;
    const double teu_per_day = d.teu_per_year / kDaysPerYear;
    std::vector<std::int32_t> elements;
    double hours = 0, usd = 0;
    for (std::uint32_t v = best; pred[v] >= 0; v = g_.arcs[static_cast<std::size_t>(pred[v])].tail) {
      const auto a = static_cast<std::size_t>(pred[v]);
      flow[a] += teu_per_day;
      hours += t[a];
      usd += g_.arcs[a].usd;
      for (int e = 1; e >= 0; --e)
        if (g_.arcs[a].elements[e] >= 0) elements.push_back(g_.arcs[a].elements[e]);
    }
    (void)task;
    if (!out) return;
    std::reverse(elements.begin(), elements.end());
    out->reachable = true;
    out->hours = hours;
    out->usd = usd;
    out->generalized_usd = best_cost;
    out->elements = std::move(elements);
  }

  AssignResult finish(AssignResult r, const std::vector<double>& total, const std::vector<std::vector<double>>&,
                      std::vector<PairFlowResult>* pairs) const {
    r.arc_flow = total;
    std::vector<ElementLoad> loads(g_.elements.size());
    for (std::size_t e = 0; e < loads.size(); ++e) {
      loads[e].element = e;
      loads[e].capacity = g_.element_capacity[e];
    }
    for (std::size_t a = 0; a < g_.arcs.size(); ++a)
      for (const auto e : g_.arcs[a].elements)
        if (e >= 0) {
          loads[static_cast<std::size_t>(e)].teu_per_day += total[a];
          if (g_.arcs[a].delay && g_.elements[static_cast<std::size_t>(e)].kind == ElementKind::crossing)
            loads[static_cast<std::size_t>(e)].wait_hours = g_.arcs[a].delay->wait_hours(total[a]);
        }
    for (auto& l : loads)
      if (l.teu_per_day > 1e-9) r.loads.push_back(l);
    if (pairs) r.pairs = std::move(*pairs);
    return r;
  }

  const AssignmentGraph& g_;
  const std::vector<DemandRow>& demand_;
  const AssignOptions& options_;
  const RunControl& control_;
  std::vector<double> vots_;
  std::vector<Task> tasks_;
  unsigned workers_ = 1;
};

}  // namespace

AssignResult assign(const AssignmentGraph& graph, const std::vector<DemandRow>& demand, const AssignOptions& options,
                    const RunControl& control) {
  return Assigner(graph, demand, options, control).run();
}

}  // namespace caravan::analysis
