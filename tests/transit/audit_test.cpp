#include <gtest/gtest.h>

#include "transit/audit.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

std::vector<AuditEntry> sample_chain(const SigningKey& holder, const SigningKey& customs) {
  std::vector<AuditEntry> chain;
  chain.push_back(make_audit_entry("26KZ00000000001770", nullptr, "holder", holder, "m1", "submit", "accepted",
                                   "2026-12-07T08:00:00Z", {{"mode", "road"}, {"note", "Ташкент ✓"}}));
  chain.push_back(make_audit_entry("26KZ00000000001770", &chain.back(), "customs-KZ", customs, "m2", "start",
                                   "in_transit", "2026-12-07T09:00:00Z", {{"country", "KZ"}, {"leg", 1}}));
  chain.push_back(make_audit_entry("26KZ00000000001770", &chain.back(), "customs-KZ", customs, "m3", "terminate",
                                   "in_transit", "2026-12-08T09:00:00Z", {{"country", "KZ"}, {"leg", 1}}));
  return chain;
}

TEST(Audit, CanonicalFormIsSortedCompact) {
  EXPECT_EQ(canonical_json(json::parse(R"({"b": 1, "a": {"d": [1, 2], "c": "é"}})")),
            R"({"a":{"c":"é","d":[1,2]},"b":1})");
}

TEST(Audit, EntryHashesAndSignatures) {
  const auto h = generate_signing_key(), c = generate_signing_key();
  const auto chain = sample_chain(h, c);
  EXPECT_EQ(chain[0].sequence, 1);
  EXPECT_EQ(chain[0].previous_hash, "");
  EXPECT_EQ(chain[1].previous_hash, chain[0].hash);
  EXPECT_EQ(chain[2].previous_hash, chain[1].hash);
  for (const auto& e : chain) {
    EXPECT_EQ(e.hash, sha256_hex(e.canonical));
    EXPECT_TRUE(verify_hex(e.public_key, e.hash, e.signature));
  }
  EXPECT_EQ(chain[1].public_key, c.public_key);
  // SHA-256 of "abc" (FIPS 180-2 example).
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Audit, ExportVerifies) {
  const auto h = generate_signing_key(), c = generate_signing_key();
  const auto text = export_audit("26KZ00000000001770", sample_chain(h, c));
  const auto report = verify_audit_export(text);
  EXPECT_TRUE(report.ok()) << report.problems.front().message;
  EXPECT_EQ(report.entries, 3u);
  EXPECT_EQ(report.redacted, 0u);
  EXPECT_EQ(report.declaration_id, "26KZ00000000001770");
}

TEST(Audit, RedactedExportStillVerifies) {
  const auto h = generate_signing_key(), c = generate_signing_key();
  const auto text = export_audit("26KZ00000000001770", sample_chain(h, c),
                                 [](const AuditEntry& e) { return e.sequence == 1; });
  const auto report = verify_audit_export(text);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.redacted, 1u);
  EXPECT_EQ(text.find("Ташкент"), std::string::npos);
}

// The line and the field whose value contains byte `pos` of the export.
std::pair<int, std::string> locate(const std::string& text, std::size_t pos) {
  int line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < pos; ++i)
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  const std::size_t end = text.find('\n', start);
  const std::string l = text.substr(start, end - start);
  const std::size_t off = pos - start;
  // Fields are "key":value; find the last key that starts before the offset.
  std::string field;
  std::size_t best = 0;
  for (const char* key : {"actor", "canonical", "hash", "previous_hash", "public_key", "sequence", "signature",
                          "declaration_id", "entries", "format"}) {
    const std::string token = std::string("\"") + key + "\":";
    std::size_t at = 0;
    while ((at = l.find(token, at)) != std::string::npos) {
      // keys inside the canonical string are escaped (\"), so this finds outer keys only
      if (at <= off && at >= best && (at == 0 || l[at - 1] != '\\')) {
        best = at;
        field = key;
      }
      at += token.size();
    }
  }
  return {line, field};
}

TEST(Audit, EveryFlippedByteIsDetectedAndLocated) {
  const auto h = generate_signing_key(), c = generate_signing_key();
  const std::string text = export_audit("26KZ00000000001770", sample_chain(h, c));
  int located_field = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    for (const unsigned char mask : {0x01, 0x20}) {
      std::string bad = text;
      bad[pos] = static_cast<char>(static_cast<unsigned char>(bad[pos]) ^ mask);
      const auto report = verify_audit_export(bad);
      ASSERT_FALSE(report.ok()) << "byte " << pos << " ^ " << int(mask) << " not detected";
      const auto [line, field] = locate(text, pos);
      const auto& first = report.problems.front();
      if (text[pos] == '\n') {
        // A broken line break merges or splits lines: reported at that line or the next.
        EXPECT_TRUE(first.line == line || first.line == line + 1 || first.field == "entries") << pos;
        continue;
      }
      EXPECT_EQ(first.line, line) << "byte " << pos << " mask " << int(mask) << ": " << first.field << ": " << first.message;
      if (first.field != "json") {  // the JSON is intact: the changed value is named
        EXPECT_EQ(first.field, field) << "byte " << pos << " mask " << int(mask) << ": " << first.message;
        ++located_field;
      }
    }
  }
  // Most flips keep the JSON valid and are located to their field, not only their line.
  EXPECT_GT(located_field, static_cast<int>(text.size()));
}

TEST(Audit, ReorderedOrDroppedEntriesDetected) {
  const auto h = generate_signing_key(), c = generate_signing_key();
  auto chain = sample_chain(h, c);
  std::swap(chain[1], chain[2]);
  EXPECT_FALSE(verify_audit_export(export_audit("26KZ00000000001770", chain)).ok());
  chain = sample_chain(h, c);
  chain.erase(chain.begin() + 1);
  const auto report = verify_audit_export(export_audit("26KZ00000000001770", chain));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.problems.front().line, 3);
}

}  // namespace
}  // namespace caravan::transit
