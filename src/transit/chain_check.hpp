#pragma once
// Verification that needs no trust in the exported file (docs/transit.md "What verify proves").
// verify_audit_export checks a chain against itself: any key inside the file signs its entries,
// so a chain re-signed by an outsider, or cut short, still verifies. These checks add what the
// file cannot vouch for:
//   * a roster of the actors' public keys and the server's, obtained apart from the file: every
//     entry must be signed by the key the roster gives its sender (an outsider's key fails) and
//     countersigned by the roster's server key;
//   * the head of the chain signed by the server (its length and last hash, signed_head.hpp), as
//     the verifier got it from the server or from a peer, checked with the roster's server key: a
//     chain missing its last entries fails, and so does a head that was edited or signed by
//     another key;
//   * the declaration document (the holder's view from GET /v1/transit/declarations/{id}):
//     replaying the chain's messages (the submission, then each amendment and each customs
//     operation) must give the document's declared fields, legs and state; an edited document
//     fails at the field that differs.
// Each failure is a VerifyProblem naming the entry (and its line) or the document field.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/audit.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit {

// A key an actor had before a rotation, and when it was valid (UTC "YYYY-MM-DDTHH:MM:SSZ";
// valid_from "" = from the start). Both ends are inclusive: a message accepted in the second of
// the rotation may carry either key.
struct RetiredKey {
  std::string public_key, valid_from, valid_until;
};

struct Roster {
  std::map<std::string, std::string> public_keys;  // actor id → its current Ed25519 public key (hex)
  std::map<std::string, std::vector<RetiredKey>> previous_keys;  // actor id → its retired keys
  std::string server_public_key;                   // the key that countersigns ("" = not given)
};

// Reads a roster as GET /v1/transit/roster and `caravan transit roster` give it:
// {"server_public_key":"…","actors":[{"id","public_key","previous_keys"?:[{"public_key",
// "valid_from"?,"valid_until"}],…}]} (other fields are ignored, actors without a public key
// skipped). Throws std::runtime_error naming the file and JSON pointer.
Roster load_roster(const std::string& path);

struct ChainExpectations {
  const Roster* roster = nullptr;  // required with a head: its server key checks the head
  std::optional<SignedHead> head;
  const nlohmann::json* document = nullptr;  // the holder's full view of the declaration
};

// Adds to `report` (from verify_audit_export of `text`) every way the chain departs from the
// expectations. Line numbers are the export's; document problems have field "document <pointer>";
// problems of the given head itself have in_head set, line 0 and the head's field.
void check_chain(const std::string& text, const ChainExpectations& expect, VerifyReport& report);

}  // namespace caravan::transit
