#pragma once
// The audit chain of a declaration and its export format (docs/transit.md "Audit trail").
//
// Entry body, serialised canonically = compact JSON with object keys sorted by their UTF-8 bytes
// (no insignificant whitespace), which is what nlohmann::json::dump() produces:
//   {"actor","at","data","declaration_id","message","message_id","previous_hash","public_key",
//    "sequence","signature","state","type"}
// message   = the message as its sender signed it (without its signature field)
// signature = the sender's Ed25519 signature of that message (message_signature.hpp), made with
//             the sender's own secret key; public_key = the sender's public key in the roster
// data      = what the message changed (the message without message_id, for a customs
//             operation with the leg number and its country)
// hash             = SHA-256 of the canonical text (lowercase hex)
// countersignature = Ed25519 by the server's own key over the 64 ASCII hex characters of `hash`,
//                    so an entry whose content is withheld still proves its place. The store
//                    keeps it in AuditEntry::signature.
//
// Export (JSON Lines, one canonical JSON object per line, '\n' after each):
//   line 1: {"declaration_id":…,"entries":N,"format":"caravan-transit-audit/3","head":{signed head},
//            "server_public_key":…}   (head: signed_head.hpp, the chain's last entry signed by the server)
//   line k+1: {"actor","canonical","countersignature","hash","previous_hash","public_key","sequence"}
//             and for entries withheld from the reader: "canonical":null,"redacted":true
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/crypto.hpp"
#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/store.hpp"

namespace caravan::transit {

inline constexpr const char* kAuditFormat = "caravan-transit-audit/3";

std::string canonical_json(const nlohmann::json& value);

// What one accepted message puts into the chain.
struct EntryContent {
  const Actor& actor;                   // the sender, as the roster gives it
  const SignedMessage& signed_message;  // its message and signature, checked
  std::string type;                     // "submit" or the event type
  std::string state;                    // the declaration's state after it
  std::string at;                       // when it was applied (UTC)
  nlohmann::json data;                  // what it changed
};

// Builds the next entry and countersigns it with the server's key. `previous` is the last entry
// of the chain (nullptr for the first).
AuditEntry make_audit_entry(const std::string& declaration_id, const AuditEntry* previous, const EntryContent& content,
                            const SigningKey& server_key);

// The export text, its header carrying the chain's head signed with `server_key`. `redact(entry)`
// true withholds that entry's canonical body.
std::string export_audit(const std::string& declaration_id, const std::vector<AuditEntry>& chain,
                         const SigningKey& server_key,
                         const std::function<bool(const AuditEntry&)>& redact = {});

struct VerifyProblem {
  int line = 0;           // 1-based line of the export (1 = header)
  std::int64_t entry = 0; // 1-based entry (0 = header)
  std::string field;      // "json" (line not parseable / not canonical), a header field or an entry field
  std::string message;
  bool in_head = false;   // a problem of the signed head given to the verifier (chain_check.hpp)
};

struct VerifyReport {
  std::string declaration_id;
  std::size_t entries = 0;
  std::size_t redacted = 0;
  std::vector<VerifyProblem> problems;  // empty = the chain verifies
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Checks an export from its text alone: every line canonical JSON, hashes, the countersignatures
// (with the header's server key), the senders' signatures (with the keys in the bodies), that each
// entry's data is what its signed message says, the chain links, sequences and that each entry's
// outer fields match its body, and that the header's signed head names the last entry. Keys come
// from the file: chain_check.hpp checks them against a roster.
VerifyReport verify_audit_export(const std::string& text);

}  // namespace caravan::transit
