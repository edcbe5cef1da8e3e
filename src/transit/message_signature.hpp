#pragma once
// Messages signed by their sender (docs/transit.md "Signed messages"). The sender adds
// "signature": the Ed25519 signature (128 lowercase hex) of the UTF-8 bytes of
//   canonical_json({"actor": ACTOR_ID, "declaration_id": ID, "message": MESSAGE,
//                   "purpose": "caravan-transit-message/1"})
// where MESSAGE is the message without its "signature" field, ID the transit reference the event
// is sent to ("" for a submission), and canonical_json compact JSON with object keys sorted by
// their UTF-8 bytes (audit.hpp). The server checks it against the roster's public key of the
// actor whose API key authenticated the request, so a message signed with another actor's key,
// or sent to another declaration than it was signed for, is refused.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "transit/keys.hpp"
#include "transit/problems.hpp"

namespace caravan::transit {

inline constexpr const char* kMessagePurpose = "caravan-transit-message/1";

// A message as its sender signed it: the message without "signature", and the signature (hex).
struct SignedMessage {
  nlohmann::json message;
  std::string signature;
};

// The text the sender signs.
std::string message_signing_text(const std::string& actor, const std::string& declaration_id,
                                 const nlohmann::json& message);

// `message` with its "signature" (any previous one replaced). Throws std::invalid_argument on a
// malformed secret key.
nlohmann::json sign_message(nlohmann::json message, const std::string& actor, const std::string& declaration_id,
                            const std::string& secret_key_hex);

bool message_signature_verifies(const std::string& public_key_hex, const std::string& actor,
                                const std::string& declaration_id, const SignedMessage& signed_message);

// Splits `body` into the signed message and checks the signature against `actor`'s roster key:
// a problem at /signature when it is missing or malformed (400) or does not verify (403).
std::optional<Problem> check_message_signature(const Actor& actor, const std::string& declaration_id,
                                               const nlohmann::json& body, SignedMessage& out);

}  // namespace caravan::transit
