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

// Reads the records of CSV text one at a time, without keeping them: a large table can be checked
// record by record (and in chunks on several threads, see csv_chunks.hpp). parse_csv is built on
// it, so both read a file exactly alike.
class CsvReader {
 public:
  enum class Status { record, end, nul_byte, unterminated_quote };

  // `text` begins at the start of a record (of a file, or of a line inside it); `line` is the
  // line it starts on. A field whose value differs from its bytes (an escaped quote, a dropped
  // CR) is copied: into `arena` when given, so it lives as long as the arena, else into the
  // reader, valid until the next call to next().
  CsvReader(std::string_view text, int line, std::deque<std::string>* arena = nullptr)
      : text_(text), line_(line), arena_(arena) {}

  // Reads the next record that is not blank. A problem that does not stop reading (a quote
  // inside an unquoted field) is added to `diagnostics` under `file`; a NUL byte or a quote left
  // open at the end of the text stops reading (see report()).
  Status next(Diagnostics& diagnostics, const std::string& file);
  // Adds the diagnostic of a status that stopped reading (nul_byte, unterminated_quote).
  void report(Status status, Diagnostics& diagnostics, const std::string& file) const;

  // The record just read: its fields and the line it starts on.
  [[nodiscard]] std::span<const std::string_view> fields() const { return fields_; }
  [[nodiscard]] int record_line() const { return record_line_; }
  // Offset in the text just past the last record read (where the next one starts).
  [[nodiscard]] std::size_t record_end() const { return record_end_; }
  // The line reading has reached.
  [[nodiscard]] int line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t record_end_ = 0;
  int line_;
  int record_line_ = 0;
  int error_line_ = 0;
  std::deque<std::string>* arena_;
  std::deque<std::string> scratch_;  // owned fields when there is no arena
  std::vector<std::string_view> fields_;
  std::string field_;  // the current field while it is owned
};

// The diagnostic of a record dropped because its field count differs from the header's.
void report_bad_width(Diagnostics& diagnostics, const std::string& file, int line, std::size_t fields,
                      std::size_t header_fields);

// Parses CSV text. Records whose field count differs from the header are reported and dropped.
CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics);

// Reads a whole file; a missing or unreadable file, or one over max_bytes, is a diagnostic (and null).
std::unique_ptr<const std::string> read_text_file(const std::string& path, const std::string& display_name,
                                                  Diagnostics& diagnostics, std::size_t max_bytes = std::size_t{1} << 31);
// Parses text read by read_text_file, keeping it as the table's text.
CsvTable parse_csv(std::unique_ptr<const std::string> text, std::string file_name, Diagnostics& diagnostics);

// Reads and parses a file; a missing or unreadable file is a diagnostic. Files over max_bytes are
// refused rather than read, so a wrong path to a huge file cannot exhaust memory.
std::optional<CsvTable> read_csv_file(const std::string& path, std::string display_name, Diagnostics& diagnostics,
                                      std::size_t max_bytes = std::size_t{1} << 31);

}  // namespace caravan
