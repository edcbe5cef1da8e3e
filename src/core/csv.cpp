#include "core/csv.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace caravan {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

// One pass over the text; runs of ordinary characters are appended at once, and each record's
// fields are reserved to the header's width, so large tables parse at memory speed.
CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics) {
  CsvTable table;
  table.file = std::move(file_name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  bool have_header = false;
  std::vector<std::pair<int, std::size_t>> bad_widths;  // (line, fields) of records dropped, reported at the end
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
    if (record_has_content || current.fields.size() > 1 || !current.fields[0].empty()) {
      if (!have_header) {
        table.header = std::move(current.fields);
        have_header = true;
        table.records.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
      } else if (current.fields.size() != table.header.size()) {
        bad_widths.emplace_back(current.line, current.fields.size());
      } else {
        table.records.push_back(std::move(current));
      }
    }
    current = CsvRecord{};
    current.line = line;
    if (have_header) current.fields.reserve(table.header.size());
    record_has_content = false;
  };
  auto fail = [&] {
    table.header.clear();
    table.records.clear();
    return std::move(table);
  };
  // Bytes that end a run: bit 1 inside quotes, bit 2 outside.
  static constexpr auto kStops = [] {
    std::array<unsigned char, 256> stops{};
    for (const char c : {'"', '\n', '\0'}) stops[static_cast<unsigned char>(c)] |= 1;
    for (const char c : {'"', ',', '\r', '\n', '\0'}) stops[static_cast<unsigned char>(c)] |= 2;
    return stops;
  }();
  // Appends text[i, j) where j is the first stop (of `kind`) at or after i; returns j.
  auto append_until = [&](std::size_t i, unsigned char kind) {
    std::size_t j = i;
    while (j < text.size() && !(kStops[static_cast<unsigned char>(text[j])] & kind)) ++j;
    field.append(text.data() + i, j - i);
    return j;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    if (in_quotes) {
      i = append_until(i, 1);
      if (i == text.size()) break;
    } else {
      i = append_until(i, 2);
      if (i == text.size()) break;
    }
    const char c = text[i];
    if (c == '\0') {
      diagnostics.add(table.file, line, "", "binary data (NUL byte) in a text file");
      return fail();
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {  // '\n'
        ++line;
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
        break;
    }
  }
  if (in_quotes) {
    diagnostics.add(table.file, quote_start_line, "", "unterminated quoted field");
    return fail();
  }
  if (!field.empty() || !current.fields.empty() || record_has_content) end_record();

  if (!have_header) {
    diagnostics.add(table.file, 0, "", "empty file: a header line is required");
    return table;
  }
  for (const auto& [record_line, fields] : bad_widths)
    diagnostics.add(table.file, record_line, "",
                    "has " + std::to_string(fields) + " fields, the header has " + std::to_string(table.header.size()));
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
