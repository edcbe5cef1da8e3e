// The PostgreSQL store against the store contract, plus what only a shared database promises:
// several stores (as several servers would) on one database stay atomic, schema creation races are
// harmless, lost connections are replaced, and errors name the URL without its password.
//
// The database comes from CARAVAN_TEST_PG_URL (ctest starts a throwaway cluster with
// scripts/test-postgres and sets it); every test works in a fresh schema of its own.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>
#include <thread>

#include "pg_test_db.hpp"
#include "store_contract.hpp"
#include "temp_dir.hpp"
#include "transit/open_store.hpp"
#include "transit/pg_store.hpp"

namespace caravan::transit {
namespace {

using contract::create_commit;
using contract::StoreBackend;
using contract::update_commit;

StoreBackend pg_backend() {
  return StoreBackend{"postgresql", [] { return testing::fresh_store_url(); },
                      [](const std::string& url) -> std::unique_ptr<TransitStore> {
                        return std::make_unique<PgStore>(url);
                      }};
}

}  // namespace

namespace contract {
INSTANTIATE_TEST_SUITE_P(PostgreSQL, TransitStoreContract, ::testing::Values(pg_backend()),
                         [](const auto& info) { return info.param.name; });
}  // namespace contract

namespace {

TEST(PgStore, DescribeOmitsThePassword) {
  const std::string url = testing::fresh_store_url();
  PgStore store(url);
  EXPECT_EQ(store.describe(), redact_postgres_url(url));
  EXPECT_EQ(store.describe().find(":caravan@"), std::string::npos) << store.describe();
  EXPECT_EQ(store.describe().rfind("postgresql://caravan@127.0.0.1:", 0), 0u) << store.describe();
}

TEST(PgStore, RedactsPasswordsFromUrls) {
  EXPECT_EQ(redact_postgres_url("postgresql://u:s3cret@db.example:5432/transit"), "postgresql://u@db.example:5432/transit");
  EXPECT_EQ(redact_postgres_url("postgres://u@db/transit?sslmode=require&password=s3cret&application_name=x"),
            "postgres://u@db/transit?sslmode=require&application_name=x");
  EXPECT_EQ(redact_postgres_url("postgresql://db/transit?password=x"), "postgresql://db/transit");
  EXPECT_EQ(redact_postgres_url("postgresql://u:p@h"), "postgresql://u@h");
  EXPECT_EQ(redact_postgres_url("postgresql://u:p%40x@h:1/d"), "postgresql://u@h:1/d");
  EXPECT_EQ(redact_postgres_url("postgresql:///transit?host=/run/postgresql"), "postgresql:///transit?host=/run/postgresql");
}

TEST(PgStore, UnreachableDatabaseNamesTheUrlWithoutPassword) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  try {
    PgStore store("postgresql://caravan:s3cret@127.0.0.1:1/caravan_test?connect_timeout=5");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("postgresql://caravan@127.0.0.1:1/caravan_test"), std::string::npos) << what;
    EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
  }
}

TEST(PgStore, WrongPasswordNamesTheUrlWithoutPassword) {
  std::string url = testing::pg_base_url();
  ASSERT_FALSE(url.empty()) << "CARAVAN_TEST_PG_URL is not set";
  const auto at = url.find('@');
  const auto colon = url.rfind(':', at);
  ASSERT_NE(at, std::string::npos);
  url = url.substr(0, colon) + ":wrong-pw" + url.substr(at);
  try {
    PgStore store(url);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(redact_postgres_url(url)), std::string::npos) << what;
    EXPECT_NE(what.find("password authentication failed"), std::string::npos) << what;
    EXPECT_EQ(what.find("wrong-pw"), std::string::npos) << what;
  }
}

TEST(PgStore, OpenTransitStoreChoosesByAddress) {
  const std::string url = testing::fresh_store_url();
  auto pg = open_transit_store(url);
  ASSERT_TRUE(dynamic_cast<PgStore*>(pg.get()));
  EXPECT_EQ(pg->describe(), redact_postgres_url(url));
  const auto path = (testing::fresh_temp_dir("open") / "t.db").string();
  auto sqlite = open_transit_store("sqlite:" + path);
  EXPECT_EQ(sqlite->describe(), "sqlite:" + path);
  EXPECT_THROW(open_transit_store("sqlite:"), std::invalid_argument);
  try {
    open_transit_store("mysql://u:pw@h/d");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "transit store address 'mysql://u@h/d' is neither sqlite:PATH nor postgresql://…");
  }
}

// Servers starting together on an empty database all create (or find) the same schema.
TEST(PgStore, ConcurrentSchemaCreation) {
  const std::string url = testing::fresh_store_url();
  std::vector<std::unique_ptr<PgStore>> stores(6);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (std::size_t i = 0; i < stores.size(); ++i)
    threads.emplace_back([&, i] {
      try {
        stores[i] = std::make_unique<PgStore>(url);
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_EQ(stores[0]->commit(create_commit("D1", "m1")), CommitStatus::committed);
  for (const auto& s : stores) EXPECT_EQ(s->load("D1")->version, 1);
}

// Two stores with their own connection pools and group committers share one database, as two
// `caravan serve` processes do: the database alone keeps versions, message ids and serials unique.
TEST(PgStore, TwoServersOneWinnerPerVersion) {
  const std::string url = testing::fresh_store_url();
  PgStore a(url), b(url);
  ASSERT_EQ(a.commit(create_commit("D1", "m0")), CommitStatus::committed);
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      PgStore& s = t % 2 ? b : a;
      for (int i = 0; i < 15; ++i) {
        const std::string mid = "t" + std::to_string(t) + "-" + std::to_string(i);
        for (;;) {
          const auto status = s.commit(update_commit("D1", s.load("D1")->version, mid));
          if (status == CommitStatus::committed) {
            ++applied;
            break;
          }
          ASSERT_EQ(status, CommitStatus::stale_version);
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(applied.load(), 90);
  EXPECT_EQ(b.load("D1")->version, 91);
  const auto chain = a.audit_chain("D1");
  ASSERT_EQ(chain.size(), 91u);
  for (std::size_t i = 0; i < chain.size(); ++i) EXPECT_EQ(chain[i].sequence, static_cast<std::int64_t>(i + 1));
}

TEST(PgStore, TwoServersSameMessageAppliedOnce) {
  const std::string url = testing::fresh_store_url();
  PgStore a(url), b(url);
  // Each declaration is created by the same message on both servers at once: one wins.
  constexpr int kMessages = 40;
  std::atomic<int> committed{0}, duplicates{0};
  auto run = [&](PgStore& s) {
    for (int i = 0; i < kMessages; ++i) {
      const std::string n = std::to_string(i);
      const auto status = s.commit(create_commit(std::string("D").append(n), std::string("m").append(n)));
      if (status == CommitStatus::committed)
        ++committed;
      else if (status == CommitStatus::duplicate_message)
        ++duplicates;
      else
        ADD_FAILURE() << "message m" << i << ": " << to_string(status);
    }
  };
  std::thread ta([&] { run(a); }), tb([&] { run(b); });
  ta.join();
  tb.join();
  EXPECT_EQ(committed.load(), kMessages);
  EXPECT_EQ(duplicates.load(), kMessages);
  EXPECT_EQ(a.list_by_holder("holder-a").size(), static_cast<std::size_t>(kMessages));
  for (const auto& r : b.list_by_country("KZ")) EXPECT_EQ(b.audit_chain(r.id).size(), 1u) << r.id;
}

TEST(PgStore, TwoServersNeverShareSerials) {
  const std::string url = testing::fresh_store_url();
  PgStore a(url), b(url);
  std::vector<std::int64_t> firsts(2 * 4 * 20);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      PgStore& s = t % 2 ? b : a;
      for (int i = 0; i < 20; ++i) firsts[t * 20 + i] = s.reserve_reference_serials(7);
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> taken;
  for (auto first : firsts)
    for (int k = 0; k < 7; ++k) EXPECT_TRUE(taken.insert(first + k).second) << "serial " << first + k << " twice";
  EXPECT_EQ(*taken.begin(), 1);
  EXPECT_EQ(*taken.rbegin(), 8 * 20 * 7) << "one counter row: no gaps without crashes";
}

// Many server threads share a bounded pool, so many servers fit in the database's max_connections.
TEST(PgStore, PoolStaysWithinItsBound) {
  const std::string app = "caravan_pool_" + std::to_string(::getpid());
  PgStore store(testing::fresh_store_url() + "&application_name=" + app, 2);
  std::atomic<bool> done{false};
  std::atomic<int> most{0};
  std::thread watcher([&] {
    pqxx::connection admin(testing::pg_base_url());
    pqxx::nontransaction tx(admin);
    while (!done) {
      const int n = tx.exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = " + tx.quote(app))[0][0].as<int>();
      most = std::max(most.load(), n);
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string id = "D" + std::to_string(t * 100 + i);
        EXPECT_EQ(store.commit(create_commit(id, "m-" + id)), CommitStatus::committed);
        EXPECT_EQ(store.load(id)->version, 1);
        store.reserve_reference_serials(1);
      }
    });
  for (auto& th : threads) th.join();
  done = true;
  watcher.join();
  EXPECT_EQ(store.list_by_holder("holder-a").size(), 80u);
  EXPECT_GE(most.load(), 1);
  EXPECT_LE(most.load(), 2);
}

// A server restart (or an administrator terminating sessions) breaks pooled connections; the store
// reports that call's failure naming itself and reconnects on the next.
TEST(PgStore, ReplacesBrokenConnections) {
  // Its own application name, so only this store's sessions are terminated (tests run in parallel).
  const std::string app = "caravan_reconnect_" + std::to_string(::getpid());
  const std::string url = testing::fresh_store_url() + "&application_name=" + app;
  PgStore store(url);
  ASSERT_EQ(store.commit(create_commit("D1", "m1")), CommitStatus::committed);
  ASSERT_TRUE(store.load("D1").has_value());
  {
    pqxx::connection admin(testing::pg_base_url());
    pqxx::nontransaction tx(admin);
    const auto killed = tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = " + tx.quote(app));
    ASSERT_GE(killed.size(), 1u);
  }
  int failures = 0;
  std::optional<DeclarationRecord> loaded;
  for (int attempt = 0; attempt < 3 && !loaded; ++attempt) {
    try {
      loaded = store.load("D1");
    } catch (const std::runtime_error& e) {
      ++failures;
      EXPECT_EQ(std::string(e.what()).rfind("transit store " + store.describe() + ": ", 0), 0u) << e.what();
    }
  }
  ASSERT_TRUE(loaded.has_value());
  EXPECT_LE(failures, 1);
  EXPECT_EQ(store.commit(update_commit("D1", 1, "m2")), CommitStatus::committed);
}

}  // namespace
}  // namespace caravan::transit
