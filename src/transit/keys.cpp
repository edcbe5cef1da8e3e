#include "transit/keys.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <tuple>
#include <algorithm>

#include "core/json_depth.hpp"
#include "transit/private_files.hpp"
#include "transit/reference_data.hpp"

namespace caravan::transit {

using nlohmann::json;

std::string_view to_string(Role role) {
  switch (role) {
    case Role::holder: return "holder";
    case Role::customs: return "customs";
    case Role::administrator: return "administrator";
  }
  return "holder";
}

namespace {

std::optional<Role> role_from(std::string_view text) {
  for (const Role r : {Role::holder, Role::customs, Role::administrator})
    if (to_string(r) == text) return r;
  return std::nullopt;
}

}  // namespace

Role role_from_text(const std::string& text) {
  if (const auto r = role_from(text)) return *r;
  throw std::invalid_argument("unknown actor role '" + text + "'");
}

namespace {

// A non-empty string field; "" when absent and not required.
std::string text_field(const json& j, const char* key, bool required, const std::string& at) {
  if (!j.contains(key)) {
    if (required) throw RosterError(at + "/" + key, "required");
    return "";
  }
  if (!j[key].is_string() || j[key].get<std::string>().empty()) throw RosterError(at + "/" + key, "must be a non-empty string");
  return j[key].get<std::string>();
}

std::string hex_field(const json& j, const char* key, std::size_t bytes, bool required, const std::string& at) {
  const std::string value = text_field(j, key, required, at);
  std::string decoded;
  if (!value.empty() && !hex_to_bytes(value, bytes, decoded))
    throw RosterError(at + "/" + key, fmt::format("{} bytes of lowercase hex expected", bytes));
  return value;
}

void check_api_key(const std::string& key, const std::string& at) {
  if (key.size() < 16) throw RosterError(at + "/api_key", "at least 16 characters");
  for (const char c : key)
    if (c <= ' ' || c > '~' || c == '%') throw RosterError(at + "/api_key", "visible ASCII characters only, without '%'");
}

// Reads the actor fields shared by roster entries and key files.
Actor actor_fields(const json& j, const std::string& at) {
  if (!j.is_object()) throw RosterError(at.empty() ? "/" : at, "not an object");
  Actor actor;
  actor.id = text_field(j, "id", true, at);
  for (const char c : actor.id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      throw RosterError(at + "/id", "letters, digits, '-', '_' and '.' only");
  const auto role = role_from(text_field(j, "role", true, at));
  if (!role) throw RosterError(at + "/role", "must be \"holder\", \"customs\" or \"administrator\"");
  actor.role = *role;
  actor.country = text_field(j, "country", actor.role == Role::customs, at);
  if (actor.role == Role::customs && !is_iso3166_country(actor.country))
    throw RosterError(at + "/country", "'" + actor.country + "' is not an ISO 3166-1 alpha-2 country");
  actor.party = text_field(j, "party", false, at);
  actor.public_key = hex_field(j, "public_key", 32, actor.role != Role::administrator, at);
  return actor;
}

void write_private_json(const std::filesystem::path& path, const json& value, const std::string& what, bool replace) {
  if (!replace && std::filesystem::exists(path))
    throw std::runtime_error(fmt::format("{}: already exists; {} is never overwritten", path.string(), what));
  create_private_directories(path.parent_path());
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    ensure_private_file(tmp);  // 0600 before a byte is written (the umask is not consulted)
    std::ofstream out(tmp, std::ios::trunc);
    out << value.dump(2) << '\n';
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write {}", path.string(), what));
  }
  std::filesystem::rename(tmp, path);
}

json read_json_object(const std::string& path, const std::string& what) {
  if (!std::ifstream(path, std::ios::binary)) throw std::runtime_error(fmt::format("{}: cannot read {}", path, what));
  const json j = json::parse(read_json_file_text(path, what), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error(fmt::format("{}: /: not a JSON object", path));
  return j;
}

}  // namespace

Actor actor_from_roster_entry(const json& entry, const std::string& at) {
  Actor actor = actor_fields(entry, at);
  if (entry.contains("secret_key"))
    throw RosterError(at + "/secret_key", "a roster holds public keys only: the secret key stays in the actor's key file");
  if (entry.contains("api_key"))
    throw RosterError(at + "/api_key", "a roster holds API key hashes only (api_key_sha256)");
  static const std::set<std::string> known{"id", "role", "country", "party", "public_key", "api_key_sha256"};
  for (const auto& [key, value] : entry.items())
    if (!known.contains(key)) throw RosterError(at + "/" + key, "not a roster field");
  actor.api_key_sha256 = hex_field(entry, "api_key_sha256", 32, true, at);
  return actor;
}

json public_entry(const Actor& actor) {
  json j = {{"id", actor.id}, {"role", to_string(actor.role)}};
  if (!actor.country.empty()) j["country"] = actor.country;
  if (!actor.party.empty()) j["party"] = actor.party;
  if (!actor.public_key.empty()) j["public_key"] = actor.public_key;
  return j;
}

json roster_entry(const Actor& actor) {
  json j = public_entry(actor);
  j["api_key_sha256"] = actor.api_key_sha256;
  return j;
}

std::optional<Actor> MemoryActorKeys::current_actor_by_api_key_hash(const std::string& api_key_sha256) {
  // Compared in constant time and without an early exit: neither the key nor which actor matched
  // shows in the time taken.
  std::shared_lock lock(mutex_);
  const Actor* found = nullptr;
  for (const auto& k : keys_)
    if (constant_time_equal(k.actor.api_key_sha256, api_key_sha256) && k.current()) found = &k.actor;
  if (!found) return std::nullopt;
  return *found;
}

std::optional<Actor> MemoryActorKeys::current_actor(const std::string& id) {
  std::shared_lock lock(mutex_);
  for (const auto& k : keys_)
    if (k.actor.id == id && k.current()) return k.actor;
  return std::nullopt;
}

std::vector<ActorKey> MemoryActorKeys::actor_keys() {
  std::shared_lock lock(mutex_);
  std::vector<ActorKey> out = keys_;
  std::stable_sort(out.begin(), out.end(), [](const ActorKey& a, const ActorKey& b) {
    return std::tie(a.actor.id, a.valid_from) < std::tie(b.actor.id, b.valid_from);
  });
  return out;
}

RosterChange MemoryActorKeys::add_actor(const Actor& actor, const std::string& at) {
  std::unique_lock lock(mutex_);
  for (const auto& k : keys_) {
    if (k.actor.id == actor.id) return RosterChange::id_taken;
    if (k.actor.api_key_sha256 == actor.api_key_sha256) return RosterChange::api_key_taken;
  }
  keys_.push_back({actor, at, ""});
  return RosterChange::done;
}

RosterChange rotation_problem(const std::vector<ActorKey>& history, const Actor& replacement) {
  const ActorKey* current = nullptr;
  for (const auto& k : history)
    if (k.actor.id == replacement.id && k.current()) current = &k;
  if (!current) return RosterChange::unknown_actor;
  const Actor& a = current->actor;
  if (a.role != replacement.role || a.country != replacement.country || a.party != replacement.party)
    return RosterChange::different_actor;
  for (const auto& k : history) {
    if (k.actor.api_key_sha256 == replacement.api_key_sha256) return RosterChange::api_key_taken;
    if (k.actor.id == replacement.id && !k.actor.public_key.empty() && k.actor.public_key == replacement.public_key)
      return RosterChange::key_reused;
  }
  return RosterChange::done;
}

RosterChange MemoryActorKeys::rotate_actor_key(const Actor& replacement, const std::string& at) {
  std::unique_lock lock(mutex_);
  if (const auto problem = rotation_problem(keys_, replacement); problem != RosterChange::done) return problem;
  for (auto& k : keys_)
    if (k.actor.id == replacement.id && k.current()) k.valid_until = at;
  keys_.push_back({replacement, at, ""});
  return RosterChange::done;
}

ActorRoster::ActorRoster(std::vector<Actor> actors) : ActorRoster() {
  for (std::size_t i = 0; i < actors.size(); ++i) {
    const std::string at = fmt::format("/actors/{}", i);
    switch (add(std::move(actors[i]))) {
      case Added::added: break;
      case Added::id_taken: throw RosterError(at + "/id", "actor listed twice");
      case Added::api_key_taken: throw RosterError(at + "/api_key_sha256", "API key shared with another actor");
    }
  }
}

std::vector<Actor> ActorRoster::read(const std::string& path) {
  const json j = read_json_object(path, "the transit roster");
  try {
    if (!j.contains("actors") || !j["actors"].is_array()) throw RosterError("/actors", "an array of actors is required");
    std::vector<Actor> actors;
    for (std::size_t i = 0; i < j["actors"].size(); ++i)
      actors.push_back(actor_from_roster_entry(j["actors"][i], fmt::format("/actors/{}", i)));
    ActorRoster check(actors);  // duplicates
    return actors;
  } catch (const RosterError& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
}

void ActorRoster::save(const std::string& path) const {
  json arr = json::array();
  for (const auto& a : actors()) arr.push_back(roster_entry(a));
  write_private_json(path, {{"actors", arr}}, "the transit roster", true);
}

std::vector<std::string> ActorRoster::seed(const std::vector<Actor>& actors, const std::string& file) {
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < actors.size(); ++i) {
    const Actor& a = actors[i];
    switch (keys_->add_actor(a, "")) {
      case RosterChange::done: break;
      case RosterChange::id_taken: {
        const auto current = keys_->current_actor(a.id);
        if (current && (current->public_key != a.public_key || current->api_key_sha256 != a.api_key_sha256))
          notes.push_back(fmt::format("{}: /actors/{}: actor '{}' has another key in the store (rotated): the store's key "
                                      "is used; rotate with PUT /v1/transit/actors/{}, not by editing the file",
                                      file, i, a.id, a.id));
        break;
      }
      case RosterChange::api_key_taken:
        throw std::runtime_error(fmt::format("{}: /actors/{}/api_key_sha256: the store has this API key for another actor "
                                             "(or retired it)", file, i));
      default: break;
    }
  }
  return notes;
}

std::optional<Actor> ActorRoster::by_api_key(std::string_view api_key) const {
  return keys_->current_actor_by_api_key_hash(sha256_hex(api_key));
}

std::optional<Actor> ActorRoster::by_id(std::string_view id) const { return keys_->current_actor(std::string(id)); }

std::optional<ActorKey> ActorRoster::retired_by_api_key(std::string_view api_key) const {
  const std::string presented = sha256_hex(api_key);
  for (const auto& k : keys_->actor_keys())
    if (!k.current() && constant_time_equal(k.actor.api_key_sha256, presented)) return k;
  return std::nullopt;
}

std::vector<Actor> ActorRoster::actors() const {
  std::vector<Actor> out;
  for (const auto& k : keys_->actor_keys())
    if (k.current()) out.push_back(k.actor);
  return out;
}

json ActorRoster::public_entries() const {
  json out = json::array();
  const auto keys = keys_->actor_keys();
  for (const auto& k : keys) {
    if (!k.current()) continue;
    json entry = public_entry(k.actor);
    if (!k.valid_from.empty()) entry["valid_from"] = k.valid_from;
    json previous = json::array();
    for (const auto& old : keys)
      if (old.actor.id == k.actor.id && !old.current() && !old.actor.public_key.empty()) {
        json p = {{"public_key", old.actor.public_key}, {"valid_until", old.valid_until}};
        if (!old.valid_from.empty()) p["valid_from"] = old.valid_from;
        previous.push_back(std::move(p));
      }
    if (!previous.empty()) entry["previous_keys"] = std::move(previous);
    out.push_back(std::move(entry));
  }
  return out;
}

ActorRoster::Added ActorRoster::add(Actor actor, const std::string& at) {
  switch (keys_->add_actor(actor, at)) {
    case RosterChange::id_taken: return Added::id_taken;
    case RosterChange::api_key_taken: return Added::api_key_taken;
    default: return Added::added;
  }
}

ActorCredentials generate_credentials(const std::string& id, Role role, const std::string& country,
                                      const std::string& party) {
  ActorCredentials c;
  c.id = id;
  c.role = role;
  c.country = country;
  c.party = party;
  c.api_key = random_hex(24);
  c.api_key_sha256 = sha256_hex(c.api_key);
  const SigningKey key = generate_signing_key();
  c.public_key = key.public_key;
  c.secret_key = key.secret_key;
  return c;
}

void save_credentials(const ActorCredentials& credentials, const std::filesystem::path& path) {
  json j = public_entry(credentials);
  j["api_key"] = credentials.api_key;
  j["secret_key"] = credentials.secret_key;
  write_private_json(path, j, "a key file", false);
}

ActorCredentials load_credentials(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) throw std::runtime_error(fmt::format("{}: cannot read the actor's key file", path));
  refuse_if_shared(path, "the actor's key file (its secret key)");
  const json j = read_json_object(path, "the actor's key file");
  try {
    ActorCredentials c;
    static_cast<Actor&>(c) = actor_fields(j, "");
    c.api_key = text_field(j, "api_key", true, "");
    check_api_key(c.api_key, "");
    c.api_key_sha256 = sha256_hex(c.api_key);
    c.secret_key = hex_field(j, "secret_key", 64, true, "");
    // libsodium's secret key ends with the public key: a mismatched pair would sign unverifiably.
    if (c.public_key.empty() || c.secret_key.substr(64) != c.public_key) throw RosterError("/public_key", "does not belong to secret_key");
    return c;
  } catch (const RosterError& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
}

SigningKey load_or_create_server_key(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    const SigningKey key = generate_signing_key();
    write_private_json(path, {{"public_key", key.public_key}, {"secret_key", key.secret_key}}, "the server key", false);
    return key;
  }
  refuse_if_shared(path, "the transit server key (its secret key)");
  const json j = read_json_object(path, "the transit server key");
  try {
    SigningKey key{hex_field(j, "public_key", 32, true, ""), hex_field(j, "secret_key", 64, true, "")};
    if (key.secret_key.substr(64) != key.public_key) throw RosterError("/public_key", "does not belong to secret_key");
    return key;
  } catch (const RosterError& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
}

KeyRing KeyRing::generate(const std::vector<std::string>& countries) {
  std::vector<ActorCredentials> actors;
  actors.push_back(generate_credentials("holder", Role::holder, "", ""));
  std::set<std::string> seen;
  for (const auto& c : countries)
    if (seen.insert(c).second) actors.push_back(generate_credentials("customs-" + c, Role::customs, c, ""));
  return KeyRing(std::move(actors));
}

const ActorCredentials* KeyRing::by_id(std::string_view id) const {
  for (const auto& a : actors_)
    if (a.id == id) return &a;
  return nullptr;
}

std::vector<Actor> KeyRing::public_actors() const {
  std::vector<Actor> out;
  for (const auto& a : actors_) out.push_back(static_cast<const Actor&>(a));
  return out;
}

}  // namespace caravan::transit
