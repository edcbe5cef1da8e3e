#include "transit/signed_head.hpp"

#include <set>

#include "transit/audit.hpp"

namespace caravan::transit {

using nlohmann::json;

std::string head_signing_text(const std::string& declaration_id, std::int64_t sequence, const std::string& hash) {
  return canonical_json(
      {{"declaration_id", declaration_id}, {"hash", hash}, {"purpose", kHeadPurpose}, {"sequence", sequence}});
}

json signed_head(const std::string& declaration_id, std::int64_t sequence, const std::string& hash,
                 const SigningKey& server_key) {
  return {{"declaration_id", declaration_id},
          {"hash", hash},
          {"sequence", sequence},
          {"signature", sign_hex(server_key.secret_key, head_signing_text(declaration_id, sequence, hash))}};
}

bool head_signature_verifies(const std::string& server_public_key, const SignedHead& head) {
  try {
    return verify_hex(server_public_key, head_signing_text(head.declaration_id, head.sequence, head.hash),
                      head.signature);
  } catch (const json::exception&) {
    return false;  // an id that is not UTF-8 was never signed
  }
}

SignedHead signed_head_from(const json& head, const std::string& at) {
  if (!head.is_object()) throw HeadError(at.empty() ? "/" : at, "a signed head is an object {\"declaration_id\",\"hash\",\"sequence\",\"signature\"}");
  static const std::set<std::string> fields{"declaration_id", "hash", "sequence", "signature"};
  for (const auto& [key, value] : head.items())
    if (!fields.contains(key)) throw HeadError(at + "/" + key, "not a field of a signed head");
  for (const auto& key : fields)
    if (!head.contains(key)) throw HeadError(at + "/" + key, "required (a head as the server gives it is signed)");
  SignedHead out;
  std::string bytes;
  if (!head["declaration_id"].is_string() || head["declaration_id"].get_ref<const std::string&>().empty())
    throw HeadError(at + "/declaration_id", "must be a non-empty string");
  out.declaration_id = head["declaration_id"];
  if (!head["sequence"].is_number_integer() || head["sequence"].get<std::int64_t>() < 1)
    throw HeadError(at + "/sequence", "must be an integer >= 1");
  out.sequence = head["sequence"];
  if (!head["hash"].is_string() || !hex_to_bytes(head["hash"].get_ref<const std::string&>(), 32, bytes) ||
      head["hash"].get_ref<const std::string&>().find_first_of("ABCDEF") != std::string::npos)
    throw HeadError(at + "/hash", "64 lowercase hex digits expected");
  out.hash = head["hash"];
  if (!head["signature"].is_string() || !hex_to_bytes(head["signature"].get_ref<const std::string&>(), 64, bytes) ||
      head["signature"].get_ref<const std::string&>().find_first_of("ABCDEF") != std::string::npos)
    throw HeadError(at + "/signature", "128 lowercase hex digits expected");
  out.signature = head["signature"];
  return out;
}

SignedHead read_signed_head(const json& given) {
  if (given.is_object() && given.contains("audit_head")) return signed_head_from(given["audit_head"], "/audit_head");
  if (given.is_object() && given.contains("declaration") && given["declaration"].is_object() &&
      given["declaration"].contains("audit_head"))
    return signed_head_from(given["declaration"]["audit_head"], "/declaration/audit_head");
  return signed_head_from(given, "");
}

}  // namespace caravan::transit
