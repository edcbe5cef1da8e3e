#pragma once
// Reads typed fields from one CSV record, turning every bad value into a diagnostic that names the
// file, line and column.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"

namespace caravan {

struct TableSpec {
  std::string_view file;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
};

// Reports missing required columns and columns the format does not define. Returns false if the
// table cannot be read at all (a required column is missing).
bool check_header(std::span<const std::string> header, const TableSpec& spec, Diagnostics& diagnostics);
inline bool check_header(const CsvTable& table, const TableSpec& spec, Diagnostics& diagnostics) {
  return check_header(table.header, spec, diagnostics);
}

// A column resolved once per table: its name (for diagnostics) and its index in the header, or
// kAbsent. Reading a field through a Column is an array access instead of a search by name.
struct Column {
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::string_view name;
  std::size_t index = kAbsent;
};

// Resolves a column of a header by name.
[[nodiscard]] inline Column column_of(std::span<const std::string> header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return Column{name, i};
  return Column{name, Column::kAbsent};
}
[[nodiscard]] inline Column column_of(const CsvTable& table, std::string_view name) { return column_of(table.header, name); }

class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRecord& record, Diagnostics& diagnostics)
      : RowReader(table.file, table.header, record.fields, record.line, diagnostics) {}
  // A record read without a CsvTable (a chunk of a large table): its file name, header, fields
  // and line; all must outlive the reader.
  RowReader(const std::string& file, std::span<const std::string> header, std::span<const std::string_view> fields,
            int line, Diagnostics& diagnostics)
      : file_(file), header_(header), fields_(fields), line_(line), diagnostics_(diagnostics) {}

  [[nodiscard]] int line() const { return line_; }
  [[nodiscard]] bool ok() const { return errors_ == 0; }
  void error(std::string_view column, std::string message);
  void error(const Column& column, std::string message) { error(column.name, std::move(message)); }

  // Resolves a column of this row's table by name (a search; hot loops resolve columns once).
  [[nodiscard]] Column column(std::string_view name) const { return column_of(header_, name); }

  // The trimmed text of a column ("" if the column is absent or empty).
  [[nodiscard]] std::string_view text(const Column& column) const;
  [[nodiscard]] std::string_view text(std::string_view column) const { return text(this->column(column)); }
  // Text that must not be empty.
  std::string required(const Column& column);
  std::string required(std::string_view column) { return required(this->column(column)); }
  // A number within [min, max]; empty gives nullopt, or an error if `required`.
  std::optional<double> number(const Column& column, double min, double max, bool required);
  std::optional<double> number(std::string_view column, double min, double max, bool required) {
    return number(this->column(column), min, max, required);
  }
  std::optional<bool> boolean(const Column& column);
  std::optional<bool> boolean(std::string_view column) { return boolean(this->column(column)); }
  std::string source(const Column& column);  // the `source` column: required, non-empty
  std::string source() { return source(column("source")); }

 private:
  const std::string& file_;
  std::span<const std::string> header_;
  std::span<const std::string_view> fields_;
  int line_;
  Diagnostics& diagnostics_;
  int errors_ = 0;
};

}  // namespace caravan
