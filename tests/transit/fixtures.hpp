#pragma once
// Sample messages shared by the transit tests. Office codes follow the documented derivation from
// corridor node ids (country + first six letters/digits of the place), e.g. KZ_ALMATY → KZALMATY.
#include <string>

#include <nlohmann/json.hpp>

#include <memory>

#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/service.hpp"
#include "transit/sqlite_store.hpp"

namespace caravan::transit::testing {

// Road Almaty → Zhibek Zholy | Gisht Kuprik → Tashkent: legs KZ (KZALMATY→KZZHIBEK), UZ (UZGISHTK→UZTASHKE).
inline nlohmann::json road_kz_uz(const std::string& message_id = "decl-1") {
  return nlohmann::json::parse(R"({
    "message_id": ")" + message_id + R"(",
    "local_reference": "LRN-2026-0001",
    "mode": "road",
    "holder": {"id": "KZ/015/2345", "name": "Almaty Freight LLP", "country": "KZ"},
    "guarantee": {"reference": "TIRXK12345678", "amount": 60000, "currency": "EUR"},
    "consignments": [{
      "items": [
        {"hs6": "870323", "national_code": "8703231940", "description": "Passenger cars 1500-3000 cc",
         "gross_mass_kg": 12400.5, "packages": 8},
        {"hs6": "401110", "description": "New pneumatic tyres for cars", "gross_mass_kg": 1800, "packages": 120}
      ],
      "transport_equipment": [{"container": "CSQU3054383", "number_of_seals": 2, "seals": ["KZ0012345", "KZ0012346"]}]
    }],
    "itinerary": [{"office": "KZALMATY"}, {"office": "KZZHIBEK"}, {"office": "UZGISHTK"}, {"office": "UZTASHKE"}]
  })");
}

inline nlohmann::json leg_event(const std::string& message_id, const std::string& type, const std::string& office,
                                const std::string& operation_id, int sequence) {
  nlohmann::json e = {{"message_id", message_id}, {"type", type}, {"office", office},
                      {"operation_id", operation_id}, {"sequence", sequence}};
  if (type == "refuse") e["reason"] = "seals broken";
  return e;
}

// The credentials of the holder and customs of CN, KZ, KG, UZ, TM (fresh keys each time), as
// each actor would keep its own; the server gets only roster_of(keys).
inline KeyRing test_keys() { return KeyRing::generate({"CN", "KZ", "KG", "UZ", "TM"}); }

inline std::shared_ptr<ActorRoster> roster_of(const KeyRing& keys) {
  return std::make_shared<ActorRoster>(keys.public_actors());
}

// The server's own key pair in these tests.
inline const SigningKey& test_server_key() {
  static const SigningKey key = generate_signing_key();
  return key;
}

// `message` signed with `actor`'s own secret key, for `declaration_id` ("" for a submission).
inline nlohmann::json signed_by(const KeyRing& keys, const std::string& actor, const nlohmann::json& message,
                                const std::string& declaration_id = "") {
  return sign_message(message, actor, declaration_id, keys.by_id(actor)->secret_key);
}

// The transit reference in an API path (/v1/transit/declarations/ID/events), "" for others.
inline std::string declaration_in_path(const std::string& path) {
  const std::string prefix = "/v1/transit/declarations/";
  if (path.rfind(prefix, 0) != 0) return "";
  const std::string rest = path.substr(prefix.size());
  const auto slash = rest.find('/');
  return slash == std::string::npos ? "" : rest.substr(0, slash);
}

// The body a client of `actor` POSTs to `path`: signed when it is a JSON object.
inline std::string signed_body(const KeyRing& keys, const std::string& actor, const std::string& path,
                               const nlohmann::json& message) {
  if (!message.is_object()) return message.dump();
  return signed_by(keys, actor, message, declaration_in_path(path)).dump();
}

inline ServiceOptions service_options() {
  ServiceOptions o;
  o.server_key = test_server_key();
  return o;
}

// A fixed clock for exact expectations.
inline ServiceOptions fixed_clock() {
  ServiceOptions o = service_options();
  o.clock = [] { return std::string("2026-12-07T08:00:00Z"); };
  return o;
}

}  // namespace caravan::transit::testing
