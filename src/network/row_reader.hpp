#pragma once
// Reads typed fields from one CSV record, turning every bad value into a diagnostic that names the
// file, line and column.
#include <optional>
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
bool check_header(const CsvTable& table, const TableSpec& spec, Diagnostics& diagnostics);

class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRecord& record, Diagnostics& diagnostics)
      : table_(table), record_(record), diagnostics_(diagnostics) {}

  [[nodiscard]] int line() const { return record_.line; }
  [[nodiscard]] bool ok() const { return errors_ == 0; }
  void error(std::string_view column, std::string message);

  // The trimmed text of a column ("" if the column is absent or empty).
  [[nodiscard]] std::string_view text(std::string_view column) const;
  // Text that must not be empty.
  std::string required(std::string_view column);
  // A number within [min, max]; empty gives nullopt, or an error if `required`.
  std::optional<double> number(std::string_view column, double min, double max, bool required);
  std::optional<bool> boolean(std::string_view column);
  std::string source();  // the `source` column: required, non-empty

 private:
  const CsvTable& table_;
  const CsvRecord& record_;
  Diagnostics& diagnostics_;
  int errors_ = 0;
};

}  // namespace caravan
