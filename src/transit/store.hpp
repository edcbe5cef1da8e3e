#pragma once
// Where transit declarations, their audit chains and the outcome of every applied message live.
// One interface, several stores (SQLite embedded, PostgreSQL shared) that pass the same contract
// suite (tests/transit/store_contract.hpp). The domain (declaration state machine, validation,
// signatures) never talks SQL: it reads through this interface and writes one `Commit` per applied
// message, so a store only has to be atomic, durable and thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace caravan::transit {

// The current state of one declaration, as the store keeps it.
struct DeclarationRecord {
  std::string id;                      // the transit reference number (e.g. "26KZ000000000017X")
  std::int64_t version = 0;            // 1 when created, +1 per applied message (optimistic concurrency)
  nlohmann::json document;             // the whole declaration with its state (domain-defined JSON object)
  std::vector<std::string> countries;  // ISO 3166 alpha-2 codes of the itinerary, for access filtering
  std::string holder;                  // the holder actor id (key name), for access filtering
};

// One entry of a declaration's append-only audit chain. The store keeps the texts exactly as given
// (byte for byte): the hashes and the signature are over `canonical`, so re-serialising would break
// verification.
struct AuditEntry {
  std::string declaration_id;
  std::int64_t sequence = 0;   // 1, 2, 3… per declaration, without gaps
  std::string canonical;       // sorted-key compact JSON of the entry body
  std::string previous_hash;   // lowercase hex SHA-256 of the previous entry ("" for sequence 1)
  std::string hash;            // lowercase hex SHA-256 of `canonical`
  std::string actor;           // actor id that signed
  std::string signature;       // lowercase hex Ed25519 detached signature
  std::string public_key;      // lowercase hex Ed25519 public key of the actor
};

// What a message got back the first time it was applied; a replay returns exactly this.
struct MessageOutcome {
  std::string message_id;
  int status = 0;              // HTTP-style status (201, 200, …)
  nlohmann::json response;     // the response body
};

// Everything one applied message changes, written all-or-nothing.
struct Commit {
  // The declaration's new state. Its `version` must be expected_version + 1.
  // Absent: the message records only its outcome (no state change).
  std::optional<DeclarationRecord> declaration;
  // 0: the declaration must not exist yet (creation). Otherwise the stored version must equal it.
  std::int64_t expected_version = 0;
  // The audit entry appended (its sequence must be the next one of that declaration).
  std::optional<AuditEntry> audit;
  // Stored under outcome.message_id, which must be new.
  MessageOutcome outcome;
};

enum class CommitStatus {
  committed,          // durable (fsync'd / committed) when reported
  duplicate_message,  // outcome.message_id already recorded: nothing written (checked first, so a
                      // replay is reported as such even when its version is stale too)
  stale_version,      // the declaration changed since it was read (or already exists on creation), or
                      // the audit sequence is taken: nothing written
};

const char* to_string(CommitStatus status);

class TransitStore {
 public:
  virtual ~TransitStore() = default;

  // Applies each commit atomically and independently (one failing does not undo the others), in
  // order, so a later commit sees the earlier ones of the same batch. Returns one status per commit,
  // and only once every `committed` one is durable. Thread-safe. This is the group-commit path: a
  // store makes the batch one transaction (with a savepoint per commit) so N messages cost one sync.
  // Throws std::runtime_error on an I/O or connection failure (then nothing of the batch is
  // reported committed).
  virtual std::vector<CommitStatus> commit_many(std::span<const Commit> commits) = 0;

  // One commit (a batch of one).
  CommitStatus commit(const Commit& c) { return commit_many(std::span<const Commit>(&c, 1)).front(); }

  // Reads. All thread-safe; they see every commit reported committed.
  virtual std::optional<MessageOutcome> find_outcome(const std::string& message_id) = 0;
  virtual std::optional<DeclarationRecord> load(const std::string& id) = 0;
  // Declarations whose itinerary includes `alpha2`, ordered by id.
  virtual std::vector<DeclarationRecord> list_by_country(const std::string& alpha2) = 0;
  // Declarations whose holder is `holder`, ordered by id.
  virtual std::vector<DeclarationRecord> list_by_holder(const std::string& holder) = 0;
  // The audit chain of a declaration, ordered by sequence (empty when unknown).
  virtual std::vector<AuditEntry> audit_chain(const std::string& declaration_id) = 0;

  // Reserves `count` >= 1 consecutive serials for transit reference numbers and returns the first;
  // serials are never handed out twice, even across processes sharing the store and across crashes
  // (gaps are allowed). Durable when it returns.
  virtual std::int64_t reserve_reference_serials(std::int64_t count) = 0;

  // e.g. "sqlite:/path/transit.db" (no secrets), for logs and /v1/health-like answers.
  [[nodiscard]] virtual std::string describe() const = 0;
};

}  // namespace caravan::transit
