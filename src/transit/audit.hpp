#pragma once
// The audit chain of a declaration and its export format (docs/transit.md "Audit trail").
//
// Entry body (signed content), serialised canonically = compact JSON with sorted keys (UTF-8, no
// insignificant whitespace), which is what nlohmann::json::dump() produces:
//   {"actor","at","data","declaration_id","message_id","previous_hash","public_key","sequence",
//    "state","type"}
// hash      = SHA-256 of the canonical text (lowercase hex)
// signature = Ed25519 (libsodium crypto_sign_detached) by the actor over the 64 ASCII hex
//             characters of `hash`, so an entry whose content is withheld still proves its place.
//
// Export (JSON Lines, one canonical JSON object per line, '\n' after each):
//   line 1: {"declaration_id":…,"entries":N,"format":"caravan-transit-audit/1"}
//   line k+1: {"actor","canonical","hash","previous_hash","public_key","sequence","signature"}
//             and for entries withheld from the reader: "canonical":null,"redacted":true
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/crypto.hpp"
#include "transit/store.hpp"

namespace caravan::transit {

inline constexpr const char* kAuditFormat = "caravan-transit-audit/1";

std::string canonical_json(const nlohmann::json& value);

// Builds and signs the next entry. `previous` is the last entry of the chain (nullptr for the first).
AuditEntry make_audit_entry(const std::string& declaration_id, const AuditEntry* previous, const std::string& actor,
                            const SigningKey& key, const std::string& message_id, const std::string& type,
                            const std::string& state, const std::string& at, const nlohmann::json& data);

// The export text. `redact(entry)` true withholds that entry's canonical body.
std::string export_audit(const std::string& declaration_id, const std::vector<AuditEntry>& chain,
                         const std::function<bool(const AuditEntry&)>& redact = {});

struct VerifyProblem {
  int line = 0;           // 1-based line of the export (1 = header)
  std::int64_t entry = 0; // 1-based entry (0 = header)
  std::string field;      // "json" (line not parseable / not canonical), a header field or an entry field
  std::string message;
};

struct VerifyReport {
  std::string declaration_id;
  std::size_t entries = 0;
  std::size_t redacted = 0;
  std::vector<VerifyProblem> problems;  // empty = the chain verifies
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Checks an export from its text alone: every line canonical JSON, hashes, signatures, the chain
// links, sequences and that each entry's outer fields match its signed body.
VerifyReport verify_audit_export(const std::string& text);

}  // namespace caravan::transit
