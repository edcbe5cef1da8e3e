#pragma once
// RFC 4180 CSV reading that never throws and never loses a line number: every record knows the
// line it starts on, and malformed input becomes diagnostics instead of a crash.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"

namespace caravan {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;  // display name
  std::vector<std::string> header;
  std::vector<CsvRecord> records;

  // Index of a column in the header, if present.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

// Parses CSV text. Records whose field count differs from the header are reported and dropped.
CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics);

// Reads and parses a file; a missing or unreadable file is a diagnostic. Files over max_bytes are
// refused rather than read, so a wrong path to a huge file cannot exhaust memory.
std::optional<CsvTable> read_csv_file(const std::string& path, std::string display_name, Diagnostics& diagnostics,
                                      std::size_t max_bytes = std::size_t{1} << 31);

}  // namespace caravan
