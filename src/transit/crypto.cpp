#include "transit/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace caravan::transit {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

bool hex_to_bytes(std::string_view hex, std::size_t bytes, std::string& out) {
  if (hex.size() != bytes * 2) return false;
  for (const char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;  // lowercase only: one spelling
  out.assign(bytes, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), bytes, hex.data(), hex.size(), nullptr, &len,
                     nullptr) != 0)
    return false;
  return len == bytes;
}

SigningKey generate_signing_key() {
  ensure_sodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKey key{to_hex(pk, sizeof pk), to_hex(sk, sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return key;
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(h, sizeof h);
}

std::string sign_hex(const std::string& secret_key_hex, std::string_view message) {
  ensure_sodium();
  std::string sk;
  if (!hex_to_bytes(secret_key_hex, crypto_sign_SECRETKEYBYTES, sk))
    throw std::invalid_argument("signing key is not 64 bytes of lowercase hex");
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(sk.data()));
  sodium_memzero(sk.data(), sk.size());
  return to_hex(sig, sizeof sig);
}

bool verify_hex(const std::string& public_key_hex, std::string_view message, const std::string& signature_hex) {
  ensure_sodium();
  std::string pk, sig;
  if (!hex_to_bytes(public_key_hex, crypto_sign_PUBLICKEYBYTES, pk)) return false;
  if (!hex_to_bytes(signature_hex, crypto_sign_BYTES, sig)) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(pk.data())) == 0;
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), bytes);
  return to_hex(reinterpret_cast<const unsigned char*>(buf.data()), bytes);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace caravan::transit
