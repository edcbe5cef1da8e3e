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

namespace {

// One pass over the text. A field is a view of the text while its bytes are exactly a slice of
// it (the common case, quoted or not); only a field whose value differs from its bytes (an
// escaped quote, a CR dropped outside quotes, text after a closing quote) is copied into the
// table's arena. Records are flat in table.cells, header-width apart.
CsvTable parse_owned(std::unique_ptr<const std::string> owned, std::string file_name, Diagnostics& diagnostics) {
  CsvTable table;
  table.file = std::move(file_name);
  std::string_view text = *owned;
  table.text = std::move(owned);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  bool have_header = false;
  std::vector<std::pair<int, std::size_t>> bad_widths;  // (line, fields) of records dropped, reported at the end
  auto& cells = table.cells;
  std::size_t record_begin = 0;  // index in cells of the current record's first field
  int record_line = 1;
  // The current field: text[field_begin, field_end) while it is a slice, else `field` (owned).
  std::size_t field_begin = 0;
  std::size_t field_end = 0;
  bool field_owned = false;
  std::string field;
  int line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool record_has_content = false;
  int quote_start_line = 0;

  auto field_empty = [&] { return field_owned ? field.empty() : field_begin == field_end; };
  // Appends text[i, j) to the current field.
  auto append = [&](std::size_t i, std::size_t j) {
    if (!field_owned) {
      if (field_begin == field_end) {
        field_begin = i;
        field_end = j;
        return;
      }
      if (field_end == i) {
        field_end = j;
        return;
      }
      field.assign(text.data() + field_begin, field_end - field_begin);
      field_owned = true;
    }
    field.append(text.data() + i, j - i);
  };
  auto end_field = [&] {
    if (field_owned) {
      cells.emplace_back(table.unescaped.emplace_back(std::move(field)));
      field.clear();
      field_owned = false;
    } else {
      cells.emplace_back(text.data() + field_begin, field_end - field_begin);
    }
    field_begin = field_end = 0;
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    const std::size_t count = cells.size() - record_begin;
    if (record_has_content || count > 1 || !cells[record_begin].empty()) {
      if (!have_header) {
        table.header.assign(cells.begin() + static_cast<std::ptrdiff_t>(record_begin), cells.end());
        cells.resize(record_begin);
        have_header = true;
        const auto rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        table.records.reserve(rows);
        cells.reserve(rows * table.header.size());
      } else if (count != table.header.size()) {
        bad_widths.emplace_back(record_line, count);
        cells.resize(record_begin);
      } else {
        table.records.push_back(CsvRecord{record_line, {}});
      }
    } else {
      cells.resize(record_begin);
    }
    record_begin = cells.size();
    record_line = line;
    record_has_content = false;
  };
  auto fail = [&] {
    table.header.clear();
    table.records.clear();
    table.cells.clear();
    table.unescaped.clear();
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
    if (j > i) append(i, j);
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
          append(i, i + 1);
          ++i;
        } else {
          in_quotes = false;
        }
      } else {  // '\n'
        ++line;
        append(i, i + 1);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field_empty() || field_was_quoted) {
          diagnostics.add(table.file, line, "", "quote inside an unquoted field");
          append(i, i + 1);
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
  if (!field_empty() || cells.size() > record_begin || record_has_content) end_record();

  if (!have_header) {
    diagnostics.add(table.file, 0, "", "empty file: a header line is required");
    return table;
  }
  const std::size_t width = table.header.size();
  for (std::size_t k = 0; k < table.records.size(); ++k)
    table.records[k].fields = std::span<const std::string_view>(cells.data() + k * width, width);
  for (const auto& [line_number, fields] : bad_widths)
    diagnostics.add(table.file, line_number, "",
                    "has " + std::to_string(fields) + " fields, the header has " + std::to_string(table.header.size()));
  return table;
}

}  // namespace

CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics) {
  return parse_owned(std::make_unique<const std::string>(text), std::move(file_name), diagnostics);
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
  auto text = std::make_unique<std::string>(size, '\0');
  in.seekg(0);
  in.read(text->data(), static_cast<std::streamsize>(size));
  return parse_owned(std::move(text), std::move(display_name), diagnostics);
}

}  // namespace caravan
