#include "transit/chain_check.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/json_depth.hpp"

namespace caravan::transit {

using nlohmann::json;

Roster load_roster(const std::string& path) {
  const std::string text = read_json_file_text(path, "the roster");
  const json j = json::parse(text, nullptr, false);
  auto fail = [&](const std::string& pointer, const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}: {}", path, pointer, what));
  };
  if (j.is_discarded() || !j.is_object()) fail("/", "not a JSON object");
  if (!j.contains("actors") || !j["actors"].is_array()) fail("/actors", "an array of actors is required");
  Roster roster;
  std::string bytes;
  if (j.contains("server_public_key")) {
    if (!j["server_public_key"].is_string() || !hex_to_bytes(j["server_public_key"].get<std::string>(), 32, bytes))
      fail("/server_public_key", "32 bytes of lowercase hex expected");
    roster.server_public_key = j["server_public_key"];
  }
  for (std::size_t i = 0; i < j["actors"].size(); ++i) {
    const json& a = j["actors"][i];
    const std::string p = fmt::format("/actors/{}", i);
    if (!a.is_object() || !a.contains("id") || !a["id"].is_string()) fail(p + "/id", "an actor id is required");
    if (!a.contains("public_key") && a.value("role", "") == "administrator") continue;  // signs nothing
    if (!a.contains("public_key") || !a["public_key"].is_string()) fail(p + "/public_key", "a public key is required");
    if (!hex_to_bytes(a["public_key"].get<std::string>(), 32, bytes)) fail(p + "/public_key", "32 bytes of lowercase hex expected");
    if (!roster.public_keys.emplace(a["id"].get<std::string>(), a["public_key"].get<std::string>()).second)
      fail(p + "/id", "actor listed twice");
    if (!a.contains("previous_keys")) continue;
    if (!a["previous_keys"].is_array()) fail(p + "/previous_keys", "an array of retired keys expected");
    auto& retired = roster.previous_keys[a["id"].get<std::string>()];
    for (std::size_t k = 0; k < a["previous_keys"].size(); ++k) {
      const json& r = a["previous_keys"][k];
      const std::string q = fmt::format("{}/previous_keys/{}", p, k);
      if (!r.is_object()) fail(q, "an object {\"public_key\",\"valid_from\"?,\"valid_until\"} expected");
      if (!r.contains("public_key") || !r["public_key"].is_string() || !hex_to_bytes(r["public_key"].get<std::string>(), 32, bytes))
        fail(q + "/public_key", "32 bytes of lowercase hex expected");
      for (const char* field : {"valid_from", "valid_until"})
        if ((r.contains(field) || std::string(field) == "valid_until") &&
            (!r.contains(field) || !r[field].is_string() || r[field].get<std::string>().size() != 20))
          fail(q + "/" + field, "a UTC time YYYY-MM-DDTHH:MM:SSZ expected");
      retired.push_back({r["public_key"], r.value("valid_from", ""), r["valid_until"]});
    }
  }
  return roster;
}

namespace {

struct Line {
  int line = 0;
  std::int64_t entry = 0;
  json outer;  // the export line
  json body;   // its signed body (null when withheld or unreadable)
};

std::vector<Line> read_lines(const std::string& text) {
  std::vector<Line> out;
  std::istringstream in(text);
  std::string raw;
  for (int n = 1; std::getline(in, raw); ++n) {
    if (n == 1 || find_json_too_deep(raw)) continue;
    Line l{n, n - 1, json::parse(raw, nullptr, false), nullptr};
    if (l.outer.is_object() && l.outer.contains("canonical") && l.outer["canonical"].is_string() &&
        !find_json_too_deep(l.outer["canonical"].get_ref<const std::string&>()))
      l.body = json::parse(l.outer["canonical"].get<std::string>(), nullptr, false);
    if (l.body.is_discarded()) l.body = nullptr;
    out.push_back(std::move(l));
  }
  return out;
}

// The first pointer (under `at`) where `a` and `b` differ, or nothing. Depth is bounded: both
// were parsed within kMaxJsonDepth.
std::optional<std::string> first_difference(const json& a, const json& b, const std::string& at) {
  if (a.type() != b.type() || !(a.is_object() || a.is_array())) {
    if (a == b) return std::nullopt;
    return at.empty() ? "/" : at;
  }
  if (a.is_array()) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
      if (auto d = first_difference(a[i], b[i], fmt::format("{}/{}", at, i))) return d;
    if (a.size() != b.size()) return fmt::format("{}/{}", at, std::min(a.size(), b.size()));
    return std::nullopt;
  }
  for (const auto& [k, v] : a.items()) {
    std::string token;
    for (const char c : k) token += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    if (!b.contains(k)) return at + "/" + token;
    if (auto d = first_difference(v, b[k], at + "/" + token)) return d;
  }
  for (const auto& [k, v] : b.items())
    if (!a.contains(k)) return at + "/" + k;
  return std::nullopt;
}

std::string leg_state_after(const std::string& type) {
  if (type == "start") return "started";
  if (type == "terminate") return "terminated";
  if (type == "discharge") return "discharged";
  if (type == "refuse") return "refused";
  return "pending";
}

// The head the verifier was given: signed by the roster's server key, of this declaration, and
// the chain's last entry. An edited field is named by trying the values the server would have
// signed (this declaration, the sequence of the entry with that hash, the hash of that entry).
void check_head(const SignedHead& head, const std::string& server_key, const std::vector<Line>& lines, VerifyReport& report) {
  auto head_problem = [&](std::string field, std::string message) {
    report.problems.push_back({0, 0, std::move(field), std::move(message), true});
  };
  auto hash_of = [&](std::size_t i) {
    const json& outer = lines[i].outer;
    return outer.is_object() && outer.value("hash", json("")).is_string() ? outer.value("hash", "") : std::string();
  };
  if (server_key.empty())
    return head_problem("signature", "the roster gives no server key: the head's signature cannot be checked");
  if (!head_signature_verifies(server_key, head)) {
    auto signed_with = [&](const std::string& id, std::int64_t sequence, const std::string& hash) {
      return head_signature_verifies(server_key, {id, sequence, hash, head.signature});
    };
    if (!report.declaration_id.empty() && signed_with(report.declaration_id, head.sequence, head.hash))
      return head_problem("declaration_id", "edited: the server signed this head for declaration " + report.declaration_id);
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (hash_of(i) == head.hash && signed_with(head.declaration_id, static_cast<std::int64_t>(i + 1), head.hash))
        return head_problem("sequence", fmt::format("edited: the server signed this head for sequence {}", i + 1));
    if (head.sequence >= 1 && head.sequence <= static_cast<std::int64_t>(lines.size()) &&
        signed_with(head.declaration_id, head.sequence, hash_of(static_cast<std::size_t>(head.sequence - 1))))
      return head_problem("hash", fmt::format("edited: the server signed this head for the hash of entry {}", head.sequence));
    return head_problem("signature", "not signed by the roster's server key (another key, or the head was edited)");
  }
  if (head.declaration_id != report.declaration_id)
    return head_problem("declaration_id", fmt::format("the head is of declaration {}, the chain of {}", head.declaration_id,
                                                      report.declaration_id));
  const auto length = static_cast<std::int64_t>(lines.size());
  if (length != head.sequence)
    report.problems.push_back({1, 0, "entries",
                               fmt::format("the chain has {} entries, its head has {}: {}", length, head.sequence,
                                           length < head.sequence ? "entries are missing" : "entries were added")});
  else if (hash_of(lines.size() - 1) != head.hash)
    report.problems.push_back({lines.back().line, lines.back().entry, "hash", "the last entry is not the head of the chain"});
}

}  // namespace

void check_chain(const std::string& text, const ChainExpectations& expect, VerifyReport& report) {
  const auto lines = read_lines(text);
  auto add = [&](int line, std::int64_t entry, std::string field, std::string message) {
    report.problems.push_back({line, entry, std::move(field), std::move(message)});
  };

  if (expect.roster) {
    const std::string header_text = text.substr(0, text.find('\n'));
    const json header = find_json_too_deep(header_text) ? json() : json::parse(header_text, nullptr, false);
    const json server_key = header.is_object() ? header.value("server_public_key", json()) : json();
    if (expect.roster->server_public_key.empty())
      add(1, 0, "server_public_key", "the roster gives no server key: the countersignatures cannot be checked");
    else if (server_key != json(expect.roster->server_public_key))
      add(1, 0, "server_public_key", "not the server key of the roster: the entries are not countersigned by that server");
    for (const auto& l : lines) {
      if (!l.outer.is_object()) continue;
      const std::string actor = l.outer.value("actor", json("")).is_string() ? l.outer.value("actor", "") : "";
      const std::string key = l.outer.value("public_key", json("")).is_string() ? l.outer.value("public_key", "") : "";
      const auto it = expect.roster->public_keys.find(actor);
      if (it == expect.roster->public_keys.end()) {
        add(l.line, l.entry, "actor", fmt::format("actor '{}' is not in the roster", actor));
        continue;
      }
      if (it->second == key) continue;
      // A retired key verifies the entries the server accepted while it was valid.
      const RetiredKey* retired = nullptr;
      if (const auto old = expect.roster->previous_keys.find(actor); old != expect.roster->previous_keys.end())
        for (const auto& r : old->second)
          if (r.public_key == key) retired = &r;
      if (!retired) {
        add(l.line, l.entry, "public_key", fmt::format("signed with a key that is not the roster's key of actor '{}'", actor));
        continue;
      }
      const json at = l.body.is_object() ? l.body.value("at", json()) : json();
      if (at.is_string() && (at.get<std::string>() > retired->valid_until ||
                             (!retired->valid_from.empty() && at.get<std::string>() < retired->valid_from)))
        add(l.line, l.entry, "public_key",
            fmt::format("signed with a key of actor '{}' valid {} to {}, not at {}", actor,
                        retired->valid_from.empty() ? "from the start" : "from " + retired->valid_from,
                        retired->valid_until, at.get<std::string>()));
    }
  }

  const Line* last = lines.empty() ? nullptr : &lines.back();
  const std::string last_hash = last && last->outer.is_object() && last->outer.value("hash", json("")).is_string()
                                    ? last->outer.value("hash", "")
                                    : "";
  if (expect.head) check_head(*expect.head, expect.roster ? expect.roster->server_public_key : "", lines, report);

  if (!expect.document) return;
  const json& doc = *expect.document;
  auto doc_problem = [&](const std::string& pointer, std::int64_t entry, std::string message) {
    const int line = entry >= 1 && entry <= static_cast<std::int64_t>(lines.size()) ? lines[static_cast<std::size_t>(entry - 1)].line : 0;
    add(line, entry, "document " + pointer, std::move(message));
  };
  if (!doc.is_object()) return doc_problem("/", 0, "not a declaration document");
  if (doc.value("id", json()) != report.declaration_id)
    doc_problem("/id", 0, fmt::format("the document is declaration {}, the chain {}", doc.value("id", json()).dump(), report.declaration_id));
  if (doc.value("version", json()) != json(lines.size()))
    doc_problem("/version", static_cast<std::int64_t>(lines.size()),
                fmt::format("the document is at version {}, the chain has {} entries", doc.value("version", json()).dump(), lines.size()));
  if (!doc.contains("audit_head") || doc["audit_head"].value("hash", json()) != json(last_hash) ||
      doc["audit_head"].value("sequence", json()) != json(lines.size()))
    doc_problem("/audit_head", static_cast<std::int64_t>(lines.size()), "does not name the last entry of the chain");
  else if (expect.roster && !expect.roster->server_public_key.empty()) {
    try {
      if (!head_signature_verifies(expect.roster->server_public_key, signed_head_from(doc["audit_head"], "/audit_head")))
        doc_problem("/audit_head/signature", static_cast<std::int64_t>(lines.size()), "not signed by the roster's server key");
    } catch (const HeadError& e) {
      doc_problem("/audit_head", static_cast<std::int64_t>(lines.size()), e.what());
    }
  }

  // Replay: the submission's declared fields, each amendment's changes as the service applies
  // them, each customs operation on its leg.
  json declared;
  std::vector<std::pair<std::string, std::int64_t>> touched;  // amended pointer → entry
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, json>>> operations;  // leg → (entry, op)
  std::string state;
  for (const auto& l : lines) {
    if (l.body.is_null()) return doc_problem("/", l.entry, "the chain withholds this entry's content: the document cannot be checked against it");
    const std::string type = l.body.value("type", "");
    const json& data = l.body.value("data", json::object());
    state = l.body.value("state", "");
    if (type == "submit") {
      declared = data;
    } else if (type == "amend" && data.contains("changes") && data["changes"].is_array()) {
      for (const auto& change : data["changes"]) {
        const std::string pointer = change.value("pointer", "");
        try {
          json patch = json::array({{{"op", "add"}, {"path", pointer}, {"value", change.value("value", json())}}});
          const json::json_pointer jp(pointer);
          if (!pointer.empty() && pointer.back() != '-' && declared.contains(jp) && declared.at(jp.parent_pointer()).is_array())
            patch[0]["op"] = "replace";
          declared = declared.patch(patch);
          touched.emplace_back(pointer, l.entry);
        } catch (const json::exception&) {
          return doc_problem(pointer, l.entry, "the amendment does not apply to the declaration the chain gives");
        }
      }
    } else if (data.contains("leg") && data["leg"].is_number_integer()) {
      json op = {{"type", type}, {"message_id", l.body.value("message_id", json())}, {"at", l.body.value("at", json())}};
      for (const char* key : {"operation_id", "sequence", "office", "reason"})
        if (data.contains(key)) op[key] = data[key];
      operations[data["leg"].get<std::int64_t>()].emplace_back(l.entry, std::move(op));
    }
  }
  auto entry_of = [&](const std::string& pointer) {
    std::int64_t entry = 1;
    for (const auto& [p, e] : touched)
      if (pointer.rfind(p, 0) == 0 || p.rfind(pointer, 0) == 0) entry = e;
    return entry;
  };
  for (const char* key : {"local_reference", "mode", "departure", "holder", "consignments", "itinerary"}) {
    const std::string at = std::string("/") + key;
    if (declared.contains(key) != doc.contains(key)) {
      doc_problem(at, entry_of(at), declared.contains(key) ? "missing from the document" : "not in the declaration the chain gives");
      continue;
    }
    if (!declared.contains(key)) continue;
    if (const auto d = first_difference(declared[key], doc[key], at))
      doc_problem(*d, entry_of(*d), "differs from what the chain's messages declared");
  }
  for (const char* key : {"reference", "amount", "currency"}) {
    const std::string at = std::string("/guarantee/") + key;
    const json want = declared.contains("guarantee") ? declared["guarantee"].value(key, json()) : json();
    const json got = doc.contains("guarantee") && doc["guarantee"].is_object() ? doc["guarantee"].value(key, json()) : json();
    if (want != got) doc_problem(at, entry_of(at), "differs from what the chain's messages declared");
  }
  if (doc.value("state", json()) != json(state))
    doc_problem("/state", static_cast<std::int64_t>(lines.size()), fmt::format("the chain leaves the declaration {}", state));
  const json legs = doc.value("legs", json::array());
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const auto number = static_cast<std::int64_t>(i + 1);
    const auto& expected = operations[number];
    const json ops = legs[i].value("operations", json::array());
    const std::string at = fmt::format("/legs/{}/operations", i);
    for (std::size_t k = 0; k < std::max(ops.size(), expected.size()); ++k) {
      if (k >= expected.size()) {
        doc_problem(fmt::format("{}/{}", at, k), static_cast<std::int64_t>(lines.size()), "an operation no entry of the chain records");
        continue;
      }
      if (k >= ops.size()) {
        doc_problem(fmt::format("{}/{}", at, k), expected[k].first, "the operation this entry records is missing");
        continue;
      }
      for (const auto& [field, value] : expected[k].second.items())
        if (ops[k].value(field, json()) != value)
          doc_problem(fmt::format("{}/{}/{}", at, k, field), expected[k].first, "differs from the operation this entry records");
    }
    const std::string leg_state = expected.empty() ? "pending" : leg_state_after(expected.back().second.value("type", ""));
    if (legs[i].value("state", json()) != json(leg_state))
      doc_problem(fmt::format("/legs/{}/state", i), expected.empty() ? 1 : expected.back().first,
                  fmt::format("the chain leaves this leg {}", leg_state));
  }
  for (const auto& [number, ops] : operations)
    if (number < 1 || number > static_cast<std::int64_t>(legs.size()))
      doc_problem("/legs", ops.front().first, fmt::format("the chain records operations on leg {}, which the document lacks", number));
}

}  // namespace caravan::transit
