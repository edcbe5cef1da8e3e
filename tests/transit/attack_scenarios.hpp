#pragma once
// Attacks from the security probe (issue «Hold under attack») that every transit store must
// withstand, run by tests/transit/hardening_test.cpp on SQLite and by
// tests/transit/postgres/attacks_pg_test.cpp on PostgreSQL.
#include <httplib.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <thread>

#include "../support/run_caravan.hpp"
#include "../support/served_api.hpp"
#include "api/transit_endpoints.hpp"
#include "fixtures.hpp"
#include "transit/audit.hpp"
#include "transit/chain_check.hpp"
#include "temp_dir.hpp"
#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit::testing {

// Finding 5: 40 simultaneous sends of one start message, ten rounds. The message is applied once;
// every other send gets its stored first outcome (200, Idempotent-Replay), never 409 (210/214/215).
inline void expect_simultaneous_sends_get_the_outcome(std::shared_ptr<TransitStore> store) {
  using nlohmann::json;
  const auto data = caravan::testing::bundled_api_data();
  const auto keys = std::make_shared<const KeyRing>(test_keys());
  caravan::testing::ServedApi server(
      data, caravan::testing::loopback_settings(48),
      {api::transit_endpoint_group({std::move(store), roster_of(*keys), test_server_key(), ""}, data->baseline.network)});
  auto post = [&](const std::string& actor, const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(60, 0);
    return c.Post(path, {{"Authorization", "Bearer " + keys->by_id(actor)->api_key}}, signed_body(*keys, actor, path, body),
                  "application/json");
  };
  for (int round = 0; round < 10; ++round) {
    const auto created = post("holder", "/v1/transit/declarations", road_kz_uz(fmt::format("race-decl-{}", round)));
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    const std::string id = json::parse(created->body)["declaration"]["id"];
    const json start = leg_event(fmt::format("race-start-{}", round), "start", "KZALMATY", "KZ-1", 1);
    std::vector<int> statuses(40, 0);
    std::vector<std::string> bodies(40);
    std::vector<int> replays(40, 0);  // not vector<bool>: each thread writes its own element
    std::vector<std::thread> senders;
    for (int i = 0; i < 40; ++i)
      senders.emplace_back([&, i] {
        const auto r = post("customs-KZ", "/v1/transit/declarations/" + id + "/events", start);
        if (!r) return;
        statuses[i] = r->status;
        replays[i] = r->get_header_value("Idempotent-Replay") == "true" ? 1 : 0;
        bodies[i] = r->body;
      });
    for (auto& t : senders) t.join();
    int applied = 0;
    for (int i = 0; i < 40; ++i) {
      EXPECT_EQ(statuses[i], 200) << "round " << round << ", send " << i << ": " << bodies[i];
      applied += replays[i] ? 0 : 1;
      const json body = json::parse(bodies[i], nullptr, false);
      EXPECT_TRUE(body.is_object() && body.value("event", "") == "start") << bodies[i];
    }
    EXPECT_EQ(applied, 1) << "round " << round;
  }
}

// The export's lines rebuilt after entries' bodies changed: each body re-hashed, linked to the
// previous entry and countersigned with `countersigner`, the header naming its public key and
// carrying the new head signed with it.
inline std::string rebuilt_chain(const std::vector<std::string>& lines, const std::vector<nlohmann::json>& bodies,
                                 const SigningKey& countersigner) {
  using nlohmann::json;
  json header = json::parse(lines[0]);
  header["server_public_key"] = countersigner.public_key;
  std::string entries, previous;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const json outer = json::parse(lines[i]);
    json body = bodies[i - 1];
    body["previous_hash"] = previous;
    const std::string canonical = canonical_json(body);
    const std::string hash = sha256_hex(canonical);
    entries += canonical_json({{"actor", outer["actor"]}, {"canonical", canonical}, {"countersignature", sign_hex(countersigner.secret_key, hash)},
                               {"hash", hash}, {"previous_hash", previous}, {"public_key", body["public_key"]},
                               {"sequence", outer["sequence"]}}) + "\n";
    previous = hash;
  }
  header["head"] = signed_head(header["declaration_id"], static_cast<std::int64_t>(lines.size() - 1), previous, countersigner);
  return canonical_json(header) + "\n" + entries;
}

// The lines of a text file.
inline std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Finding 2, deliverables 2 and 3: `caravan transit verify --roster --head --document` needs no
// trust in the file or the operator. An outsider's re-signed chain verifies from the file alone
// but not against the roster; an entry rewritten by whoever holds the server's key fails on its
// sender's signature; a wrong countersignature is named; a chain missing its last entry fails
// against the head; an edited document fails at its field.
inline void expect_verify_catches_forgeries(const std::string& store_address, const std::filesystem::path& dir) {
  using caravan::testing::run_caravan;
  using caravan::testing::shell_quote;
  using nlohmann::json;
  const std::string roster_file = (dir / "server" / "roster.json").string();
  const std::string server_key_file = (dir / "server" / "server-key.json").string();
  const std::string flags = " --roster " + shell_quote(roster_file) + " --server-key " + shell_quote(server_key_file) +
                            " --store " + shell_quote(store_address);
  auto key = [&](const std::string& actor) { return " --key " + shell_quote((dir / "actors" / (actor + ".json")).string()); };
  for (const char* actor : {"holder", "customs-KZ"})
    ASSERT_EQ(run_caravan(fmt::format("transit keygen --actor {} --out {} --add-to {}", actor,
                                      shell_quote((dir / "actors" / (std::string(actor) + ".json")).string()),
                                      shell_quote(roster_file))).exit_code, 0);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
    return (dir / name).string();
  };
  auto r = run_caravan("transit declare " + shell_quote(write("decl.json", road_kz_uz().dump())) + key("holder") + flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  ASSERT_EQ(run_caravan("transit event " + id + " --type start --office KZALMATY --operation-id KZ-1 --sequence 1 --message-id s1" + key("customs-KZ") + flags).exit_code, 0);
  // An export taken while the chain had two entries: genuine, with the head of that time.
  const std::string early = (dir / "early.jsonl").string();
  ASSERT_EQ(run_caravan("transit export " + id + " -o " + shell_quote(early) + flags).exit_code, 0);
  ASSERT_EQ(run_caravan("transit event " + id + " --type terminate --office KZZHIBEK --operation-id KZ-2 --sequence 2 --message-id t1" + key("customs-KZ") + flags).exit_code, 0);
  const std::string chain = (dir / "chain.jsonl").string();
  ASSERT_EQ(run_caravan("transit export " + id + " -o " + shell_quote(chain) + flags).exit_code, 0);
  r = run_caravan("transit show " + id + flags);
  ASSERT_EQ(r.exit_code, 0);
  const json document = json::parse(r.out);
  const std::string doc = write("doc.json", document.dump(2));
  // The head as the server gave it: signed, {"declaration_id","hash","sequence","signature"}.
  const json signed_head_json = document["audit_head"];
  ASSERT_EQ(signed_head_json["sequence"], 3);
  ASSERT_EQ(signed_head_json["declaration_id"], id);
  const std::string head = write("head.json", signed_head_json.dump());
  r = run_caravan("transit roster" + flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string ring = write("public-roster.json", r.out);
  const std::string with_roster = " --roster " + shell_quote(ring);

  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(head) + " --document " + shell_quote(doc));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, chain + ": chain of 3 entries of declaration " + id + " verifies (0 withheld, every key in the roster " + ring +
                       ", complete up to its head 3, and " + doc + " is what it says)\n");
  // The declaration document as saved from the API carries the same head.
  EXPECT_EQ(run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(doc)).exit_code, 0);

  // A head signed by an outsider's key, with the right sequence and hash.
  const SigningKey stranger = generate_signing_key();
  const std::string outsider_head =
      write("outsider-head.json", transit::signed_head(id, 3, signed_head_json["hash"], stranger).dump());
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(outsider_head));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, outsider_head + ": head, field signature: not signed by the roster's server key (another key, or the head was edited)\n" +
                       chain + ": does NOT verify (1 problem)\n");
  // The head edited: its sequence, its hash (to the entry before), its declaration.
  json edited_head = signed_head_json;
  edited_head["sequence"] = 2;
  const std::string seq_head = write("seq-head.json", edited_head.dump());
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(seq_head));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, seq_head + ": head, field sequence: edited: the server signed this head for sequence 3\n" + chain +
                       ": does NOT verify (1 problem)\n");
  edited_head = signed_head_json;
  edited_head["hash"] = json::parse(lines_of(chain)[2])["hash"];
  const std::string hash_head = write("hash-head.json", edited_head.dump());
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(hash_head));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, hash_head + ": head, field hash: edited: the server signed this head for the hash of entry 3\n" + chain +
                       ": does NOT verify (1 problem)\n");
  edited_head = signed_head_json;
  edited_head["declaration_id"] = "26KZ00000000009999";
  const std::string id_head = write("id-head.json", edited_head.dump());
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(id_head));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, id_head + ": head, field declaration_id: edited: the server signed this head for declaration " + id + "\n" + chain +
                       ": does NOT verify (1 problem)\n");
  // The unsigned SEQUENCE:HASH of earlier versions is not taken, nor a head without a roster.
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head 3:" + signed_head_json["hash"].get<std::string>());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--head: 3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not SEQUENCE:HASH"), std::string::npos) << r.err;
  r = run_caravan("transit verify " + shell_quote(chain) + " --head " + shell_quote(head));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--head needs --roster"), std::string::npos) << r.err;
  json unsigned_head = signed_head_json;
  unsigned_head.erase("signature");
  const std::string bare_head = write("bare-head.json", unsigned_head.dump());
  r = run_caravan("transit verify " + shell_quote(chain) + with_roster + " --head " + shell_quote(bare_head));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--head: " + bare_head + ": /signature: required"), std::string::npos) << r.err;

  std::ifstream in(chain);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  std::vector<json> bodies;
  for (std::size_t i = 1; i < lines.size(); ++i) bodies.push_back(json::parse(json::parse(lines[i])["canonical"].get<std::string>()));

  // An outsider re-signs every message and countersigns every entry with a fresh key pair:
  // consistent in itself.
  const SigningKey outsider = generate_signing_key();
  std::vector<json> resigned = bodies;
  for (auto& body : resigned) {
    body["public_key"] = outsider.public_key;
    const std::string declaration = body["type"] == "submit" ? "" : id;
    body["signature"] = sign_message(body["message"], body["actor"], declaration, outsider.secret_key)["signature"];
  }
  const std::string forged_path = write("forged.jsonl", rebuilt_chain(lines, resigned, outsider));
  EXPECT_EQ(run_caravan("transit verify " + shell_quote(forged_path)).exit_code, 0);
  r = run_caravan("transit verify " + shell_quote(forged_path) + " --roster " + shell_quote(ring));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, forged_path + ":1: header, field server_public_key: not the server key of the roster: the entries are not countersigned by that server\n" +
                       forged_path + ":2: entry 1, field public_key: signed with a key that is not the roster's key of actor 'holder'\n" +
                       forged_path + ":3: entry 2, field public_key: signed with a key that is not the roster's key of actor 'customs-KZ'\n" +
                       forged_path + ":4: entry 3, field public_key: signed with a key that is not the roster's key of actor 'customs-KZ'\n" +
                       forged_path + ": does NOT verify (4 problems)\n");

  // Whoever runs the server has its key but not customs-KZ's: it rewrites entry 2 (the start
  // office) and countersigns the chain anew. The sender's signature names the entry.
  const SigningKey server = load_or_create_server_key(server_key_file);
  std::vector<json> rewritten = bodies;
  rewritten[1]["message"]["office"] = "KZNURZHO";
  rewritten[1]["data"]["office"] = "KZNURZHO";
  const std::string operator_path = write("operator.jsonl", rebuilt_chain(lines, rewritten, server));
  r = run_caravan("transit verify " + shell_quote(operator_path) + " --roster " + shell_quote(ring));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, operator_path + ":3: entry 2, field signature: the sender's signature does not verify over its message\n" +
                       operator_path + ": does NOT verify (1 problem)\n");

  // A countersignature that is not the server's.
  json third = json::parse(lines[3]);
  third["countersignature"] = sign_hex(outsider.secret_key, third["hash"].get<std::string>());
  const std::string countersigned = write("countersigned.jsonl", lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + canonical_json(third) + "\n");
  r = run_caravan("transit verify " + shell_quote(countersigned) + " --roster " + shell_quote(ring));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, countersigned + ":4: entry 3, field countersignature: the server's countersignature does not verify\n" +
                       countersigned + ": does NOT verify (1 problem)\n");

  // The last entry dropped, under the header of the earlier export (its genuine signed head of
  // entry 2): consistent in itself, and against the roster; the verifier's later signed head
  // catches it.
  const std::string cut = write("cut.jsonl", lines_of(early)[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");
  EXPECT_EQ(run_caravan("transit verify " + shell_quote(cut) + with_roster).exit_code, 0);
  for (const std::string& given : {head, doc}) {
    r = run_caravan("transit verify " + shell_quote(cut) + with_roster + " --head " + shell_quote(given));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, cut + ":1: header, field entries: the chain has 2 entries, its head has 3: entries are missing\n" + cut +
                         ": does NOT verify (1 problem)\n");
  }
  // Cut under the current header: the file's own signed head already tells.
  json header = json::parse(lines[0]);
  header["entries"] = 2;
  const std::string cut_now = write("cut-now.jsonl", canonical_json(header) + "\n" + lines[1] + "\n" + lines[2] + "\n");
  r = run_caravan("transit verify " + shell_quote(cut_now));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, cut_now + ":1: header, field head.sequence: the head is entry 3, the file has 2 entries: entries are missing\n" +
                       cut_now + ": does NOT verify (1 problem)\n");

  // The document edited after the fact: a goods description, and a leg's state.
  json edited = document;
  edited["consignments"][0]["items"][0]["description"] = "Tractors";
  edited["legs"][1]["state"] = "started";
  const std::string edited_path = write("edited.json", edited.dump(2));
  r = run_caravan("transit verify " + shell_quote(chain) + " --document " + shell_quote(edited_path));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, chain + ":2: entry 1, field document /consignments/0/items/0/description: differs from what the chain's messages declared\n" +
                       chain + ":2: entry 1, field document /legs/1/state: the chain leaves this leg pending\n" + chain +
                       ": does NOT verify (2 problems)\n");
}

// Deliverable 2 (keys that belong to their owners), without restarts: two servers on one store
// (`open` opens another connection to the same database each call). An actor registered through
// one server works through the other at once; a key rotated through one is refused by the other
// at once (401 for the retired API key, 403/342 for a message signed with the retired key), the new
// key works, and the chain with entries under both keys verifies against the published roster,
// which keeps the retired key with the time it was valid.
inline void expect_roster_changes_reach_every_server(const std::function<std::shared_ptr<TransitStore>()>& open) {
  using nlohmann::json;
  const auto data = caravan::testing::bundled_api_data();
  const KeyRing keys = test_keys();
  const ActorCredentials admin = generate_credentials("admin", Role::administrator, "", "");
  std::vector<Actor> file = keys.public_actors();
  file.push_back(admin);
  auto roster_on = [&](const std::shared_ptr<TransitStore>& store) {
    auto roster = std::make_shared<ActorRoster>(std::dynamic_pointer_cast<ActorKeyStore>(store));
    EXPECT_EQ(roster->seed(file, "roster.json"), std::vector<std::string>{});
    return roster;
  };
  const auto store_a = open(), store_b = open();
  caravan::testing::ServedApi a(data, caravan::testing::loopback_settings(8),
                                {api::transit_endpoint_group({store_a, roster_on(store_a), test_server_key(), ""}, data->baseline.network)});
  caravan::testing::ServedApi b(data, caravan::testing::loopback_settings(8),
                                {api::transit_endpoint_group({store_b, roster_on(store_b), test_server_key(), ""}, data->baseline.network)});
  auto send = [](const caravan::testing::ServedApi& server, const std::string& method, const std::string& api_key,
                 const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", server.port());
    const httplib::Headers headers{{"Authorization", "Bearer " + api_key}};
    auto r = method == "GET" ? c.Get(path, headers)
             : method == "PUT" ? c.Put(path, headers, body.dump(), "application/json")
                               : c.Post(path, headers, body.dump(), "application/json");
    EXPECT_TRUE(r) << method << " " << path;
    return r;
  };
  auto signed_as = [](const ActorCredentials& who, const json& message, const std::string& declaration) {
    return sign_message(message, who.id, declaration, who.secret_key);
  };

  // Registered through A, used through B.
  const ActorCredentials newcomer = generate_credentials("holder-2", Role::holder, "", "KZ/015/2345");
  auto r = send(a, "POST", admin.api_key, "/v1/transit/actors", roster_entry(newcomer));
  ASSERT_EQ(r->status, 201) << r->body;
  r = send(b, "POST", newcomer.api_key, "/v1/transit/declarations", signed_as(newcomer, road_kz_uz("rot-decl"), ""));
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string id = json::parse(r->body)["declaration"]["id"];
  const std::string events = "/v1/transit/declarations/" + id + "/events";
  const ActorCredentials& old_kz = *keys.by_id("customs-KZ");
  r = send(b, "POST", old_kz.api_key, events, signed_as(old_kz, leg_event("rot-s", "start", "KZALMATY", "KZ-1", 1), id));
  ASSERT_EQ(r->status, 200) << r->body;

  // customs-KZ rotates through B; A refuses the old key with the next request.
  const ActorCredentials new_kz = generate_credentials("customs-KZ", Role::customs, "KZ", "");
  r = send(b, "PUT", admin.api_key, "/v1/transit/actors/customs-KZ", roster_entry(new_kz));
  ASSERT_EQ(r->status, 200) << r->body;
  const json rotated = json::parse(r->body);
  EXPECT_EQ(rotated["public_key"], new_kz.public_key);
  const std::string rotated_at = rotated["valid_from"];
  const json terminate = leg_event("rot-t", "terminate", "KZZHIBEK", "KZ-2", 2);
  r = send(a, "POST", old_kz.api_key, events, signed_as(old_kz, terminate, id));
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(json::parse(r->body)["detail"],
            "API key retired: actor 'customs-KZ' rotated its key at " + rotated_at + "; use its new key file");
  r = send(a, "POST", new_kz.api_key, events, signed_as(old_kz, terminate, id));
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["code"], 342);
  r = send(a, "POST", new_kz.api_key, events, signed_as(new_kz, terminate, id));
  ASSERT_EQ(r->status, 200) << r->body;

  // What cannot be rotated, with its pointer.
  auto refused = [&](const std::string& api_key, const std::string& who, const json& line, int status, const std::string& pointer) {
    const auto answer = send(a, "PUT", api_key, "/v1/transit/actors/" + who, line);
    EXPECT_EQ(answer->status, status) << who << ": " << answer->body;
    if (!pointer.empty()) {
      EXPECT_EQ(json::parse(answer->body)["errors"][0]["pointer"], pointer) << answer->body;
    }
  };
  const ActorCredentials again = generate_credentials("customs-KZ", Role::customs, "KZ", "");
  refused(new_kz.api_key, "customs-KZ", roster_entry(again), 403, "");           // not an administrator
  refused(admin.api_key, "customs-UZ", roster_entry(again), 400, "/id");         // the line is another actor's
  refused(admin.api_key, "customs-KG", roster_entry(generate_credentials("customs-KG", Role::customs, "KG", "")), 200, "");
  refused(admin.api_key, "customs-XX", roster_entry(generate_credentials("customs-XX", Role::customs, "KZ", "")), 404, "/id");
  refused(admin.api_key, "customs-KZ", roster_entry(generate_credentials("customs-KZ", Role::customs, "UZ", "")), 409, "/role");
  Actor reused = again;
  reused.public_key = old_kz.public_key;
  refused(admin.api_key, "customs-KZ", roster_entry(reused), 409, "/public_key");
  reused = again;
  reused.api_key_sha256 = old_kz.api_key_sha256;
  refused(admin.api_key, "customs-KZ", roster_entry(reused), 409, "/api_key_sha256");

  // The published roster keeps the retired key and when it was valid; the chain (start under the
  // old key, terminate under the new) verifies against it.
  r = send(b, "GET", newcomer.api_key, "/v1/transit/roster", json());
  json published = json::parse(r->body);
  json kz;
  for (const auto& entry : published["actors"])
    if (entry["id"] == "customs-KZ") kz = entry;
  EXPECT_EQ(kz["public_key"], new_kz.public_key);
  EXPECT_EQ(kz["valid_from"], rotated_at);
  EXPECT_EQ(kz["previous_keys"], json::parse(R"([{"public_key":")" + old_kz.public_key + R"(","valid_until":")" + rotated_at + R"("}])"));
  const std::string exported = send(a, "GET", newcomer.api_key, "/v1/transit/declarations/" + id + "/audit", json())->body;
  const auto dir = fresh_temp_dir("rotation");
  auto check_against = [&](const json& roster_json) {
    std::ofstream(dir / "roster.json", std::ios::trunc) << roster_json.dump();
    const Roster roster = load_roster((dir / "roster.json").string());
    auto report = verify_audit_export(exported);
    ChainExpectations expect;
    expect.roster = &roster;
    check_chain(exported, expect, report);
    std::string out;
    for (const auto& p : report.problems) out += fmt::format("{}:{}:{}: {}\n", p.line, p.entry, p.field, p.message);
    return out;
  };
  EXPECT_EQ(check_against(published), "");
  // An entry signed with the old key after its end: claimed by the roster edited to end it earlier.
  json early = published;
  for (auto& entry : early["actors"])
    if (entry["id"] == "customs-KZ") entry["previous_keys"][0]["valid_until"] = "2000-01-01T00:00:00Z";
  std::vector<std::string> export_lines;
  for (std::size_t start = 0; start < exported.size();) {
    const std::size_t end = exported.find('\n', start);
    export_lines.push_back(exported.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(export_lines.size(), 4u);
  const json start_body = json::parse(json::parse(export_lines[2])["canonical"].get<std::string>());
  EXPECT_EQ(check_against(early), "3:2:public_key: signed with a key of actor 'customs-KZ' valid from the start to 2000-01-01T00:00:00Z, not at " +
                                      start_body["at"].get<std::string>() + "\n");
  // Without the retired key the start is not the roster's key of customs-KZ.
  json forgotten = published;
  for (auto& entry : forgotten["actors"])
    if (entry["id"] == "customs-KZ") entry.erase("previous_keys");
  EXPECT_EQ(check_against(forgotten), "3:2:public_key: signed with a key that is not the roster's key of actor 'customs-KZ'\n");

  // A server started later with the old roster file keeps the store's key and says so.
  const auto store_c = open();
  ActorRoster later(std::dynamic_pointer_cast<ActorKeyStore>(store_c));
  const auto notes = later.seed(file, "old-roster.json");
  ASSERT_EQ(notes.size(), 2u);  // customs-KZ and customs-KG were rotated
  EXPECT_EQ(notes[0], "old-roster.json: /actors/2: actor 'customs-KZ' has another key in the store (rotated): the store's key "
                      "is used; rotate with PUT /v1/transit/actors/customs-KZ, not by editing the file");
  EXPECT_NE(notes[1].find("old-roster.json: /actors/3: actor 'customs-KG' has another key"), std::string::npos) << notes[1];
  EXPECT_FALSE(later.by_api_key(old_kz.api_key));
  EXPECT_EQ(later.by_api_key(new_kz.api_key)->public_key, new_kz.public_key);
}

}  // namespace caravan::transit::testing
