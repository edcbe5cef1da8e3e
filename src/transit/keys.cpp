#include "transit/keys.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/json_depth.hpp"
#include "transit/private_files.hpp"
#include "transit/reference_data.hpp"

namespace caravan::transit {

using nlohmann::json;

KeyRing::KeyRing(std::vector<Actor> actors) : actors_(std::move(actors)) {
  for (auto& a : actors_)
    if (a.api_key_sha256.empty() && !a.api_key.empty()) a.api_key_sha256 = sha256_hex(a.api_key);
}

KeyRing KeyRing::load(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) throw std::runtime_error(fmt::format("{}: cannot read the transit key ring", path));
  refuse_if_shared(path, "the transit key ring (API keys and secret keys)");
  const std::string text = read_json_file_text(path, "the transit key ring");
  const json j = json::parse(text, nullptr, false);
  auto fail = [&](const std::string& pointer, const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}: {}", path, pointer.empty() ? "/" : pointer, what));
  };
  if (j.is_discarded() || !j.is_object()) fail("", "not a JSON object");
  if (!j.contains("actors") || !j["actors"].is_array()) fail("/actors", "an array of actors is required");
  std::vector<Actor> actors;
  std::set<std::string> ids, api_keys;
  for (std::size_t i = 0; i < j["actors"].size(); ++i) {
    const json& a = j["actors"][i];
    const std::string p = "/actors/" + std::to_string(i);
    if (!a.is_object()) fail(p, "not an object");
    auto text = [&](const char* key, bool required) -> std::string {
      if (!a.contains(key)) {
        if (required) fail(p + "/" + key, "required");
        return "";
      }
      if (!a[key].is_string() || a[key].get<std::string>().empty()) fail(p + "/" + key, "must be a non-empty string");
      return a[key].get<std::string>();
    };
    Actor actor;
    actor.id = text("id", true);
    const std::string role = text("role", true);
    if (role == "holder") actor.role = Role::holder;
    else if (role == "customs") actor.role = Role::customs;
    else fail(p + "/role", "must be \"holder\" or \"customs\"");
    actor.country = text("country", actor.role == Role::customs);
    if (actor.role == Role::customs && !is_iso3166_country(actor.country))
      fail(p + "/country", "'" + actor.country + "' is not an ISO 3166-1 alpha-2 country");
    actor.party = text("party", false);
    // The API key itself, or only its SHA-256 (api_key_sha256), so that the server's copy of the
    // ring need not hold the keys.
    actor.api_key = text("api_key", !a.contains("api_key_sha256"));
    if (!actor.api_key.empty()) {
      if (actor.api_key.size() < 16) fail(p + "/api_key", "at least 16 characters");
      for (const char c : actor.api_key)
        if (c <= ' ' || c > '~' || c == '%') fail(p + "/api_key", "visible ASCII characters only, without '%'");
      actor.api_key_sha256 = sha256_hex(actor.api_key);
    }
    if (a.contains("api_key_sha256")) {
      const std::string hash = text("api_key_sha256", true);
      std::string bytes;
      if (!hex_to_bytes(hash, 32, bytes)) fail(p + "/api_key_sha256", "32 bytes of lowercase hex expected");
      if (!actor.api_key_sha256.empty() && actor.api_key_sha256 != hash) fail(p + "/api_key_sha256", "is not the SHA-256 of api_key");
      actor.api_key_sha256 = hash;
    }
    actor.key.public_key = text("public_key", true);
    actor.key.secret_key = text("secret_key", true);
    std::string bytes;
    if (!hex_to_bytes(actor.key.public_key, 32, bytes)) fail(p + "/public_key", "32 bytes of lowercase hex expected");
    if (!hex_to_bytes(actor.key.secret_key, 64, bytes)) fail(p + "/secret_key", "64 bytes of lowercase hex expected");
    // libsodium's secret key ends with the public key: a mismatched pair would sign unverifiably.
    if (actor.key.secret_key.substr(64) != actor.key.public_key)
      fail(p + "/public_key", "does not belong to secret_key");
    if (!ids.insert(actor.id).second) fail(p + "/id", "actor '" + actor.id + "' listed twice");
    if (!api_keys.insert(actor.api_key_sha256).second) fail(p + "/api_key", "API key shared with another actor");
    actors.push_back(std::move(actor));
  }
  return KeyRing(std::move(actors));
}

KeyRing KeyRing::generate(const std::vector<std::string>& countries) {
  std::vector<Actor> actors;
  actors.push_back({"holder", Role::holder, "", "", random_hex(24), "", generate_signing_key()});
  std::set<std::string> seen;
  for (const auto& c : countries)
    if (seen.insert(c).second) actors.push_back({"customs-" + c, Role::customs, c, "", random_hex(24), "", generate_signing_key()});
  return KeyRing(std::move(actors));
}

KeyRing KeyRing::load_or_create(const std::string& path, const std::vector<std::string>& countries) {
  if (std::filesystem::exists(path)) return load(path);
  KeyRing ring = generate(countries);
  ring.save(path);
  return ring;
}

void KeyRing::save(const std::string& path) const {
  json arr = json::array();
  for (const auto& a : actors_) {
    json j = {{"id", a.id}, {"role", a.role == Role::holder ? "holder" : "customs"},
              {"public_key", a.key.public_key}, {"secret_key", a.key.secret_key}};
    if (!a.api_key.empty()) j["api_key"] = a.api_key;
    else j["api_key_sha256"] = a.api_key_sha256;
    if (!a.country.empty()) j["country"] = a.country;
    if (!a.party.empty()) j["party"] = a.party;
    arr.push_back(std::move(j));
  }
  create_private_directories(std::filesystem::path(path).parent_path());
  const std::string tmp = path + ".tmp";
  {
    ensure_private_file(tmp);  // 0600 before a byte is written (the umask is not consulted)
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write the transit key ring", path));
    out << json{{"actors", arr}}.dump(2) << '\n';
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write the transit key ring", path));
  }
  std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(tmp, path);
}

const Actor* KeyRing::by_api_key(std::string_view api_key) const {
  // Hashes compared, in constant time and without an early exit: neither the key's length nor
  // which actor matched shows in the time taken.
  const std::string presented = sha256_hex(api_key);
  const Actor* found = nullptr;
  for (const auto& a : actors_)
    if (constant_time_equal(a.api_key_sha256, presented)) found = &a;
  return found;
}

const Actor* KeyRing::by_id(std::string_view id) const {
  for (const auto& a : actors_)
    if (a.id == id) return &a;
  return nullptr;
}

}  // namespace caravan::transit
