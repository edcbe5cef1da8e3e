#pragma once
// Reading a large CSV table on all cores with exactly the result of one pass over it: the same
// records, and the same diagnostics in the same order (parse problems first, then the checks of
// each record in file order).
//
// The text after the header is cut into chunks at line starts. Each chunk is parsed and its
// records checked on whichever thread is free; the checked records are then taken in file order
// on the calling thread, while later chunks are still being checked. A cut that falls inside a
// quoted field (a field with a line break) is detected, because the chunk before it then ends
// inside quotes: the rest of the text is read again in one piece from that chunk's start.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"

namespace caravan {

struct CsvChunks {
  std::string file;  // display name
  std::unique_ptr<const std::string> text;  // the whole file
  // The header, or empty when it could not be read (empty file, NUL byte, open quote): parse the
  // text with parse_csv then, which reports why.
  std::vector<std::string> header;
  Diagnostics header_diagnostics;  // parse problems met while reading the header
  std::string_view rows;           // the text after the header
  std::vector<std::size_t> bounds;  // chunk k is rows[bounds[k], bounds[k + 1])
  std::vector<int> first_line;      // the line chunk k starts on
  std::size_t line_breaks = 0;      // in `rows`: at least the number of records

  [[nodiscard]] std::size_t size() const { return bounds.empty() ? 0 : bounds.size() - 1; }
};

// Reads the header of `text` and cuts the rest into chunks of about chunk_bytes.
CsvChunks cut_csv(std::unique_ptr<const std::string> text, std::string file, std::size_t chunk_bytes);

// Checks every record of `chunks` that has as many fields as the header.
//   check(std::span<const std::string_view> fields, int line, Diagnostics&) -> Row
//     runs on any thread (it must only read shared state);
//   take(Row&&, int line, Diagnostics&)
//     runs on this thread in file order, after that record's diagnostics from check().
// Parse problems go to `parse`, everything from check() and take() to `rows`. Returns false when
// the text cannot be read (a NUL byte, an unterminated quote): `parse` then holds exactly what
// parse_csv reports, and the caller drops whatever take() has received.
template <class Row, class Check, class Take>
bool check_csv_rows(const CsvChunks& chunks, Check&& check, Take&& take, Diagnostics& parse, Diagnostics& rows,
                    unsigned threads = std::thread::hardware_concurrency()) {
  struct Chunk {
    std::vector<Row> rows;
    std::vector<int> lines;
    Diagnostics inline_problems;  // parse problems that do not stop reading
    Diagnostics stop;             // the problem that stopped reading, if any
    Diagnostics checks;           // from check(), in record order
    std::vector<std::pair<int, std::size_t>> bad_widths;
    CsvReader::Status status = CsvReader::Status::end;
    std::atomic<bool> done{false};
  };
  const std::size_t n = chunks.size();
  const std::size_t width = chunks.header.size();
  parse.append(chunks.header_diagnostics);

  // Parses and checks rows[begin, end), which starts on `line`.
  auto run = [&](std::size_t begin, std::size_t end, int line, Chunk& chunk) {
    CsvReader reader(chunks.rows.substr(begin, end - begin), line);
    for (;;) {
      const auto status = reader.next(chunk.inline_problems, chunks.file);
      if (status == CsvReader::Status::record) {
        const auto fields = reader.fields();
        if (fields.size() != width) {
          chunk.bad_widths.emplace_back(reader.record_line(), fields.size());
          continue;
        }
        chunk.rows.push_back(check(fields, reader.record_line(), chunk.checks));
        chunk.lines.push_back(reader.record_line());
        continue;
      }
      chunk.status = status;
      reader.report(status, chunk.stop, chunks.file);
      break;
    }
    chunk.done.store(true, std::memory_order_release);
    chunk.done.notify_all();
  };

  const auto state = std::make_unique<Chunk[]>(n);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < n;)
      run(chunks.bounds[k], chunks.bounds[k + 1], chunks.first_line[k], state[k]);
  };
  std::vector<std::jthread> workers;  // joined before `state` goes
  const std::size_t helpers = std::min<std::size_t>(n, threads > 1 ? threads - 1 : 0);
  for (std::size_t t = 0; t + 1 < n && t < helpers; ++t) workers.emplace_back(work);

  std::vector<std::pair<int, std::size_t>> bad_widths;
  // Takes a chunk's records in order; false if it stopped the reading.
  auto merge = [&](Chunk& chunk) {
    parse.append(chunk.inline_problems);
    if (chunk.status != CsvReader::Status::end) {
      parse.append(chunk.stop);
      return false;
    }
    const auto& checks = chunk.checks.items();
    std::size_t d = 0;
    for (std::size_t r = 0; r < chunk.rows.size(); ++r) {
      for (; d < checks.size() && checks[d].line == chunk.lines[r]; ++d)
        rows.add(checks[d].file, checks[d].line, checks[d].column, checks[d].message);
      take(std::move(chunk.rows[r]), chunk.lines[r], rows);
    }
    for (; d < checks.size(); ++d) rows.add(checks[d].file, checks[d].line, checks[d].column, checks[d].message);
    bad_widths.insert(bad_widths.end(), chunk.bad_widths.begin(), chunk.bad_widths.end());
    std::vector<Row>().swap(chunk.rows);  // frees its rows now
    std::vector<int>().swap(chunk.lines);
    return true;
  };

  bool ok = true;
  for (std::size_t k = 0; k < n; ++k) {
    Chunk& chunk = state[k];
    while (!chunk.done.load(std::memory_order_acquire)) {
      // Help with a later chunk rather than wait.
      if (const std::size_t j = next.fetch_add(1); j < n)
        run(chunks.bounds[j], chunks.bounds[j + 1], chunks.first_line[j], state[j]);
      else
        chunk.done.wait(false, std::memory_order_acquire);
    }
    if (chunk.status == CsvReader::Status::unterminated_quote && k + 1 < n) {
      // The cut after this chunk fell inside a quoted field: read the rest in one piece.
      next.store(n);
      Chunk tail;
      run(chunks.bounds[k], chunks.rows.size(), chunks.first_line[k], tail);
      ok = merge(tail);
      break;
    }
    if (!merge(chunk)) {
      ok = false;
      break;
    }
  }
  next.store(n);
  if (ok)
    for (const auto& [line, fields] : bad_widths) report_bad_width(parse, chunks.file, line, fields, width);
  return ok;
}

}  // namespace caravan
