#pragma once
// The behaviour every TransitStore has, as a value-parameterised GoogleTest suite. A store's test
// file includes this header once and instantiates it:
//
//   INSTANTIATE_TEST_SUITE_P(SQLite, TransitStoreContract,
//                            ::testing::Values(StoreBackend{"sqlite", create_fn, open_fn}),
//                            [](const auto& info) { return info.param.name; });
//
// `create_empty` makes a new empty store location (a temp file, a fresh schema…) and returns its
// address; `open` opens (or reopens, to check durability) the store at an address.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace caravan::transit::contract {

struct StoreBackend {
  std::string name;
  std::function<std::string()> create_empty;
  std::function<std::unique_ptr<TransitStore>(const std::string& address)> open;
};

inline DeclarationRecord sample_record(const std::string& id, std::int64_t version,
                                       std::vector<std::string> countries = {"KZ", "UZ"},
                                       const std::string& holder = "holder-a") {
  DeclarationRecord r;
  r.id = id;
  r.version = version;
  r.document = {{"id", id}, {"version", version}, {"state", "accepted"}, {"note", "Ташкент – 塔什干"}};
  r.countries = std::move(countries);
  r.holder = holder;
  return r;
}

inline AuditEntry sample_entry(const std::string& id, std::int64_t sequence) {
  AuditEntry e;
  e.declaration_id = id;
  e.sequence = sequence;
  // Not sorted and with spaces on purpose: the store must keep the text byte for byte.
  e.canonical = R"({"z":1, "a":"é ✓","seq":)" + std::to_string(sequence) + "}";
  e.previous_hash = sequence == 1 ? "" : std::string(64, 'a');
  e.hash = std::string(63, 'b') + static_cast<char>('0' + sequence % 10);
  e.actor = "customs-kz";
  e.signature = std::string(128, 'c');
  e.public_key = std::string(64, 'd');
  return e;
}

inline Commit create_commit(const std::string& id, const std::string& message_id,
                            std::vector<std::string> countries = {"KZ", "UZ"},
                            const std::string& holder = "holder-a") {
  Commit c;
  c.declaration = sample_record(id, 1, std::move(countries), holder);
  c.expected_version = 0;
  c.audit = sample_entry(id, 1);
  c.outcome = {message_id, 201, {{"id", id}, {"created", true}}};
  return c;
}

inline Commit update_commit(const std::string& id, std::int64_t from_version, const std::string& message_id) {
  Commit c;
  c.declaration = sample_record(id, from_version + 1);
  c.expected_version = from_version;
  c.audit = sample_entry(id, from_version + 1);
  c.outcome = {message_id, 200, {{"id", id}, {"version", from_version + 1}}};
  return c;
}

class TransitStoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    address_ = GetParam().create_empty();
    store_ = GetParam().open(address_);
    ASSERT_TRUE(store_);
  }
  void reopen() {
    store_.reset();
    store_ = GetParam().open(address_);
    ASSERT_TRUE(store_);
  }
  std::string address_;
  std::unique_ptr<TransitStore> store_;
};

TEST_P(TransitStoreContract, EmptyStoreHasNothing) {
  EXPECT_FALSE(store_->load("X").has_value());
  EXPECT_FALSE(store_->find_outcome("m").has_value());
  EXPECT_TRUE(store_->audit_chain("X").empty());
  EXPECT_TRUE(store_->list_by_country("KZ").empty());
  EXPECT_TRUE(store_->list_by_holder("holder-a").empty());
  EXPECT_FALSE(store_->describe().empty());
}

TEST_P(TransitStoreContract, CreateThenReadBackExactly) {
  const Commit c = create_commit("D1", "m1");
  ASSERT_EQ(store_->commit(c), CommitStatus::committed);
  const auto rec = store_->load("D1");
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id, "D1");
  EXPECT_EQ(rec->version, 1);
  EXPECT_EQ(rec->document, c.declaration->document);
  EXPECT_EQ(rec->countries, (std::vector<std::string>{"KZ", "UZ"}));
  EXPECT_EQ(rec->holder, "holder-a");
  const auto chain = store_->audit_chain("D1");
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].declaration_id, "D1");
  EXPECT_EQ(chain[0].sequence, 1);
  EXPECT_EQ(chain[0].canonical, c.audit->canonical);
  EXPECT_EQ(chain[0].previous_hash, "");
  EXPECT_EQ(chain[0].hash, c.audit->hash);
  EXPECT_EQ(chain[0].actor, "customs-kz");
  EXPECT_EQ(chain[0].signature, c.audit->signature);
  EXPECT_EQ(chain[0].public_key, c.audit->public_key);
  const auto out = store_->find_outcome("m1");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->message_id, "m1");
  EXPECT_EQ(out->status, 201);
  EXPECT_EQ(out->response, c.outcome.response);
}

TEST_P(TransitStoreContract, SurvivesReopen) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  ASSERT_EQ(store_->commit(update_commit("D1", 1, "m2")), CommitStatus::committed);
  const auto first = store_->reserve_reference_serials(5);
  reopen();
  const auto rec = store_->load("D1");
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->version, 2);
  EXPECT_EQ(store_->audit_chain("D1").size(), 2u);
  EXPECT_TRUE(store_->find_outcome("m2").has_value());
  EXPECT_GE(store_->reserve_reference_serials(1), first + 5);
}

TEST_P(TransitStoreContract, DuplicateMessageIdWritesNothing) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  // Same message id, but a valid next version: must still be refused as a whole.
  Commit again = update_commit("D1", 1, "m1");
  again.outcome.status = 299;
  EXPECT_EQ(store_->commit(again), CommitStatus::duplicate_message);
  EXPECT_EQ(store_->load("D1")->version, 1);
  EXPECT_EQ(store_->audit_chain("D1").size(), 1u);
  EXPECT_EQ(store_->find_outcome("m1")->status, 201);
  // A duplicate creating another declaration creates nothing.
  EXPECT_EQ(store_->commit(create_commit("D2", "m1")), CommitStatus::duplicate_message);
  EXPECT_FALSE(store_->load("D2").has_value());
  EXPECT_TRUE(store_->audit_chain("D2").empty());
}

TEST_P(TransitStoreContract, StaleVersionWritesNothing) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  ASSERT_EQ(store_->commit(update_commit("D1", 1, "m2")), CommitStatus::committed);
  Commit stale = update_commit("D1", 1, "m3");  // built on version 1, store is at 2
  stale.audit->sequence = 3;                   // even with a free audit sequence
  EXPECT_EQ(store_->commit(stale), CommitStatus::stale_version);
  EXPECT_EQ(store_->load("D1")->version, 2);
  EXPECT_EQ(store_->audit_chain("D1").size(), 2u);
  EXPECT_FALSE(store_->find_outcome("m3").has_value()) << "a refused commit must not record its outcome";
}

TEST_P(TransitStoreContract, CreatingAnExistingDeclarationIsStale) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  EXPECT_EQ(store_->commit(create_commit("D1", "m2")), CommitStatus::stale_version);
  EXPECT_FALSE(store_->find_outcome("m2").has_value());
  EXPECT_EQ(store_->audit_chain("D1").size(), 1u);
}

TEST_P(TransitStoreContract, UpdatingAMissingDeclarationIsStale) {
  EXPECT_EQ(store_->commit(update_commit("NOPE", 1, "m1")), CommitStatus::stale_version);
  EXPECT_FALSE(store_->load("NOPE").has_value());
  EXPECT_FALSE(store_->find_outcome("m1").has_value());
}

TEST_P(TransitStoreContract, TakenAuditSequenceIsStale) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  Commit c = update_commit("D1", 1, "m2");
  c.audit->sequence = 1;  // already used
  EXPECT_EQ(store_->commit(c), CommitStatus::stale_version);
  EXPECT_EQ(store_->load("D1")->version, 1);
  EXPECT_FALSE(store_->find_outcome("m2").has_value());
}

TEST_P(TransitStoreContract, OutcomeOnlyCommit) {
  Commit c;
  c.outcome = {"m-only", 422, {{"errors", nlohmann::json::array({{{"code", 101}}})}}};
  ASSERT_EQ(store_->commit(c), CommitStatus::committed);
  const auto out = store_->find_outcome("m-only");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 422);
  EXPECT_EQ(out->response, c.outcome.response);
  EXPECT_EQ(store_->commit(c), CommitStatus::duplicate_message);
}

TEST_P(TransitStoreContract, BatchItemsAreIndependentAndOrdered) {
  std::vector<Commit> batch;
  batch.push_back(create_commit("D1", "m1"));
  batch.push_back(create_commit("D2", "m1"));        // duplicate of the first in the same batch
  batch.push_back(update_commit("D1", 1, "m3"));     // sees the first
  batch.push_back(update_commit("D1", 1, "m4"));     // now stale
  batch.push_back(create_commit("D3", "m5", {"CN", "KZ"}, "holder-b"));
  const auto statuses = store_->commit_many(batch);
  ASSERT_EQ(statuses.size(), 5u);
  EXPECT_EQ(statuses[0], CommitStatus::committed);
  EXPECT_EQ(statuses[1], CommitStatus::duplicate_message);
  EXPECT_EQ(statuses[2], CommitStatus::committed);
  EXPECT_EQ(statuses[3], CommitStatus::stale_version);
  EXPECT_EQ(statuses[4], CommitStatus::committed);
  EXPECT_EQ(store_->load("D1")->version, 2);
  EXPECT_FALSE(store_->load("D2").has_value());
  EXPECT_FALSE(store_->find_outcome("m4").has_value());
  EXPECT_EQ(store_->audit_chain("D1").size(), 2u);
  EXPECT_EQ(store_->audit_chain("D3").size(), 1u);
  EXPECT_TRUE(store_->commit_many({}).empty());
}

TEST_P(TransitStoreContract, ListsByCountryAndHolderOrderedById) {
  ASSERT_EQ(store_->commit(create_commit("B", "m1", {"KZ", "UZ"}, "h1")), CommitStatus::committed);
  ASSERT_EQ(store_->commit(create_commit("A", "m2", {"CN", "KZ", "UZ"}, "h2")), CommitStatus::committed);
  ASSERT_EQ(store_->commit(create_commit("C", "m3", {"CN", "KG"}, "h1")), CommitStatus::committed);
  auto ids = [](const std::vector<DeclarationRecord>& v) {
    std::vector<std::string> out;
    for (const auto& r : v) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(store_->list_by_country("KZ")), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(ids(store_->list_by_country("CN")), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(ids(store_->list_by_country("KG")), (std::vector<std::string>{"C"}));
  EXPECT_TRUE(store_->list_by_country("TM").empty());
  EXPECT_TRUE(store_->list_by_country("K").empty()) << "no prefix matching";
  EXPECT_EQ(ids(store_->list_by_holder("h1")), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(ids(store_->list_by_holder("h2")), (std::vector<std::string>{"A"}));
  EXPECT_TRUE(store_->list_by_holder("h3").empty());
  // Lists carry the current state (update_commit also moves B to holder "holder-a").
  ASSERT_EQ(store_->commit(update_commit("B", 1, "m4")), CommitStatus::committed);
  EXPECT_EQ(ids(store_->list_by_holder("h1")), (std::vector<std::string>{"C"}));
  ASSERT_EQ(ids(store_->list_by_holder("holder-a")), (std::vector<std::string>{"B"}));
  EXPECT_EQ(store_->list_by_holder("holder-a").front().version, 2);
  EXPECT_EQ(store_->list_by_country("UZ").back().version, 2);
}

TEST_P(TransitStoreContract, AuditChainOrderedBySequence) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m1")), CommitStatus::committed);
  for (int v = 1; v < 12; ++v)
    ASSERT_EQ(store_->commit(update_commit("D1", v, std::string("u") + std::to_string(v))), CommitStatus::committed);
  const auto chain = store_->audit_chain("D1");
  ASSERT_EQ(chain.size(), 12u);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(chain[i].canonical, sample_entry("D1", static_cast<std::int64_t>(i + 1)).canonical);
  }
}

TEST_P(TransitStoreContract, ReferenceSerialsNeverRepeat) {
  std::vector<std::int64_t> firsts(8 * 20);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) firsts[t * 20 + i] = store_->reserve_reference_serials(3);
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> taken;
  for (auto first : firsts) {
    EXPECT_GE(first, 1);
    for (int k = 0; k < 3; ++k) EXPECT_TRUE(taken.insert(first + k).second) << "serial " << first + k << " twice";
  }
}

TEST_P(TransitStoreContract, ConcurrentWritersOneWinnerPerVersion) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m0")), CommitStatus::committed);
  // 8 threads race to advance the same declaration 25 times each, re-reading after a stale answer.
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string mid = std::string("t") + std::to_string(t) + "-" + std::to_string(i);
        for (;;) {
          const auto cur = store_->load("D1");
          const auto status = store_->commit(update_commit("D1", cur->version, mid));
          if (status == CommitStatus::committed) {
            ++applied;
            break;
          }
          ASSERT_EQ(status, CommitStatus::stale_version);
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(applied.load(), 200);
  EXPECT_EQ(store_->load("D1")->version, 201);
  const auto chain = store_->audit_chain("D1");
  ASSERT_EQ(chain.size(), 201u);
  for (std::size_t i = 0; i < chain.size(); ++i) EXPECT_EQ(chain[i].sequence, static_cast<std::int64_t>(i + 1));
}

TEST_P(TransitStoreContract, ConcurrentDuplicatesApplyOnce) {
  ASSERT_EQ(store_->commit(create_commit("D1", "m0")), CommitStatus::committed);
  std::atomic<int> committed{0}, duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (;;) {
        const auto cur = store_->load("D1");
        const auto status = store_->commit(update_commit("D1", cur->version, "same"));
        if (status == CommitStatus::stale_version) continue;
        (status == CommitStatus::committed ? committed : duplicates)++;
        break;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(committed.load(), 1);
  EXPECT_EQ(duplicates.load(), 7);
  EXPECT_EQ(store_->load("D1")->version, 2);
}

// The roster the store keeps (keys.hpp ActorKeyStore): registrations, rotations with the key
// history, survives reopening, and is seen by another connection at once.
inline Actor sample_actor(const std::string& id, char key, Role role = Role::customs, const std::string& country = "KZ") {
  Actor a;
  a.id = id;
  a.role = role;
  a.country = role == Role::customs ? country : "";
  a.public_key = std::string(64, key);
  a.api_key_sha256 = std::string(63, 'f') + key;
  return a;
}

TEST_P(TransitStoreContract, RosterKeepsEveryKeyPeriod) {
  auto* keys = dynamic_cast<ActorKeyStore*>(store_.get());
  ASSERT_NE(keys, nullptr) << "a transit store keeps the roster";
  EXPECT_TRUE(keys->actor_keys().empty());
  EXPECT_EQ(keys->add_actor(sample_actor("customs-KZ", '1'), ""), RosterChange::done);
  EXPECT_EQ(keys->add_actor(sample_actor("holder", '2', Role::holder), "2026-12-05T01:00:00Z"), RosterChange::done);
  EXPECT_EQ(keys->add_actor(sample_actor("customs-KZ", '3'), "2026-12-05T01:00:00Z"), RosterChange::id_taken);
  EXPECT_EQ(keys->add_actor(sample_actor("customs-UZ", '1', Role::customs, "UZ"), ""), RosterChange::api_key_taken);
  EXPECT_EQ(keys->current_actor_by_api_key_hash(std::string(63, 'f') + '1')->id, "customs-KZ");

  // Rotation: the old key period ends where the new one starts.
  EXPECT_EQ(keys->rotate_actor_key(sample_actor("customs-KZ", '4'), "2026-12-05T02:00:00Z"), RosterChange::done);
  EXPECT_FALSE(keys->current_actor_by_api_key_hash(std::string(63, 'f') + '1'));
  EXPECT_EQ(keys->current_actor_by_api_key_hash(std::string(63, 'f') + '4')->public_key, std::string(64, '4'));
  EXPECT_EQ(keys->current_actor("customs-KZ")->public_key, std::string(64, '4'));
  EXPECT_EQ(keys->rotate_actor_key(sample_actor("customs-XX", '5'), "2026-12-05T03:00:00Z"), RosterChange::unknown_actor);
  EXPECT_EQ(keys->rotate_actor_key(sample_actor("customs-KZ", '5', Role::customs, "UZ"), "2026-12-05T03:00:00Z"),
            RosterChange::different_actor);
  Actor reused = sample_actor("customs-KZ", '5');
  reused.public_key = std::string(64, '1');
  EXPECT_EQ(keys->rotate_actor_key(reused, "2026-12-05T03:00:00Z"), RosterChange::key_reused);
  EXPECT_EQ(keys->rotate_actor_key(sample_actor("customs-KZ", '2'), "2026-12-05T03:00:00Z"), RosterChange::api_key_taken);
  EXPECT_EQ(keys->add_actor(sample_actor("customs-KG", '1', Role::customs, "KG"), ""), RosterChange::api_key_taken)
      << "a retired API key is never handed to another actor";

  reopen();
  keys = dynamic_cast<ActorKeyStore*>(store_.get());
  const auto history = keys->actor_keys();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].actor.id, "customs-KZ");
  EXPECT_EQ(history[0].actor.public_key, std::string(64, '1'));
  EXPECT_EQ(history[0].valid_from, "");
  EXPECT_EQ(history[0].valid_until, "2026-12-05T02:00:00Z");
  EXPECT_EQ(history[1].actor.public_key, std::string(64, '4'));
  EXPECT_EQ(history[1].valid_from, "2026-12-05T02:00:00Z");
  EXPECT_EQ(history[1].valid_until, "");
  EXPECT_EQ(history[1].actor.country, "KZ");
  EXPECT_EQ(history[1].actor.role, Role::customs);
  EXPECT_EQ(history[2].actor.id, "holder");
  EXPECT_EQ(history[2].actor.role, Role::holder);
  EXPECT_EQ(history[2].valid_from, "2026-12-05T01:00:00Z");

  // Another connection to the same store sees a rotation at once.
  auto other = GetParam().open(address_);
  auto* other_keys = dynamic_cast<ActorKeyStore*>(other.get());
  EXPECT_EQ(keys->rotate_actor_key(sample_actor("holder", '6', Role::holder), "2026-12-05T04:00:00Z"), RosterChange::done);
  EXPECT_FALSE(other_keys->current_actor_by_api_key_hash(std::string(63, 'f') + '2'));
  EXPECT_EQ(other_keys->current_actor("holder")->public_key, std::string(64, '6'));
}

}  // namespace caravan::transit::contract
