// Runs every conformance scenario in tests/transit/conformance/*.json (written like the NCTS P5
// and eTIR conformance catalogues) against the service on a fresh SQLite store. A scenario is a
// list of steps; each step acts as one actor and states the exact expected outcome:
//   {"as": ACTOR, "declare"|"event"|"get"|"audit": "D1", "message": {...}, "tamper": {...},
//    "signed_by": ACTOR (default: the sender itself), "unsigned": true,
//    "expect": {"status", "codes", "pointers", "state", "legs", "leg_countries", "guarantee",
//               "version", "replay", "same_id_as", "count", "verifies", "entries", "redacted",
//               "problem": {"line","entry","field"}, "no_data", "absent", "transshipment_leg"}}
//   {"as": ACTOR, "list": true, "expect": {"count": N}}
// Signed heads (docs/transit.md "Signed head"): a get step with "save_head": "H1" keeps the
// audit_head the reader was given; an audit step with "save": "E1" keeps its export, "head": "H1"
// verifies it against that head (with the roster), "head_edit": {field: value} edits the head
// first, "head_signed_by": "outsider" re-signs it with a fresh key, and "drop_last_under": "E1"
// drops the export's last entry and puts the header of export E1 on it (an earlier, genuine one).
// A problem of the head itself has "in_head": true.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "fixtures.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"
#include "transit/chain_check.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit {
namespace {

using nlohmann::json;

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CARAVAN_TEST_DIR) + "/transit/conformance"))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

class Conformance : public ::testing::TestWithParam<std::string> {};

void check_declaration(const json& d, const json& expect, const std::string& where) {
  if (expect.contains("state")) {
    EXPECT_EQ(d["state"], expect["state"]) << where;
  }
  if (expect.contains("version")) {
    EXPECT_EQ(d["version"], expect["version"]) << where;
  }
  if (expect.contains("guarantee")) {
    EXPECT_EQ(d["guarantee"]["status"], expect["guarantee"]) << where;
  }
  if (expect.contains("legs")) {
    json states = json::array();
    for (const auto& l : d["legs"]) states.push_back(l["state"]);
    EXPECT_EQ(states, expect["legs"]) << where;
  }
  if (expect.contains("leg_countries")) {
    json countries = json::array();
    for (const auto& l : d["legs"]) countries.push_back(l["country"]);
    EXPECT_EQ(countries, expect["leg_countries"]) << where;
  }
  if (expect.contains("transshipment_leg")) {
    const int n = expect["transshipment_leg"];
    for (const auto& l : d["legs"])
      EXPECT_EQ(l["transshipments"].empty(), l["number"] != n) << where << " leg " << l["number"];
  }
  for (const auto& key : expect.value("absent", json::array())) EXPECT_FALSE(d.contains(key)) << where << " " << key;
}

TEST_P(Conformance, Scenario) {
  std::ifstream in(GetParam());
  const json scenario = json::parse(in);
  SCOPED_TRACE(scenario["name"].get<std::string>());
  ASSERT_FALSE(scenario.value("reference", "").empty()) << "every scenario names what it follows";
  SqliteStore store((testing::fresh_temp_dir("conformance") / "t.db").string());
  TransitService service(store, testing::fixed_clock());
  const KeyRing keys = testing::test_keys();
  std::map<std::string, std::string> ids;  // scenario name (D1) → transit reference
  std::map<std::string, json> heads;        // saved signed heads (H1)
  std::map<std::string, std::string> exports;  // saved audit exports (E1)

  int n = 0;
  for (const auto& step : scenario["steps"]) {
    const std::string where = fmt::format("{} step {}", GetParam(), ++n);
    const Actor* actor = keys.by_id(step["as"].get<std::string>());
    ASSERT_NE(actor, nullptr) << where;
    const json& expect = step["expect"];
    Reply r;
    if (step.contains("list")) {
      r = service.list(*actor);
      EXPECT_EQ(r.body["declarations"].size(), expect["count"].get<std::size_t>()) << where;
      continue;
    }
    // Every message is signed by its sender's own key, unless the step says otherwise.
    auto sent = [&](const std::string& declaration_id) {
      if (step.value("unsigned", false)) return step["message"];
      return testing::signed_by(keys, step.value("signed_by", step["as"].get<std::string>()), step["message"], declaration_id);
    };
    if (step.contains("declare")) {
      r = service.submit(*actor, sent(""));
      if (r.ok()) ids[step["declare"]] = r.body["declaration"]["id"];
    } else if (step.contains("event")) {
      r = service.event(*actor, ids.at(step["event"]), sent(ids.at(step["event"])));
    } else if (step.contains("get")) {
      r = service.get(*actor, ids.at(step["get"]));
      if (step.contains("save_head")) heads[step["save_head"]] = r.body.value("audit_head", json());
    } else if (step.contains("audit")) {
      r = service.audit(*actor, ids.at(step["audit"]));
      if (r.ok()) {
        std::string text = r.body["export"];
        if (step.contains("tamper")) {
          // Replace the text on the given line only.
          const int line = step["tamper"]["line"];
          std::size_t start = 0;
          for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
          const std::size_t end = text.find('\n', start);
          const std::string from = step["tamper"]["from"], to = step["tamper"]["to"];
          const std::size_t at = text.find(from, start);
          ASSERT_TRUE(at != std::string::npos && at < end) << where << ": tamper text not on line " << line;
          text.replace(at, from.size(), to);
        }
        if (step.contains("save")) exports[step["save"]] = text;
        if (step.contains("drop_last_under")) {
          const std::string& earlier = exports.at(step["drop_last_under"]);
          const std::size_t last_line = text.rfind('\n', text.size() - 2);
          text = earlier.substr(0, earlier.find('\n')) + text.substr(text.find('\n'), last_line - text.find('\n') + 1);
        }
        auto report = verify_audit_export(text);
        // And against the roster: the senders' keys and the server's.
        Roster roster;
        for (const auto& a : keys.actors()) roster.public_keys[a.id] = a.public_key;
        roster.server_public_key = testing::test_server_key().public_key;
        ChainExpectations against;
        against.roster = &roster;
        if (step.contains("head")) {
          json head = heads.at(step["head"]);
          const json edits = step.value("head_edit", json::object());
          for (const auto& [field, value] : edits.items()) head[field] = value;
          if (step.value("head_signed_by", "") == "outsider")
            head = signed_head(head["declaration_id"], head["sequence"], head["hash"], generate_signing_key());
          against.head = read_signed_head(head);
        }
        check_chain(text, against, report);
        std::stable_sort(report.problems.begin(), report.problems.end(),
                         [](const VerifyProblem& a, const VerifyProblem& b) { return a.line < b.line; });
        EXPECT_EQ(report.ok(), expect["verifies"].get<bool>()) << where;
        if (expect.contains("entries")) {
          EXPECT_EQ(report.entries, expect["entries"].get<std::size_t>()) << where;
        }
        if (expect.contains("redacted")) {
          EXPECT_EQ(report.redacted, expect["redacted"].get<std::size_t>()) << where;
        }
        if (expect.contains("problem") && !report.ok()) {  // where the first problem is reported
          EXPECT_EQ(report.problems.front().line, expect["problem"]["line"]) << where;
          EXPECT_EQ(report.problems.front().entry, expect["problem"]["entry"]) << where;
          EXPECT_EQ(report.problems.front().field, expect["problem"]["field"]) << where;
          EXPECT_EQ(report.problems.front().in_head, expect["problem"].value("in_head", false)) << where;
        }
      }
    } else {
      FAIL() << where << ": unknown step";
    }
    if (expect.contains("status")) {
      EXPECT_EQ(r.status, expect["status"]) << where << ": " << r.body.dump();
    }
    if (expect.contains("codes")) {
      json codes = json::array();
      for (const auto& p : r.problems) codes.push_back(static_cast<int>(p.code));
      EXPECT_EQ(codes, expect["codes"]) << where;
    }
    if (expect.contains("pointers")) {
      json pointers = json::array();
      for (const auto& p : r.problems) pointers.push_back(p.pointer);
      EXPECT_EQ(pointers, expect["pointers"]) << where;
    }
    if (expect.contains("replay")) {
      EXPECT_EQ(r.replay, expect["replay"].get<bool>()) << where;
    }
    if (expect.contains("no_data")) {
      EXPECT_FALSE(r.body.contains("declaration")) << where;
      EXPECT_EQ(r.body.dump().find("KZ/015/2345"), std::string::npos) << where;
      EXPECT_FALSE(r.body.contains("export")) << where;
    }
    if (r.ok() && !step.contains("audit")) {
      // After a message, the state as its holder sees it (whole); a get: what the reader sees.
      const json d = step.contains("get") ? r.body
                                          : service.get(*keys.by_id("holder"), r.body["declaration"]["id"]).body;
      check_declaration(d, expect, where);
      if (expect.contains("same_id_as")) {
        EXPECT_EQ(d["id"], ids.at(expect["same_id_as"])) << where;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Transit, Conformance, ::testing::ValuesIn(scenario_files()), [](const auto& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
});

}  // namespace
}  // namespace caravan::transit
