#pragma once
// The head of a declaration's audit chain, signed by the server (docs/transit.md "Signed head").
// Wherever the server gives a chain's head (a declaration's "audit_head", the audit export's
// header) it is
//   {"declaration_id": ID, "hash": HASH, "sequence": N, "signature": SIG}
// SIG = the server's Ed25519 signature (128 lowercase hex) of the UTF-8 bytes of
//   canonical_json({"declaration_id": ID, "hash": HASH, "purpose": "caravan-transit-head/1", "sequence": N})
// HASH = the hash of entry N, the chain's last. The purpose string keeps a head signature from
// ever being taken for an entry's countersignature (which signs the 64 hex characters of a hash)
// or a message signature. A verifier who got a signed head from the server or a peer checks it
// with the roster's server key, and a chain cut short, or a head edited, fails.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "transit/crypto.hpp"

namespace caravan::transit {

inline constexpr const char* kHeadPurpose = "caravan-transit-head/1";

struct SignedHead {
  std::string declaration_id;
  std::int64_t sequence = 0;
  std::string hash;
  std::string signature;
};

// The bytes the server signs.
std::string head_signing_text(const std::string& declaration_id, std::int64_t sequence, const std::string& hash);
// The head of entry `sequence` (with `hash`) signed with the server's key, as JSON.
nlohmann::json signed_head(const std::string& declaration_id, std::int64_t sequence, const std::string& hash,
                           const SigningKey& server_key);
bool head_signature_verifies(const std::string& server_public_key, const SignedHead& head);

// A head that is not well-formed, with the JSON pointer of the field.
class HeadError : public std::runtime_error {
 public:
  HeadError(const std::string& pointer, const std::string& detail) : std::runtime_error(pointer + ": " + detail) {}
};

// Reads a signed head from what the server or a peer handed over: the head itself, a declaration
// document with "audit_head" (GET /v1/transit/declarations/{id}), or a message's answer with
// "declaration"."audit_head". Throws HeadError naming the field.
SignedHead read_signed_head(const nlohmann::json& given);
// The head object itself (exactly its four fields); throws HeadError with pointers under `at`.
SignedHead signed_head_from(const nlohmann::json& head, const std::string& at);

}  // namespace caravan::transit
