#pragma once
// The transit application service: turns messages from authenticated actors into applied,
// audited, durable changes, or into the complete list of problems. Used by the HTTP endpoints and
// the CLI alike. Idempotent by message id: a message that was applied is answered with its first
// outcome (status and body) and changes nothing; a message that was refused is not recorded, so it
// can be sent again once its prerequisite happened (e.g. terminate after start).
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/problems.hpp"
#include "transit/state_machine.hpp"
#include "transit/store.hpp"

namespace caravan::transit {

struct Reply {
  int status = 200;
  nlohmann::json body;  // success: the response; failure: {"errors": [...]} (see to_json(Problems))
  Problems problems;    // empty on success
  bool replay = false;  // the stored first outcome of this message id
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

struct ServiceOptions {
  // UTC now as "YYYY-MM-DDTHH:MM:SSZ"; tests fix it.
  std::function<std::string()> clock;
  // Reference serials reserved from the store at a time (fewer store round trips; gaps on restart).
  std::int64_t serial_block = 64;
  // Retries of a message that lost an optimistic-concurrency race.
  int max_retries = 50;
  // The server's own key pair: countersigns every accepted audit entry. Required.
  SigningKey server_key;
};

std::string utc_now_iso();

class TransitService {
 public:
  // Throws std::invalid_argument without options.server_key.
  TransitService(TransitStore& store, ServiceOptions options);

  // `message` carries the sender's "signature" (message_signature.hpp), checked against `actor`'s
  // roster key before anything else.
  Reply submit(const Actor& actor, const nlohmann::json& message);
  Reply event(const Actor& actor, const std::string& declaration_id, const nlohmann::json& message);
  Reply get(const Actor& actor, const std::string& declaration_id);
  Reply list(const Actor& actor);
  // The audit export (audit.hpp format) as `actor` may see it, in body["export"] (a string).
  Reply audit(const Actor& actor, const std::string& declaration_id);

  [[nodiscard]] TransitStore& store() { return store_; }
  [[nodiscard]] const std::string& server_public_key() const { return options_.server_key.public_key; }

 private:
  std::string next_reference(int year, const std::string& country);
  std::optional<Reply> replay_of(const Actor& actor, const nlohmann::json& message);
  // Writes the event's new version of the document with its audit entry and `response`, the answer
  // kept for replays; the store says whether it was first.
  CommitStatus commit_event(const Actor& actor, const DeclarationRecord& record, nlohmann::json& doc, EventType type,
                            const SignedMessage& signed_message, const std::string& at, const nlohmann::json& data,
                            std::optional<std::int64_t> leg_number, nlohmann::json& response);
  static Reply failure(Problems problems);
  [[nodiscard]] nlohmann::json with_signed_head(nlohmann::json document) const;

  TransitStore& store_;
  ServiceOptions options_;
  std::mutex serial_mutex_;
  std::int64_t next_serial_ = 0, serial_end_ = 0;
};

}  // namespace caravan::transit
