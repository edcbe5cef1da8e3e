// The probe's attacks on the PostgreSQL store: the idempotency race through the HTTP API and the
// forgeries `caravan transit verify` must catch (tests/transit/attack_scenarios.hpp).
#include "attack_scenarios.hpp"
#include "pg_test_db.hpp"
#include "temp_dir.hpp"
#include "transit/pg_store.hpp"

namespace caravan::transit {
namespace {

TEST(PgAttacks, SimultaneousSendsOfOneMessageAllGetItsOutcome) {
  testing::expect_simultaneous_sends_get_the_outcome(std::make_shared<PgStore>(testing::fresh_store_url()));
}

TEST(PgAttacks, VerifyCatchesForgeriesWithRosterHeadAndDocument) {
  testing::expect_verify_catches_forgeries(testing::fresh_store_url(), testing::fresh_temp_dir("pg-verify"));
}

TEST(PgAttacks, RosterChangesReachEveryServerOnTheStore) {
  const std::string url = testing::fresh_store_url();
  testing::expect_roster_changes_reach_every_server([&] { return std::make_shared<PgStore>(url); });
}

}  // namespace
}  // namespace caravan::transit
