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
// The role named `text` (as to_string writes it); throws std::invalid_argument otherwise.
Role role_from_text(const std::string& text);

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

// One key period of an actor: the public key and API key hash it had from `valid_from` until
// `valid_until` (UTC "YYYY-MM-DDTHH:MM:SSZ", the server's clock; "" = from the start / still).
// A rotation ends the current period and starts the next at the same instant, so an entry keeps
// verifying against the key that was valid when the server accepted it.
struct ActorKey {
  Actor actor;
  std::string valid_from;
  std::string valid_until;
  [[nodiscard]] bool current() const { return valid_until.empty(); }
};

enum class RosterChange {
  done,
  id_taken,         // add: the id is registered (now or before)
  api_key_taken,    // the API key hash is, or was, another key's
  unknown_actor,    // rotate: no such actor
  different_actor,  // rotate: role, country or party differ from the registered actor's
  key_reused,       // rotate: the public key is the actor's current or a retired one
};

// Where the roster lives: in memory (tests, a CLI run), or in the transit store, shared by every
// server on it (SqliteStore, PgStore), so a registration or rotation made through one server is
// what the others read on their next request. Thread-safe.
class ActorKeyStore {
 public:
  virtual ~ActorKeyStore() = default;
  // The actor whose current key has this API key hash.
  virtual std::optional<Actor> current_actor_by_api_key_hash(const std::string& api_key_sha256) = 0;
  virtual std::optional<Actor> current_actor(const std::string& id) = 0;
  // Every key period, ordered by actor id, then valid_from.
  virtual std::vector<ActorKey> actor_keys() = 0;
  // A new actor whose key is valid from `at` ("" = from the start).
  virtual RosterChange add_actor(const Actor& actor, const std::string& at) = 0;
  // Ends the actor's current key at `at` and makes `replacement`'s key (public key, API key
  // hash) current from `at`, atomically.
  virtual RosterChange rotate_actor_key(const Actor& replacement, const std::string& at) = 0;
};

class MemoryActorKeys final : public ActorKeyStore {
 public:
  std::optional<Actor> current_actor_by_api_key_hash(const std::string& api_key_sha256) override;
  std::optional<Actor> current_actor(const std::string& id) override;
  std::vector<ActorKey> actor_keys() override;
  RosterChange add_actor(const Actor& actor, const std::string& at) override;
  RosterChange rotate_actor_key(const Actor& replacement, const std::string& at) override;

 private:
  mutable std::shared_mutex mutex_;
  std::vector<ActorKey> keys_;
};

// Checks for a rotation shared by the stores: the same actor, a new key.
RosterChange rotation_problem(const std::vector<ActorKey>& history, const Actor& replacement);

// The server's actors, over a key store. Thread-safe: requests read it while an administrator
// registers or rotates actors.
class ActorRoster {
 public:
  ActorRoster() : keys_(std::make_shared<MemoryActorKeys>()) {}
  explicit ActorRoster(std::vector<Actor> actors);  // in memory; throws RosterError on a duplicate id or API key
  explicit ActorRoster(std::shared_ptr<ActorKeyStore> keys) : keys_(std::move(keys)) {}

  // Reads a roster file; throws std::runtime_error "FILE: POINTER: problem".
  static std::vector<Actor> read(const std::string& path);
  // Writes the current actors (0600, atomically).
  void save(const std::string& path) const;
  // Adds the actors of a roster file the store does not know yet, their keys valid from the
  // start. The store wins over the file: an actor registered with another key (rotated since)
  // keeps it, and a message says so. Throws std::runtime_error when a file's API key belongs to
  // another actor of the store.
  std::vector<std::string> seed(const std::vector<Actor>& actors, const std::string& file);

  [[nodiscard]] std::optional<Actor> by_api_key(std::string_view api_key) const;
  [[nodiscard]] std::optional<Actor> by_id(std::string_view id) const;
  // The retired key period this API key belonged to (for a clear refusal).
  [[nodiscard]] std::optional<ActorKey> retired_by_api_key(std::string_view api_key) const;
  [[nodiscard]] std::vector<Actor> actors() const;   // current keys
  [[nodiscard]] std::vector<ActorKey> history() const { return keys_->actor_keys(); }
  // {"id","role","country"?,"party"?,"public_key","valid_from"?,"previous_keys"?:[{"public_key","valid_from","valid_until"}]}
  // per actor: what GET /v1/transit/roster publishes and `caravan transit verify --roster` reads.
  [[nodiscard]] nlohmann::json public_entries() const;

  enum class Added { added, id_taken, api_key_taken };
  Added add(Actor actor, const std::string& at = "");
  RosterChange rotate(const Actor& replacement, const std::string& at) { return keys_->rotate_actor_key(replacement, at); }

 private:
  std::shared_ptr<ActorKeyStore> keys_;
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
