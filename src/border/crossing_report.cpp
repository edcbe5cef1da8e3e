#include "border/crossing_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace caravan::border {
namespace {

using nlohmann::json;

constexpr int kHistogramBins = 40;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json est(const Estimate& e) {
  return {{"mean", num(e.mean)}, {"ci95", {num(e.lower()), num(e.upper())}}};
}
std::string direction_name(bool a_to_b) { return a_to_b ? "a_to_b" : "b_to_a"; }

json node_json(const Network& net, NodeIdx v) {
  const Node& n = net.nodes[v];
  return {{"id", n.id}, {"name", n.name}, {"country", to_string(n.country)}, {"timezone", n.timezone}};
}

// Pooled over the replications: shares of cleared vehicles per bin of waiting time, bins up to the
// pooled 99th percentile (the rest is `beyond_share`).
json wait_histogram(const TandemResult& r) {
  std::vector<double> all;
  for (const auto& run : r.runs) all.insert(all.end(), run.wait_values.begin(), run.wait_values.end());
  json h{{"bin_h", nullptr}, {"share", json::array()}, {"beyond_share", 0.0}};
  if (all.empty()) return h;
  const double top = std::max(quantile_in_place(all, 0.99), 1e-6);
  const double bin = top / kHistogramBins;
  std::vector<double> counts(kHistogramBins, 0.0);
  double beyond = 0;
  for (const double w : all) {
    const auto i = static_cast<std::size_t>(w / bin);
    if (i < counts.size()) counts[i] += 1;
    else beyond += 1;
  }
  const double n = static_cast<double>(all.size());
  for (auto& c : counts) c /= n;
  h["bin_h"] = bin;
  h["share"] = counts;
  h["beyond_share"] = beyond / n;
  return h;
}

std::vector<double> filled_hour_of_week(const TandemResult& r, double fallback) {
  std::vector<double> v(r.how_ttc_mean.begin(), r.how_ttc_mean.end());
  // Hours without arrivals (a timetable's gaps) take the value of the last hour before them that
  // had some, so a route arriving then meets the next train's delay model, not nothing.
  int known = -1;
  for (int h = 0; h < kHoursPerWeek; ++h)
    if (std::isfinite(v[h])) known = h;
  if (known < 0) return std::vector<double>(kHoursPerWeek, fallback);
  double last = v[known];
  for (int h = 0; h < kHoursPerWeek; ++h) {
    if (std::isfinite(v[h])) last = v[h];
    else v[h] = last;
  }
  return v;
}

std::string fmt_est(const json& e, int digits = 1) {
  if (e["mean"].is_null()) return "n/a";
  const double m = e["mean"].get<double>();
  if (e["ci95"][0].is_null()) return fmt::format("{:.{}f}", m, digits);
  return fmt::format("{:.{}f} ± {:.{}f}", m, digits, (e["ci95"][1].get<double>() - e["ci95"][0].get<double>()) / 2, digits);
}

}  // namespace

CrossingRun simulate_crossing(const Network& net, const CrossingRequest& request) {
  CrossingRun run;
  run.model = build_crossing_model(net, request);
  for (const auto& d : run.model.directions)
    run.results.push_back(replicate(d.config, request.replications, request.seed, request.threads));
  return run;
}

json crossing_result_json(const Network& net, const CrossingRequest& r, const CrossingRun& run) {
  const Crossing& c = *run.model.crossing;
  json out;
  out["crossing"] = {{"id", c.id}, {"name", c.name}, {"mode", to_string(c.mode)},
                     {"side_a", node_json(net, c.side_a)}, {"side_b", node_json(net, c.side_b)},
                     {"hours_a", c.hours_a.to_string()}, {"hours_b", c.hours_b.to_string()},
                     {"capacity_per_day", c.capacity_per_day ? json(*c.capacity_per_day) : json(nullptr)},
                     {"gauge_change_h", c.gauge_change ? json(c.gauge_change->time.in_hours()) : json(nullptr)}};
  out["parameters"] = {{"mode", r.mode}, {"direction", r.direction}, {"days", r.days},
                       {"green_share", r.green_share}, {"red_share", r.red_share},
                       {"arrivals_per_day", r.arrivals_per_day ? json(*r.arrivals_per_day) : json(nullptr)},
                       {"capacity_per_day", r.capacity_per_day ? json(*r.capacity_per_day) : json(nullptr)},
                       {"second_side_capacity_per_day", r.second_side_capacity_per_day ? json(*r.second_side_capacity_per_day) : json(nullptr)},
                       {"gauge_capacity_per_day", r.gauge_capacity_per_day ? json(*r.gauge_capacity_per_day) : json(nullptr)},
                       {"hours", r.hours ? json(*r.hours) : json(nullptr)},
                       {"buffer", r.buffer ? json(*r.buffer) : json(nullptr)},
                       {"initial_queue", r.initial_queue}, {"start", r.start},
                       {"replications", r.replications}, {"seed", r.seed}};
  json steps = json::array();
  for (const auto& s : r.capacity_steps) steps.push_back({{"day", s.day}, {"capacity_per_day", s.capacity_per_day}});
  out["parameters"]["capacity_steps"] = steps;
  // The measured inputs: the profile's 168 weights as given; the service times by count and mean.
  out["parameters"]["arrival_profile"] = r.arrival_profile ? json(*r.arrival_profile) : json(nullptr);
  if (r.service_times_h.empty()) {
    out["parameters"]["service_times"] = nullptr;
  } else {
    out["parameters"]["service_times"] = {{"count", r.service_times_h.size()}, {"mean_h", mean_of(r.service_times_h)}};
  }
  out["directions"] = json::array();
  for (std::size_t d = 0; d < run.model.directions.size(); ++d) {
    const DirectionModel& m = run.model.directions[d];
    const TandemResult& res = run.results[d];
    json dir;
    dir["direction"] = direction_name(m.a_to_b);
    dir["from_country"] = m.from_country;
    dir["to_country"] = m.to_country;
    dir["arrivals_per_day"] = m.arrivals_per_day;
    dir["capacity_per_day"] = m.capacity_per_day;
    dir["warmup_days"] = m.warmup_h / 24;
    const auto& cal = m.calibration;
    dir["published_h"] = cal.target_h ? json(*cal.target_h) : json(nullptr);
    dir["published_source"] = !cal.target_h ? "none" : cal.published_cpmm ? "CAREC CPMM" : "bundled estimate";
    dir["calibration"] = {{"demand_share", cal.demand_share}, {"congestion_h", cal.congestion_h}, {"dwell_h", cal.dwell_h},
                          {"service_scale", cal.service_scale}};
    json stations = json::array();
    for (std::size_t i = 0; i < m.stations.size(); ++i) {
      const auto& s = m.stations[i];
      stations.push_back({{"name", s.name}, {"lanes", s.lanes}, {"service_mean_h", s.service_mean_h},
                          {"capacity_per_day", s.capacity_per_day}, {"buffer", s.buffer ? json(*s.buffer) : json(nullptr)},
                          {"open_share", est(res.station_open[i])}, {"utilisation", est(res.station_busy[i])},
                          {"blocked_share", est(res.station_blocked[i])}, {"lanes_mean", est(res.station_lanes[i])}});
    }
    dir["stations"] = stations;
    dir["time_to_clear_h"] = {{"mean", est(res.ttc)}, {"p50", est(res.ttc_p50)}, {"p90", est(res.ttc_p90)}, {"p99", est(res.ttc_p99)}};
    dir["wait_h"] = {{"mean", est(res.wait)}, {"p50", est(res.wait_p50)}, {"p90", est(res.wait_p90)}, {"p99", est(res.wait_p99)}};
    dir["p_wait"] = est(res.p_wait);
    dir["throughput_per_day"] = est(res.throughput_per_day);
    dir["queue"] = {{"mean", est(res.queue_mean)}, {"max", est(res.queue_max)}, {"in_crossing_mean", est(res.L)}};
    json classes = json::array();
    for (std::size_t k = 0; k < m.config.classes.size(); ++k)
      classes.push_back({{"name", m.config.classes[k].name}, {"share", m.config.classes[k].share},
                         {"time_to_clear_h", est(res.class_ttc[k])}, {"wait_h", est(res.class_wait[k])}});
    dir["classes"] = classes;
    json times = json::array();
    const TimePoint obs = m.start + Duration::hours(m.warmup_h);
    for (std::size_t j = 0; j < res.queue_series_mean.size(); ++j) {
      const double h = m.config.sample_every_h * static_cast<double>(j);
      times.push_back(static_cast<double>(obs.minutes) * 60.0 + h * 3600.0);  // Unix seconds (uPlot's x)
    }
    dir["queue_series"] = {{"start", format_utc(obs)}, {"step_h", m.config.sample_every_h}, {"t", times},
                           {"waiting_mean", res.queue_series_mean}, {"waiting_p10", res.queue_series_p10},
                           {"waiting_p90", res.queue_series_p90}, {"in_crossing_mean", res.system_series_mean}};
    dir["wait_histogram"] = wait_histogram(res);
    dir["time_to_clear_by_hour_of_week_h"] = filled_hour_of_week(res, res.ttc.mean);
    dir["little"] = {{"ok_on_every_run", res.little_ok}, {"max_relative_error", res.little_max_rel_error}};
    dir["events"] = res.events;
    dir["wall_seconds"] = res.wall_seconds;
    dir["threads"] = res.threads;
    out["directions"].push_back(dir);
  }
  return out;
}

std::string crossing_result_table(const json& j) {
  std::string s;
  const auto& c = j["crossing"];
  const auto& p = j["parameters"];
  s += fmt::format("{}, {} {} → {} {}; {} days × {} replications, seed {}\n", c["name"].get<std::string>(), c["side_a"]["name"].get<std::string>(), c["side_a"]["country"].get<std::string>(),
                   c["side_b"]["name"].get<std::string>(), c["side_b"]["country"].get<std::string>(), p["days"].get<double>(),
                   p["replications"].get<int>(), p["seed"].get<std::uint64_t>());
  for (const auto& d : j["directions"]) {
    s += fmt::format("\n{} → {} ({}): {:.1f} arrivals/day against {:.1f}/day capacity, warm-up {:g} days deleted\n",
                     d["from_country"].get<std::string>(), d["to_country"].get<std::string>(), d["direction"].get<std::string>(),
                     d["arrivals_per_day"].get<double>(), d["capacity_per_day"].get<double>(), d["warmup_days"].get<double>());
    s += fmt::format("  {:<22} {:>5} {:>10} {:>10} {:>8} {:>14} {:>14} {:>8}\n", "station", "lanes", "service h", "cap/day",
                     "open", "utilisation", "blocked", "buffer");
    for (const auto& st : d["stations"])
      s += fmt::format("  {:<22} {:>5} {:>10.2f} {:>10.1f} {:>8.3f} {:>14} {:>14} {:>8}\n", st["name"].get<std::string>(),
                       st["lanes"].get<int>(), st["service_mean_h"].get<double>(), st["capacity_per_day"].get<double>(),
                       st["open_share"]["mean"].is_null() ? 0.0 : st["open_share"]["mean"].get<double>(),
                       fmt_est(st["utilisation"], 3), fmt_est(st["blocked_share"], 3),
                       st["buffer"].is_null() ? "—" : std::to_string(st["buffer"].get<int>()));
    const auto& t = d["time_to_clear_h"];
    const auto& w = d["wait_h"];
    s += fmt::format("  time to clear (h)   mean {}   p50 {}   p90 {}   p99 {}\n", fmt_est(t["mean"]), fmt_est(t["p50"]),
                     fmt_est(t["p90"]), fmt_est(t["p99"]));
    if (!d["published_h"].is_null())
      s += fmt::format("  published           {:.1f} h ({}); calibrated dwell {:.1f} h, congestion {:.1f} h at {:.0f} % demand\n",
                       d["published_h"].get<double>(), d["published_source"].get<std::string>(),
                       d["calibration"]["dwell_h"].get<double>(), d["calibration"]["congestion_h"].get<double>(),
                       100 * d["calibration"]["demand_share"].get<double>());
    s += fmt::format("  waiting time (h)    mean {}   p50 {}   p90 {}   p99 {}\n", fmt_est(w["mean"]), fmt_est(w["p50"]),
                     fmt_est(w["p90"]), fmt_est(w["p99"]));
    for (const auto& k : d["classes"])
      if (!k["time_to_clear_h"]["mean"].is_null())
        s += fmt::format("    {:<8} share {:.2f}: time to clear {} h, wait {} h\n", k["name"].get<std::string>(),
                         k["share"].get<double>(), fmt_est(k["time_to_clear_h"]), fmt_est(k["wait_h"]));
    s += fmt::format("  throughput {}/day; queue mean {}, max {}; in the crossing {}\n", fmt_est(d["throughput_per_day"]),
                     fmt_est(d["queue"]["mean"]), fmt_est(d["queue"]["max"]), fmt_est(d["queue"]["in_crossing_mean"]));
    const double secs = d["wall_seconds"].get<double>();
    s += fmt::format("  Little's law L = λW: {} on every run (largest gap {:.2e}); {} events in {:.3f} s ({:.2f} M events/s, {} threads)\n",
                     d["little"]["ok_on_every_run"].get<bool>() ? "holds" : "FAILS", d["little"]["max_relative_error"].get<double>(),
                     d["events"].get<std::uint64_t>(), secs, secs > 0 ? static_cast<double>(d["events"].get<std::uint64_t>()) / secs / 1e6 : 0.0,
                     d["threads"].get<int>());
  }
  return s;
}

std::string crossing_result_csv(const json& j) {
  std::string s = "direction,metric,mean,ci95_low,ci95_high\n";
  const auto row = [&s](const std::string& dir, const std::string& metric, const json& e) {
    const auto v = [](const json& x) { return x.is_null() ? std::string() : fmt::format("{:.6g}", x.get<double>()); };
    s += fmt::format("{},{},{},{},{}\n", dir, metric, v(e["mean"]), v(e["ci95"][0]), v(e["ci95"][1]));
  };
  for (const auto& d : j["directions"]) {
    const std::string dir = d["direction"].get<std::string>();
    for (const char* q : {"mean", "p50", "p90", "p99"}) row(dir, std::string("time_to_clear_h_") + q, d["time_to_clear_h"][q]);
    for (const char* q : {"mean", "p50", "p90", "p99"}) row(dir, std::string("wait_h_") + q, d["wait_h"][q]);
    row(dir, "p_wait", d["p_wait"]);
    row(dir, "throughput_per_day", d["throughput_per_day"]);
    row(dir, "queue_mean", d["queue"]["mean"]);
    row(dir, "queue_max", d["queue"]["max"]);
    for (const auto& st : d["stations"]) {
      row(dir, "utilisation:" + st["name"].get<std::string>(), st["utilisation"]);
      row(dir, "blocked_share:" + st["name"].get<std::string>(), st["blocked_share"]);
    }
  }
  s += "\ndirection,time_utc,hours,waiting_mean,waiting_p10,waiting_p90,in_crossing_mean\n";
  for (const auto& d : j["directions"]) {
    const auto& q = d["queue_series"];
    const double step = q["step_h"].get<double>();
    for (std::size_t i = 0; i < q["waiting_mean"].size(); ++i) {
      const auto t = TimePoint{static_cast<std::int64_t>(q["t"][i].get<double>() / 60.0)};
      s += fmt::format("{},{},{:g},{:.4g},{:g},{:g},{:.4g}\n", d["direction"].get<std::string>(), format_utc(t), step * static_cast<double>(i),
                       q["waiting_mean"][i].get<double>(), q["waiting_p10"][i].get<double>(), q["waiting_p90"][i].get<double>(),
                       q["in_crossing_mean"][i].get<double>());
    }
  }
  return s;
}

void write_delay_file(std::ostream& out, const CrossingRun& run) {
  out << "crossing,mode,direction,hour_of_week,time_to_clear_h\n";
  const Crossing& c = *run.model.crossing;
  for (std::size_t d = 0; d < run.model.directions.size(); ++d) {
    const auto v = filled_hour_of_week(run.results[d], run.results[d].ttc.mean);
    for (int h = 0; h < kHoursPerWeek; ++h)
      out << fmt::format("{},{},{},{},{:.3f}\n", c.id, to_string(c.mode), direction_name(run.model.directions[d].a_to_b), h,
                         std::isfinite(v[h]) ? v[h] : 0.0);
  }
}

}  // namespace caravan::border
