// `caravan transit …` as its users run it, on a temporary SQLite store: each actor makes its own
// keys (keygen), the roster gets their public keys, each sends signed with its own key file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/run_caravan.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"

namespace caravan::transit {
namespace {

using caravan::testing::run_caravan;
using caravan::testing::shell_quote;
using nlohmann::json;

class TransitCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_temp_dir("cli");
    const std::string roster = shell_quote((dir_ / "server" / "roster.json").string());
    flags_ = " --store " + shell_quote("sqlite:" + (dir_ / "server" / "t.db").string()) + " --roster " + roster +
             " --server-key " + shell_quote((dir_ / "server" / "server-key.json").string());
    for (const char* actor : {"holder", "customs-KZ", "customs-UZ", "customs-TM"}) {
      const auto r = run_caravan(fmt::format("transit keygen --actor {} --out {} --add-to {}", actor,
                                             shell_quote((dir_ / "actors" / (std::string(actor) + ".json")).string()), roster));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  // The sending actor's key file flag.
  std::string key(const std::string& actor) {
    return " --key " + shell_quote((dir_ / "actors" / (actor + ".json")).string());
  }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
  std::string flags_;
};

TEST_F(TransitCli, DeclareEventsExportVerifyAndTamper) {
  const auto decl = write("decl.json", testing::road_kz_uz().dump());
  auto r = run_caravan("transit declare " + shell_quote(decl) + key("holder") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  EXPECT_EQ(id.size(), 18u);

  const std::string terminate = " --type terminate --office KZZHIBEK --operation-id KZ-2 --sequence 2 --message-id t1";
  r = run_caravan("transit event " + id + terminate + key("customs-KZ") + flags_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/type: 213 leg not yet started"), std::string::npos) << r.err;
  r = run_caravan("transit event " + id + " --type start --office KZALMATY --operation-id KZ-1 --sequence 1 --message-id s1" +
                  key("customs-KZ") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["actor"], "customs-KZ");  // the owner of the key file
  r = run_caravan("transit event " + id + terminate + key("customs-KZ") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = run_caravan("transit list --as customs-UZ" + flags_);
  EXPECT_EQ(r.out, id + "  in_transit  v3   UZ:pending\n");
  r = run_caravan("transit list --as customs-TM" + flags_);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  r = run_caravan("transit show " + id + " --as customs-TM" + flags_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");

  const auto chain = (dir_ / "chain.jsonl").string();
  ASSERT_EQ(run_caravan("transit export " + id + " -o " + shell_quote(chain) + flags_).exit_code, 0);
  r = run_caravan("transit verify " + shell_quote(chain));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, chain + ": chain of 3 entries of declaration " + id + " verifies (0 withheld)\n" + chain +
                       ": note: without --roster, any key inside the file is trusted\n");
  // Against the public roster (the senders' keys and the server's).
  r = run_caravan("transit roster" + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("api_key"), std::string::npos);
  const auto roster = write("public-roster.json", r.out);
  r = run_caravan("transit verify " + shell_quote(chain) + " --roster " + shell_quote(roster));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, chain + ": chain of 3 entries of declaration " + id + " verifies (0 withheld, every key in the roster " +
                       roster + ")\n");

  std::ifstream in(chain);
  std::stringstream text;
  text << in.rdbuf();
  std::string tampered = text.str();
  const auto at = tampered.find("KZ-1");  // the operation id inside entry 2's signed content
  ASSERT_NE(at, std::string::npos);
  tampered[at + 3] = '7';
  const auto bad = write("bad.jsonl", tampered);
  r = run_caravan("transit verify " + shell_quote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, bad + ":3: entry 2, field canonical: content does not match its countersigned hash\n" + bad +
                       ": does NOT verify (1 problem)\n");
}

TEST_F(TransitCli, BadInputNamesTheProblemAndExits2) {
  json d = testing::road_kz_uz();
  d["consignments"][0]["transport_equipment"][0]["container"] = "MSCU6639871";
  const auto decl = write("bad.json", d.dump());
  auto r = run_caravan("transit declare " + shell_quote(decl) + key("holder") + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, decl + ": /consignments/0/transport_equipment/0/container: 106 wrong check digit: 'MSCU6639871': ISO 6346 check digit should be 0\n");
  const auto broken = write("broken.json", "{\"message_id\": ");
  r = run_caravan("transit declare " + shell_quote(broken) + key("holder") + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(broken + ": not valid JSON"), std::string::npos) << r.err;
  r = run_caravan("transit show 26KZ00000000000121 --as nobody" + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--as: no actor 'nobody'"), std::string::npos) << r.err;
  r = run_caravan("transit declare " + shell_quote(decl) + key("nobody") + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--key: " + (dir_ / "actors" / "nobody.json").string() + ": cannot read the actor's key file"), std::string::npos)
      << r.err;
  r = run_caravan("transit verify " + shell_quote((dir_ / "missing.jsonl").string()));
  EXPECT_EQ(r.exit_code, 2);
  r = run_caravan("transit list --store nosuch:thing" + flags_.substr(flags_.find(" --roster")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--store"), std::string::npos) << r.err;
}

// A through train passes five borders in one ride: the declaration drafted from it names the
// customs offices on both sides of each (departure, exit and entry at every border, destination).
// The cheapest rail route across Eurasia (the cheapest of all now goes by sea to Rotterdam).
TEST_F(TransitCli, ADeclarationFromARailRouteAcrossEurasiaNamesEveryBordersOffices) {
  const auto skeleton_path = (dir_ / "through.json").string();
  auto r = run_caravan("route Xian Duisburg --depart 2026-12-07T08:00Z --optimize cost --modes rail --declare " + shell_quote(skeleton_path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(skeleton_path);
  const json d = json::parse(in);
  std::vector<std::string> offices;
  for (const auto& o : d["itinerary"]) offices.push_back(o["office"].get<std::string>());
  std::string countries;
  for (const auto& o : offices) countries += (countries.empty() ? "" : " ") + o.substr(0, 2);
  EXPECT_EQ(countries, "CN CN KZ KZ RU RU BY BY PL PL DE DE") << d["itinerary"].dump();
}

TEST_F(TransitCli, PlannedRouteToDeclarationToDischarge) {
  const auto skeleton_path = (dir_ / "skeleton.json").string();
  auto r = run_caravan("route Almaty Tashkent --depart 2026-12-07T08:00Z --modes road --declare " + shell_quote(skeleton_path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(skeleton_path);
  json d = json::parse(in);
  EXPECT_EQ(d["itinerary"], json::parse(R"([{"mode":"road","office":"KZALMATY"},{"mode":"road","office":"KZZHIBEK"},
                                            {"mode":"road","office":"UZGISHTK"},{"mode":"road","office":"UZTASHKE"}])"));
  // As written, it names what is missing.
  r = run_caravan("transit declare " + shell_quote(skeleton_path) + key("holder") + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/holder/id: 105"), std::string::npos) << r.err;
  // Filled in, it is accepted and runs through its border events to discharge.
  const json filled = testing::road_kz_uz("route-1");
  for (const char* key : {"message_id", "holder", "guarantee", "consignments"}) d[key] = filled[key];
  const auto declaration = write("declaration.json", d.dump());
  r = run_caravan("transit declare " + shell_quote(declaration) + key("holder") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  int seq = 0;
  for (const auto& [type, office] : std::vector<std::pair<std::string, std::string>>{
           {"start", "KZALMATY"}, {"terminate", "KZZHIBEK"}, {"start", "UZGISHTK"}, {"discharge", "KZZHIBEK"},
           {"terminate", "UZTASHKE"}, {"discharge", "UZTASHKE"}}) {
    ++seq;
    r = run_caravan(fmt::format("transit event {} --type {} --office {} --operation-id OP-{} --sequence {} --message-id r-{}{}{}",
                                id, type, office, seq, seq, seq, key("customs-" + office.substr(0, 2)), flags_));
    ASSERT_EQ(r.exit_code, 0) << type << " " << office << ": " << r.err;
  }
  r = run_caravan("transit show " + id + flags_);
  const json shown = json::parse(r.out);
  EXPECT_EQ(shown["state"], "discharged");
  EXPECT_EQ(shown["guarantee"]["status"], "released");
}

// keygen: the key file is the actor's alone (0600, never overwritten); what it prints is the
// roster line, with the public key and the API key's hash and nothing secret.
TEST_F(TransitCli, KeygenWritesAPrivateKeyFileAndPrintsTheRosterLine) {
  const auto path = dir_ / "actors" / "customs-KG.json";
  auto r = run_caravan("transit keygen --actor customs-KG --out " + shell_quote(path.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto credentials = load_credentials(path.string());
  EXPECT_EQ(std::filesystem::status(path).permissions(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(json::parse(r.out), roster_entry(credentials));
  EXPECT_EQ(json::parse(r.out)["country"], "KG");
  EXPECT_EQ(r.out.find(credentials.secret_key.substr(0, 64)), std::string::npos);
  EXPECT_EQ(r.out.find(credentials.api_key), std::string::npos);
  r = run_caravan("transit keygen --actor customs-KG --out " + shell_quote(path.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path.string() + ": already exists; a key file is never overwritten"), std::string::npos) << r.err;
  EXPECT_EQ(load_credentials(path.string()).secret_key, credentials.secret_key);
  r = run_caravan("transit keygen --actor customs-XX --out " + shell_quote((dir_ / "x.json").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--actor: /country: 'XX' is not an ISO 3166-1 alpha-2 country"), std::string::npos) << r.err;
}

// A customs authority's event signed with another authority's key (its key file holding another
// actor's key pair) is refused: the roster's key of the sender does not verify it.
TEST_F(TransitCli, AnEventSignedWithAnotherActorsKeyIsRefused) {
  auto r = run_caravan("transit declare " + shell_quote(write("decl.json", testing::road_kz_uz().dump())) + key("holder") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  json impostor = json::parse(std::ifstream(dir_ / "actors" / "customs-UZ.json"));
  impostor["id"] = "customs-KZ";
  impostor["country"] = "KZ";
  const auto impostor_file = write("impostor.json", impostor.dump());
  std::filesystem::permissions(impostor_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  r = run_caravan("transit event " + id + " --type start --office KZALMATY --operation-id KZ-1 --sequence 1 --message-id s1" +
                  " --key " + shell_quote(impostor_file) + flags_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "event: /signature: 342 signature does not verify: not signed with the key actor 'customs-KZ' registered, for declaration " +
                       id + "\n");
  r = run_caravan("transit show " + id + flags_);
  EXPECT_EQ(json::parse(r.out)["version"], 1);
}

// The server's files (store, roster, its own key) hold no actor's secret key: the actors sign.
TEST_F(TransitCli, TheServersFilesHoldNoActorsSecretKey) {
  auto r = run_caravan("transit declare " + shell_quote(write("decl.json", testing::road_kz_uz().dump())) + key("holder") + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  ASSERT_EQ(run_caravan("transit event " + id + " --type start --office KZALMATY --operation-id KZ-1 --sequence 1 --message-id s1" +
                        key("customs-KZ") + flags_).exit_code, 0);
  std::vector<std::string> secrets;
  for (const char* actor : {"holder", "customs-KZ", "customs-UZ", "customs-TM"}) {
    const auto c = load_credentials((dir_ / "actors" / (std::string(actor) + ".json")).string());
    std::string seed;
    ASSERT_TRUE(hex_to_bytes(c.secret_key.substr(0, 64), 32, seed));
    secrets.push_back(c.secret_key.substr(0, 64));  // the seed half: the secret part
    secrets.push_back(seed);
    secrets.push_back(c.api_key);
  }
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "server")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& secret : secrets) EXPECT_EQ(bytes.find(secret), std::string::npos) << entry.path();
  }
  EXPECT_GE(files, 3);  // roster, server key, store
}

}  // namespace
}  // namespace caravan::transit
