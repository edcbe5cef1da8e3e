#pragma once
// Verification that needs no trust in the exported file (docs/transit.md "What verify proves").
// verify_audit_export checks a chain against itself: any key inside the file signs its entries,
// so a chain re-signed by an outsider, or cut short, still verifies. These checks add what the
// file cannot vouch for:
//   * a roster of the actors' public keys and the server's, obtained apart from the file: every
//     entry must be signed by the key the roster gives its sender (an outsider's key fails) and
//     countersigned by the roster's server key;
//   * the head of the chain (its length and last hash), as the verifier got it from the server
//     or from a peer: a chain missing its last entries fails;
//   * the declaration document (the holder's view from GET /v1/transit/declarations/{id}):
//     replaying the chain's messages (the submission, then each amendment and each customs
//     operation) must give the document's declared fields, legs and state; an edited document
//     fails at the field that differs.
// Each failure is a VerifyProblem naming the entry (and its line) or the document field.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "transit/audit.hpp"

namespace caravan::transit {

struct Roster {
  std::map<std::string, std::string> public_keys;  // actor id → Ed25519 public key (hex)
  std::string server_public_key;                   // the key that countersigns ("" = not given)
};

// Reads a roster as GET /v1/transit/roster and `caravan transit roster` give it:
// {"server_public_key":"…","actors":[{"id","public_key",…}]} (other fields are ignored, actors
// without a public key skipped). Throws std::runtime_error naming the file and JSON pointer.
Roster load_roster(const std::string& path);

struct ChainHead {
  std::int64_t sequence = 0;
  std::string hash;
};
// "SEQUENCE:HASH" (as `caravan transit show` prints the audit head); nothing when malformed.
std::optional<ChainHead> parse_chain_head(const std::string& text);

struct ChainExpectations {
  const Roster* roster = nullptr;
  std::optional<ChainHead> head;
  const nlohmann::json* document = nullptr;  // the holder's full view of the declaration
};

// Adds to `report` (from verify_audit_export of `text`) every way the chain departs from the
// expectations. Line numbers are the export's; document problems have line 0 and field
// "document <pointer>".
void check_chain(const std::string& text, const ChainExpectations& expect, VerifyReport& report);

}  // namespace caravan::transit
