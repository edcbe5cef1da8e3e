#pragma once
// The embedded transit store: one SQLite file in WAL mode with synchronous=FULL, so a commit that
// returned survives power loss. Concurrent writers share transactions through GroupCommitter (one
// fsync for many acknowledged messages); readers use their own connections and never block writers.
// Several processes may open the same file (SQLite's locking serialises their transactions).
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "transit/group_commit.hpp"
#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace SQLite {
class Database;
}

namespace caravan::transit {

class SqliteStore final : public GroupCommitStore, public ActorKeyStore {
 public:
  // Opens or creates the database file (and its parent directory). Throws std::runtime_error
  // naming the file when it cannot be opened or has a schema from elsewhere.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;

  std::optional<MessageOutcome> find_outcome(const std::string& message_id) override;
  std::optional<DeclarationRecord> load(const std::string& id) override;
  std::vector<DeclarationRecord> list_by_country(const std::string& alpha2) override;
  std::vector<DeclarationRecord> list_by_holder(const std::string& holder) override;
  std::vector<AuditEntry> audit_chain(const std::string& declaration_id) override;
  std::int64_t reserve_reference_serials(std::int64_t count) override;
  [[nodiscard]] std::string describe() const override;

  // The roster, in table transit_actor_keys (one row per key period).
  std::optional<Actor> current_actor_by_api_key_hash(const std::string& api_key_sha256) override;
  std::optional<Actor> current_actor(const std::string& id) override;
  std::vector<ActorKey> actor_keys() override;
  RosterChange add_actor(const Actor& actor, const std::string& at) override;
  RosterChange rotate_actor_key(const Actor& replacement, const std::string& at) override;

 private:
  class ReadLease;
  std::vector<CommitStatus> write_batch(std::span<const Commit> commits) override;
  CommitStatus apply_one(const Commit& c);
  std::unique_ptr<SQLite::Database> open_connection() const;

  std::string path_;
  std::mutex writer_mutex_;  // the single writing connection
  std::unique_ptr<SQLite::Database> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_readers_;
};

}  // namespace caravan::transit
