#pragma once
// Actors and their keys (docs/transit.md "Actors and keys"). Each actor has an API key (a bearer
// token for the HTTP API) and an Ed25519 signing key its audit entries are signed with. The key
// ring is a JSON file, by default var/transit-keys.json, created on first use with one holder actor
// and one customs authority per country given, readable by its owner only (0600):
//   {"actors":[{"id":"customs-KZ","role":"customs","country":"KZ","api_key":"…",
//               "public_key":"…","secret_key":"…"},
//              {"id":"holder","role":"holder","party":"KZ/015/2345"?,"api_key":"…",…}]}
// A holder with "party" may only declare that holder id; without it, any.
#include <optional>
#include <string>
#include <vector>

#include "transit/crypto.hpp"

namespace caravan::transit {

enum class Role { holder, customs };

struct Actor {
  std::string id;
  Role role = Role::holder;
  std::string country;  // customs: ISO 3166 alpha-2
  std::string party;    // holder: the holder id it may declare ("" = any)
  std::string api_key;         // "" when the ring gives only its hash
  std::string api_key_sha256;  // SHA-256 of the API key (hex): what requests are checked against
  SigningKey key;
};

class KeyRing {
 public:
  KeyRing() = default;
  explicit KeyRing(std::vector<Actor> actors);

  // Reads a key ring; throws std::runtime_error naming the file and JSON pointer of a problem.
  static KeyRing load(const std::string& path);
  // A new ring: actor "holder" and "customs-XX" for each country, fresh keys.
  static KeyRing generate(const std::vector<std::string>& countries);
  // Loads `path`, or generates and saves it (0600) when it does not exist.
  static KeyRing load_or_create(const std::string& path, const std::vector<std::string>& countries);
  void save(const std::string& path) const;

  [[nodiscard]] const Actor* by_api_key(std::string_view api_key) const;
  [[nodiscard]] const Actor* by_id(std::string_view id) const;
  [[nodiscard]] const std::vector<Actor>& actors() const { return actors_; }

 private:
  std::vector<Actor> actors_;
};

}  // namespace caravan::transit
