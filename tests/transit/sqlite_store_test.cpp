// The SQLite store against the store contract, plus what only SQLite promises (WAL, FULL sync,
// group commit sharing transactions).
#include <SQLiteCpp/SQLiteCpp.h>

#include <thread>

#include "store_contract.hpp"
#include "temp_dir.hpp"
#include "transit/sqlite_store.hpp"

namespace caravan::transit {
namespace {

using contract::StoreBackend;

StoreBackend sqlite_backend() {
  return StoreBackend{
      "sqlite",
      [] { return (testing::fresh_temp_dir("store") / "transit.db").string(); },
      [](const std::string& path) -> std::unique_ptr<TransitStore> { return std::make_unique<SqliteStore>(path); }};
}

}  // namespace

namespace contract {
INSTANTIATE_TEST_SUITE_P(SQLite, TransitStoreContract, ::testing::Values(sqlite_backend()),
                         [](const auto& info) { return info.param.name; });
}  // namespace contract

namespace {

TEST(SqliteStore, UsesWalAndFullSync) {
  const auto path = (testing::fresh_temp_dir("pragma") / "t.db").string();
  SqliteStore store(path);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(store.describe(), "sqlite:" + path);
}

TEST(SqliteStore, ConcurrentCallersShareTransactions) {
  const auto path = (testing::fresh_temp_dir("group") / "t.db").string();
  SqliteStore store(path);
  constexpr int kThreads = 16, kEach = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = std::string("D") + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_EQ(store.commit(contract::create_commit(id, "m-" + id)), CommitStatus::committed);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(store.group_committer().commits(), static_cast<std::size_t>(kThreads * kEach));
  // Each thread has one outstanding commit, so whenever two wait together they share a transaction.
  EXPECT_LT(store.group_committer().transactions(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(store.list_by_holder("holder-a").size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST(SqliteStore, UnwritableLocationNamesTheFile) {
  try {
    SqliteStore store("/proc/no/such/dir/transit.db");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/no/such/dir/transit.db"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace caravan::transit
