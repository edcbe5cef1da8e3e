// The transit service over a real SQLite store: submission, every event in every leg state,
// idempotency, ordering, amendments, cancellation, access and the audit chain.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"
#include "transit/check_digits.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<SqliteStore>((testing::fresh_temp_dir("service") / "t.db").string());
    service_ = std::make_unique<TransitService>(*store_, testing::fixed_clock());
  }
  const Actor& actor(const std::string& id) { return *keys_.by_id(id); }
  // The message signed by its sender, as a client sends it.
  Reply submit(const std::string& who, const json& msg) {
    return service_->submit(actor(who), testing::signed_by(keys_, who, msg));
  }
  std::string declare(const json& msg = testing::road_kz_uz()) {
    const Reply r = submit("holder", msg);
    EXPECT_EQ(r.status, 201) << r.body.dump(2);
    return r.body["declaration"]["id"];
  }
  Reply send(const std::string& who, const std::string& id, const json& msg) {
    return service_->event(actor(who), id, testing::signed_by(keys_, who, msg, id));
  }
  Reply leg(const std::string& id, const std::string& type, const std::string& office, int seq) {
    const std::string who = "customs-" + office.substr(0, 2);
    return send(who, id, testing::leg_event("m-" + std::to_string(counter_++), type, office, "OP-" + std::to_string(seq), seq));
  }
  static int first_code(const Reply& r) { return r.problems.empty() ? 0 : static_cast<int>(r.problems.front().code); }

  KeyRing keys_ = testing::test_keys();
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<TransitService> service_;
  int counter_ = 0;
};

TEST_F(ServiceTest, SubmissionIsAcceptedWithCheckedReference) {
  const Reply r = submit("holder", testing::road_kz_uz());
  ASSERT_EQ(r.status, 201);
  const json& d = r.body["declaration"];
  EXPECT_EQ(d["id"], "26KZ00000000000121");
  EXPECT_EQ(transit_reference_problem(d["id"].get<std::string>()), "");
  EXPECT_EQ(d["state"], "accepted");
  EXPECT_EQ(d["version"], 1);
  EXPECT_EQ(d["guarantee"]["status"], "reserved");
  ASSERT_EQ(d["legs"].size(), 2u);
  EXPECT_EQ(d["legs"][0]["country"], "KZ");
  EXPECT_EQ(d["legs"][1]["start_office"], "UZGISHTK");
  EXPECT_EQ(d["submitted_at"], "2026-12-07T08:00:00Z");
  EXPECT_FALSE(d.contains("message_id"));
}

// A declaration that gives its planned departure says whether it was lodged before it: the
// condition of a green lane (caravan route --green-lane). The clock reads 2026-12-07T08:00:00Z.
TEST_F(ServiceTest, LodgedBeforeTheDepartureIsPreLodged) {
  auto ahead = testing::road_kz_uz();
  ahead["message_id"] = "m-ahead";
  ahead["departure"] = "2026-12-08T06:00Z";
  auto late = testing::road_kz_uz();
  late["message_id"] = "m-late";
  late["departure"] = "2026-12-07T07:59Z";
  const Reply a = submit("holder", ahead), b = submit("holder", late);
  ASSERT_EQ(a.status, 201) << a.body.dump(2);
  ASSERT_EQ(b.status, 201) << b.body.dump(2);
  EXPECT_EQ(a.body["declaration"]["pre_lodged"], true);
  EXPECT_EQ(b.body["declaration"]["pre_lodged"], false);
  EXPECT_FALSE(testing::road_kz_uz().contains("departure"));
  EXPECT_FALSE(submit("holder", testing::road_kz_uz()).body["declaration"].contains("pre_lodged"));
  // Each customs authority on the route sees it with its own leg.
  const auto id = a.body["declaration"]["id"].get<std::string>();
  const Reply seen = service_->get(actor("customs-UZ"), id);
  ASSERT_EQ(seen.status, 200) << seen.body.dump(2);
  EXPECT_EQ(seen.body["pre_lodged"], true);
  EXPECT_EQ(seen.body["departure"], "2026-12-08T06:00Z");

  auto bad = testing::road_kz_uz();
  bad["message_id"] = "m-bad";
  bad["departure"] = "next Tuesday";
  const Reply r = submit("holder", bad);
  EXPECT_EQ(r.status, 422);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems.front().pointer, "/departure");
  EXPECT_EQ(static_cast<int>(r.problems.front().code), 103);
}

TEST_F(ServiceTest, InvalidSubmissionListsEveryProblemAndStoresNothing) {
  json msg = testing::road_kz_uz();
  msg["consignments"][0]["items"][0]["hs6"] = "8703";
  msg["consignments"][0]["transport_equipment"][0]["container"] = "MSCU6639871";
  const Reply r = submit("holder", msg);
  EXPECT_EQ(r.status, 422);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.body["errors"][0]["pointer"], "/consignments/0/items/0/hs6");
  EXPECT_EQ(r.body["errors"][1]["code"], 106);
  EXPECT_FALSE(store_->find_outcome("decl-1").has_value());
  EXPECT_TRUE(store_->list_by_holder("holder").empty());
}

TEST_F(ServiceTest, CustomsCannotDeclareAndPartyIsEnforced) {
  EXPECT_EQ(first_code(submit("customs-KZ", testing::road_kz_uz())), 321);
  Actor bound = actor("holder");
  bound.party = "KZ/999/0001";
  const Reply r = service_->submit(bound, testing::signed_by(keys_, "holder", testing::road_kz_uz()));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(first_code(r), 320);
  EXPECT_EQ(r.problems.front().pointer, "/holder/id");
}

TEST_F(ServiceTest, HappyPathToDischargeReleasesGuarantee) {
  const auto id = declare();
  EXPECT_EQ(leg(id, "start", "KZALMATY", 1).status, 200);
  EXPECT_EQ(service_->get(actor("holder"), id).body["state"], "in_transit");
  EXPECT_EQ(leg(id, "terminate", "KZZHIBEK", 2).status, 200);
  EXPECT_EQ(leg(id, "start", "UZGISHTK", 3).status, 200);
  EXPECT_EQ(leg(id, "discharge", "KZZHIBEK", 4).status, 200);
  EXPECT_EQ(leg(id, "terminate", "UZTASHKE", 5).status, 200);
  auto d = service_->get(actor("holder"), id).body;
  EXPECT_EQ(d["state"], "in_transit");
  EXPECT_EQ(d["guarantee"]["status"], "reserved");
  EXPECT_EQ(leg(id, "discharge", "UZTASHKE", 6).status, 200);
  d = service_->get(actor("holder"), id).body;
  EXPECT_EQ(d["state"], "discharged");
  EXPECT_EQ(d["guarantee"]["status"], "released");
  EXPECT_EQ(d["version"], 7);
  const auto chain = store_->audit_chain(id);
  ASSERT_EQ(chain.size(), 7u);
  EXPECT_TRUE(verify_audit_export(export_audit(id, chain, testing::test_server_key())).ok());
  EXPECT_EQ(chain[0].actor, "holder");
  EXPECT_EQ(chain[3].actor, "customs-UZ");
  EXPECT_EQ(chain[3].public_key, actor("customs-UZ").public_key);
}

// Leg 1 brought into each leg state, then each event sent: the exact outcome.
TEST_F(ServiceTest, EveryEventInEveryLegState) {
  struct Case {
    std::string state;
    std::vector<std::pair<std::string, std::string>> setup;  // (type, office)
  };
  const std::vector<Case> cases{
      {"pending", {}},
      {"started", {{"start", "KZALMATY"}}},
      {"terminated", {{"start", "KZALMATY"}, {"terminate", "KZZHIBEK"}}},
      {"discharged", {{"start", "KZALMATY"}, {"terminate", "KZZHIBEK"}, {"discharge", "KZZHIBEK"}}},
      {"refused", {{"refuse", "KZALMATY"}}},
  };
  // expected status/code per (leg state, event): 0 = applied.
  const std::map<std::string, std::map<std::string, int>> expected{
      {"pending", {{"start", 0}, {"terminate", 213}, {"discharge", 213}, {"refuse", 0}, {"amend", 0}, {"cancel", 0}}},
      {"started", {{"start", 210}, {"terminate", 0}, {"discharge", 206}, {"refuse", 216}, {"amend", 201}, {"cancel", 203}}},
      {"terminated", {{"start", 210}, {"terminate", 211}, {"discharge", 0}, {"refuse", 216}, {"amend", 201}, {"cancel", 203}}},
      {"discharged", {{"start", 210}, {"terminate", 211}, {"discharge", 212}, {"refuse", 216}, {"amend", 201}, {"cancel", 203}}},
      // refused declaration: no start any more (201), the leg names the rest (217)
      {"refused", {{"start", 201}, {"terminate", 217}, {"discharge", 217}, {"refuse", 217}, {"amend", 201}, {"cancel", 203}}},
  };
  int checked = 0;
  for (const auto& c : cases)
    for (const std::string type : {"start", "terminate", "discharge", "refuse", "amend", "cancel"}) {
      const auto id = declare(testing::road_kz_uz("d-" + c.state + "-" + type));
      int seq = 1;
      for (const auto& [t, office] : c.setup) ASSERT_EQ(leg(id, t, office, seq++).status, 200) << c.state << t;
      const int version = service_->get(actor("holder"), id).body["version"];
      Reply r;
      if (type == "amend")
        r = send("holder", id, {{"message_id", "x-" + id}, {"type", "amend"},
                                {"changes", {{{"pointer", "/consignments/0/items/0/packages"}, {"value", 9}}}}});
      else if (type == "cancel")
        r = send("holder", id, {{"message_id", "x-" + id}, {"type", "cancel"}});
      else
        r = leg(id, type, type == "start" || type == "refuse" ? "KZALMATY" : "KZZHIBEK", seq);
      const int want = expected.at(c.state).at(type);
      EXPECT_EQ(first_code(r), want) << "leg " << c.state << " + " << type << ": " << r.body.dump();
      EXPECT_EQ(r.status, want == 0 ? 200 : 409) << c.state << " + " << type;
      // A refusal changes nothing.
      if (want != 0) {
        EXPECT_EQ(service_->get(actor("holder"), id).body["version"], version);
      }
      ++checked;
    }
  EXPECT_EQ(checked, 30);
}

TEST_F(ServiceTest, CancelledDeclarationRefusesEverything) {
  const auto id = declare();
  ASSERT_EQ(send("holder", id, {{"message_id", "c1"}, {"type", "cancel"}, {"reason", "order withdrawn"}}).status, 200);
  const auto d = service_->get(actor("holder"), id).body;
  EXPECT_EQ(d["state"], "cancelled");
  EXPECT_EQ(d["guarantee"]["status"], "released");
  EXPECT_EQ(first_code(leg(id, "start", "KZALMATY", 1)), 201);
  EXPECT_EQ(first_code(send("holder", id, {{"message_id", "c2"}, {"type", "cancel"}})), 205);
}

TEST_F(ServiceTest, ReplayReturnsFirstOutcomeAndChangesNothing) {
  const auto id = declare();
  const json start = testing::leg_event("s1", "start", "KZALMATY", "OP-1", 1);
  const Reply first = send("customs-KZ", id, start);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(leg(id, "terminate", "KZZHIBEK", 2).status, 200);
  const Reply again = send("customs-KZ", id, start);
  EXPECT_TRUE(again.replay);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);  // the first outcome, though the leg has moved on since
  EXPECT_EQ(service_->get(actor("holder"), id).body["version"], 3);
  EXPECT_EQ(store_->audit_chain(id).size(), 3u);
  // The submission replays too, and creates no second declaration.
  const Reply resubmit = submit("holder", testing::road_kz_uz());
  EXPECT_TRUE(resubmit.replay);
  EXPECT_EQ(resubmit.body["declaration"]["id"], id);
  EXPECT_EQ(store_->list_by_holder("holder").size(), 1u);
  // Another actor reusing the id gets nothing of it.
  const Reply stolen = send("customs-UZ", id, start);
  EXPECT_EQ(stolen.status, 409);
  EXPECT_EQ(first_code(stolen), 330);
  EXPECT_FALSE(stolen.body.contains("declaration"));
}

TEST_F(ServiceTest, TerminateBeforeStartIsRefusedAndCanBeResent) {
  const auto id = declare();
  const json terminate = testing::leg_event("t1", "terminate", "KZZHIBEK", "OP-2", 2);
  const Reply early = send("customs-KZ", id, terminate);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(first_code(early), 213);
  EXPECT_EQ(early.problems.front().pointer, "/type");
  ASSERT_EQ(send("customs-KZ", id, testing::leg_event("s1", "start", "KZALMATY", "OP-1", 1)).status, 200);
  const Reply later = send("customs-KZ", id, terminate);  // the same message, now in order
  EXPECT_EQ(later.status, 200);
  EXPECT_FALSE(later.replay);
  EXPECT_EQ(service_->get(actor("holder"), id).body["legs"][0]["state"], "terminated");
}

TEST_F(ServiceTest, StartOfNextLegNeedsPreviousTerminated) {
  const auto id = declare();
  ASSERT_EQ(leg(id, "start", "KZALMATY", 1).status, 200);
  const Reply r = leg(id, "start", "UZGISHTK", 2);
  EXPECT_EQ(first_code(r), 207);
  EXPECT_EQ(first_code(leg(id, "refuse", "UZGISHTK", 3)), 207);
}

TEST_F(ServiceTest, OperationIdAndSequenceUnique) {
  const auto id = declare();
  ASSERT_EQ(send("customs-KZ", id, testing::leg_event("a", "start", "KZALMATY", "OP-1", 1)).status, 200);
  const Reply r = send("customs-KZ", id, testing::leg_event("b", "terminate", "KZZHIBEK", "OP-1", 1));
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(static_cast<int>(r.problems[0].code), 214);
  EXPECT_EQ(r.problems[0].pointer, "/operation_id");
  EXPECT_EQ(static_cast<int>(r.problems[1].code), 215);
  EXPECT_EQ(r.problems[1].pointer, "/sequence");
}

TEST_F(ServiceTest, WhoMaySendWhat) {
  const auto id = declare();
  // Holder cannot start; customs cannot cancel; UZ cannot start the KZ leg; office off the route.
  EXPECT_EQ(first_code(send("holder", id, testing::leg_event("a", "start", "KZALMATY", "OP", 1))), 321);
  EXPECT_EQ(first_code(send("customs-KZ", id, {{"message_id", "b"}, {"type", "cancel"}})), 321);
  const Reply foreign = send("customs-UZ", id, testing::leg_event("c", "start", "KZALMATY", "OP", 1));
  EXPECT_EQ(first_code(foreign), 321);
  EXPECT_EQ(foreign.problems.front().pointer, "/office");
  EXPECT_EQ(first_code(send("customs-KZ", id, testing::leg_event("d", "start", "KZASTANA", "OP", 1))), 305);
  EXPECT_EQ(first_code(send("customs-KZ", id, testing::leg_event("e", "start", "KZZHIBEK", "OP", 1))), 305);
  // An authority off the route gets 404 and nothing else.
  const Reply off = send("customs-TM", id, testing::leg_event("f", "start", "KZALMATY", "OP", 1));
  EXPECT_EQ(off.status, 404);
  EXPECT_EQ(first_code(off), 307);
  EXPECT_EQ(service_->get(actor("customs-TM"), id).status, 404);
  EXPECT_EQ(service_->audit(actor("customs-TM"), id).status, 404);
  EXPECT_TRUE(service_->list(actor("customs-TM")).body["declarations"].empty());
  EXPECT_EQ(service_->get(actor("holder"), "26KZ00000000099999").status, 404);
}

TEST_F(ServiceTest, AmendmentsOnlyOfAmendableFields) {
  const auto id = declare();
  const Reply fixed = send("holder", id, {{"message_id", "a1"}, {"type", "amend"},
                                          {"changes", {{{"pointer", "/consignments/0/items/0/hs6"}, {"value", "870324"}},
                                                       {{"pointer", "/holder/name"}, {"value", "Other"}},
                                                       {{"pointer", "/itinerary/0/office"}, {"value", "KZASTANA"}},
                                                       {{"pointer", "/consignments/0/items/0/packages"}, {"value", 9}}}}});
  EXPECT_EQ(fixed.status, 409);
  ASSERT_EQ(fixed.problems.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(static_cast<int>(fixed.problems[i].code), 202);
    EXPECT_EQ(fixed.problems[i].pointer, "/changes/" + std::to_string(i) + "/pointer");
  }
  // Amendable fields, re-validated as a whole.
  const Reply bad = send("holder", id, {{"message_id", "a2"}, {"type", "amend"},
                                        {"changes", {{{"pointer", "/consignments/0/items/0/national_code"}, {"value", "4011100000"}}}}});
  EXPECT_EQ(first_code(bad), 107);
  const Reply ok = send("holder", id, {{"message_id", "a3"}, {"type", "amend"},
                                       {"changes", {{{"pointer", "/consignments/0/items/0/gross_mass_kg"}, {"value", 12000}},
                                                    {{"pointer", "/itinerary/2/office"}, {"value", "UZYALLAM"}}}}});
  ASSERT_EQ(ok.status, 200) << ok.body.dump(2);
  const auto d = service_->get(actor("holder"), id).body;
  EXPECT_EQ(d["consignments"][0]["items"][0]["gross_mass_kg"], 12000);
  EXPECT_EQ(d["legs"][1]["start_office"], "UZYALLAM");
  EXPECT_EQ(d["consignments"][0]["items"][0]["hs6"], "870323");
}

TEST_F(ServiceTest, AuthoritySeesOnlyWhatItsLegsNeed) {
  const auto id = declare();
  ASSERT_EQ(leg(id, "start", "KZALMATY", 1).status, 200);
  ASSERT_EQ(leg(id, "terminate", "KZZHIBEK", 2).status, 200);
  ASSERT_EQ(leg(id, "start", "UZGISHTK", 3).status, 200);
  const json uz = service_->get(actor("customs-UZ"), id).body;
  std::set<std::string> keys;
  for (const auto& [k, v] : uz.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"id", "version", "state", "mode", "submitted_at", "updated_at", "holder",
                                         "guarantee", "consignments", "legs"}));
  ASSERT_EQ(uz["legs"].size(), 1u);
  EXPECT_EQ(uz["legs"][0]["country"], "UZ");
  EXPECT_EQ(uz["legs"][0]["previous_country"], "KZ");
  EXPECT_EQ(uz.dump().find("KZALMATY"), std::string::npos);
  EXPECT_EQ(uz.dump().find("LRN-2026-0001"), std::string::npos);
  // The audit export: UZ's own operation readable, the rest withheld, all verifiable.
  const std::string exported = service_->audit(actor("customs-UZ"), id).body["export"];
  const auto report = verify_audit_export(exported);
  for (const auto& p : report.problems) ADD_FAILURE() << p.line << " " << p.field << " " << p.message;
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.entries, 4u);
  EXPECT_EQ(report.redacted, 3u);
  EXPECT_EQ(exported.find("KZALMATY"), std::string::npos);
  ASSERT_EQ(service_->list(actor("customs-UZ")).body["declarations"].size(), 1u);
  ASSERT_EQ(service_->list(actor("customs-CN")).body["declarations"].size(), 0u);
}

// Messages are signed by their sender: unsigned, malformed, another actor's key, or signed for
// another declaration, each refused at /signature before anything is read or written.
TEST_F(ServiceTest, MessagesMustBeSignedByTheirSender) {
  Reply r = service_->submit(actor("holder"), testing::road_kz_uz());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(first_code(r), 340);
  EXPECT_EQ(r.problems.front().pointer, "/signature");
  json malformed = testing::road_kz_uz();
  malformed["signature"] = "abc";
  r = service_->submit(actor("holder"), malformed);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(first_code(r), 341);
  EXPECT_TRUE(store_->list_by_holder("holder").empty());

  const auto id = declare();
  const json start = testing::leg_event("s-1", "start", "KZALMATY", "KZ-1", 1);
  // customs-KZ's API key, customs-UZ's signing key: refused, nothing applied.
  r = service_->event(actor("customs-KZ"), id, testing::signed_by(keys_, "customs-UZ", start, id));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(first_code(r), 342);
  EXPECT_EQ(r.problems.front().pointer, "/signature");
  EXPECT_EQ(r.problems.front().message, "not signed with the key actor 'customs-KZ' registered, for declaration " + id);
  // Signed by customs-KZ but for another declaration.
  r = service_->event(actor("customs-KZ"), id, testing::signed_by(keys_, "customs-KZ", start, "26KZ00000000099999"));
  EXPECT_EQ(first_code(r), 342);
  // The signed message changed after signing.
  json changed = testing::signed_by(keys_, "customs-KZ", start, id);
  changed["office"] = "KZZHIBEK";
  EXPECT_EQ(first_code(service_->event(actor("customs-KZ"), id, changed)), 342);
  EXPECT_EQ(service_->get(actor("holder"), id).body["version"], 1);
  EXPECT_EQ(store_->audit_chain(id).size(), 1u);
  // Signed by its sender: applied.
  EXPECT_EQ(service_->event(actor("customs-KZ"), id, testing::signed_by(keys_, "customs-KZ", start, id)).status, 200);
}

// Each entry holds the sender's signed message and is countersigned by the server's key.
TEST_F(ServiceTest, EntriesCarryTheSendersSignatureAndTheServersCountersignature) {
  const auto id = declare();
  ASSERT_EQ(leg(id, "start", "KZALMATY", 1).status, 200);
  const auto chain = store_->audit_chain(id);
  ASSERT_EQ(chain.size(), 2u);
  const json body = json::parse(chain[1].canonical);
  EXPECT_EQ(body["actor"], "customs-KZ");
  EXPECT_EQ(body["public_key"], actor("customs-KZ").public_key);
  EXPECT_EQ(body["message"], testing::leg_event("m-0", "start", "KZALMATY", "OP-1", 1));
  const SignedMessage signed_message{body["message"], body["signature"]};
  EXPECT_TRUE(message_signature_verifies(actor("customs-KZ").public_key, "customs-KZ", id, signed_message));
  EXPECT_TRUE(verify_hex(testing::test_server_key().public_key, chain[1].hash, chain[1].signature));
  EXPECT_FALSE(verify_hex(actor("customs-KZ").public_key, chain[1].hash, chain[1].signature));
}

}  // namespace
}  // namespace caravan::transit
