#include "transit/pg_store.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <stdexcept>

namespace caravan::transit {

namespace {

// Keys and ids are compared and ordered byte for byte (COLLATE "C") whatever the database's locale,
// so lists come back in the same order as from the SQLite store. Texts that are hashed or signed
// (canonical) or re-parsed (document, response) are stored as text, never as jsonb, which would
// reorder keys and renormalise numbers. Countries are a jsonb array so a GIN index answers
// "itinerary contains KZ" with exact element matching.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS transit_declarations (
  id        text COLLATE "C" PRIMARY KEY,
  version   bigint NOT NULL,
  document  text NOT NULL,
  countries jsonb NOT NULL,
  holder    text COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS transit_declarations_holder ON transit_declarations (holder, id);
CREATE INDEX IF NOT EXISTS transit_declarations_countries
  ON transit_declarations USING gin (countries jsonb_path_ops);
CREATE TABLE IF NOT EXISTS transit_audit (
  declaration_id text COLLATE "C" NOT NULL,
  sequence       bigint NOT NULL,
  canonical      text NOT NULL,
  previous_hash  text NOT NULL,
  hash           text NOT NULL,
  actor          text NOT NULL,
  signature      text NOT NULL,
  public_key     text NOT NULL,
  PRIMARY KEY (declaration_id, sequence)
);
CREATE TABLE IF NOT EXISTS transit_outcomes (
  message_id text COLLATE "C" PRIMARY KEY,
  status     integer NOT NULL,
  response   text NOT NULL
);
CREATE TABLE IF NOT EXISTS transit_serials (
  name text PRIMARY KEY,
  next bigint NOT NULL
);
INSERT INTO transit_serials (name, next) VALUES ('reference', 1) ON CONFLICT (name) DO NOTHING;
CREATE TABLE IF NOT EXISTS transit_actor_keys (
  serial         bigserial PRIMARY KEY,
  actor_id       text COLLATE "C" NOT NULL,
  role           text NOT NULL,
  country        text NOT NULL,
  party          text NOT NULL,
  public_key     text NOT NULL,
  api_key_sha256 text COLLATE "C" NOT NULL UNIQUE,
  valid_from     text NOT NULL,
  valid_until    text
);
CREATE UNIQUE INDEX IF NOT EXISTS transit_actor_keys_current ON transit_actor_keys (actor_id) WHERE valid_until IS NULL;
)sql";

// Serialises roster changes (registrations, rotations) between servers.
constexpr long kRosterLockKey = 0x63617261'76616e32;  // "caravan2"

constexpr const char* kActorColumns = "actor_id, role, country, party, public_key, api_key_sha256, valid_from, valid_until";

ActorKey read_actor_key(const pqxx::row& row) {
  ActorKey k;
  k.actor.id = row[0].as<std::string>();
  k.actor.role = role_from_text(row[1].as<std::string>());
  k.actor.country = row[2].as<std::string>();
  k.actor.party = row[3].as<std::string>();
  k.actor.public_key = row[4].as<std::string>();
  k.actor.api_key_sha256 = row[5].as<std::string>();
  k.valid_from = row[6].as<std::string>();
  k.valid_until = row[7].is_null() ? "" : row[7].as<std::string>();
  return k;
}

std::vector<ActorKey> read_actor_keys(pqxx::transaction_base& tx) {
  std::vector<ActorKey> out;
  for (const auto& row : tx.exec_prepared("actor_keys")) out.push_back(read_actor_key(row));
  return out;
}

// Serialises schema creation between servers starting at the same time on an empty database
// (CREATE TABLE IF NOT EXISTS alone races on the catalog). Any fixed 64-bit number will do.
constexpr long kSchemaLockKey = 0x63617261'76616e31;  // "caravan1"

constexpr const char* kDeclarationColumns = "id, version, document, countries::text, holder";

void prepare_statements(pqxx::connection& c) {
  // Outcome first: the primary key recognises a replay even when another server is applying the
  // same message right now (the insert waits for that transaction, then reports a conflict).
  c.prepare("outcome_insert",
            "INSERT INTO transit_outcomes (message_id, status, response) VALUES ($1, $2, $3) "
            "ON CONFLICT (message_id) DO NOTHING");
  c.prepare("declaration_insert",
            "INSERT INTO transit_declarations (id, version, document, countries, holder) "
            "VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (id) DO NOTHING");
  c.prepare("declaration_update",
            "UPDATE transit_declarations SET version = $2, document = $3, countries = $4::jsonb, holder = $5 "
            "WHERE id = $1 AND version = $6");
  c.prepare("audit_insert",
            "INSERT INTO transit_audit (declaration_id, sequence, canonical, previous_hash, hash, actor, signature, "
            "public_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (declaration_id, sequence) DO NOTHING");
  c.prepare("outcome_find", "SELECT status, response FROM transit_outcomes WHERE message_id = $1");
  c.prepare("declaration_load", std::string("SELECT ") + kDeclarationColumns + " FROM transit_declarations WHERE id = $1");
  c.prepare("declarations_by_country", std::string("SELECT ") + kDeclarationColumns +
                                           " FROM transit_declarations WHERE countries @> $1::jsonb ORDER BY id");
  c.prepare("declarations_by_holder", std::string("SELECT ") + kDeclarationColumns +
                                          " FROM transit_declarations WHERE holder = $1 ORDER BY id");
  c.prepare("audit_chain",
            "SELECT sequence, canonical, previous_hash, hash, actor, signature, public_key FROM transit_audit "
            "WHERE declaration_id = $1 ORDER BY sequence");
  c.prepare("actor_keys", std::string("SELECT ") + kActorColumns + " FROM transit_actor_keys ORDER BY actor_id, serial");
  c.prepare("actor_by_key_hash", std::string("SELECT ") + kActorColumns +
                                     " FROM transit_actor_keys WHERE api_key_sha256 = $1 AND valid_until IS NULL");
  c.prepare("actor_current", std::string("SELECT ") + kActorColumns +
                                 " FROM transit_actor_keys WHERE actor_id = $1 AND valid_until IS NULL");
  c.prepare("actor_insert",
            "INSERT INTO transit_actor_keys (actor_id, role, country, party, public_key, api_key_sha256, valid_from) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)");
  c.prepare("actor_key_end", "UPDATE transit_actor_keys SET valid_until = $2 WHERE actor_id = $1 AND valid_until IS NULL");
  c.prepare("serials_reserve",
            "UPDATE transit_serials SET next = next + $1 WHERE name = 'reference' RETURNING next - $1");
}

DeclarationRecord read_record(const pqxx::row& row) {
  DeclarationRecord r;
  r.id = row[0].as<std::string>();
  r.version = row[1].as<std::int64_t>();
  r.document = nlohmann::json::parse(row[2].as<std::string>());
  r.countries = nlohmann::json::parse(row[3].as<std::string>()).get<std::vector<std::string>>();
  r.holder = row[4].as<std::string>();
  return r;
}

std::vector<DeclarationRecord> read_records(const pqxx::result& rows) {
  std::vector<DeclarationRecord> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(read_record(row));
  return out;
}

// One commit inside the batch transaction (within its savepoint). Each step's unique key or
// version condition decides, so the answer is right even with other servers writing concurrently.
CommitStatus apply_one(pqxx::transaction_base& tx, const Commit& c) {
  const auto inserted = tx.exec_prepared("outcome_insert", c.outcome.message_id, c.outcome.status,
                                         c.outcome.response.dump());
  if (inserted.affected_rows() == 0) return CommitStatus::duplicate_message;
  if (c.declaration) {
    const DeclarationRecord& r = *c.declaration;
    if (r.version != c.expected_version + 1) throw std::logic_error("commit: version must be expected_version + 1");
    const std::string countries = nlohmann::json(r.countries).dump();
    const auto written =
        c.expected_version == 0
            ? tx.exec_prepared("declaration_insert", r.id, r.version, r.document.dump(), countries, r.holder)
            : tx.exec_prepared("declaration_update", r.id, r.version, r.document.dump(), countries, r.holder,
                               c.expected_version);
    if (written.affected_rows() == 0) return CommitStatus::stale_version;
  }
  if (c.audit) {
    const AuditEntry& a = *c.audit;
    const auto appended = tx.exec_prepared("audit_insert", a.declaration_id, a.sequence, a.canonical,
                                           a.previous_hash, a.hash, a.actor, a.signature, a.public_key);
    if (appended.affected_rows() == 0) return CommitStatus::stale_version;
  }
  return CommitStatus::committed;
}

}  // namespace

bool is_postgres_url(const std::string& address) {
  return address.rfind("postgresql://", 0) == 0 || address.rfind("postgres://", 0) == 0;
}

std::string redact_postgres_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority_begin = scheme_end + 3;
  const auto authority_end = std::min(url.find_first_of("/?", authority_begin), url.size());
  std::string out = url.substr(0, authority_begin);
  const std::string authority = url.substr(authority_begin, authority_end - authority_begin);
  const auto at = authority.rfind('@');
  if (at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    out += userinfo.substr(0, userinfo.find(':')) + authority.substr(at);
  } else {
    out += authority;
  }
  const auto query_begin = url.find('?', authority_end);
  out += url.substr(authority_end, std::min(query_begin, url.size()) - authority_end);
  if (query_begin == std::string::npos) return out;
  // Keep every query parameter except password=….
  std::string kept;
  std::size_t pos = query_begin + 1;
  while (pos <= url.size()) {
    const auto amp = std::min(url.find('&', pos), url.size());
    const std::string param = url.substr(pos, amp - pos);
    if (!param.empty() && param.rfind("password=", 0) != 0) kept += (kept.empty() ? "" : "&") + param;
    pos = amp + 1;
  }
  return kept.empty() ? out : out + "?" + kept;
}

struct PgStore::Connection {
  explicit Connection(const std::string& url) : db(url) {}
  pqxx::connection db;
};

// A pooled connection borrowed for one call; returned to the pool unless it broke.
class PgStore::Lease {
 public:
  explicit Lease(PgStore& s) : store_(s) {
    std::unique_lock lock(store_.pool_mutex_);
    store_.pool_returned_.wait(
        lock, [&] { return !store_.idle_.empty() || store_.open_connections_ < store_.max_connections_; });
    if (!store_.idle_.empty()) {
      conn_ = std::move(store_.idle_.back());
      store_.idle_.pop_back();
      return;
    }
    ++store_.open_connections_;
    lock.unlock();
    try {
      conn_ = store_.connect();
    } catch (...) {
      give_back();
      throw;
    }
  }
  ~Lease() { give_back(); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  pqxx::connection& conn() { return conn_->db; }

 private:
  // A broken connection (or none) is dropped, so the next caller connects afresh.
  void give_back() {
    std::lock_guard lock(store_.pool_mutex_);
    if (conn_ && conn_->db.is_open())
      store_.idle_.push_back(std::move(conn_));
    else
      --store_.open_connections_;
    store_.pool_returned_.notify_one();
  }

  PgStore& store_;
  std::unique_ptr<Connection> conn_;
};

PgStore::PgStore(std::string url, std::size_t max_connections)
    : url_(std::move(url)),
      redacted_(redact_postgres_url(url_)),
      max_connections_(std::max<std::size_t>(max_connections, 1)) {
  try {
    auto conn = connect();
    {
      pqxx::work tx(conn->db, "schema");
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kSchemaLockKey) + ")");
      tx.exec(kSchema);
      tx.commit();
    }
    // Fails now, naming the store, if the tables have a shape from elsewhere.
    for (const char* name : {"outcome_insert", "declaration_update", "audit_insert", "declarations_by_country", "actor_keys"})
      conn->db.prepare_now(name);
    idle_.push_back(std::move(conn));
    open_connections_ = 1;
  } catch (const std::exception& e) {
    fail(e);
  }
}

PgStore::~PgStore() = default;

void PgStore::fail(const std::exception& e) const {
  std::string what = e.what();
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  throw std::runtime_error("transit store " + redacted_ + ": " + what);
}

std::unique_ptr<PgStore::Connection> PgStore::connect() const {
  std::unique_ptr<Connection> c;
  try {
    c = std::make_unique<Connection>(url_);
  } catch (const pqxx::broken_connection& e) {
    throw std::runtime_error(std::string("cannot connect: ") + e.what());
  }
  c->db.set_client_encoding("UTF8");
  // Durability is not left to the server's default: a reported commit is flushed to disk.
  c->db.set_variable("synchronous_commit", "on");
  prepare_statements(c->db);
  return c;
}

std::string PgStore::describe() const { return redacted_; }

std::vector<CommitStatus> PgStore::write_batch(std::span<const Commit> commits) {
  // Two servers' batches touching the same declarations in different orders can deadlock; the
  // database aborts one transaction and that batch is simply written again (nothing of it stayed).
  constexpr int kAttempts = 8;
  for (int attempt = 1;; ++attempt) {
    try {
      Lease lease(*this);
      pqxx::work tx(lease.conn(), "batch");
      std::vector<CommitStatus> statuses;
      statuses.reserve(commits.size());
      // One savepoint per commit, so a refused one is undone alone. ROLLBACK TO keeps the savepoint,
      // so releasing the previous one and setting the next is always one round trip.
      for (const Commit& c : commits) {
        tx.exec(statuses.empty() ? "SAVEPOINT one_commit" : "RELEASE SAVEPOINT one_commit; SAVEPOINT one_commit");
        const CommitStatus s = apply_one(tx, c);
        if (s != CommitStatus::committed) tx.exec("ROLLBACK TO SAVEPOINT one_commit");
        statuses.push_back(s);
      }
      tx.commit();  // synchronous_commit=on: durable when this returns
      return statuses;
    } catch (const pqxx::deadlock_detected& e) {
      if (attempt == kAttempts) fail(e);
    } catch (const pqxx::serialization_failure& e) {
      if (attempt == kAttempts) fail(e);
    } catch (const std::logic_error&) {
      throw;
    } catch (const std::exception& e) {
      fail(e);
    }
  }
}

std::optional<MessageOutcome> PgStore::find_outcome(const std::string& message_id) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    const auto rows = tx.exec_prepared("outcome_find", message_id);
    if (rows.empty()) return std::nullopt;
    return MessageOutcome{message_id, rows[0][0].as<int>(), nlohmann::json::parse(rows[0][1].as<std::string>())};
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::optional<DeclarationRecord> PgStore::load(const std::string& id) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    const auto rows = tx.exec_prepared("declaration_load", id);
    if (rows.empty()) return std::nullopt;
    return read_record(rows[0]);
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::vector<DeclarationRecord> PgStore::list_by_country(const std::string& alpha2) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    return read_records(tx.exec_prepared("declarations_by_country", nlohmann::json::array({alpha2}).dump()));
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::vector<DeclarationRecord> PgStore::list_by_holder(const std::string& holder) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    return read_records(tx.exec_prepared("declarations_by_holder", holder));
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::vector<AuditEntry> PgStore::audit_chain(const std::string& declaration_id) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    const auto rows = tx.exec_prepared("audit_chain", declaration_id);
    std::vector<AuditEntry> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
      AuditEntry e;
      e.declaration_id = declaration_id;
      e.sequence = row[0].as<std::int64_t>();
      e.canonical = row[1].as<std::string>();
      e.previous_hash = row[2].as<std::string>();
      e.hash = row[3].as<std::string>();
      e.actor = row[4].as<std::string>();
      e.signature = row[5].as<std::string>();
      e.public_key = row[6].as<std::string>();
      out.push_back(std::move(e));
    }
    return out;
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::int64_t PgStore::reserve_reference_serials(std::int64_t count) {
  if (count < 1) throw std::invalid_argument("reserve_reference_serials: count must be >= 1");
  try {
    Lease lease(*this);
    pqxx::work tx(lease.conn(), "serials");
    const auto rows = tx.exec_prepared("serials_reserve", count);
    if (rows.size() != 1) throw std::runtime_error("the reference serial row is missing");
    const auto first = rows[0][0].as<std::int64_t>();
    tx.commit();  // the row lock serialises servers; durable when this returns
    return first;
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::optional<Actor> PgStore::current_actor_by_api_key_hash(const std::string& api_key_sha256) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    const auto rows = tx.exec_prepared("actor_by_key_hash", api_key_sha256);
    if (rows.empty()) return std::nullopt;
    return read_actor_key(rows[0]).actor;
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::optional<Actor> PgStore::current_actor(const std::string& id) {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    const auto rows = tx.exec_prepared("actor_current", id);
    if (rows.empty()) return std::nullopt;
    return read_actor_key(rows[0]).actor;
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::vector<ActorKey> PgStore::actor_keys() {
  try {
    Lease lease(*this);
    pqxx::nontransaction tx(lease.conn());
    return read_actor_keys(tx);
  } catch (const std::exception& e) {
    fail(e);
  }
}

namespace {

void insert_actor_key(pqxx::transaction_base& tx, const Actor& a, const std::string& valid_from) {
  tx.exec_prepared("actor_insert", a.id, std::string(to_string(a.role)), a.country, a.party, a.public_key,
                   a.api_key_sha256, valid_from);
}

}  // namespace

RosterChange PgStore::add_actor(const Actor& actor, const std::string& at) {
  try {
    Lease lease(*this);
    pqxx::work tx(lease.conn(), "roster");
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kRosterLockKey) + ")");
    for (const auto& k : read_actor_keys(tx)) {
      if (k.actor.id == actor.id) return RosterChange::id_taken;
      if (k.actor.api_key_sha256 == actor.api_key_sha256) return RosterChange::api_key_taken;
    }
    insert_actor_key(tx, actor, at);
    tx.commit();
    return RosterChange::done;
  } catch (const std::exception& e) {
    fail(e);
  }
}

RosterChange PgStore::rotate_actor_key(const Actor& replacement, const std::string& at) {
  try {
    Lease lease(*this);
    pqxx::work tx(lease.conn(), "roster");
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kRosterLockKey) + ")");
    if (const auto problem = rotation_problem(read_actor_keys(tx), replacement); problem != RosterChange::done)
      return problem;
    tx.exec_prepared("actor_key_end", replacement.id, at);
    insert_actor_key(tx, replacement, at);
    tx.commit();  // every server's next request reads the new key
    return RosterChange::done;
  } catch (const std::exception& e) {
    fail(e);
  }
}

}  // namespace caravan::transit
