// caravan transit: make an actor's keys, sign messages, lodge and follow transit declarations on
// the local store, export and verify audit chains (docs/transit.md, docs/cli.md).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/common.hpp"
#include "core/json_depth.hpp"
#include "transit/audit.hpp"
#include "transit/chain_check.hpp"
#include "transit/keys.hpp"
#include "transit/message_signature.hpp"
#include "transit/open_store.hpp"
#include "transit/service.hpp"

namespace caravan::cli {
namespace {

using nlohmann::json;

struct TransitOptions {
  std::string store = "sqlite:var/transit.db";
  std::string roster = "var/transit-roster.json";          // the actors' public keys
  std::string server_key = "var/transit-server-key.json";  // countersigns the entries this store records
  std::string key;                                         // the sending actor's own key file
  std::string actor;
  std::string file, id, output;
  std::string verify_roster, head, document;  // verify
  std::string role, country, party, add_to;   // keygen
  // event flags (instead of an event file)
  std::string type, office, operation_id, message_id, reason;
  std::int64_t sequence = 0;
  int leg = 0;
};

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot read {}", path, what));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

json read_json_file(const std::string& path) {
  const std::string text = read_file(path, "the message");
  if (const auto deep = find_json_too_deep(text))
    throw UsageError(fmt::format("{}:{}:{}: nested deeper than {} levels", path, deep->line, deep->column, kMaxJsonDepth));
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw UsageError(fmt::format("{}: not valid JSON (byte {}): {}", path, e.byte, e.what()));
  }
}

// Runs `f`, turning file problems into usage errors that name the flag.
template <typename F>
auto flag_errors(const std::string& flag, F f) {
  try {
    return f();
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{}: {}", flag, e.what()));
  }
}

std::shared_ptr<transit::TransitStore> open_store(const TransitOptions& o) {
  try {
    return transit::open_transit_store(o.store);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--store: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

// The roster this store's actors are checked against: the store's (seeded with the actors of the
// roster file it does not know yet), as a server on the same store reads it.
std::shared_ptr<transit::ActorRoster> load_roster(const TransitOptions& o, const std::shared_ptr<transit::TransitStore>& store) {
  return flag_errors("--roster", [&] {
    const auto file_actors = std::filesystem::exists(o.roster) ? transit::ActorRoster::read(o.roster) : std::vector<transit::Actor>{};
    auto keys = std::dynamic_pointer_cast<transit::ActorKeyStore>(store);
    if (!keys) return std::make_shared<transit::ActorRoster>(file_actors);
    auto roster = std::make_shared<transit::ActorRoster>(keys);
    for (const auto& note : roster->seed(file_actors, o.roster)) std::cerr << "caravan transit: " << note << "\n";
    return roster;
  });
}

// The service on the local store: this command records and countersigns like a server would.
transit::TransitService local_service(transit::TransitStore& store, const TransitOptions& o) {
  transit::ServiceOptions options;
  options.server_key = flag_errors("--server-key", [&] { return transit::load_or_create_server_key(o.server_key); });
  return transit::TransitService(store, options);
}

// The actor named by --as (reads), as the roster gives it.
transit::Actor actor_of(const transit::ActorRoster& roster, const TransitOptions& o) {
  const std::string id = o.actor.empty() ? "holder" : o.actor;
  auto actor = roster.by_id(id);
  if (!actor) throw UsageError(fmt::format("--as: no actor '{}' in the roster {}", id, o.roster));
  return *actor;
}

// The sender: its own key file (--key) and its entry in the roster.
struct Sender {
  transit::ActorCredentials credentials;
  transit::Actor actor;
};

Sender sender_of(const transit::ActorRoster& roster, const TransitOptions& o) {
  if (o.key.empty()) throw UsageError("--key: the sender's key file is required (caravan transit keygen makes one)");
  Sender s{flag_errors("--key", [&] { return transit::load_credentials(o.key); }), {}};
  auto actor = roster.by_id(s.credentials.id);
  if (!actor)
    throw UsageError(fmt::format("--key: actor '{}' is not in the roster {} (register the line `caravan transit keygen` printed)",
                                 s.credentials.id, o.roster));
  s.actor = *actor;
  return s;
}

// Prints the reply; problems go to stderr as "SOURCE: POINTER: CODE title: message".
void report(const transit::Reply& r, const std::string& source) {
  if (r.ok()) {
    if (r.replay) std::cerr << "caravan transit: replay of an applied message: its first outcome\n";
    std::cout << r.body.dump(2) << "\n";
    return;
  }
  for (const auto& p : r.problems)
    std::cerr << fmt::format("{}: {}: {} {}: {}\n", source, p.pointer.empty() ? "/" : p.pointer, static_cast<int>(p.code),
                             transit::problem_title(p.code), p.message);
  // Field problems are bad input (2); a refusal by state or rules is an answer (1).
  const bool field = std::all_of(r.problems.begin(), r.problems.end(),
                                 [](const transit::Problem& p) { return static_cast<int>(p.code) < 200; });
  g_exit_code = field ? kExitBadInput : 1;
}

void declare(const TransitOptions& o) {
  const json message = read_json_file(o.file);
  auto store = open_store(o);
  const auto roster = load_roster(o, store);
  const Sender sender = sender_of(*roster, o);
  auto service = local_service(*store, o);
  const json signed_message = transit::sign_message(message, sender.credentials.id, "", sender.credentials.secret_key);
  report(service.submit(sender.actor, signed_message), o.file);
}

json event_message(const TransitOptions& o) {
  if (!o.file.empty()) return read_json_file(o.file);
  if (o.type.empty()) throw UsageError("give an event FILE or --type");
  if (o.message_id.empty()) throw UsageError("--message-id is required with --type");
  json message = {{"message_id", o.message_id}, {"type", o.type}};
  if (!o.office.empty()) message["office"] = o.office;
  if (!o.operation_id.empty()) message["operation_id"] = o.operation_id;
  if (o.sequence != 0) message["sequence"] = o.sequence;
  if (o.leg != 0) message["leg"] = o.leg;
  if (!o.reason.empty()) message["reason"] = o.reason;
  return message;
}

void event(const TransitOptions& o) {
  const json message = event_message(o);
  auto store = open_store(o);
  const auto roster = load_roster(o, store);
  const Sender sender = sender_of(*roster, o);
  auto service = local_service(*store, o);
  const json signed_message = transit::sign_message(message, sender.credentials.id, o.id, sender.credentials.secret_key);
  report(service.event(sender.actor, o.id, signed_message), o.file.empty() ? "event" : o.file);
}

// Signs a message for sending over the HTTP API (curl --data @-).
void sign(const TransitOptions& o) {
  const json message = read_json_file(o.file);
  if (!message.is_object()) throw UsageError(fmt::format("{}: not a JSON object", o.file));
  const auto credentials = flag_errors("--key", [&] { return transit::load_credentials(o.key); });
  std::cout << transit::sign_message(message, credentials.id, o.id, credentials.secret_key).dump() << "\n";
}

void show(const TransitOptions& o) {
  auto store = open_store(o);
  const auto roster = load_roster(o, store);
  auto service = local_service(*store, o);
  report(service.get(actor_of(*roster, o), o.id), o.id);
}

void list(const TransitOptions& o) {
  auto store = open_store(o);
  const auto roster = load_roster(o, store);
  auto service = local_service(*store, o);
  const auto r = service.list(actor_of(*roster, o));
  for (const auto& d : r.body["declarations"])
    std::cout << fmt::format("{}  {:<10}  v{:<3} {}\n", d["id"].get<std::string>(), d["state"].get<std::string>(),
                             d["version"].get<int>(), [&] {
                               std::string legs;
                               for (const auto& l : d["legs"])
                                 legs += fmt::format("{}{}:{}", legs.empty() ? "" : " ", l["country"].get<std::string>(),
                                                     l["state"].get<std::string>());
                               return legs;
                             }());
}

void export_chain(const TransitOptions& o) {
  auto store = open_store(o);
  const auto roster = load_roster(o, store);
  auto service = local_service(*store, o);
  const auto r = service.audit(actor_of(*roster, o), o.id);
  if (!r.ok()) return report(r, o.id);
  const std::string text = r.body["export"];
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  if (!(out << text)) throw UsageError(fmt::format("{}: cannot write", o.output));
  std::cerr << fmt::format("caravan transit: wrote {}\n", o.output);
}

void verify(const TransitOptions& o) {
  const std::string text = read_file(o.file, "the audit export");
  auto report = transit::verify_audit_export(text);
  // What the file cannot vouch for itself: the actors' keys, the chain's length, the document.
  transit::ChainExpectations expect;
  std::optional<transit::Roster> roster;
  json document;
  try {
    if (!o.verify_roster.empty()) roster = transit::load_roster(o.verify_roster);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("--roster: ") + e.what());
  }
  if (roster) expect.roster = &*roster;
  if (!o.head.empty()) {
    // The head as the server gave it, signed: checked against the roster's server key, never a
    // key in the file, so an unsigned SEQUENCE:HASH is not taken.
    if (!roster) throw UsageError("--head needs --roster: the head's signature is checked with the roster's server key");
    if (!std::filesystem::exists(o.head) && o.head.find(':') != std::string::npos)
      throw UsageError(fmt::format("--head: {}: no such file; the head is the signed audit_head as the server gave it, "
                                   "saved as JSON (GET /v1/transit/declarations/ID, caravan transit show ID), not SEQUENCE:HASH",
                                   o.head));
    const json given = read_json_file(o.head);
    try {
      expect.head = transit::read_signed_head(given);
    } catch (const transit::HeadError& e) {
      throw UsageError(fmt::format("--head: {}: {}", o.head, e.what()));
    }
  }
  if (!o.document.empty()) {
    document = read_json_file(o.document);
    expect.document = &document;
  }
  if (expect.roster || expect.head || expect.document) {
    transit::check_chain(text, expect, report);
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const transit::VerifyProblem& a, const transit::VerifyProblem& b) { return a.line < b.line; });
  }
  if (report.ok()) {
    std::string against;
    if (expect.roster) against += fmt::format(", every key in the roster {}", o.verify_roster);
    if (expect.head) against += fmt::format(", complete up to its head {}", expect.head->sequence);
    if (expect.document) against += fmt::format(", and {} is what it says", o.document);
    std::cout << fmt::format("{}: chain of {} entries of declaration {} verifies ({} withheld{})\n", o.file, report.entries,
                             report.declaration_id, report.redacted, against);
    if (!expect.roster)
      std::cout << fmt::format("{}: note: without --roster, any key inside the file is trusted\n", o.file);
    return;
  }
  for (const auto& p : report.problems) {
    const std::string where = p.in_head ? o.head : p.line == 0 ? o.document : fmt::format("{}:{}", o.file, p.line);
    const std::string what = p.in_head ? std::string("head") : p.entry == 0 ? std::string("header") : fmt::format("entry {}", p.entry);
    std::cout << fmt::format("{}: {}{}: {}\n", where, what,
                             p.field.empty() ? "" : ", field " + p.field, p.message);
  }
  std::cout << fmt::format("{}: does NOT verify ({} problem{})\n", o.file, report.problems.size(),
                           report.problems.size() == 1 ? "" : "s");
  g_exit_code = 1;
}

// The public roster a verifier checks chains against: the actors' public keys and this store's
// server key (what GET /v1/transit/roster answers).
void roster_command(const TransitOptions& o) {
  // The store's roster (with every key's history); a SQLite store not made yet is not created
  // for this: the roster file is then all there is.
  const bool no_store = o.store.rfind("sqlite:", 0) == 0 && !std::filesystem::exists(o.store.substr(7));
  const auto roster = no_store ? load_roster(o, nullptr) : load_roster(o, open_store(o));
  const auto server = flag_errors("--server-key", [&] { return transit::load_or_create_server_key(o.server_key); });
  std::cout << json{{"server_public_key", server.public_key}, {"actors", roster->public_entries()}}.dump(2) << "\n";
}

transit::Role keygen_role(const TransitOptions& o) {
  if (o.role.empty()) return o.actor.rfind("customs-", 0) == 0 ? transit::Role::customs : transit::Role::holder;
  for (const auto r : {transit::Role::holder, transit::Role::customs, transit::Role::administrator})
    if (transit::to_string(r) == o.role) return r;
  throw UsageError("--role: holder, customs or administrator");
}

// Adds the actor's roster entry to a roster file (created 0600 when missing).
void add_to_roster(const transit::Actor& actor, const std::string& path) {
  flag_errors("--add-to", [&] {
    transit::ActorRoster roster(std::filesystem::exists(path) ? transit::ActorRoster::read(path) : std::vector<transit::Actor>{});
    if (roster.add(actor) != transit::ActorRoster::Added::added)
      throw UsageError(fmt::format("--add-to: {}: actor '{}' or its API key is already registered", path, actor.id));
    roster.save(path);
    return 0;
  });
}

// The actor makes its own key pair and API key: the key file stays with it, the printed roster
// line (public key and API key hash) goes to the server.
void keygen(const TransitOptions& o) {
  if (o.actor.empty()) throw UsageError("--actor: the actor id is required");
  const transit::Role role = keygen_role(o);
  std::string country = o.country;
  if (country.empty() && role == transit::Role::customs && o.actor.size() == 10) country = o.actor.substr(8);
  const std::string out = o.output.empty() ? fmt::format("var/keys/{}.json", o.actor) : o.output;
  const auto credentials = transit::generate_credentials(o.actor, role, country, o.party);
  // Checked as the server will check it, before anything is written.
  flag_errors("--actor", [&] { return transit::actor_from_roster_entry(transit::roster_entry(credentials), ""); });
  flag_errors("--out", [&] {
    transit::save_credentials(credentials, out);
    return 0;
  });
  if (!o.add_to.empty()) add_to_roster(credentials, o.add_to);
  std::cerr << fmt::format("caravan transit keygen: wrote {} (mode 0600): the secret key and API key of '{}', for it alone\n",
                           out, o.actor)
            << (o.add_to.empty() ? "caravan transit keygen: register this roster line with the server (its roster file or POST /v1/transit/actors):\n"
                                 : fmt::format("caravan transit keygen: added to the roster {}\n", o.add_to));
  std::cout << transit::roster_entry(credentials).dump() << "\n";
}

}  // namespace

void register_transit_command(CLI::App& app) {
  static TransitOptions o;
  auto* cmd = app.add_subcommand(
      "transit", "Transit declarations: keygen, declare, events, show, list, export and verify audit chains");
  cmd->require_subcommand(1);
  // The local store and what a server would hold with it: the roster and its own key.
  auto common = [](CLI::App* sub) {
    sub->add_option("--store", o.store, "Transit store: sqlite:PATH or postgresql://…")->default_str(o.store);
    sub->add_option("--roster", o.roster, "The actors' public keys and API key hashes (docs/transit.md)")->default_str(o.roster);
    sub->add_option("--server-key", o.server_key, "The key pair countersigning this store's entries (created if missing)")
        ->default_str(o.server_key);
  };
  auto sender = [](CLI::App* sub) {
    sub->add_option("--key", o.key, "The sender's own key file (caravan transit keygen); the message is signed with it")
        ->required();
  };
  auto reader = [](CLI::App* sub) { sub->add_option("--as", o.actor, "Reading actor id (default: holder)"); };

  auto* g = cmd->add_subcommand("keygen", "Make an actor's own Ed25519 key pair and API key; print its roster line");
  g->add_option("--actor", o.actor, "Actor id, e.g. holder or customs-KZ")->required();
  g->add_option("--role", o.role, "holder, customs or administrator (default: customs for customs-XX, else holder)");
  g->add_option("--country", o.country, "Customs: ISO 3166 alpha-2 country (default: XX of customs-XX)");
  g->add_option("--party", o.party, "Holder: the only holder id it may declare");
  g->add_option("--out", o.output, "Key file to write, 0600, never overwritten (default: var/keys/ACTOR.json)");
  g->add_option("--add-to", o.add_to, "Also add the roster line to this roster file (a server's --transit-roster)");
  g->callback([] { keygen(o); });

  auto* sg = cmd->add_subcommand("sign", "Sign a message for the HTTP API with the sender's key file (prints it with its signature)");
  sg->add_option("FILE", o.file, "Message (JSON): a declaration or an event")->required();
  sg->add_option("--declaration", o.id, "Transit reference the event is for (omit for a declaration)");
  sender(sg);
  sg->callback([] { sign(o); });

  auto* d = cmd->add_subcommand("declare", "Lodge a declaration from a JSON file, signed with --key (docs/transit.md)");
  d->add_option("FILE", o.file, "Declaration message (JSON)")->required();
  common(d);
  sender(d);
  d->callback([] { declare(o); });

  auto* e = cmd->add_subcommand("event", "Send an event signed with --key (start, terminate, discharge, refuse, amend, cancel)");
  e->add_option("ID", o.id, "Transit reference")->required();
  e->add_option("FILE", o.file, "Event message (JSON); or use the flags below");
  e->add_option("--type", o.type, "start, terminate, discharge, refuse, amend or cancel");
  e->add_option("--message-id", o.message_id, "Message id (replays return the first outcome)");
  e->add_option("--office", o.office, "Customs office code");
  e->add_option("--operation-id", o.operation_id, "Operation id (unique per declaration)");
  e->add_option("--sequence", o.sequence, "Operation sequence (unique per declaration)");
  e->add_option("--leg", o.leg, "Leg number, when the office starts or ends several legs");
  e->add_option("--reason", o.reason, "Reason (refuse, cancel)");
  common(e);
  sender(e);
  e->callback([] { event(o); });

  auto* s = cmd->add_subcommand("show", "Show a declaration as the actor may see it");
  s->add_option("ID", o.id, "Transit reference")->required();
  common(s);
  reader(s);
  s->callback([] { show(o); });

  auto* l = cmd->add_subcommand("list", "List the declarations the actor may see");
  common(l);
  reader(l);
  l->callback([] { list(o); });

  auto* x = cmd->add_subcommand("export", "Export the audit chain of a declaration (JSON Lines)");
  x->add_option("ID", o.id, "Transit reference")->required();
  x->add_option("-o,--output", o.output, "Output file (default: standard output)");
  common(x);
  reader(x);
  x->callback([] { export_chain(o); });

  auto* r = cmd->add_subcommand("roster", "Print the public roster (actors' public keys and the server key) for verify --roster");
  common(r);
  r->callback([] { roster_command(o); });

  auto* v = cmd->add_subcommand("verify", "Verify an exported audit chain (against a roster, head and document when given); exit 1 if it does not verify");
  v->add_option("FILE", o.file, "Audit export (caravan-transit-audit/3)")->required();
  v->add_option("--roster", o.verify_roster,
                "Public keys of the actors and the server (caravan transit roster, GET /v1/transit/roster), obtained apart from the export");
  v->add_option("--head", o.head, "HEAD.json: the chain's signed head as the server or a peer gave it (audit_head, or the declaration holding it); needs --roster");
  v->add_option("--document", o.document, "The declaration (holder's view, JSON) the chain must give");
  v->callback([] { verify(o); });
}

}  // namespace caravan::cli
