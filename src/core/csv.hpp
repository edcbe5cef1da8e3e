#pragma once
// RFC 4180 CSV reading that never throws and never loses a line number: every record knows the
// line it starts on, and malformed input becomes diagnostics instead of a crash.
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"

namespace caravan {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  // The record's fields, as many as the header has. They point into the owning CsvTable, so they
  // are valid as long as that table lives.
  std::span<const std::string_view> fields;
};

// A parsed table. Fields are views into the table's own copy of the file text (or, for the few
// quoted fields with escaped quotes or CR bytes, into a side arena), so parsing allocates a
// handful of large blocks instead of one string per field. Move-only: a copy would keep pointing
// into the original.
struct CsvTable {
  std::string file;  // display name
  std::vector<std::string> header;
  std::vector<CsvRecord> records;

  CsvTable() = default;
  CsvTable(CsvTable&&) noexcept = default;
  CsvTable& operator=(CsvTable&&) noexcept = default;
  CsvTable(const CsvTable&) = delete;
  CsvTable& operator=(const CsvTable&) = delete;

  // Index of a column in the header, if present.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;

  // Storage the records' fields point into (heap blocks, so moving the table keeps them valid).
  std::unique_ptr<const std::string> text;  // the file text
  std::deque<std::string> unescaped;        // fields that differ from their bytes in the text
  std::vector<std::string_view> cells;      // all fields, record after record
};

// Parses CSV text. Records whose field count differs from the header are reported and dropped.
CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics);

// Reads and parses a file; a missing or unreadable file is a diagnostic. Files over max_bytes are
// refused rather than read, so a wrong path to a huge file cannot exhaust memory.
std::optional<CsvTable> read_csv_file(const std::string& path, std::string display_name, Diagnostics& diagnostics,
                                      std::size_t max_bytes = std::size_t{1} << 31);

}  // namespace caravan
