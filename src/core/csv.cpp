#include "core/csv.hpp"

#include <fstream>
#include <sstream>

namespace caravan {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics) {
  CsvTable table;
  table.file = std::move(file_name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  std::vector<CsvRecord> rows;
  CsvRecord current;
  std::string field;
  int line = 1;
  current.line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool record_has_content = false;
  int quote_start_line = 0;

  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (record_has_content || current.fields.size() > 1 || !current.fields[0].empty())
      rows.push_back(std::move(current));
    current = CsvRecord{};
    current.line = line;
    record_has_content = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') {
      diagnostics.add(table.file, line, "", "binary data (NUL byte) in a text file");
      return table;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          diagnostics.add(table.file, line, "", "quote inside an unquoted field");
          field += c;
        } else {
          in_quotes = true;
          field_was_quoted = true;
          record_has_content = true;
          quote_start_line = line;
        }
        break;
      case ',':
        record_has_content = true;
        end_field();
        break;
      case '\r':
        break;
      case '\n':
        ++line;
        end_record();
        break;
      default:
        field += c;
    }
  }
  if (in_quotes) {
    diagnostics.add(table.file, quote_start_line, "", "unterminated quoted field");
    return table;
  }
  if (!field.empty() || !current.fields.empty() || record_has_content) end_record();

  if (rows.empty()) {
    diagnostics.add(table.file, 0, "", "empty file: a header line is required");
    return table;
  }
  table.header = std::move(rows.front().fields);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].fields.size() != table.header.size()) {
      diagnostics.add(table.file, rows[r].line, "",
                      "has " + std::to_string(rows[r].fields.size()) + " fields, the header has " +
                          std::to_string(table.header.size()));
      continue;
    }
    table.records.push_back(std::move(rows[r]));
  }
  return table;
}

std::optional<CsvTable> read_csv_file(const std::string& path, std::string display_name, Diagnostics& diagnostics,
                                      std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    diagnostics.add(display_name, 0, "", "cannot open " + path);
    return std::nullopt;
  }
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > max_bytes) {
    diagnostics.add(display_name, 0, "", "file is " + std::to_string(size) + " bytes, over the limit of " +
                                             std::to_string(max_bytes));
    return std::nullopt;
  }
  std::string text(size, '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(size));
  return parse_csv(text, std::move(display_name), diagnostics);
}

}  // namespace caravan
