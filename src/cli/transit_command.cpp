// caravan transit: lodge and follow transit declarations on the local store, export and verify
// audit chains (docs/transit.md, docs/cli.md).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/common.hpp"
#include "core/json_depth.hpp"
#include "transit/audit.hpp"
#include "transit/chain_check.hpp"
#include "transit/keys.hpp"
#include "transit/open_store.hpp"
#include "transit/route_declaration.hpp"
#include "transit/service.hpp"

namespace caravan::cli {
namespace {

using nlohmann::json;

struct TransitOptions {
  DataOptions data;  // only to name the countries when the key ring is created
  std::string store = "sqlite:var/transit.db";
  std::string keys = "var/transit-keys.json";
  std::string actor;
  std::string file, id, output;
  std::string roster, head, document;  // verify
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

transit::KeyRing load_keys(const TransitOptions& o) {
  try {
    if (std::ifstream(o.keys).good()) return transit::KeyRing::load(o.keys);
    const auto network = load_or_fail(o.data);
    auto ring = transit::KeyRing::load_or_create(o.keys, transit::countries_of(*network));
    std::cerr << fmt::format("caravan transit: created the key ring {} ({} actors)\n", o.keys, ring.actors().size());
    return ring;
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const UsageError*>(&e)) throw;
    throw UsageError(e.what());
  }
}

std::unique_ptr<transit::TransitStore> open_store(const TransitOptions& o) {
  try {
    return transit::open_transit_store(o.store);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--store: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

const transit::Actor& actor_of(const transit::KeyRing& keys, const TransitOptions& o, const std::string& fallback) {
  const std::string id = o.actor.empty() ? fallback : o.actor;
  const auto* a = keys.by_id(id);
  if (!a) throw UsageError(fmt::format("--as: no actor '{}' in {}", id, o.keys));
  return *a;
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
  const auto keys = load_keys(o);
  auto store = open_store(o);
  transit::TransitService service(*store);
  report(service.submit(actor_of(keys, o, "holder"), message), o.file);
}

void event(const TransitOptions& o) {
  json message;
  std::string source = "event";
  if (!o.file.empty()) {
    message = read_json_file(o.file);
    source = o.file;
  } else {
    if (o.type.empty()) throw UsageError("give an event FILE or --type");
    if (o.message_id.empty()) throw UsageError("--message-id is required with --type");
    message = {{"message_id", o.message_id}, {"type", o.type}};
    if (!o.office.empty()) message["office"] = o.office;
    if (!o.operation_id.empty()) message["operation_id"] = o.operation_id;
    if (o.sequence != 0) message["sequence"] = o.sequence;
    if (o.leg != 0) message["leg"] = o.leg;
    if (!o.reason.empty()) message["reason"] = o.reason;
  }
  const auto keys = load_keys(o);
  auto store = open_store(o);
  transit::TransitService service(*store);
  const std::string type = message.is_object() ? message.value("type", "") : "";
  const std::string fallback =
      type == "amend" || type == "cancel" || !message.is_object() || !message.contains("office") ||
              !message["office"].is_string() || message["office"].get<std::string>().size() < 2
          ? "holder"
          : "customs-" + message["office"].get<std::string>().substr(0, 2);
  report(service.event(actor_of(keys, o, fallback), o.id, message), source);
}

void show(const TransitOptions& o) {
  const auto keys = load_keys(o);
  auto store = open_store(o);
  transit::TransitService service(*store);
  report(service.get(actor_of(keys, o, "holder"), o.id), o.id);
}

void list(const TransitOptions& o) {
  const auto keys = load_keys(o);
  auto store = open_store(o);
  transit::TransitService service(*store);
  const auto r = service.list(actor_of(keys, o, "holder"));
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
  const auto keys = load_keys(o);
  auto store = open_store(o);
  transit::TransitService service(*store);
  const auto r = service.audit(actor_of(keys, o, "holder"), o.id);
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
    if (!o.roster.empty()) roster = transit::load_roster(o.roster);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("--roster: ") + e.what());
  }
  if (roster) expect.roster = &*roster;
  if (!o.head.empty()) {
    expect.head = transit::parse_chain_head(o.head);
    if (!expect.head) throw UsageError("--head: expected SEQUENCE:HASH (the audit_head of the declaration, hash in lowercase hex)");
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
    if (expect.roster) against += fmt::format(", every key in the roster {}", o.roster);
    if (expect.head) against += fmt::format(", complete up to its head {}", expect.head->sequence);
    if (expect.document) against += fmt::format(", and {} is what it says", o.document);
    std::cout << fmt::format("{}: chain of {} entries of declaration {} verifies ({} withheld{})\n", o.file, report.entries,
                             report.declaration_id, report.redacted, against);
    if (!expect.roster)
      std::cout << fmt::format("{}: note: without --roster, any key inside the file is trusted\n", o.file);
    return;
  }
  for (const auto& p : report.problems) {
    const std::string where = p.line == 0 ? o.document : fmt::format("{}:{}", o.file, p.line);
    std::cout << fmt::format("{}: {}{}: {}\n", where, p.entry == 0 ? std::string("header") : fmt::format("entry {}", p.entry),
                             p.field.empty() ? "" : ", field " + p.field, p.message);
  }
  std::cout << fmt::format("{}: does NOT verify ({} problem{})\n", o.file, report.problems.size(),
                           report.problems.size() == 1 ? "" : "s");
  g_exit_code = 1;
}

void keys_command(const TransitOptions& o) {
  const auto keys = load_keys(o);
  for (const auto& a : keys.actors())
    std::cout << fmt::format("{:<12} {:<8} {:<3} {}  public key {}\n", a.id, a.role == transit::Role::holder ? "holder" : "customs",
                             a.country, a.api_key.empty() ? std::string("(only its hash is kept)") : a.api_key, a.key.public_key);
}

}  // namespace

void register_transit_command(CLI::App& app) {
  static TransitOptions o;
  auto* cmd = app.add_subcommand("transit", "Transit declarations: declare, events, show, list, export and verify audit chains");
  cmd->require_subcommand(1);
  auto common = [](CLI::App* sub, bool with_actor) {
    sub->add_option("--store", o.store, "Transit store: sqlite:PATH or postgresql://…")->default_str(o.store);
    sub->add_option("--keys", o.keys, "Actors' key ring (created if missing)")->default_str(o.keys);
    if (with_actor) sub->add_option("--as", o.actor, "Acting actor id (default: holder; events: customs of the office's country)");
    o.data.add_to(*sub, false);
  };
  auto* d = cmd->add_subcommand("declare", "Lodge a declaration from a JSON file (docs/transit.md)");
  d->add_option("FILE", o.file, "Declaration message (JSON)")->required();
  common(d, true);
  d->callback([] { declare(o); });

  auto* e = cmd->add_subcommand("event", "Send an event (start, terminate, discharge, refuse, amend, cancel)");
  e->add_option("ID", o.id, "Transit reference")->required();
  e->add_option("FILE", o.file, "Event message (JSON); or use the flags below");
  e->add_option("--type", o.type, "start, terminate, discharge, refuse, amend or cancel");
  e->add_option("--message-id", o.message_id, "Message id (replays return the first outcome)");
  e->add_option("--office", o.office, "Customs office code");
  e->add_option("--operation-id", o.operation_id, "Operation id (unique per declaration)");
  e->add_option("--sequence", o.sequence, "Operation sequence (unique per declaration)");
  e->add_option("--leg", o.leg, "Leg number, when the office starts or ends several legs");
  e->add_option("--reason", o.reason, "Reason (refuse, cancel)");
  common(e, true);
  e->callback([] { event(o); });

  auto* s = cmd->add_subcommand("show", "Show a declaration as the actor may see it");
  s->add_option("ID", o.id, "Transit reference")->required();
  common(s, true);
  s->callback([] { show(o); });

  auto* l = cmd->add_subcommand("list", "List the declarations the actor may see");
  common(l, true);
  l->callback([] { list(o); });

  auto* x = cmd->add_subcommand("export", "Export the audit chain of a declaration (JSON Lines)");
  x->add_option("ID", o.id, "Transit reference")->required();
  x->add_option("-o,--output", o.output, "Output file (default: standard output)");
  common(x, true);
  x->callback([] { export_chain(o); });

  auto* v = cmd->add_subcommand("verify", "Verify an exported audit chain (against a roster, head and document when given); exit 1 if it does not verify");
  v->add_option("FILE", o.file, "Audit export (caravan-transit-audit/1)")->required();
  v->add_option("--roster", o.roster, "Actors' public keys (a roster or key ring file, obtained apart from the export)");
  v->add_option("--head", o.head, "SEQUENCE:HASH, the chain's head as the server or a peer gave it (audit_head)");
  v->add_option("--document", o.document, "The declaration (holder's view, JSON) the chain must give");
  v->callback([] { verify(o); });

  auto* k = cmd->add_subcommand("keys", "List the actors of the key ring with their API keys");
  common(k, false);
  k->callback([] { keys_command(o); });
}

}  // namespace caravan::cli
