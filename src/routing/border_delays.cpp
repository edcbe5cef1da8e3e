#include "routing/border_delays.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace caravan {
namespace {

constexpr int kHoursPerWeek = 168;

int local_hour_of_week(const TimeZone& tz, TimePoint t) {
  const std::int64_t local = t.minutes + tz.offset_minutes(t);
  const std::int64_t day = local >= 0 ? local / 1440 : (local - 1439) / 1440;
  return weekday_from_days(day) * 24 + static_cast<int>((local - day * 1440) / 60);
}

}  // namespace

std::optional<BorderDelayModel> BorderDelayModel::load(const std::string& path, const Network& net, Diagnostics& diagnostics) {
  Diagnostics read;
  auto table = read_csv_file(path, path, read, std::size_t{1} << 26);
  if (!table || !read.empty()) {
    diagnostics.append(read);
    return std::nullopt;
  }
  return parse(*table->text, path, net, diagnostics);
}

std::optional<BorderDelayModel> BorderDelayModel::parse(std::string_view text, const std::string& file, const Network& net,
                                                        Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.size();
  const CsvTable table = parse_csv(text, file, diagnostics);
  if (diagnostics.size() != before) return std::nullopt;
  for (const char* col : {"crossing", "mode", "direction", "hour_of_week", "time_to_clear_h"})
    if (!table.column(col)) diagnostics.add(file, 1, col, "missing column");
  if (diagnostics.size() != before) return std::nullopt;
  const auto col = [&](const char* name) { return *table.column(name); };
  BorderDelayModel m;
  m.table_.resize(net.crossings.size());
  for (const auto c : net.crossings.indices()) m.ids_.push_back(net.crossings[c].id);
  std::vector<std::array<int, 2>> first_line(net.crossings.size(), {0, 0});
  for (const auto& rec : table.records) {
    const std::string id(trim(rec.fields[col("crossing")]));
    const auto it = net.crossing_by_id.find(id);
    if (it == net.crossing_by_id.end()) {
      diagnostics.add(file, rec.line, "crossing", fmt::format("unknown crossing '{}'", id));
      continue;
    }
    const Crossing& c = net.crossings[it->second];
    const std::string mode(trim(rec.fields[col("mode")]));
    if (mode != to_string(c.mode)) {
      diagnostics.add(file, rec.line, "mode", fmt::format("'{}' is a {} crossing, not {}", id, to_string(c.mode), mode));
      continue;
    }
    const std::string dir(trim(rec.fields[col("direction")]));
    if (dir != "a_to_b" && dir != "b_to_a") {
      diagnostics.add(file, rec.line, "direction", fmt::format("expected a_to_b or b_to_a, got '{}'", dir));
      continue;
    }
    const auto hour = parse_integer(trim(rec.fields[col("hour_of_week")]));
    if (!hour || *hour < 0 || *hour >= kHoursPerWeek) {
      diagnostics.add(file, rec.line, "hour_of_week", "expected an integer from 0 to 167");
      continue;
    }
    const auto value = parse_double(trim(rec.fields[col("time_to_clear_h")]));
    if (!value || *value < 0 || *value > 24 * 365) {
      diagnostics.add(file, rec.line, "time_to_clear_h", "expected hours from 0 to 8760");
      continue;
    }
    const int d = dir == "a_to_b" ? 0 : 1;
    auto& slots = m.table_[it->second.index()][d];
    if (slots.empty()) {
      slots.assign(kHoursPerWeek, -1);
      first_line[it->second.index()][d] = rec.line;
    }
    if (slots[static_cast<std::size_t>(*hour)] >= 0) {
      diagnostics.add(file, rec.line, "hour_of_week", fmt::format("hour {} of {} {} given twice", *hour, id, dir));
      continue;
    }
    slots[static_cast<std::size_t>(*hour)] = static_cast<std::int32_t>(std::lround(*value * 60));
  }
  for (const auto c : net.crossings.indices())
    for (int d = 0; d < 2; ++d) {
      const auto& slots = m.table_[c.index()][d];
      if (slots.empty()) continue;
      ++m.directions_;
      const auto missing = std::count(slots.begin(), slots.end(), -1);
      if (missing > 0)
        diagnostics.add(file, first_line[c.index()][d], "hour_of_week",
                        fmt::format("{} {}: {} of the 168 hours of the week are missing", net.crossings[c].id, d == 0 ? "a_to_b" : "b_to_a", missing));
    }
  if (diagnostics.size() != before) return std::nullopt;
  return m;
}

std::optional<Duration> BorderDelayModel::time_to_clear(const Network& net, CrossingIdx c, bool a_to_b, TimePoint t) const {
  if (c.index() >= table_.size()) return std::nullopt;
  const auto& slots = table_[c.index()][a_to_b ? 0 : 1];
  if (slots.empty()) return std::nullopt;
  const Crossing& x = net.crossings[c];
  if (x.id != ids_[c.index()]) return std::nullopt;
  const int h = local_hour_of_week(net.time_zone(a_to_b ? x.side_a : x.side_b), t);
  return Duration{slots[static_cast<std::size_t>(std::clamp(h, 0, kHoursPerWeek - 1))]};
}

std::optional<Duration> BorderDelayModel::minimum(CrossingIdx c) const {
  if (c.index() >= table_.size()) return std::nullopt;
  std::optional<Duration> best;
  for (const auto& slots : table_[c.index()])
    for (const auto m : slots)
      if (!best || Duration{m} < *best) best = Duration{m};
  return best;
}

}  // namespace caravan
