#pragma once
// The PostgreSQL test database: CARAVAN_TEST_PG_URL (ctest starts a throwaway cluster with
// scripts/test-postgres and sets it). Each test works in a fresh schema of its own, so tests run
// in parallel processes without seeing each other; the schemas are dropped when the process ends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <vector>

namespace caravan::transit::testing {

inline std::string pg_base_url() {
  const char* url = std::getenv("CARAVAN_TEST_PG_URL");
  return url ? url : "";
}

// Schemas made by this process, dropped when it ends.
class Schemas : public ::testing::Environment {
 public:
  static Schemas& instance() {
    static auto* env = static_cast<Schemas*>(::testing::AddGlobalTestEnvironment(new Schemas));
    return *env;
  }
  // A new empty schema; returns the store URL whose sessions work in it.
  std::string create() {
    static std::atomic<int> counter{0};
    if (pg_base_url().empty())
      throw std::runtime_error("CARAVAN_TEST_PG_URL is not set (ctest sets it; or run scripts/test-postgres start DIR)");
    const std::string name = "caravan_t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    pqxx::connection c(pg_base_url());
    pqxx::nontransaction tx(c);
    tx.exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    tx.exec("CREATE SCHEMA " + name);
    std::lock_guard lock(mutex_);
    names_.push_back(name);
    const std::string url = pg_base_url();
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
  }
  void TearDown() override {
    if (names_.empty()) return;
    pqxx::connection c(pg_base_url());
    pqxx::nontransaction tx(c);
    for (const auto& name : names_) tx.exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> names_;
};

// A store URL whose sessions work in a new, empty schema.
inline std::string fresh_store_url() { return Schemas::instance().create(); }

}  // namespace caravan::transit::testing
