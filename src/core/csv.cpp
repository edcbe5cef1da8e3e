#include "core/csv.hpp"

#include "core/csv_chunks.hpp"
#include "core/utf8.hpp"

#include <fmt/format.h>

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

// Bytes that end a run of plain bytes: bit 1 inside quotes, bit 2 outside.
constexpr auto kStops = [] {
  std::array<unsigned char, 256> stops{};
  for (const char c : {'"', '\n', '\0'}) stops[static_cast<unsigned char>(c)] |= 1;
  for (const char c : {'"', ',', '\r', '\n', '\0'}) stops[static_cast<unsigned char>(c)] |= 2;
  return stops;
}();

}  // namespace

// One pass over the text. A field is a view of the text while its bytes are exactly a slice of
// it (the common case, quoted or not); only a field whose value differs from its bytes (an
// escaped quote, a CR dropped outside quotes, text after a closing quote) is copied.
CsvReader::Status CsvReader::next(Diagnostics& diagnostics, const std::string& file) {
  if (!arena_) scratch_.clear();
  fields_.clear();
  record_line_ = line_;
  const std::string_view text = text_;
  // The current field: text[field_begin, field_end) while it is a slice, else field_ (owned).
  std::size_t field_begin = 0;
  std::size_t field_end = 0;
  bool field_owned = false;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool record_has_content = false;
  int quote_start_line = 0;

  auto field_empty = [&] { return field_owned ? field_.empty() : field_begin == field_end; };
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
      field_.assign(text.data() + field_begin, field_end - field_begin);
      field_owned = true;
    }
    field_.append(text.data() + i, j - i);
  };
  auto end_field = [&] {
    if (field_owned) {
      auto& store = arena_ ? *arena_ : scratch_;
      fields_.emplace_back(store.emplace_back(std::move(field_)));
      field_.clear();
      field_owned = false;
    } else {
      fields_.emplace_back(text.data() + field_begin, field_end - field_begin);
    }
    field_begin = field_end = 0;
    field_was_quoted = false;
  };
  // A record of one empty field with no quote or comma is a blank line: skipped.
  auto blank = [&] { return !record_has_content && fields_.size() == 1 && fields_[0].empty(); };

  std::size_t i = pos_;
  for (; i < text.size(); ++i) {
    // Appends the run of plain bytes from i up to the next stop byte.
    const unsigned char kind = in_quotes ? 1 : 2;
    std::size_t j = i;
    while (j < text.size() && !(kStops[static_cast<unsigned char>(text[j])] & kind)) ++j;
    if (j > i) append(i, j);
    i = j;
    if (i == text.size()) break;
    const char c = text[i];
    if (c == '\0') {
      error_line_ = line_;
      pos_ = i;
      return Status::nul_byte;
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
        ++line_;
        append(i, i + 1);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field_empty() || field_was_quoted) {
          diagnostics.add(file, line_, "", "quote inside an unquoted field");
          append(i, i + 1);
        } else {
          in_quotes = true;
          field_was_quoted = true;
          record_has_content = true;
          quote_start_line = line_;
        }
        break;
      case ',':
        record_has_content = true;
        end_field();
        break;
      case '\r':
        break;
      case '\n':
        ++line_;
        end_field();
        if (!blank()) {
          pos_ = record_end_ = i + 1;
          return Status::record;
        }
        fields_.clear();
        record_line_ = line_;
        record_has_content = false;
        break;
      default:
        break;
    }
  }
  pos_ = text.size();
  if (in_quotes) {
    error_line_ = quote_start_line;
    return Status::unterminated_quote;
  }
  if (!field_empty() || record_has_content) {
    end_field();
    if (!blank()) {
      record_end_ = pos_;
      return Status::record;
    }
    fields_.clear();
  }
  return Status::end;
}

void CsvReader::report(Status status, Diagnostics& diagnostics, const std::string& file) const {
  if (status == Status::nul_byte) diagnostics.add(file, error_line_, "", "binary data (NUL byte) in a text file");
  if (status == Status::unterminated_quote) diagnostics.add(file, error_line_, "", "unterminated quoted field");
}

void report_bad_width(Diagnostics& diagnostics, const std::string& file, int line, std::size_t fields,
                      std::size_t header_fields) {
  diagnostics.add(file, line, "",
                  "has " + std::to_string(fields) + " fields, the header has " + std::to_string(header_fields));
}

namespace {

// Records are stored flat in table.cells, header-width apart.
CsvTable parse_owned(std::unique_ptr<const std::string> owned, std::string file_name, Diagnostics& diagnostics) {
  CsvTable table;
  table.file = std::move(file_name);
  std::string_view text = *owned;
  table.text = std::move(owned);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  std::vector<std::pair<int, std::size_t>> bad_widths;  // (line, fields) of records dropped, reported at the end
  CsvReader reader(text, 1, &table.unescaped);
  for (;;) {
    const auto status = reader.next(diagnostics, table.file);
    if (status == CsvReader::Status::end) break;
    if (status != CsvReader::Status::record) {
      reader.report(status, diagnostics, table.file);
      table.header.clear();
      table.records.clear();
      table.cells.clear();
      table.unescaped.clear();
      return table;
    }
    const auto fields = reader.fields();
    if (table.header.empty()) {
      table.header.assign(fields.begin(), fields.end());
      const auto rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
      table.records.reserve(rows);
      table.cells.reserve(rows * table.header.size());
    } else if (fields.size() != table.header.size()) {
      bad_widths.emplace_back(reader.record_line(), fields.size());
    } else {
      table.records.push_back(CsvRecord{reader.record_line(), {}});
      table.cells.insert(table.cells.end(), fields.begin(), fields.end());
    }
  }

  if (table.header.empty()) {
    diagnostics.add(table.file, 0, "", "empty file: a header line is required");
    return table;
  }
  const std::size_t width = table.header.size();
  for (std::size_t k = 0; k < table.records.size(); ++k)
    table.records[k].fields = std::span<const std::string_view>(table.cells.data() + k * width, width);
  for (const auto& [line_number, fields] : bad_widths)
    report_bad_width(diagnostics, table.file, line_number, fields, table.header.size());
  return table;
}

}  // namespace

CsvTable parse_csv(std::string_view text, std::string file_name, Diagnostics& diagnostics) {
  return parse_owned(std::make_unique<const std::string>(text), std::move(file_name), diagnostics);
}

CsvTable parse_csv(std::unique_ptr<const std::string> text, std::string file_name, Diagnostics& diagnostics) {
  return parse_owned(std::move(text), std::move(file_name), diagnostics);
}

CsvChunks cut_csv(std::unique_ptr<const std::string> text, std::string file, std::size_t chunk_bytes) {
  CsvChunks chunks;
  chunks.file = std::move(file);
  std::string_view all = *text;
  chunks.text = std::move(text);
  if (all.substr(0, 3) == "\xEF\xBB\xBF") all.remove_prefix(3);  // UTF-8 byte order mark
  std::deque<std::string> arena;
  CsvReader reader(all, 1, &arena);
  if (reader.next(chunks.header_diagnostics, chunks.file) != CsvReader::Status::record) {
    chunks.header_diagnostics = Diagnostics{};  // parse_csv reports them again
    return chunks;
  }
  chunks.header.assign(reader.fields().begin(), reader.fields().end());
  chunks.rows = all.substr(reader.record_end());
  const std::string_view rows = chunks.rows;
  // Cut just after the first line break at or past each multiple of chunk_bytes.
  chunk_bytes = std::max<std::size_t>(chunk_bytes, 1);
  chunks.bounds.push_back(0);
  chunks.first_line.push_back(reader.line());
  while (chunks.bounds.back() + chunk_bytes < rows.size()) {
    const std::size_t from = chunks.bounds.back();
    const std::size_t newline = rows.find('\n', from + chunk_bytes - 1);
    if (newline == std::string_view::npos || newline + 1 >= rows.size()) break;
    chunks.bounds.push_back(newline + 1);
    chunks.first_line.push_back(chunks.first_line.back() +
                                static_cast<int>(std::count(rows.begin() + static_cast<std::ptrdiff_t>(from),
                                                            rows.begin() + static_cast<std::ptrdiff_t>(newline + 1), '\n')));
  }
  chunks.line_breaks = static_cast<std::size_t>(chunks.first_line.back() - chunks.first_line.front()) +
                       static_cast<std::size_t>(std::count(
                           rows.begin() + static_cast<std::ptrdiff_t>(chunks.bounds.back()), rows.end(), '\n'));
  chunks.bounds.push_back(rows.size());
  return chunks;
}

std::unique_ptr<const std::string> read_text_file(const std::string& path, const std::string& display_name,
                                                  Diagnostics& diagnostics, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    diagnostics.add(display_name, 0, "", "cannot open " + path);
    return nullptr;
  }
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > max_bytes) {
    diagnostics.add(display_name, 0, "", "file is " + std::to_string(size) + " bytes, over the limit of " +
                                             std::to_string(max_bytes));
    return nullptr;
  }
  auto text = std::make_unique<std::string>(size, '\0');
  in.seekg(0);
  in.read(text->data(), static_cast<std::streamsize>(size));
  // Every text the engine serves is UTF-8 (JSON answers, GeoJSON, the web map): a Latin-1 name
  // would pass here and fail later far from its cause, so it is refused here with its place.
  if (const auto bad = find_invalid_utf8(*text)) {
    const std::string_view before(text->data(), *bad);
    const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto line_start = before.rfind('\n');
    const auto column = static_cast<int>(*bad - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
    // The place is FILE:LINE:COLUMN (a byte column), given whole as the diagnostic's location.
    diagnostics.add(fmt::format("{}:{}:{}", display_name, line, column), 0, "",
                    fmt::format("not valid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                                static_cast<unsigned char>((*text)[*bad])));
    return nullptr;
  }
  return text;
}

std::optional<CsvTable> read_csv_file(const std::string& path, std::string display_name, Diagnostics& diagnostics,
                                      std::size_t max_bytes) {
  auto text = read_text_file(path, display_name, diagnostics, max_bytes);
  if (!text) return std::nullopt;
  return parse_owned(std::move(text), std::move(display_name), diagnostics);
}

}  // namespace caravan
