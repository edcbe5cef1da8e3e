#include "border/crossing_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace caravan::border {

std::vector<Arrival> read_arrivals_csv(const std::string& path, TimePoint start) {
  Diagnostics diagnostics;
  auto table = read_csv_file(path, path, diagnostics, std::size_t{1} << 28);
  if (!diagnostics.empty() || !table) throw ModelError("arrivals_csv", diagnostics.to_string());
  const auto time_col = table->column("time");
  const auto hour_col = table->column("hour");
  const auto class_col = table->column("class");
  if (!time_col && !hour_col) throw ModelError("arrivals_csv", fmt::format("{}:1: needs a column 'time' (ISO 8601) or 'hour'", path));
  std::vector<Arrival> out;
  for (const auto& rec : table->records) {
    Arrival a;
    if (time_col) {
      std::string error;
      const auto t = parse_iso8601(trim(rec.fields[*time_col]), &error);
      if (!t) throw ModelError("arrivals_csv", fmt::format("{}:{}: column 'time': {}", path, rec.line, error));
      a.hour = static_cast<double>((*t - start).minutes) / 60.0;
    } else {
      const auto h = parse_double(trim(rec.fields[*hour_col]));
      if (!h) throw ModelError("arrivals_csv", fmt::format("{}:{}: column 'hour': not a number '{}'", path, rec.line, rec.fields[*hour_col]));
      a.hour = *h;
    }
    if (a.hour < 0) throw ModelError("arrivals_csv", fmt::format("{}:{}: arrival before the start {}", path, rec.line, format_utc(start)));
    if (!out.empty() && a.hour < out.back().hour)
      throw ModelError("arrivals_csv", fmt::format("{}:{}: arrivals must be in time order", path, rec.line));
    if (class_col) {
      const std::string k = to_lower_ascii(trim(rec.fields[*class_col]));
      const auto* it = std::find(std::begin(kClassNames), std::end(kClassNames), k);
      if (it == std::end(kClassNames))
        throw ModelError("arrivals_csv", fmt::format("{}:{}: column 'class': unknown class '{}' (expected green, yellow or red)", path, rec.line, k));
      a.cls = static_cast<std::uint32_t>(it - std::begin(kClassNames));
    } else {
      a.cls = 1;
    }
    out.push_back(a);
  }
  return out;
}

namespace {

// Reads a small CSV whose header must be exactly `expected`; bad files throw ModelError(field).
CsvTable read_exact_csv(const std::string& path, const std::string& field, const std::vector<std::string>& expected) {
  Diagnostics diagnostics;
  auto table = read_csv_file(path, path, diagnostics, std::size_t{1} << 26);
  if (!diagnostics.empty() || !table) {
    std::string text = diagnostics.to_string();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    throw ModelError(field, text);
  }
  std::vector<std::string> header;
  for (const auto& h : table->header) header.push_back(to_lower_ascii(trim(h)));
  if (header != expected)
    throw ModelError(field, fmt::format("{}:1: the header must be '{}' (got '{}')", path, join(expected, ","), join(table->header, ",")));
  return std::move(*table);
}

// The line just after the last record: where a missing row would have been.
int end_line(const CsvTable& table) { return table.records.empty() ? 2 : table.records.back().line + 1; }

}  // namespace

std::array<double, kHoursPerWeek> read_arrival_profile_csv(const std::string& path) {
  const std::string field = "arrival_profile";
  const auto table = read_exact_csv(path, field, {"hour_of_week", "weight"});
  std::array<double, kHoursPerWeek> profile{};
  std::array<int, kHoursPerWeek> line_of{};
  for (const auto& rec : table.records) {
    const auto hour = parse_integer(rec.fields[0]);
    if (!hour) throw ModelError(field, fmt::format("{}:{}: column 'hour_of_week': not a whole number '{}'", path, rec.line, rec.fields[0]));
    if (*hour < 0 || *hour >= kHoursPerWeek)
      throw ModelError(field, fmt::format("{}:{}: column 'hour_of_week': {} is outside 0..167", path, rec.line, *hour));
    const auto h = static_cast<std::size_t>(*hour);
    if (line_of[h] != 0)
      throw ModelError(field, fmt::format("{}:{}: hour_of_week {} is given twice (first on line {})", path, rec.line, h, line_of[h]));
    const auto weight = parse_double(rec.fields[1]);
    if (!weight) throw ModelError(field, fmt::format("{}:{}: column 'weight': not a number '{}'", path, rec.line, rec.fields[1]));
    if (*weight < 0) throw ModelError(field, fmt::format("{}:{}: column 'weight': negative weight {}", path, rec.line, *weight));
    profile[h] = *weight;
    line_of[h] = rec.line;
  }
  std::vector<std::string> missing;
  for (int h = 0; h < kHoursPerWeek; ++h)
    if (line_of[static_cast<std::size_t>(h)] == 0) missing.push_back(std::to_string(h));
  if (!missing.empty()) {
    const std::size_t n = missing.size();
    if (n > 5) missing.resize(5);
    throw ModelError(field, fmt::format("{}:{}: {} hour{} of the week missing: {}{} (each of 0..167 exactly once)", path, end_line(table), n,
                                        n == 1 ? "" : "s", join(missing, ", "), n > 5 ? ", …" : ""));
  }
  double sum = 0;
  for (const double w : profile) sum += w;
  if (!(sum > 0)) throw ModelError(field, fmt::format("{}:{}: all weights are 0", path, end_line(table)));
  return profile;
}

std::vector<double> read_service_times_csv(const std::string& path) {
  const std::string field = "service_times_h";
  const auto table = read_exact_csv(path, field, {"hours"});
  std::vector<double> out;
  for (const auto& rec : table.records) {
    const auto h = parse_double(rec.fields[0]);
    if (!h) throw ModelError(field, fmt::format("{}:{}: column 'hours': not a number '{}'", path, rec.line, rec.fields[0]));
    if (!(*h > 0)) throw ModelError(field, fmt::format("{}:{}: column 'hours': a service time must be more than 0 (got {})", path, rec.line, *h));
    if (out.size() == kMaxServiceTimes)
      throw ModelError(field, fmt::format("{}:{}: more than {} service times", path, rec.line, kMaxServiceTimes));
    out.push_back(*h);
  }
  if (out.empty()) throw ModelError(field, fmt::format("{}:{}: no service times (at least 1 is needed)", path, end_line(table)));
  return out;
}

}  // namespace caravan::border
