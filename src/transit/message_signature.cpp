#include "transit/message_signature.hpp"

#include <fmt/format.h>

#include "transit/audit.hpp"
#include "transit/crypto.hpp"

namespace caravan::transit {

using nlohmann::json;

std::string message_signing_text(const std::string& actor, const std::string& declaration_id, const json& message) {
  return canonical_json(
      {{"actor", actor}, {"declaration_id", declaration_id}, {"message", message}, {"purpose", kMessagePurpose}});
}

json sign_message(json message, const std::string& actor, const std::string& declaration_id,
                  const std::string& secret_key_hex) {
  if (message.is_object()) message.erase("signature");
  const std::string signature = sign_hex(secret_key_hex, message_signing_text(actor, declaration_id, message));
  message["signature"] = signature;
  return message;
}

bool message_signature_verifies(const std::string& public_key_hex, const std::string& actor,
                                const std::string& declaration_id, const SignedMessage& signed_message) {
  try {
    return verify_hex(public_key_hex, message_signing_text(actor, declaration_id, signed_message.message),
                      signed_message.signature);
  } catch (const json::exception&) {
    return false;  // a text that is not valid UTF-8 cannot have been signed in canonical form
  }
}

std::optional<Problem> check_message_signature(const Actor& actor, const std::string& declaration_id, const json& body,
                                               SignedMessage& out) {
  out.message = body;
  if (!body.is_object()) return std::nullopt;  // the validators report it
  if (!body.contains("signature"))
    return Problem{Code::signature_missing, "/signature",
                   "the message must be signed with the sender's key (caravan transit sign, docs/transit.md)"};
  const json& signature = body["signature"];
  std::string bytes;
  if (!signature.is_string() || !hex_to_bytes(signature.get_ref<const std::string&>(), 64, bytes))
    return Problem{Code::signature_malformed, "/signature", "an Ed25519 signature is 128 lowercase hex digits"};
  out.signature = signature.get<std::string>();
  out.message.erase("signature");
  if (actor.public_key.empty())
    return Problem{Code::signature_invalid, "/signature", fmt::format("actor '{}' has no signing key in the roster", actor.id)};
  if (!message_signature_verifies(actor.public_key, actor.id, declaration_id, out))
    return Problem{Code::signature_invalid, "/signature",
                   declaration_id.empty()
                       ? fmt::format("not signed with the key actor '{}' registered", actor.id)
                       : fmt::format("not signed with the key actor '{}' registered, for declaration {}", actor.id,
                                     declaration_id)};
  return std::nullopt;
}

}  // namespace caravan::transit
