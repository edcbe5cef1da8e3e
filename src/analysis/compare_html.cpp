// The HTML report of a scenario comparison: one file, no external resources (inline CSS, SVG and
// a few lines of JS), so an analyst can open it from disk or mail it.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/scenario_compare.hpp"
#include "core/text.hpp"

namespace caravan::analysis {
namespace {

// Equirectangular projection of the bounding box of the drawn nodes onto the SVG canvas.
struct Projection {
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  double width = 960, height = 480, pad = 20;
  void include(const Node& n) {
    min_lon = std::min(min_lon, n.lon);
    max_lon = std::max(max_lon, n.lon);
    min_lat = std::min(min_lat, n.lat);
    max_lat = std::max(max_lat, n.lat);
  }
  [[nodiscard]] double scale() const {
    const double sx = (width - 2 * pad) / std::max(1.0, max_lon - min_lon);
    const double sy = (height - 2 * pad) / std::max(1.0, max_lat - min_lat);
    return std::min(sx, sy);
  }
  [[nodiscard]] std::pair<double, double> xy(const Node& n) const {
    return {pad + (n.lon - min_lon) * scale(), pad + (max_lat - n.lat) * scale()};
  }
  [[nodiscard]] std::string point(const Node& n) const {
    const auto [x, y] = xy(n);
    return fmt::format("{:.1f},{:.1f}", x, y);
  }
};

std::string polyline(const Network& net, const Projection& proj, const RouteSummary& s, const char* cls, std::size_t pair) {
  std::string points;
  for (const NodeIdx v : s.path) points += proj.point(net.nodes[v]) + " ";
  return fmt::format("<polyline class=\"{} p{}\" points=\"{}\"/>\n", cls, pair, points);
}

std::string map_svg(const Network& net, const CompareResult& r, const std::vector<std::size_t>& changed) {
  // Frame the routes that changed (the whole network when none did), so that long sea lanes
  // elsewhere do not shrink them; links outside the frame are clipped.
  Projection proj;
  for (const std::size_t i : changed)
    for (const auto* side : {&r.pairs[i].base, &r.pairs[i].scenario})
      if (*side)
        for (const NodeIdx v : (*side)->path) proj.include(net.nodes[v]);
  if (changed.empty())
    for (const auto& n : net.nodes) proj.include(n);
  proj.height = std::clamp((proj.max_lat - proj.min_lat) * proj.scale() + 2 * proj.pad, 200.0, 700.0);
  std::string svg = fmt::format("<svg viewBox=\"0 0 {:.0f} {:.0f}\" class=\"map\" role=\"img\" aria-label=\"map of changed routes\">\n",
                                proj.width, proj.height);
  // The whole network, faint, for orientation.
  for (const auto& link : net.links) {
    const auto [x1, y1] = proj.xy(net.nodes[link.from]);
    const auto [x2, y2] = proj.xy(net.nodes[link.to]);
    svg += fmt::format("<line class=\"net\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", x1, y1, x2, y2);
  }
  for (const std::size_t i : changed) {
    const auto& p = r.pairs[i];
    if (p.base) svg += polyline(net, proj, *p.base, "base", i);
    if (p.scenario) svg += polyline(net, proj, *p.scenario, "scen", i);
  }
  std::vector<NodeIdx> ends;
  for (const std::size_t i : changed) {
    ends.push_back(r.pairs[i].pair.from);
    ends.push_back(r.pairs[i].pair.to);
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  for (const NodeIdx v : ends) {
    const auto [x, y] = proj.xy(net.nodes[v]);
    svg += fmt::format("<circle cx=\"{0:.1f}\" cy=\"{1:.1f}\" r=\"3\"/><text x=\"{0:.1f}\" y=\"{1:.1f}\">{2}</text>\n", x, y,
                       escape_html(net.nodes[v].name.substr(0, net.nodes[v].name.find(" ("))));
  }
  return svg + "</svg>\n";
}

// Horizontal bars of the change in days per changed pair (scenario minus base).
std::string delta_chart(const Network& net, const CompareResult& r, const std::vector<std::size_t>& changed) {
  std::vector<std::pair<std::size_t, double>> bars;
  for (const std::size_t i : changed)
    if (r.pairs[i].base && r.pairs[i].scenario) bars.push_back({i, (r.pairs[i].scenario->hours - r.pairs[i].base->hours) / 24});
  if (bars.empty()) return "<p>No pair has a route on both sides that changed.</p>\n";
  double extent = 0.1;
  for (const auto& [_, d] : bars) extent = std::max(extent, std::abs(d));
  const double row = 18, label = 300, half = 250;
  std::string svg = fmt::format("<svg viewBox=\"0 0 {:.0f} {:.0f}\" class=\"chart\">\n", label + 2 * half + 60, row * bars.size() + 10);
  svg += fmt::format("<line class=\"axis\" x1=\"{0:.0f}\" y1=\"0\" x2=\"{0:.0f}\" y2=\"{1:.0f}\"/>\n", label + half, row * bars.size() + 10);
  for (std::size_t k = 0; k < bars.size(); ++k) {
    const auto& [i, d] = bars[k];
    const double w = std::abs(d) / extent * half;
    const double x = d < 0 ? label + half - w : label + half;
    const double y = 5 + k * row;
    svg += fmt::format(
        "<g class=\"bar p{}\"><text class=\"lbl\" x=\"{:.0f}\" y=\"{:.0f}\">{} → {}</text>"
        "<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.0f}\">{:+.1f} d</text></g>\n",
        i, label - 6, y + row * 0.7, escape_html(net.nodes[r.pairs[i].pair.from].id), escape_html(net.nodes[r.pairs[i].pair.to].id),
        d < 0 ? "gain" : "loss", x, y, std::max(w, 0.5), row - 4, d < 0 ? x - 50 : x + w + 4, y + row * 0.7, d);
  }
  return svg + "</svg>\n";
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:1100px}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.85em;width:100%} th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:right}
th:nth-child(-n+2),td:nth-child(-n+2),td.txt{text-align:left} tr.changed{background:#fff8e6} tr.sel{background:#ffe08a}
.map{width:100%;border:1px solid #ccc;background:#f7fbff} .chart{width:100%}
.net{stroke:#ccd;stroke-width:.6} .base{fill:none;stroke:#1f77b4;stroke-width:2;opacity:.55}
.scen{fill:none;stroke:#d62728;stroke-width:2;stroke-dasharray:5 3;opacity:.7}
.hl{stroke-width:5;opacity:1} circle{fill:#333} text{font-size:10px}
.gain{fill:#2ca02c} .loss{fill:#d62728} .axis{stroke:#888} .lbl{text-anchor:end}
.key span{display:inline-block;width:2em;height:.3em;margin:0 .4em .2em 0;vertical-align:middle} .key span+span{margin-left:1em}
)";

constexpr const char* kScript = R"(
document.querySelectorAll('tr[data-pair]').forEach(function(row){
  row.addEventListener('click',function(){
    var p='p'+row.dataset.pair, on=!row.classList.contains('sel');
    document.querySelectorAll('tr.sel').forEach(function(r){r.classList.remove('sel');});
    document.querySelectorAll('.hl').forEach(function(e){e.classList.remove('hl');});
    if(on){row.classList.add('sel');document.querySelectorAll('polyline.'+p).forEach(function(e){e.classList.add('hl');});}
  });
});
)";

}  // namespace

std::string compare_html(const Network& net, const CompareResult& r) {
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < r.pairs.size(); ++i)
    if (r.pairs[i].route_changed()) changed.push_back(i);
  const std::string objective(kObjectiveNames[static_cast<std::size_t>(r.optimize)]);
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  html += fmt::format("<title>Caravan: {} vs {}</title>\n<style>{}</style></head><body>\n", escape_html(r.base_name),
                      escape_html(r.scenario_name), kStyle);
  html += fmt::format("<h1>Scenario comparison: {} vs {}</h1>\n<p>Best itinerary by {} for each of {} origin–destination "
                      "pairs, departing {}. <b>{}</b> pairs change route.{}</p>\n",
                      escape_html(r.base_name), escape_html(r.scenario_name), objective, r.pairs.size(), format_utc(r.depart),
                      changed.size(), r.interrupted ? " <b>Interrupted: partial results.</b>" : "");
  html += "<h2>Routes that changed</h2>\n<p class=\"key\"><span style=\"background:#1f77b4\"></span>base"
          "<span style=\"background:#d62728\"></span>scenario (dashed) — click a row below to highlight its routes</p>\n";
  html += map_svg(net, r, changed);
  html += "<h2>Change in transit time (scenario − base)</h2>\n" + delta_chart(net, r, changed);
  html += "<h2>All pairs</h2>\n<table><tr><th>from</th><th>to</th><th>base days</th><th>scenario days</th><th>Δ days</th>"
          "<th>Δ USD</th><th>Δ kg CO2e</th><th>Δ risk</th><th>base corridor / crossings</th><th>scenario corridor / crossings</th></tr>\n";
  for (std::size_t i = 0; i < r.pairs.size(); ++i) {
    const auto& p = r.pairs[i];
    auto side = [](const std::optional<RouteSummary>& s) {
      return s ? escape_html(s->corridor) + "<br><small>" + escape_html(join(s->crossings, ", ")) + "</small>" : std::string("no route");
    };
    auto days = [](const std::optional<RouteSummary>& s) { return s ? fmt::format("{:.1f}", s->hours / 24) : "—"; };
    std::string dd = "—", dc = "—", de = "—", dr = "—";
    if (p.base && p.scenario) {
      dd = fmt::format("{:+.1f}", (p.scenario->hours - p.base->hours) / 24);
      dc = fmt::format("{:+.0f}", p.scenario->cost_usd - p.base->cost_usd);
      de = fmt::format("{:+.0f}", p.scenario->co2e_kg - p.base->co2e_kg);
      dr = fmt::format("{:+.1f} pp", 100 * (p.scenario->risk - p.base->risk));
    }
    html += fmt::format("<tr data-pair=\"{}\"{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                        "<td>{}</td><td class=\"txt\">{}</td><td class=\"txt\">{}</td></tr>\n",
                        i, p.route_changed() ? " class=\"changed\"" : "", escape_html(net.nodes[p.pair.from].name),
                        escape_html(net.nodes[p.pair.to].name), days(p.base), days(p.scenario), dd, dc, de, dr, side(p.base),
                        side(p.scenario));
  }
  html += "</table>\n<p><small>Generated by Caravan from the bundled corridor data; every figure comes from the same "
          "planner as <code>caravan route</code>.</small></p>\n";
  html += fmt::format("<script>{}</script>\n</body></html>\n", kScript);
  return html;
}

}  // namespace caravan::analysis
