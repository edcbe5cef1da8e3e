#include <gtest/gtest.h>

#include <fmt/format.h>

#include "transit/audit.hpp"
#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

const std::string kDeclaration = "26KZ00000000001770";

// The entry of `message` signed by `sender`, countersigned by `server` (data as the service
// derives it: the message without message_id, with the leg for an operation).
AuditEntry entry(const ActorCredentials& sender, const AuditEntry* previous, const json& message, const std::string& type,
                 const std::string& at, const SigningKey& server) {
  const json signed_json = sign_message(message, sender.id, type == "submit" ? "" : kDeclaration, sender.secret_key);
  const SignedMessage signed_message{message, signed_json["signature"]};
  json data = message;
  data.erase("message_id");
  if (type != "submit") {
    data["country"] = "KZ";
    data["leg"] = 1;
  }
  return make_audit_entry(kDeclaration, previous, {sender, signed_message, type, "in_transit", at, data}, server);
}

struct Sample {
  ActorCredentials holder = generate_credentials("holder", Role::holder, "", "");
  ActorCredentials customs = generate_credentials("customs-KZ", Role::customs, "KZ", "");
  SigningKey server = generate_signing_key();
};

std::vector<AuditEntry> sample_chain(const Sample& k) {
  std::vector<AuditEntry> chain;
  chain.push_back(entry(k.holder, nullptr, {{"message_id", "m1"}, {"mode", "road"}, {"note", "Ташкент ✓"}}, "submit",
                        "2026-12-07T08:00:00Z", k.server));
  chain.push_back(entry(k.customs, &chain.back(), {{"message_id", "m2"}, {"type", "start"}, {"office", "KZALMATY"}}, "start",
                        "2026-12-07T09:00:00Z", k.server));
  chain.push_back(entry(k.customs, &chain.back(), {{"message_id", "m3"}, {"type", "terminate"}, {"office", "KZZHIBEK"}},
                        "terminate", "2026-12-08T09:00:00Z", k.server));
  return chain;
}

std::string sample_export(const Sample& k, const std::function<bool(const AuditEntry&)>& redact = {}) {
  return export_audit(kDeclaration, sample_chain(k), k.server, redact);
}

// Entry `i` (0-based) rebuilt from `body` by whoever holds `server`: hashed, countersigned and
// the entries after it relinked, as an operator with the server's key could do.
std::vector<AuditEntry> rewritten(std::vector<AuditEntry> chain, std::size_t i, const json& body, const SigningKey& server) {
  chain[i].canonical = canonical_json(body);
  for (std::size_t k = i; k < chain.size(); ++k) {
    if (k > i) {
      json next = json::parse(chain[k].canonical);
      next["previous_hash"] = chain[k - 1].hash;
      chain[k].canonical = canonical_json(next);
      chain[k].previous_hash = chain[k - 1].hash;
    }
    chain[k].hash = sha256_hex(chain[k].canonical);
    chain[k].signature = sign_hex(server.secret_key, chain[k].hash);
  }
  return chain;
}

TEST(Audit, CanonicalFormIsSortedCompact) {
  EXPECT_EQ(canonical_json(json::parse(R"({"b": 1, "a": {"d": [1, 2], "c": "é"}})")),
            R"({"a":{"c":"é","d":[1,2]},"b":1})");
}

TEST(Audit, EntryHashesAndSignatures) {
  const Sample k;
  const auto chain = sample_chain(k);
  EXPECT_EQ(chain[0].sequence, 1);
  EXPECT_EQ(chain[0].previous_hash, "");
  EXPECT_EQ(chain[1].previous_hash, chain[0].hash);
  EXPECT_EQ(chain[2].previous_hash, chain[1].hash);
  for (const auto& e : chain) {
    EXPECT_EQ(e.hash, sha256_hex(e.canonical));
    EXPECT_TRUE(verify_hex(k.server.public_key, e.hash, e.signature));  // the server's countersignature
  }
  EXPECT_EQ(chain[1].public_key, k.customs.public_key);
  const json body = json::parse(chain[1].canonical);
  EXPECT_TRUE(message_signature_verifies(k.customs.public_key, "customs-KZ", kDeclaration,
                                         {body["message"], body["signature"]}));
  // SHA-256 of "abc" (FIPS 180-2 example).
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Audit, ExportVerifies) {
  const Sample k;
  const auto text = sample_export(k);
  const auto report = verify_audit_export(text);
  EXPECT_TRUE(report.ok()) << report.problems.front().message;
  EXPECT_EQ(report.entries, 3u);
  EXPECT_EQ(report.redacted, 0u);
  EXPECT_EQ(report.declaration_id, "26KZ00000000001770");
}

TEST(Audit, RedactedExportStillVerifies) {
  const Sample k;
  const auto text = sample_export(k, [](const AuditEntry& e) { return e.sequence == 1; });
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
  // Inside the header's signed head, the head's own fields: "head.hash" …
  if (line == 1) {
    const std::size_t head_at = l.find("\"head\":{");
    const std::size_t head_end = l.find('}', head_at);
    if (off > head_at + 7 && off < head_end) {
      std::string field;
      for (const char* key : {"declaration_id", "hash", "sequence", "signature"}) {
        const std::size_t at = l.find(std::string("\"") + key + "\":", head_at);
        if (at < head_end && at <= off && (field.empty() || at > l.find("\"" + field + "\":", head_at))) field = key;
      }
      return {line, "head." + field};
    }
  }
  // Fields are "key":value; find the last key that starts before the offset.
  std::string field;
  std::size_t best = 0;
  for (const char* key : {"actor", "canonical", "countersignature", "hash", "previous_hash", "public_key", "sequence",
                          "declaration_id", "entries", "format", "head", "server_public_key"}) {
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
  const Sample k;
  const std::string text = sample_export(k);
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

std::string problems_of(const VerifyReport& report) {
  std::string out;
  for (const auto& p : report.problems) out += fmt::format("{}:{}:{}: {}\n", p.line, p.entry, p.field, p.message);
  return out;
}

TEST(Audit, ReorderedOrDroppedEntriesDetected) {
  const Sample k;
  auto chain = sample_chain(k);
  std::swap(chain[1], chain[2]);
  EXPECT_FALSE(verify_audit_export(export_audit(kDeclaration, chain, k.server)).ok());
  chain = sample_chain(k);
  chain.erase(chain.begin() + 1);
  const auto report = verify_audit_export(export_audit(kDeclaration, chain, k.server));
  // The header's signed head is entry 3, and entry 3 does not link to entry 1.
  EXPECT_EQ(problems_of(report), "1:0:head.sequence: the head is entry 3, the file has 2 entries: entries are missing\n"
                                 "3:2:sequence: expected 2\n"
                                 "3:2:previous_hash: does not match the hash of the previous entry\n");
}

// Whoever runs the server holds its key, not the senders': an entry rewritten with a message the
// sender did not sign is countersigned and linked, and still named by the sender's signature.
TEST(Audit, AMessageTheSenderDidNotSignIsNamed) {
  const Sample k;
  const auto chain = sample_chain(k);
  json body = json::parse(chain[1].canonical);
  body["message"]["office"] = "KZNURZHO";
  body["data"]["office"] = "KZNURZHO";
  auto report = verify_audit_export(export_audit(kDeclaration, rewritten(chain, 1, body, k.server), k.server));
  EXPECT_EQ(problems_of(report), "3:2:signature: the sender's signature does not verify over its message\n");

  // The data changed, the signed message left as it was.
  body = json::parse(chain[1].canonical);
  body["data"]["office"] = "KZNURZHO";
  report = verify_audit_export(export_audit(kDeclaration, rewritten(chain, 1, body, k.server), k.server));
  EXPECT_EQ(problems_of(report), "3:2:data: differs from the message the sender signed\n");

  // Re-signed by an outsider whose key the entry now names: consistent in itself (a roster
  // catches it, chain_check), but the data must still be what was signed.
  const auto outsider = generate_credentials("customs-KZ", Role::customs, "KZ", "");
  body = json::parse(chain[1].canonical);
  body["public_key"] = outsider.public_key;
  body["signature"] = sign_message(body["message"], "customs-KZ", kDeclaration, outsider.secret_key)["signature"];
  auto forged = rewritten(chain, 1, body, k.server);
  forged[1].public_key = outsider.public_key;
  EXPECT_TRUE(verify_audit_export(export_audit(kDeclaration, forged, k.server)).ok());
}

TEST(Audit, AWrongCountersignatureIsNamed) {
  const Sample k;
  auto chain = sample_chain(k);
  chain[1].signature = sign_hex(generate_signing_key().secret_key, chain[1].hash);
  const auto report = verify_audit_export(export_audit(kDeclaration, chain, k.server));
  EXPECT_EQ(problems_of(report), "3:2:countersignature: the server's countersignature does not verify\n");
  // Every entry countersigned by another key than the header's: the header's key is named.
  const auto other = verify_audit_export(export_audit(kDeclaration, sample_chain(k), generate_signing_key()));
  EXPECT_EQ(problems_of(other), "1:0:server_public_key: no entry is countersigned by this key\n");
}

// The header carries the chain's head signed by the server: the signed bytes are the documented
// canonical form, and a head edited or signed by another key is named by its field.
TEST(Audit, TheHeaderCarriesTheSignedHead) {
  const Sample k;
  const auto chain = sample_chain(k);
  const std::string text = export_audit(kDeclaration, chain, k.server);
  const json header = json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(header["format"], "caravan-transit-audit/3");
  const json& head = header["head"];
  EXPECT_EQ(head["declaration_id"], kDeclaration);
  EXPECT_EQ(head["sequence"], 3);
  EXPECT_EQ(head["hash"], chain[2].hash);
  EXPECT_EQ(head_signing_text(kDeclaration, 3, chain[2].hash),
            R"({"declaration_id":"26KZ00000000001770","hash":")" + chain[2].hash +
                R"(","purpose":"caravan-transit-head/1","sequence":3})");
  EXPECT_TRUE(verify_hex(k.server.public_key, head_signing_text(kDeclaration, 3, chain[2].hash), head["signature"]));
  // Not the countersignature of the last entry: the purpose keeps the two apart.
  EXPECT_NE(head["signature"], chain[2].signature);

  auto with_head = [&](const json& h) {
    json changed = header;
    changed["head"] = h;
    return canonical_json(changed) + text.substr(text.find('\n'));
  };
  json edited = head;
  edited["sequence"] = 2;
  EXPECT_EQ(problems_of(verify_audit_export(with_head(edited))), "1:0:head.sequence: the server signed this head for sequence 3\n");
  edited = head;
  edited["hash"] = chain[1].hash;
  EXPECT_EQ(problems_of(verify_audit_export(with_head(edited))), "1:0:head.hash: the server signed this head for the last entry's hash\n");
  edited = head;
  edited["declaration_id"] = "26KZ00000000001881";
  EXPECT_EQ(problems_of(verify_audit_export(with_head(edited))),
            "1:0:head.declaration_id: the server signed this head for declaration 26KZ00000000001770\n");
  // An older head, genuinely signed: entry 3 is more than the head admits.
  EXPECT_EQ(problems_of(verify_audit_export(with_head(signed_head(kDeclaration, 2, chain[1].hash, k.server)))),
            "1:0:head.sequence: the head is entry 2, the file has 3 entries: entries were added\n");
  // Signed by another key.
  EXPECT_EQ(problems_of(verify_audit_export(with_head(signed_head(kDeclaration, 3, chain[2].hash, generate_signing_key())))),
            "1:0:head.signature: the server's signature does not verify over the head\n");
}

}  // namespace
}  // namespace caravan::transit
