// The transit endpoints through a real HTTP client against a started ApiServer.
#include <httplib.h>

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "api/server.hpp"
#include "../support/served_api.hpp"
#include "api/transit_endpoints.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"
#include "transit/chain_check.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

class TransitHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    keys_ = std::make_shared<const KeyRing>(testing::test_keys());
    dir_ = testing::fresh_temp_dir("http");
    std::shared_ptr<TransitStore> store = std::make_shared<SqliteStore>((dir_ / "transit.db").string());
    // The server holds the actors' public keys (and an administrator's API key hash) only.
    roster_ = testing::roster_of(*keys_);
    roster_->add(admin_);
    server_ = std::make_unique<caravan::testing::ServedApi>(
        data_, caravan::testing::loopback_settings(8),
        std::vector<api::EndpointGroup>{api::transit_endpoint_group(
            {store, roster_, testing::test_server_key(), (dir_ / "roster.json").string()}, data_->baseline.network)});
  }
  static void TearDownTestSuite() {
    server_.reset();
  }
  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers as(const std::string& actor) {
    return {{"Authorization", "Bearer " + (actor == "admin" ? admin_.api_key : keys_->by_id(actor)->api_key)}};
  }
  // Signed by the actor, as its client does.
  static httplib::Result post(const std::string& actor, const std::string& path, const json& body) {
    return client().Post(path, as(actor), testing::signed_body(*keys_, actor, path, body), "application/json");
  }
  static httplib::Result post_as_is(const std::string& actor, const std::string& path, const json& body) {
    return client().Post(path, as(actor), body.dump(), "application/json");
  }
  static httplib::Result get(const std::string& actor, const std::string& path) { return client().Get(path, as(actor)); }
  static json problem(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    return json::parse(r->body);
  }
  static std::string declare(const std::string& message_id) {
    const auto r = post("holder", "/v1/transit/declarations", testing::road_kz_uz(message_id));
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["declaration"]["id"];
  }
  static inline std::shared_ptr<const api::ApiData> data_;
  static inline std::shared_ptr<const KeyRing> keys_;
  static inline std::shared_ptr<ActorRoster> roster_;
  static inline std::filesystem::path dir_;
  static inline const ActorCredentials admin_ = generate_credentials("admin", Role::administrator, "", "");
  static inline std::unique_ptr<caravan::testing::ServedApi> server_;
};

TEST_F(TransitHttpTest, MissingOrWrongKeyIs401WithoutData) {
  const std::string id = declare("h-auth");
  auto c = client();
  auto r = c.Get("/v1/transit/declarations/" + id);
  problem(r, 401);
  EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer");
  r = c.Get("/v1/transit/declarations/" + id, {{"Authorization", "Bearer not-a-key-of-anyone-here"}});
  const json p = problem(r, 401);
  EXPECT_EQ(r->body.find("KZALMATY"), std::string::npos);
  r = c.Post("/v1/transit/declarations", {{"X-Api-Key", "wrong"}}, testing::road_kz_uz("h-x").dump(), "application/json");
  problem(r, 401);
}

// A customs authority's message signed with another actor's key is refused, as is an unsigned one.
TEST_F(TransitHttpTest, MessagesSignedByAnotherActorAreRefused) {
  const std::string id = declare("h-sig");
  const std::string events = "/v1/transit/declarations/" + id + "/events";
  const json start = testing::leg_event("h-sig-s", "start", "KZALMATY", "KZ-OP-1", 1);
  json p = problem(post_as_is("customs-KZ", events, testing::signed_by(*keys_, "customs-UZ", start, id)), 403);
  EXPECT_EQ(p["errors"], json::parse(R"([{"class":"functional","code":342,"detail":"not signed with the key actor 'customs-KZ' registered, for declaration )" +
                                     id + R"(","pointer":"/signature","title":"signature does not verify"}])"));
  p = problem(post_as_is("customs-KZ", events, start), 400);
  EXPECT_EQ(p["errors"][0]["code"], 340);
  EXPECT_EQ(p["errors"][0]["pointer"], "/signature");
  json garbled = testing::signed_by(*keys_, "customs-KZ", start, id);
  garbled["signature"] = 7;
  p = problem(post_as_is("customs-KZ", events, garbled), 400);
  EXPECT_EQ(p["errors"][0]["code"], 341);
  EXPECT_EQ(json::parse(get("holder", "/v1/transit/declarations/" + id)->body)["version"], 1);
  EXPECT_EQ(post("customs-KZ", events, start)->status, 200);
}

// An administrator registers an actor's public key and API key hash; the actor then signs in and
// sends. Nothing secret is accepted into the roster, and only an administrator registers.
TEST_F(TransitHttpTest, AdministratorRegistersActors) {
  const auto newcomer = generate_credentials("holder-2", Role::holder, "", "");
  const std::string path = "/v1/transit/actors";
  problem(post_as_is("holder", path, roster_entry(newcomer)), 403);
  problem(post_as_is("admin", "/v1/transit/declarations", testing::road_kz_uz("h-admin")), 403);
  json with_secret = roster_entry(newcomer);
  with_secret["secret_key"] = newcomer.secret_key;
  json p = problem(post_as_is("admin", path, with_secret), 400);
  EXPECT_EQ(p["errors"][0]["pointer"], "/secret_key");
  json bad_key = roster_entry(newcomer);
  bad_key["public_key"] = "00";
  p = problem(post_as_is("admin", path, bad_key), 400);
  EXPECT_EQ(p["errors"], json::parse(R"([{"pointer":"/public_key","detail":"32 bytes of lowercase hex expected"}])"));

  const auto r = post_as_is("admin", path, roster_entry(newcomer));
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body), public_entry(newcomer));
  p = problem(post_as_is("admin", path, roster_entry(newcomer)), 409);
  EXPECT_EQ(p["errors"][0]["pointer"], "/id");
  // Persisted: the roster file holds the public entry, nothing secret.
  EXPECT_EQ(ActorRoster::read((dir_ / "roster.json").string()).back().public_key, newcomer.public_key);

  const json declaration = testing::road_kz_uz("h-newcomer");
  const auto created = client().Post("/v1/transit/declarations", {{"Authorization", "Bearer " + newcomer.api_key}},
                                     sign_message(declaration, "holder-2", "", newcomer.secret_key).dump(), "application/json");
  EXPECT_EQ(created->status, 201) << created->body;

  // The public roster: every actor's public key and the server's, no API key hash.
  const json roster = json::parse(get("customs-KZ", "/v1/transit/roster")->body);
  EXPECT_EQ(roster["server_public_key"], testing::test_server_key().public_key);
  // Registered over HTTP: its key is valid from the registration (the server's clock).
  json expected = public_entry(newcomer);
  ASSERT_TRUE(roster["actors"].back().contains("valid_from"));
  expected["valid_from"] = roster["actors"].back()["valid_from"];
  EXPECT_EQ(roster["actors"].back(), expected);
  EXPECT_EQ(roster["actors"].back()["valid_from"].get<std::string>().size(), 20u);
  EXPECT_EQ(roster.dump().find("api_key"), std::string::npos);
}

TEST_F(TransitHttpTest, DeclareSeeAndRunToDischarge) {
  const auto created = post("holder", "/v1/transit/declarations", testing::road_kz_uz("h-flow"));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201);
  const std::string id = json::parse(created->body)["declaration"]["id"];
  EXPECT_EQ(created->get_header_value("Location"), "/v1/transit/declarations/" + id);
  const std::string events = "/v1/transit/declarations/" + id + "/events";

  // Terminate before start: 409 with its 2xx code and pointer; later the same message succeeds.
  const json terminate = testing::leg_event("h-flow-t", "terminate", "KZZHIBEK", "KZ-OP-2", 2);
  const json p = problem(post("customs-KZ", events, terminate), 409);
  ASSERT_EQ(p["errors"].size(), 1u);
  EXPECT_EQ(p["errors"][0]["code"], 213);
  EXPECT_EQ(p["errors"][0]["pointer"], "/type");
  EXPECT_EQ(p["type"], "urn:caravan:problem:conflict");

  ASSERT_EQ(post("customs-KZ", events, testing::leg_event("h-flow-s", "start", "KZALMATY", "KZ-OP-1", 1))->status, 200);
  ASSERT_EQ(post("customs-KZ", events, terminate)->status, 200);
  ASSERT_EQ(post("customs-UZ", events, testing::leg_event("h-flow-3", "start", "UZGISHTK", "UZ-OP-1", 3))->status, 200);
  ASSERT_EQ(post("customs-UZ", events, testing::leg_event("h-flow-4", "terminate", "UZTASHKE", "UZ-OP-2", 4))->status, 200);
  ASSERT_EQ(post("customs-KZ", events, testing::leg_event("h-flow-5", "discharge", "KZZHIBEK", "KZ-OP-3", 5))->status, 200);
  const auto last = post("customs-UZ", events, testing::leg_event("h-flow-6", "discharge", "UZTASHKE", "UZ-OP-3", 6));
  ASSERT_EQ(last->status, 200);
  const json outcome = json::parse(last->body);
  EXPECT_EQ(outcome["declaration"]["state"], "discharged");
  EXPECT_EQ(outcome["declaration"]["guarantee"]["status"], "released");
  EXPECT_EQ(outcome["leg"], 2);

  // Replay: same body, marked.
  const auto replay = post("customs-UZ", events, testing::leg_event("h-flow-6", "discharge", "UZTASHKE", "UZ-OP-3", 6));
  EXPECT_EQ(replay->status, 200);
  EXPECT_EQ(replay->get_header_value("Idempotent-Replay"), "true");
  EXPECT_EQ(json::parse(replay->body), outcome);

  // The audit export verifies; customs-UZ's has the KZ entries withheld.
  const auto audit = get("holder", "/v1/transit/declarations/" + id + "/audit");
  ASSERT_EQ(audit->status, 200);
  EXPECT_EQ(audit->get_header_value("Content-Type"), "application/x-ndjson");
  const auto full = verify_audit_export(audit->body);
  EXPECT_TRUE(full.ok());
  EXPECT_EQ(full.entries, 7u);
  EXPECT_EQ(full.redacted, 0u);
  const auto uz = verify_audit_export(get("customs-UZ", "/v1/transit/declarations/" + id + "/audit")->body);
  EXPECT_TRUE(uz.ok());
  EXPECT_EQ(uz.redacted, 4u);
  // And against the roster the server publishes: every sender's key and the server's.
  const std::string roster_file = (dir_ / "public-roster.json").string();
  std::ofstream(roster_file) << get("holder", "/v1/transit/roster")->body;
  const Roster roster = load_roster(roster_file);
  auto checked = verify_audit_export(audit->body);
  ChainExpectations against;
  against.roster = &roster;
  // The head the holder is given with the declaration is signed by the roster's server key, the
  // same head the export's header carries and the last message's answer (and its replay) gave.
  const json document = json::parse(get("holder", "/v1/transit/declarations/" + id)->body);
  const json& head = document["audit_head"];
  EXPECT_EQ(head["declaration_id"], id);
  EXPECT_EQ(head["sequence"], 7);
  EXPECT_TRUE(head_signature_verifies(roster.server_public_key, read_signed_head(document)));
  EXPECT_EQ(json::parse(audit->body.substr(0, audit->body.find('\n')))["head"], head);
  const json holder_list = json::parse(get("holder", "/v1/transit/declarations")->body);
  for (const auto& d : holder_list["declarations"])
    if (d["id"] == id) {
      EXPECT_EQ(d["audit_head"], head);
    }
  EXPECT_FALSE(outcome["declaration"].contains("audit_head"));  // customs-UZ's view: no head
  against.head = read_signed_head(document);
  check_chain(audit->body, against, checked);
  EXPECT_TRUE(checked.ok()) << checked.problems.front().message;
  // customs-UZ's export, entries withheld, holds to the same head.
  auto uz_checked = verify_audit_export(get("customs-UZ", "/v1/transit/declarations/" + id + "/audit")->body);
  check_chain(get("customs-UZ", "/v1/transit/declarations/" + id + "/audit")->body, against, uz_checked);
  EXPECT_TRUE(uz_checked.ok());
}

TEST_F(TransitHttpTest, AuthorityOffTheRouteGets404AndNoData) {
  const std::string id = declare("h-off");
  for (const auto& path : std::vector<std::string>{"/v1/transit/declarations/" + id, "/v1/transit/declarations/" + id + "/audit"}) {
    const auto r = get("customs-TM", path);
    const json p = problem(r, 404);
    EXPECT_FALSE(p.contains("declaration"));
    EXPECT_EQ(r->body.find("KZ/015/2345"), std::string::npos);
  }
  const auto e = post("customs-TM", "/v1/transit/declarations/" + id + "/events",
                      testing::leg_event("h-off-1", "start", "KZALMATY", "OP", 1));
  problem(e, 404);
  const auto list = get("customs-TM", "/v1/transit/declarations");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body), json::parse(R"({"declarations":[]})"));
  // KZ sees it, reduced.
  const json kz = json::parse(get("customs-KZ", "/v1/transit/declarations/" + id)->body);
  EXPECT_FALSE(kz.contains("local_reference"));
  EXPECT_FALSE(kz.contains("itinerary"));
  ASSERT_EQ(kz["legs"].size(), 1u);
  EXPECT_EQ(kz["legs"][0]["country"], "KZ");
}

TEST_F(TransitHttpTest, InvalidDeclarationListsEveryProblem) {
  json d = testing::road_kz_uz("h-bad");
  d["consignments"][0]["items"][0]["hs6"] = "ABCDEF";
  d["consignments"][0]["transport_equipment"][0]["container"] = "MSCU6639871";
  d["itinerary"][1]["office"] = "QQ123456";
  const json p = problem(post("holder", "/v1/transit/declarations", d), 422);
  ASSERT_EQ(p["errors"].size(), 3u);
  EXPECT_EQ(p["errors"][0]["pointer"], "/consignments/0/items/0/hs6");
  EXPECT_EQ(p["errors"][0]["code"], 103);
  EXPECT_EQ(p["errors"][1]["code"], 106);
  EXPECT_EQ(p["errors"][2]["pointer"], "/itinerary/1/office");
  EXPECT_EQ(p["errors"][2]["code"], 104);
  problem(client().Post("/v1/transit/declarations", as("holder"), "{not json", "application/json"), 400);
}

TEST_F(TransitHttpTest, OpenApiDescribesTransit) {
  const auto r = client().Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  const json doc = json::parse(r->body);
  for (const char* p : {"/v1/transit/declarations", "/v1/transit/declarations/{id}", "/v1/transit/declarations/{id}/events",
                        "/v1/transit/declarations/{id}/audit", "/v1/transit/actors", "/v1/transit/actors/{id}", "/v1/transit/roster"})
    EXPECT_TRUE(doc["paths"].contains(p)) << p;
  EXPECT_TRUE(doc["paths"]["/v1/transit/declarations"].contains("post"));
  EXPECT_TRUE(doc["paths"]["/v1/transit/declarations"].contains("get"));
  for (const char* s : {"TransitDeclarationSubmission", "TransitEvent", "TransitDeclaration", "TransitOutcome", "TransitProblem",
                        "TransitSignedHead"})
    EXPECT_TRUE(doc["components"]["schemas"].contains(s)) << s;
  EXPECT_EQ(doc["components"]["schemas"]["TransitDeclaration"]["properties"]["audit_head"]["$ref"],
            "#/components/schemas/TransitSignedHead");
  EXPECT_EQ(doc["components"]["schemas"]["TransitSignedHead"]["required"],
            json::parse(R"(["declaration_id","hash","sequence","signature"])"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["transitApiKey"]["scheme"], "bearer");
}

TEST_F(TransitHttpTest, PlannedRouteToSkeletonToAcceptedDeclaration) {
  auto c = client();
  const auto route = c.Post("/v1/route",
                            R"({"from":"Almaty","to":"Tashkent","depart":"2026-12-07T08:00Z","modes":["road"]})",
                            "application/json");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->status, 200) << route->body;
  const json itinerary = json::parse(route->body)["itineraries"][0];
  const auto r = c.Post("/v1/transit/skeleton", json{{"itinerary", itinerary}}.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json skeleton = json::parse(r->body);
  EXPECT_EQ(skeleton["declaration"]["itinerary"],
            json::parse(R"([{"mode":"road","office":"KZALMATY"},{"mode":"road","office":"KZZHIBEK"},
                           {"mode":"road","office":"UZGISHTK"},{"mode":"road","office":"UZTASHKE"}])"));
  EXPECT_EQ(skeleton["offices"][0], json::parse(R"({"office":"KZALMATY","place":"Almaty"})"));
  json d = skeleton["declaration"];
  const json filled = testing::road_kz_uz("h-skeleton");
  for (const char* key : {"message_id", "holder", "guarantee", "consignments"}) d[key] = filled[key];
  const auto created = post("holder", "/v1/transit/declarations", d);
  EXPECT_EQ(created->status, 201) << created->body;
  // Not an itinerary of this network: 400 with the pointer.
  json bad = itinerary;
  bad["legs"][0]["from"]["id"] = "XX_NOWHERE";
  const json p = problem(c.Post("/v1/transit/skeleton", json{{"itinerary", bad}}.dump(), "application/json"), 400);
  EXPECT_EQ(p["errors"][0]["pointer"], "/itinerary/legs/0/from/id");
  EXPECT_EQ(p["errors"][0]["detail"], "no node 'XX_NOWHERE' in the network");
  // The body is read like every other: an unknown member is a 400 on it.
  const json q = problem(c.Post("/v1/transit/skeleton", json{{"itinerary", itinerary}, {"colour", 1}}.dump(), "application/json"), 400);
  EXPECT_EQ(q["errors"], json::parse(R"([{"pointer":"/colour","detail":"unknown field 'colour'"}])"));
}

}  // namespace
}  // namespace caravan::transit
