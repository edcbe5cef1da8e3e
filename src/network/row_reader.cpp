#include "network/row_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace caravan {

bool check_header(std::span<const std::string> header, const TableSpec& spec, Diagnostics& diagnostics) {
  bool readable = true;
  for (const auto& column : spec.required) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      diagnostics.add(std::string(spec.file), 1, std::string(column), "required column is missing");
      readable = false;
    }
  }
  for (const auto& column : header) {
    const auto known = [&](const std::vector<std::string_view>& list) {
      for (const auto& c : list)
        if (c == column) return true;
      return false;
    };
    if (!known(spec.required) && !known(spec.optional))
      diagnostics.add(std::string(spec.file), 1, column, "unknown column (see docs/data-format.md)");
  }
  return readable;
}

void RowReader::error(std::string_view column, std::string message) {
  ++errors_;
  diagnostics_.add(file_, line_, std::string(column), std::move(message));
}

std::string_view RowReader::text(const Column& column) const {
  if (column.index == Column::kAbsent) return {};
  return trim(fields_[column.index]);
}

std::string RowReader::required(const Column& column) {
  const auto value = text(column);
  if (value.empty()) error(column, "is required");
  return std::string(value);
}

std::optional<double> RowReader::number(const Column& column, double min, double max, bool is_required) {
  const auto value = text(column);
  if (value.empty()) {
    if (is_required) error(column, "is required");
    return std::nullopt;
  }
  const auto parsed = parse_double(value);
  if (!parsed) {
    error(column, fmt::format("'{}' is not a number", value));
    return std::nullopt;
  }
  if (*parsed < min || *parsed > max) {
    error(column, fmt::format("{} is out of range [{}, {}]", value, min, max));
    return std::nullopt;
  }
  return parsed;
}

std::optional<bool> RowReader::boolean(const Column& column) {
  const auto value = text(column);
  if (value == "true") return true;
  if (value == "false") return false;
  error(column, fmt::format("'{}' is not true or false", value));
  return std::nullopt;
}

std::string RowReader::source(const Column& column) {
  const auto value = text(column);
  if (value.empty()) error(column, "missing source: name a URL or document, or say 'estimate' and how");
  return std::string(value);
}

}  // namespace caravan
