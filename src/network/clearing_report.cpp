#include "network/clearing_report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace caravan {
namespace {

constexpr double kBand = 0.05;

bool near(Duration engine, Duration published) {
  if (published.minutes == 0) return engine.minutes == 0;
  return std::abs(engine.in_hours() / published.in_hours() - 1.0) <= kBand + 1e-9;
}

std::string hours(const Network& net, const Crossing& c) {
  const auto side = [&](NodeIdx n, const OpeningHours& h) {
    return fmt::format("{} {}", to_string(net.nodes[n].country), h.to_string());
  };
  std::string s = side(c.side_a, c.hours_a) + " / " + side(c.side_b, c.hours_b);
  if (c.seasonal_closure)
    s += fmt::format("; closed {:02d}-{:02d}..{:02d}-{:02d}", c.seasonal_closure->first / 100, c.seasonal_closure->first % 100,
                     c.seasonal_closure->second / 100, c.seasonal_closure->second % 100);
  return s;
}

std::string direction_name(const Network& net, const Crossing& c, bool a_to_b) {
  const auto from = to_string(net.nodes[a_to_b ? c.side_a : c.side_b].country);
  const auto to = to_string(net.nodes[a_to_b ? c.side_b : c.side_a].country);
  return fmt::format("{}>{}", from, to);
}

double pct(Duration engine, Duration published) {
  return published.minutes == 0 ? 0.0 : 100.0 * (engine.in_hours() / published.in_hours() - 1.0);
}

double h1(Duration d) { return std::round(d.in_hours() * 10) / 10; }

}  // namespace

bool ClearingRow::within_band() const {
  if (!published) return true;
  if (!near(engine.mean, published->tfi1)) return false;
  return !published->p90 || near(engine_p90.mean, *published->p90);
}

std::vector<ClearingRow> clearing_rows(const Network& net, bool published_only) {
  std::vector<ClearingRow> rows;
  for (const auto ci : net.crossings.indices()) {
    const Crossing& c = net.crossings[ci];
    std::optional<ClearingYear> year;
    for (const bool a_to_b : {true, false}) {
      const PublishedClearing* published = nullptr;
      for (const auto& p : net.published_clearing)
        if (p.crossing == ci && p.a_to_b == a_to_b) published = &p;
      if (published_only && !published) continue;
      // The calendar of a normal year, as the calibration used (no scenario closures).
      if (!year) {
        std::vector<OpenCalendar::Side> sides;
        for (const auto& [node, h] : {std::pair{c.side_a, &c.hours_a}, std::pair{c.side_b, &c.hours_b}})
          sides.push_back({&net.time_zone(node), *h, to_string(net.nodes[node].country), &net.holidays});
        std::optional<OpenCalendar::SeasonalClosure> seasonal;
        if (c.seasonal_closure) seasonal = OpenCalendar::SeasonalClosure{c.seasonal_closure->first, c.seasonal_closure->second};
        year.emplace(OpenCalendar(std::move(sides), seasonal));
      }
      ClearingRow r;
      r.crossing = ci;
      r.a_to_b = a_to_b;
      r.published = published;
      r.data = a_to_b ? c.a_to_b : c.b_to_a;
      r.work = a_to_b ? c.work_a_to_b : c.work_b_to_a;
      r.engine = year->measure(r.work.median);
      r.engine_p90 = year->measure(r.work.p90);
      r.calendar_floor = year->measure(Duration{0}).mean;
      rows.push_back(r);
    }
  }
  return rows;
}

nlohmann::json clearing_json(const Network& net, const std::vector<ClearingRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    const Crossing& c = net.crossings[r.crossing];
    nlohmann::json j = {{"crossing", c.id},
                        {"name", c.name},
                        {"mode", to_string(c.mode)},
                        {"direction", r.a_to_b ? "a_to_b" : "b_to_a"},
                        {"from_country", to_string(net.nodes[r.a_to_b ? c.side_a : c.side_b].country)},
                        {"to_country", to_string(net.nodes[r.a_to_b ? c.side_b : c.side_a].country)},
                        {"hours", hours(net, c)},
                        {"data_mean_h", r.data.median.in_hours()},
                        {"data_p90_h", r.data.p90.in_hours()},
                        {"open_time_to_clear_h", r.work.median.in_hours()},
                        {"open_time_to_clear_p90_h", r.work.p90.in_hours()},
                        {"yearly_mean_h", r.engine.mean.in_hours()},
                        {"yearly_p90_h", r.engine.p90.in_hours()},
                        {"yearly_mean_at_p90_h", r.engine_p90.mean.in_hours()},
                        {"calendar_alone_h", r.calendar_floor.in_hours()},
                        {"arrivals", r.engine.arrivals},
                        {"year", kClearingYear}};
    if (r.published) {
      nlohmann::json p = {{"tfi1_h", r.published->tfi1.in_hours()},
                          {"year", r.published->year},
                          {"basis", r.published->basis},
                          {"source", r.published->source},
                          {"deviation_pct", std::round(pct(r.engine.mean, r.published->tfi1) * 10) / 10},
                          {"within_5_pct", r.within_band()}};
      if (r.published->p90) p["p90_h"] = r.published->p90->in_hours();
      j["published"] = std::move(p);
    } else {
      j["published"] = nullptr;
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::string clearing_table(const Network& net, const std::vector<ClearingRow>& rows) {
  std::string s = fmt::format(
      "Time to clear as elapsed time: mean and p90 over arrivals every hour of {} (closed hours, weekends and\n"
      "holidays included; a seasonal closure's hours are not counted). 'open' is the open time a vehicle needs,\n"
      "calibrated so the yearly mean is the data's figure.\n\n",
      kClearingYear);
  s += fmt::format("{:<26} {:<5} {:>9} {:>5} {:>9} {:>9} {:>7} {:>7} {:>8} {:>9}  {}\n", "crossing", "dir", "published", "year",
                   "mean", "p90", "diff", "open", "p90 pub", "mean@p90", "hours");
  std::vector<const PublishedClearing*> notes;
  for (const auto& r : rows) {
    const Crossing& c = net.crossings[r.crossing];
    std::string published = "-", year = "", diff = "", p90_pub = "";
    if (r.published) {
      notes.push_back(r.published);
      published = fmt::format("{:.1f} [{}]", h1(r.published->tfi1), notes.size());
      year = fmt::format("{}", r.published->year);
      diff = fmt::format("{:+.1f}%", pct(r.engine.mean, r.published->tfi1));
      if (r.published->p90) p90_pub = fmt::format("{:.1f}", h1(*r.published->p90));
    }
    s += fmt::format("{:<26} {:<5} {:>9} {:>5} {:>9.1f} {:>9.1f} {:>7} {:>7.1f} {:>8} {:>9.1f}  {}\n", c.id,
                     direction_name(net, c, r.a_to_b), published, year, h1(r.engine.mean), h1(r.engine.p90), diff,
                     h1(r.work.median), p90_pub, h1(r.engine_p90.mean), hours(net, c));
  }
  if (!notes.empty()) {
    s += "\nSources\n";
    for (std::size_t i = 0; i < notes.size(); ++i)
      s += fmt::format("  [{}] {} ({}): {}\n", i + 1, notes[i]->basis, notes[i]->year, notes[i]->source);
  }
  std::size_t out = 0;
  for (const auto& r : rows)
    if (!r.within_band()) ++out;
  if (out) {
    s += "\nOutside +-5 %:\n";
    for (const auto& r : rows)
      if (!r.within_band()) {
        const Crossing& c = net.crossings[r.crossing];
        if (r.calendar_floor >= r.published->tfi1)
          s += fmt::format("  {} {}: waiting for the opening hours alone gives a yearly mean of {:.1f} h against {:.1f} h published, "
                           "so the figure is taken as that of vehicles arriving while it is open (yearly mean {:.1f} h)\n",
                           c.id, direction_name(net, c, r.a_to_b), h1(r.calendar_floor), h1(r.published->tfi1), h1(r.engine.mean));
        else
          s += fmt::format("  {} {}: yearly mean {:.1f} h against {:.1f} h published\n", c.id, direction_name(net, c, r.a_to_b),
                           h1(r.engine.mean), h1(r.published->tfi1));
      }
  }
  return s;
}

}  // namespace caravan
