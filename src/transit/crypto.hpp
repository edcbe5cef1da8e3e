#pragma once
// SHA-256 and Ed25519 through Debian's libsodium, with lowercase hex encodings.
#include <string>
#include <string_view>

namespace caravan::transit {

struct SigningKey {
  std::string public_key;  // 32 bytes, hex
  std::string secret_key;  // 64 bytes (libsodium's seed + public key), hex
};

SigningKey generate_signing_key();
std::string sha256_hex(std::string_view data);
// Detached Ed25519 signature of `message` (hex). Throws std::invalid_argument on a malformed key.
std::string sign_hex(const std::string& secret_key_hex, std::string_view message);
// False for a wrong signature and for malformed hex.
bool verify_hex(const std::string& public_key_hex, std::string_view message, const std::string& signature_hex);
// Random bytes as hex (API keys).
std::string random_hex(std::size_t bytes);
// Constant-time equality (API key comparison).
bool constant_time_equal(std::string_view a, std::string_view b);
// Decodes lowercase/uppercase hex; false when not hex of exactly `bytes` bytes.
bool hex_to_bytes(std::string_view hex, std::size_t bytes, std::string& out);

}  // namespace caravan::transit
