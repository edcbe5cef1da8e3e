// Findings of the security probe on the transit side (issue «Hold under attack»), each reproduced:
// the idempotency race, API keys with bytes after them, files readable by others, and deeply
// nested JSON files given to the CLI.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "../support/run_caravan.hpp"
#include "../support/served_api.hpp"
#include "api/transit_endpoints.hpp"
#include "attack_scenarios.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"
#include "transit/audit.hpp"
#include "transit/keys.hpp"
#include "transit/sqlite_store.hpp"

namespace caravan::transit {
namespace {

using caravan::testing::run_caravan;
using caravan::testing::shell_quote;
using nlohmann::json;

int mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return static_cast<int>(st.st_mode & 07777);
}

// The status line answered to raw bytes on a fresh loopback connection.
std::string raw_status(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)!::write(fd, bytes.data(), bytes.size());
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      reply.append(buffer, static_cast<std::size_t>(n));
      if (reply.find("\r\n\r\n") != std::string::npos) break;
    }
  }
  ::close(fd);
  return reply.substr(0, reply.find("\r\n"));
}

class TransitHardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    keys_ = std::make_shared<const KeyRing>(testing::test_keys());
    std::shared_ptr<TransitStore> store =
        std::make_shared<SqliteStore>((testing::fresh_temp_dir("harden") / "transit.db").string());
    server_ = std::make_unique<caravan::testing::ServedApi>(
        data_, caravan::testing::loopback_settings(48),
        std::vector<api::EndpointGroup>{api::transit_endpoint_group(
            {store, testing::roster_of(*keys_), testing::test_server_key(), ""}, data_->baseline.network)});
  }
  static void TearDownTestSuite() { server_.reset(); }
  static httplib::Headers as(const std::string& actor) {
    return {{"Authorization", "Bearer " + keys_->by_id(actor)->api_key}};
  }
  static httplib::Result post(const std::string& actor, const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    return c.Post(path, as(actor), testing::signed_body(*keys_, actor, path, body), "application/json");
  }
  static inline std::shared_ptr<const api::ApiData> data_;
  static inline std::shared_ptr<const KeyRing> keys_;
  static inline std::unique_ptr<caravan::testing::ServedApi> server_;
};

TEST(TransitAttacks, SimultaneousSendsOfOneMessageAllGetItsOutcome) {
  testing::expect_simultaneous_sends_get_the_outcome(
      std::make_shared<SqliteStore>((testing::fresh_temp_dir("race") / "transit.db").string()));
}

// Finding 7: a valid key followed by a space, a NUL byte or a percent-encoded byte is not that key.
TEST_F(TransitHardening, KeyFollowedByAnythingIsRefused) {
  const std::string key = keys_->by_id("holder")->api_key;
  auto request = [&](const std::string& header_line) {
    return raw_status(server_->port(), "GET /v1/transit/declarations HTTP/1.1\r\nHost: x\r\n" + header_line +
                                           "\r\nConnection: close\r\n\r\n");
  };
  EXPECT_EQ(request("Authorization: Bearer " + key), "HTTP/1.1 200 OK");
  EXPECT_EQ(request("X-Api-Key: " + key), "HTTP/1.1 200 OK");
  EXPECT_EQ(request("Authorization: Bearer " + key + " "), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("Authorization: Bearer " + key + "\t"), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("Authorization: Bearer " + key + std::string(1, '\0')), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("Authorization: Bearer " + key + std::string(1, '\0') + "junk"), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("Authorization: Bearer " + key + "%00"), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("Authorization: Bearer " + key + "%20"), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("X-Api-Key: " + key + " "), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(request("X-Api-Key: " + key.substr(0, 10) + "%" + key.substr(10)), "HTTP/1.1 401 Unauthorized");
}

// The server's roster holds API key hashes and public keys only: what it saves has neither an API
// key nor a secret key, and a roster file that holds one is refused, naming the field.
TEST(TransitKeys, RosterHoldsOnlyHashesAndPublicKeys) {
  const auto dir = testing::fresh_temp_dir("hashed");
  const KeyRing ring = testing::test_keys();
  const std::string key = ring.by_id("customs-KZ")->api_key;
  testing::roster_of(ring)->save((dir / "roster.json").string());
  std::ifstream in(dir / "roster.json");
  const json saved = json::parse(in);
  for (const auto& a : saved["actors"]) {
    EXPECT_FALSE(a.contains("api_key"));
    EXPECT_FALSE(a.contains("secret_key"));
    EXPECT_EQ(a["api_key_sha256"].get<std::string>().size(), 64u);
  }
  const ActorRoster loaded(ActorRoster::read((dir / "roster.json").string()));
  ASSERT_TRUE(loaded.by_api_key(key));
  EXPECT_EQ(loaded.by_api_key(key)->id, "customs-KZ");
  EXPECT_FALSE(loaded.by_api_key(key + " "));
  EXPECT_FALSE(loaded.by_api_key(key.substr(0, key.size() - 1)));

  json with_secret = saved;
  with_secret["actors"][1]["secret_key"] = ring.by_id("customs-CN")->secret_key;
  std::ofstream(dir / "secret.json") << with_secret.dump();
  try {
    ActorRoster::read((dir / "secret.json").string());
    ADD_FAILURE() << "a roster with a secret key was read";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "secret.json").string() +
                                         ": /actors/1/secret_key: a roster holds public keys only: the secret key stays in "
                                         "the actor's key file");
  }
}

// Finding 7: store and key files 0600 in folders 0700, even under umask 0000; a key file readable
// by others is refused with the command that fixes it.
TEST(TransitFiles, StoreAndKeysArePrivateWhateverTheUmask) {
  const auto dir = testing::fresh_temp_dir("umask");
  const mode_t old = ::umask(0);
  const std::string key_file = (dir / "keys" / "holder.json").string();
  const auto r = run_caravan("transit keygen --actor holder --out " + shell_quote(key_file));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    SqliteStore store((dir / "store2" / "t.db").string());
    EXPECT_EQ(mode_of(dir / "store2" / "t.db-wal"), 0600);
    EXPECT_EQ(mode_of(dir / "store2" / "t.db-shm"), 0600);
  }
  ::umask(old);
  EXPECT_EQ(mode_of(dir / "keys"), 0700);
  EXPECT_EQ(mode_of(key_file), 0600);
  EXPECT_EQ(mode_of(dir / "store2"), 0700);
  EXPECT_EQ(mode_of(dir / "store2" / "t.db"), 0600);

  // An existing store that was left readable is tightened when opened.
  ::chmod((dir / "store2" / "t.db").c_str(), 0644);
  { SqliteStore store((dir / "store2" / "t.db").string()); }
  EXPECT_EQ(mode_of(dir / "store2" / "t.db"), 0600);

  ::chmod(key_file.c_str(), 0644);
  std::ofstream(dir / "msg.json") << testing::road_kz_uz().dump();
  const auto refused = run_caravan("transit sign " + shell_quote((dir / "msg.json").string()) + " --key " + shell_quote(key_file));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("readable by group or others (mode 0644); run: chmod 600 " + key_file), std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.out, "");
}

// Finding 1 for the CLI: JSON files nested a million deep are refused with file:line:column.
TEST(TransitFiles, DeeplyNestedFilesAreRefusedWithTheirPlace) {
  const auto dir = testing::fresh_temp_dir("deep");
  const std::string flags = " --roster " + shell_quote((dir / "roster.json").string()) + " --store " +
                            shell_quote("sqlite:" + (dir / "t.db").string()) + " --key " +
                            shell_quote((dir / "holder.json").string());
  ASSERT_EQ(run_caravan("transit keygen --actor holder --out " + shell_quote((dir / "holder.json").string()) + " --add-to " +
                        shell_quote((dir / "roster.json").string())).exit_code, 0);
  const std::string deep = "{\"message_id\":\n" + std::string(1000000, '[') + std::string(1000000, ']') + "}";
  std::ofstream(dir / "deep.json") << deep;
  auto r = run_caravan("transit declare " + shell_quote((dir / "deep.json").string()) + flags);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find((dir / "deep.json").string() + ":2:64: nested deeper than 64 levels"), std::string::npos) << r.err;

  std::ofstream(dir / "deep-event.json") << deep;
  r = run_caravan("transit event 26KZ00000000000121 " + shell_quote((dir / "deep-event.json").string()) + flags);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("deep-event.json:2:64: nested deeper than 64 levels"), std::string::npos) << r.err;

  // An audit export whose line nests deeply: located, not a crash.
  std::ofstream(dir / "deep.jsonl") << R"({"declaration_id":"X","entries":1,"format":"caravan-transit-audit/1"})" << "\n"
                                    << std::string(1000000, '[') << std::string(1000000, ']') << "\n";
  r = run_caravan("transit verify " + shell_quote((dir / "deep.jsonl").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("deep.jsonl:2: entry 1, field json: nested deeper than 64 levels"), std::string::npos) << r.out;

  // A roster nested deeply.
  std::ofstream(dir / "deep-roster.json") << "{\"actors\":" << std::string(1000000, '[') << std::string(1000000, ']') << "}";
  r = run_caravan("transit roster --roster " + shell_quote((dir / "deep-roster.json").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("deep-roster.json:1:74: nested deeper than 64 levels"), std::string::npos) << r.err;
}

TEST(TransitAttacks, VerifyCatchesForgeriesWithRosterHeadAndDocument) {
  const auto dir = testing::fresh_temp_dir("verify");
  testing::expect_verify_catches_forgeries("sqlite:" + (dir / "t.db").string(), dir);
}

TEST(TransitAttacks, RosterChangesReachEveryServerOnTheStore) {
  const std::string path = (testing::fresh_temp_dir("rotation-sqlite") / "t.db").string();
  testing::expect_roster_changes_reach_every_server([&] { return std::make_shared<SqliteStore>(path); });
}

}  // namespace
}  // namespace caravan::transit
