// Reading a CSV table in chunks on several threads gives exactly what one pass gives: the same
// records with the same lines, and the same diagnostics in the same order, whatever the chunk size
// (cuts inside quoted fields included) and the number of threads.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/csv_chunks.hpp"

namespace caravan {
namespace {

struct Row {
  int line = 0;
  std::string fields;  // joined with '|'
  bool operator==(const Row&) const = default;
};

std::string join(std::span<const std::string_view> fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "|" : "") + std::string(fields[i]);
  return out;
}

// What check() and take() say about a row: check flags a first field "bad", take flags a
// repeated first field (so take's diagnostics depend on the order rows arrive in).
void check_row(const Row& row, Diagnostics& d) {
  if (row.fields.starts_with("bad|")) d.add("t.csv", row.line, "a", "bad row");
}
void take_row(const Row& row, std::set<std::string>& seen, Diagnostics& d) {
  const auto key = row.fields.substr(0, row.fields.find('|'));
  if (!seen.insert(key).second) d.add("t.csv", row.line, "a", "repeated " + key);
}

struct Outcome {
  bool ok = false;
  std::vector<Row> rows;
  std::string parse;  // diagnostics, one per line
  std::string checks;
  bool operator==(const Outcome&) const = default;
};

// One pass: parse_csv, then check and take each record in order.
Outcome serial(const std::string& text) {
  Outcome out;
  Diagnostics parse, checks;
  const auto table = parse_csv(text, "t.csv", parse);
  out.ok = !table.header.empty();
  std::set<std::string> seen;
  if (out.ok)
    for (const auto& record : table.records) {
      Row row{record.line, join(record.fields)};
      check_row(row, checks);
      take_row(row, seen, checks);
      out.rows.push_back(row);
    }
  out.parse = parse.to_string();
  out.checks = checks.to_string();
  return out;
}

Outcome chunked(const std::string& text, std::size_t chunk_bytes, unsigned threads) {
  Outcome out;
  const auto chunks = cut_csv(std::make_unique<const std::string>(text), "t.csv", chunk_bytes);
  if (chunks.header.empty()) {  // the loader falls back to parse_csv here
    Diagnostics parse;
    out.ok = !parse_csv(text, "t.csv", parse).header.empty();
    out.parse = parse.to_string();
    return out;
  }
  Diagnostics parse, checks;
  std::set<std::string> seen;
  out.ok = check_csv_rows<Row>(
      chunks,
      [](std::span<const std::string_view> fields, int line, Diagnostics& d) {
        Row row{line, join(fields)};
        check_row(row, d);
        return row;
      },
      [&](Row&& row, int line, Diagnostics& d) {
        EXPECT_EQ(row.line, line);
        take_row(row, seen, d);
        out.rows.push_back(std::move(row));
      },
      parse, checks, threads);
  if (!out.ok) {
    out.rows.clear();  // the caller drops what take() received
    checks = Diagnostics{};
  }
  out.parse = parse.to_string();
  out.checks = checks.to_string();
  return out;
}

void expect_same_at_every_cut(const std::string& text) {
  const Outcome expected = serial(text);
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk)
    for (const unsigned threads : {1u, 2u, 4u})
      EXPECT_EQ(chunked(text, chunk, threads), expected) << "chunk " << chunk << ", threads " << threads << "\n" << text;
}

TEST(CsvChunks, PlainRows) {
  expect_same_at_every_cut("a,b,c\n1,2,3\nbad,5,6\n1,8,9\n10,11,12\n");
}

TEST(CsvChunks, QuotedFieldsWithLineBreaksAndEscapedQuotes) {
  expect_same_at_every_cut(
      "a,b\n\"x\ny\nz\",1\nbad,\"he said \"\"hi\"\"\"\n\"multi\n\nline\",2\nq,\"a,b\"\nx,\"\n\"\n");
}

TEST(CsvChunks, BlankLinesCrLfAndNoFinalNewline) {
  expect_same_at_every_cut("\xEF\xBB\xBF\n\na,b\r\n\r\n1,2\r\n\n3,4\r\nbad,5\r\n6,7");
}

TEST(CsvChunks, WrongWidthsAndQuoteInsideAnUnquotedField) {
  expect_same_at_every_cut("a,b,c\n1,2\n3,4,5\n6,7\"8,9\n10,11,12,13\nbad,1,2\n3,x,y\n");
}

TEST(CsvChunks, NulByteStopsTheWholeTable) {
  expect_same_at_every_cut(std::string("a,b\n1,2\n3,x\"y\nbad,4\n5,\0,6\n7,8\n", 27));
}

TEST(CsvChunks, UnterminatedQuoteStopsTheWholeTable) {
  expect_same_at_every_cut("a,b\n1,2\nbad,3\n4,\"open\n5,6\n7,8\n");
}

TEST(CsvChunks, HeaderProblems) {
  expect_same_at_every_cut("");
  expect_same_at_every_cut("\n\n");
  expect_same_at_every_cut("a,\"b\nc,d\n");
  expect_same_at_every_cut("a,b");
}

TEST(CsvChunks, CutsFallAtLineStartsAndCountLines) {
  const auto chunks = cut_csv(std::make_unique<const std::string>("h\n1\n\"2\n3\"\n4\n5\n"), "t.csv", 2);
  ASSERT_EQ(chunks.header, std::vector<std::string>{"h"});
  EXPECT_EQ(chunks.rows, "1\n\"2\n3\"\n4\n5\n");
  // The second cut falls inside the quoted field "2\n3": check_csv_rows reads on from there.
  EXPECT_EQ(chunks.bounds, (std::vector<std::size_t>{0, 2, 5, 8, 10, 12}));
  EXPECT_EQ(chunks.first_line, (std::vector<int>{2, 3, 4, 5, 6}));
  EXPECT_EQ(chunks.line_breaks, 5u);
}

}  // namespace
}  // namespace caravan
