#pragma once
// Actors and their keys (docs/transit.md "Key management").
//
// Each actor (the holder, each customs authority) makes its own Ed25519 key pair and API key with
// `caravan transit keygen` and keeps them in its own key file (0600):
//   {"id":"customs-KZ","role":"customs","country":"KZ","api_key":"…","public_key":"…","secret_key":"…"}
// The server holds only the public part, a roster (a file given to `caravan serve`, or actors
// registered with POST /v1/transit/actors by an administrator):
//   {"actors":[{"id":"customs-KZ","role":"customs","country":"KZ","public_key":"…","api_key_sha256":"…"},
//              {"id":"holder","role":"holder","party":"KZ/015/2345"?,…},
//              {"id":"admin","role":"administrator","api_key_sha256":"…"}]}
// A roster that holds a secret key or an API key in clear is refused. A holder with "party" may
// only declare that holder id; without it, any. An administrator only registers actors.
#include <filesystem>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/crypto.hpp"

namespace caravan::transit {

enum class Role { holder, customs, administrator };
std::string_view to_string(Role role);

// What the server knows of an actor: nothing secret.
struct Actor {
  std::string id;
  Role role = Role::holder;
  std::string country;         // customs: ISO 3166 alpha-2
  std::string party;           // holder: the holder id it may declare ("" = any)
  std::string api_key_sha256;  // SHA-256 of the API key (hex): what requests are checked against
  std::string public_key;      // Ed25519 (hex) the actor's messages must be signed with ("" for an administrator)
};

// A roster entry that is not right, with the JSON pointer of the field.
class RosterError : public std::runtime_error {
 public:
  RosterError(std::string pointer, const std::string& detail)
      : std::runtime_error(pointer + ": " + detail), pointer_(std::move(pointer)), detail_(detail) {}
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] const std::string& detail() const { return detail_; }

 private:
  std::string pointer_, detail_;
};

// Reads one roster entry (an element of "actors", the line keygen prints, the body of POST
// /v1/transit/actors); pointers start with `at`. Fields other than the roster's are refused, so a
// secret key or an API key in clear never reaches the server's files.
Actor actor_from_roster_entry(const nlohmann::json& entry, const std::string& at);
// The roster entry of an actor (with the API key hash) and its public view (without).
nlohmann::json roster_entry(const Actor& actor);
nlohmann::json public_entry(const Actor& actor);

// The server's actors. Thread-safe: requests read it while an administrator registers actors.
class ActorRoster {
 public:
  ActorRoster() = default;
  explicit ActorRoster(std::vector<Actor> actors);  // throws RosterError on a duplicate id or API key

  // Reads a roster file; throws std::runtime_error "FILE: POINTER: problem".
  static std::vector<Actor> read(const std::string& path);
  // Writes the roster (0600, atomically).
  void save(const std::string& path) const;

  [[nodiscard]] std::optional<Actor> by_api_key(std::string_view api_key) const;
  [[nodiscard]] std::optional<Actor> by_id(std::string_view id) const;
  [[nodiscard]] std::vector<Actor> actors() const;

  enum class Added { added, id_taken, api_key_taken };
  Added add(Actor actor);

 private:
  mutable std::shared_mutex mutex_;
  std::vector<Actor> actors_;
};

// What an actor keeps to itself: its roster entry plus its API key and secret key.
struct ActorCredentials : Actor {
  std::string api_key;
  std::string secret_key;  // Ed25519, 64 bytes hex (libsodium: seed + public key)
};

// A fresh key pair and API key for `id`.
ActorCredentials generate_credentials(const std::string& id, Role role, const std::string& country,
                                      const std::string& party);
// The actor's key file: written 0600 in a 0700 folder, never over an existing file.
void save_credentials(const ActorCredentials& credentials, const std::filesystem::path& path);
// Reads a key file; refuses one readable by others. Throws std::runtime_error "FILE: POINTER: problem".
ActorCredentials load_credentials(const std::string& path);

// The server's own key pair, which countersigns every accepted audit entry:
// {"public_key":"…","secret_key":"…"} (0600), created when missing.
SigningKey load_or_create_server_key(const std::string& path);

// The credentials of a whole set of actors in one place: for the tests and the bundled demo only
// (a real deployment never has them together). Its roster() is what a server would hold.
class KeyRing {
 public:
  KeyRing() = default;
  explicit KeyRing(std::vector<ActorCredentials> actors) : actors_(std::move(actors)) {}
  // Actor "holder" and "customs-XX" for each country, fresh keys.
  static KeyRing generate(const std::vector<std::string>& countries);
  [[nodiscard]] const ActorCredentials* by_id(std::string_view id) const;
  [[nodiscard]] const std::vector<ActorCredentials>& actors() const { return actors_; }
  [[nodiscard]] std::vector<Actor> public_actors() const;

 private:
  std::vector<ActorCredentials> actors_;
};

}  // namespace caravan::transit
