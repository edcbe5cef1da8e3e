#pragma once
// The shared transit store: PostgreSQL through libpqxx, for several `caravan serve` processes that
// share one database. The database, not the process, provides atomicity: one transaction per
// group-commit batch with a SAVEPOINT per commit; the message id is a primary key and an outcome is
// inserted first (so a replay is recognised even when racing another server); a declaration moves
// only through `UPDATE … WHERE version = expected`; (declaration, sequence) is the audit chain's
// primary key; reference serials come from a counter row updated under its row lock. Every session
// runs with synchronous_commit=on, so a commit that returned is on the server's disk.
//
// Connections: a small pool, at most `max_connections` per store (callers beyond wait for one),
// each with its prepared statements, so many servers stay within the database's max_connections.
// A connection that broke (server restart) is dropped and replaced on the next call.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "transit/group_commit.hpp"
#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace caravan::transit {

// True for the addresses PgStore accepts: "postgresql://…" or "postgres://…" (libpq URIs).
bool is_postgres_url(const std::string& address);

// The URL without its password (user:secret@ → user@, password=… query parameters removed), for
// errors and logs.
std::string redact_postgres_url(const std::string& url);

class PgStore final : public GroupCommitStore, public ActorKeyStore {
 public:
  // Connects and creates the schema if it is missing (in the first schema of the search path; the
  // URL may choose one with `?options=-csearch_path%3Dname`). Throws std::runtime_error naming the
  // URL (without password) when the database is unreachable or refuses the credentials.
  explicit PgStore(std::string url, std::size_t max_connections = kDefaultMaxConnections);
  static constexpr std::size_t kDefaultMaxConnections = 8;
  ~PgStore() override;

  std::optional<MessageOutcome> find_outcome(const std::string& message_id) override;
  std::optional<DeclarationRecord> load(const std::string& id) override;
  std::vector<DeclarationRecord> list_by_country(const std::string& alpha2) override;
  std::vector<DeclarationRecord> list_by_holder(const std::string& holder) override;
  std::vector<AuditEntry> audit_chain(const std::string& declaration_id) override;
  std::int64_t reserve_reference_serials(std::int64_t count) override;
  [[nodiscard]] std::string describe() const override;

  // The roster, in table transit_actor_keys (one row per key period), shared by every server on
  // the database; changes are serialised on an advisory transaction lock.
  std::optional<Actor> current_actor_by_api_key_hash(const std::string& api_key_sha256) override;
  std::optional<Actor> current_actor(const std::string& id) override;
  std::vector<ActorKey> actor_keys() override;
  RosterChange add_actor(const Actor& actor, const std::string& at) override;
  RosterChange rotate_actor_key(const Actor& replacement, const std::string& at) override;

 private:
  struct Connection;  // a libpqxx connection with its prepared statements
  class Lease;
  std::vector<CommitStatus> write_batch(std::span<const Commit> commits) override;
  std::unique_ptr<Connection> connect() const;
  [[noreturn]] void fail(const std::exception& e) const;

  std::string url_;
  std::string redacted_;
  std::size_t max_connections_;
  std::mutex pool_mutex_;
  std::condition_variable pool_returned_;
  std::size_t open_connections_ = 0;  // idle and leased
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace caravan::transit
