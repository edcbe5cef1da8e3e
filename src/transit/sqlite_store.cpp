#include "transit/sqlite_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

#include "transit/private_files.hpp"

namespace caravan::transit {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS transit_declarations (
  id        TEXT PRIMARY KEY,
  version   INTEGER NOT NULL,
  document  TEXT NOT NULL,
  countries TEXT NOT NULL,
  holder    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transit_declarations_holder ON transit_declarations(holder, id);
CREATE TABLE IF NOT EXISTS transit_declaration_countries (
  country        TEXT NOT NULL,
  declaration_id TEXT NOT NULL,
  PRIMARY KEY (country, declaration_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transit_audit (
  declaration_id TEXT NOT NULL,
  sequence       INTEGER NOT NULL,
  canonical      TEXT NOT NULL,
  previous_hash  TEXT NOT NULL,
  hash           TEXT NOT NULL,
  actor          TEXT NOT NULL,
  signature      TEXT NOT NULL,
  public_key     TEXT NOT NULL,
  PRIMARY KEY (declaration_id, sequence)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transit_outcomes (
  message_id TEXT PRIMARY KEY,
  status     INTEGER NOT NULL,
  response   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transit_serials (
  name TEXT PRIMARY KEY,
  next INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO transit_serials(name, next) VALUES ('reference', 1);
CREATE TABLE IF NOT EXISTS transit_actor_keys (
  serial         INTEGER PRIMARY KEY AUTOINCREMENT,
  actor_id       TEXT NOT NULL,
  role           TEXT NOT NULL,
  country        TEXT NOT NULL,
  party          TEXT NOT NULL,
  public_key     TEXT NOT NULL,
  api_key_sha256 TEXT NOT NULL UNIQUE,
  valid_from     TEXT NOT NULL,
  valid_until    TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS transit_actor_keys_current ON transit_actor_keys(actor_id) WHERE valid_until IS NULL;
)sql";

constexpr const char* kActorColumns = "actor_id, role, country, party, public_key, api_key_sha256, valid_from, valid_until";

ActorKey read_actor_key(SQLite::Statement& q) {
  ActorKey k;
  k.actor.id = q.getColumn(0).getString();
  k.actor.role = role_from_text(q.getColumn(1).getString());
  k.actor.country = q.getColumn(2).getString();
  k.actor.party = q.getColumn(3).getString();
  k.actor.public_key = q.getColumn(4).getString();
  k.actor.api_key_sha256 = q.getColumn(5).getString();
  k.valid_from = q.getColumn(6).getString();
  k.valid_until = q.getColumn(7).isNull() ? "" : q.getColumn(7).getString();
  return k;
}

std::vector<ActorKey> read_actor_keys(SQLite::Database& db) {
  SQLite::Statement q(db, std::string("SELECT ") + kActorColumns + " FROM transit_actor_keys ORDER BY actor_id, serial");
  std::vector<ActorKey> out;
  while (q.executeStep()) out.push_back(read_actor_key(q));
  return out;
}

void insert_actor_key(SQLite::Database& db, const Actor& a, const std::string& valid_from) {
  SQLite::Statement ins(db, "INSERT INTO transit_actor_keys(actor_id, role, country, party, public_key, api_key_sha256, "
                            "valid_from) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, a.id);
  ins.bind(2, std::string(to_string(a.role)));
  ins.bind(3, a.country);
  ins.bind(4, a.party);
  ins.bind(5, a.public_key);
  ins.bind(6, a.api_key_sha256);
  ins.bind(7, valid_from);
  ins.exec();
}

void configure(SQLite::Database& db) {
  db.setBusyTimeout(10000);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
}

std::string to_text(const nlohmann::json& j) { return j.dump(); }

DeclarationRecord read_record(SQLite::Statement& q) {
  DeclarationRecord r;
  r.id = q.getColumn(0).getString();
  r.version = q.getColumn(1).getInt64();
  r.document = nlohmann::json::parse(q.getColumn(2).getString());
  r.countries = nlohmann::json::parse(q.getColumn(3).getString()).get<std::vector<std::string>>();
  r.holder = q.getColumn(4).getString();
  return r;
}

}  // namespace

// A reader connection borrowed from the pool for one call.
class SqliteStore::ReadLease {
 public:
  explicit ReadLease(SqliteStore& s) : store_(s) {
    {
      std::lock_guard lock(store_.readers_mutex_);
      if (!store_.idle_readers_.empty()) {
        db_ = std::move(store_.idle_readers_.back());
        store_.idle_readers_.pop_back();
      }
    }
    if (!db_) db_ = store_.open_connection();
  }
  ~ReadLease() {
    std::lock_guard lock(store_.readers_mutex_);
    store_.idle_readers_.push_back(std::move(db_));
  }
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;
  SQLite::Database& db() { return *db_; }

 private:
  SqliteStore& store_;
  std::unique_ptr<SQLite::Database> db_;
};

SqliteStore::SqliteStore(std::string path)
    : path_(std::move(path)) {
  try {
    // Every declaration is in this file: 0600 in a 0700 folder whatever the umask. SQLite gives
    // its -wal and -shm files the database file's mode, so they follow.
    create_private_directories(std::filesystem::path(path_).parent_path());
    ensure_private_file(path_);
    for (const char* suffix : {"-wal", "-shm"})
      if (std::filesystem::exists(path_ + suffix)) ensure_private_file(path_ + suffix);
    writer_ = open_connection();
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    writer_->exec(kSchema);
    tx.commit();
  } catch (const std::exception& e) {
    throw std::runtime_error("transit store " + path_ + ": " + e.what());
  }
}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<SQLite::Database> SqliteStore::open_connection() const {
  auto db = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE |
                                                          SQLite::OPEN_NOMUTEX);
  configure(*db);
  return db;
}

std::string SqliteStore::describe() const { return "sqlite:" + path_; }

std::vector<CommitStatus> SqliteStore::write_batch(std::span<const Commit> commits) {
  std::lock_guard lock(writer_mutex_);
  std::vector<CommitStatus> statuses;
  statuses.reserve(commits.size());
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Commit& c : commits) {
      writer_->exec("SAVEPOINT one_commit");
      CommitStatus s;
      try {
        s = apply_one(c);
      } catch (...) {
        writer_->exec("ROLLBACK TO one_commit");
        writer_->exec("RELEASE one_commit");
        throw;
      }
      if (s != CommitStatus::committed) writer_->exec("ROLLBACK TO one_commit");
      writer_->exec("RELEASE one_commit");
      statuses.push_back(s);
    }
    tx.commit();  // synchronous=FULL: durable when this returns
  } catch (const std::exception& e) {
    throw std::runtime_error("transit store " + path_ + ": " + e.what());
  }
  return statuses;
}

CommitStatus SqliteStore::apply_one(const Commit& c) {
  SQLite::Database& db = *writer_;
  {
    SQLite::Statement q(db, "SELECT 1 FROM transit_outcomes WHERE message_id = ?");
    q.bind(1, c.outcome.message_id);
    if (q.executeStep()) return CommitStatus::duplicate_message;
  }
  if (c.declaration) {
    const DeclarationRecord& r = *c.declaration;
    SQLite::Statement q(db, "SELECT version FROM transit_declarations WHERE id = ?");
    q.bind(1, r.id);
    const bool exists = q.executeStep();
    if (c.expected_version == 0 ? exists : (!exists || q.getColumn(0).getInt64() != c.expected_version))
      return CommitStatus::stale_version;
    if (r.version != c.expected_version + 1) throw std::logic_error("commit: version must be expected_version + 1");
    SQLite::Statement up(db,
                         "INSERT INTO transit_declarations(id, version, document, countries, holder) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
                         "document = excluded.document, countries = excluded.countries, holder = excluded.holder");
    up.bind(1, r.id);
    up.bind(2, r.version);
    up.bind(3, to_text(r.document));
    up.bind(4, to_text(nlohmann::json(r.countries)));
    up.bind(5, r.holder);
    up.exec();
    SQLite::Statement del(db, "DELETE FROM transit_declaration_countries WHERE declaration_id = ?");
    del.bind(1, r.id);
    del.exec();
    SQLite::Statement ins(db, "INSERT OR IGNORE INTO transit_declaration_countries(country, declaration_id) VALUES (?, ?)");
    for (const auto& country : r.countries) {
      ins.bind(1, country);
      ins.bind(2, r.id);
      ins.exec();
      ins.reset();
    }
  }
  if (c.audit) {
    const AuditEntry& a = *c.audit;
    SQLite::Statement q(db, "SELECT 1 FROM transit_audit WHERE declaration_id = ? AND sequence = ?");
    q.bind(1, a.declaration_id);
    q.bind(2, a.sequence);
    if (q.executeStep()) return CommitStatus::stale_version;
    SQLite::Statement ins(db,
                          "INSERT INTO transit_audit(declaration_id, sequence, canonical, previous_hash, hash, actor, "
                          "signature, public_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, a.declaration_id);
    ins.bind(2, a.sequence);
    ins.bind(3, a.canonical);
    ins.bind(4, a.previous_hash);
    ins.bind(5, a.hash);
    ins.bind(6, a.actor);
    ins.bind(7, a.signature);
    ins.bind(8, a.public_key);
    ins.exec();
  }
  SQLite::Statement out(db, "INSERT INTO transit_outcomes(message_id, status, response) VALUES (?, ?, ?)");
  out.bind(1, c.outcome.message_id);
  out.bind(2, c.outcome.status);
  out.bind(3, to_text(c.outcome.response));
  out.exec();
  return CommitStatus::committed;
}

std::optional<MessageOutcome> SqliteStore::find_outcome(const std::string& message_id) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(), "SELECT status, response FROM transit_outcomes WHERE message_id = ?");
  q.bind(1, message_id);
  if (!q.executeStep()) return std::nullopt;
  return MessageOutcome{message_id, q.getColumn(0).getInt(), nlohmann::json::parse(q.getColumn(1).getString())};
}

std::optional<DeclarationRecord> SqliteStore::load(const std::string& id) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(),
                      "SELECT id, version, document, countries, holder FROM transit_declarations WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_record(q);
}

std::vector<DeclarationRecord> SqliteStore::list_by_country(const std::string& alpha2) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(),
                      "SELECT d.id, d.version, d.document, d.countries, d.holder FROM transit_declaration_countries c "
                      "JOIN transit_declarations d ON d.id = c.declaration_id WHERE c.country = ? ORDER BY d.id");
  q.bind(1, alpha2);
  std::vector<DeclarationRecord> out;
  while (q.executeStep()) out.push_back(read_record(q));
  return out;
}

std::vector<DeclarationRecord> SqliteStore::list_by_holder(const std::string& holder) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(),
                      "SELECT id, version, document, countries, holder FROM transit_declarations WHERE holder = ? "
                      "ORDER BY id");
  q.bind(1, holder);
  std::vector<DeclarationRecord> out;
  while (q.executeStep()) out.push_back(read_record(q));
  return out;
}

std::vector<AuditEntry> SqliteStore::audit_chain(const std::string& declaration_id) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(),
                      "SELECT sequence, canonical, previous_hash, hash, actor, signature, public_key FROM transit_audit "
                      "WHERE declaration_id = ? ORDER BY sequence");
  q.bind(1, declaration_id);
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    AuditEntry e;
    e.declaration_id = declaration_id;
    e.sequence = q.getColumn(0).getInt64();
    e.canonical = q.getColumn(1).getString();
    e.previous_hash = q.getColumn(2).getString();
    e.hash = q.getColumn(3).getString();
    e.actor = q.getColumn(4).getString();
    e.signature = q.getColumn(5).getString();
    e.public_key = q.getColumn(6).getString();
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<Actor> SqliteStore::current_actor_by_api_key_hash(const std::string& api_key_sha256) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(), std::string("SELECT ") + kActorColumns +
                                      " FROM transit_actor_keys WHERE api_key_sha256 = ? AND valid_until IS NULL");
  q.bind(1, api_key_sha256);
  if (!q.executeStep()) return std::nullopt;
  return read_actor_key(q).actor;
}

std::optional<Actor> SqliteStore::current_actor(const std::string& id) {
  ReadLease lease(*this);
  SQLite::Statement q(lease.db(), std::string("SELECT ") + kActorColumns +
                                      " FROM transit_actor_keys WHERE actor_id = ? AND valid_until IS NULL");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_actor_key(q).actor;
}

std::vector<ActorKey> SqliteStore::actor_keys() {
  ReadLease lease(*this);
  return read_actor_keys(lease.db());
}

RosterChange SqliteStore::add_actor(const Actor& actor, const std::string& at) {
  std::lock_guard lock(writer_mutex_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const auto& k : read_actor_keys(*writer_)) {
      if (k.actor.id == actor.id) return RosterChange::id_taken;
      if (k.actor.api_key_sha256 == actor.api_key_sha256) return RosterChange::api_key_taken;
    }
    insert_actor_key(*writer_, actor, at);
    tx.commit();
    return RosterChange::done;
  } catch (const std::exception& e) {
    throw std::runtime_error("transit store " + path_ + ": " + e.what());
  }
}

RosterChange SqliteStore::rotate_actor_key(const Actor& replacement, const std::string& at) {
  std::lock_guard lock(writer_mutex_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    if (const auto problem = rotation_problem(read_actor_keys(*writer_), replacement); problem != RosterChange::done)
      return problem;
    SQLite::Statement end(*writer_, "UPDATE transit_actor_keys SET valid_until = ? WHERE actor_id = ? AND valid_until IS NULL");
    end.bind(1, at);
    end.bind(2, replacement.id);
    end.exec();
    insert_actor_key(*writer_, replacement, at);
    tx.commit();  // synchronous=FULL: durable, and every connection's next read sees it
    return RosterChange::done;
  } catch (const std::exception& e) {
    throw std::runtime_error("transit store " + path_ + ": " + e.what());
  }
}

std::int64_t SqliteStore::reserve_reference_serials(std::int64_t count) {
  if (count < 1) throw std::invalid_argument("reserve_reference_serials: count must be >= 1");
  std::lock_guard lock(writer_mutex_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*writer_, "UPDATE transit_serials SET next = next + ? WHERE name = 'reference' RETURNING next");
    q.bind(1, count);
    if (!q.executeStep()) throw std::runtime_error("serial row missing");
    const std::int64_t first = q.getColumn(0).getInt64() - count;
    q.reset();
    tx.commit();
    return first;
  } catch (const std::exception& e) {
    throw std::runtime_error("transit store " + path_ + ": " + e.what());
  }
}

}  // namespace caravan::transit
