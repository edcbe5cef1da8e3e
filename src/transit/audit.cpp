#include "transit/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/json_depth.hpp"
#include "transit/signed_head.hpp"

namespace caravan::transit {

using nlohmann::json;

std::string canonical_json(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::strict); }

AuditEntry make_audit_entry(const std::string& declaration_id, const AuditEntry* previous, const EntryContent& content,
                            const SigningKey& server_key) {
  const json& message = content.signed_message.message;
  AuditEntry e;
  e.declaration_id = declaration_id;
  e.sequence = previous ? previous->sequence + 1 : 1;
  e.previous_hash = previous ? previous->hash : "";
  e.actor = content.actor.id;
  e.public_key = content.actor.public_key;
  const json body = {{"actor", content.actor.id},
                     {"at", content.at},
                     {"data", content.data},
                     {"declaration_id", declaration_id},
                     {"message", message},
                     {"message_id", message.value("message_id", "")},
                     {"previous_hash", e.previous_hash},
                     {"public_key", content.actor.public_key},
                     {"sequence", e.sequence},
                     {"signature", content.signed_message.signature},
                     {"state", content.state},
                     {"type", content.type}};
  e.canonical = canonical_json(body);
  e.hash = sha256_hex(e.canonical);
  e.signature = sign_hex(server_key.secret_key, e.hash);  // the server's countersignature
  return e;
}

std::string export_audit(const std::string& declaration_id, const std::vector<AuditEntry>& chain,
                         const SigningKey& server_key, const std::function<bool(const AuditEntry&)>& redact) {
  const json head = chain.empty() ? json{{"declaration_id", declaration_id}, {"hash", ""}, {"sequence", 0}, {"signature", ""}}
                                  : signed_head(declaration_id, chain.back().sequence, chain.back().hash, server_key);
  std::string out = canonical_json({{"declaration_id", declaration_id},
                                    {"entries", chain.size()},
                                    {"format", kAuditFormat},
                                    {"head", head},
                                    {"server_public_key", server_key.public_key}});
  out += '\n';
  for (const auto& e : chain) {
    json line = {{"actor", e.actor},           {"countersignature", e.signature}, {"hash", e.hash},
                 {"previous_hash", e.previous_hash}, {"public_key", e.public_key},     {"sequence", e.sequence}};
    if (redact && redact(e)) {
      line["canonical"] = nullptr;
      line["redacted"] = true;
    } else {
      line["canonical"] = e.canonical;
    }
    out += canonical_json(line);
    out += '\n';
  }
  return out;
}

namespace {

// Parses untrusted text (an export line, a signed body) only within the nesting limit: a deeply
// nested value would overflow the stack when dumped or compared. Too deep → discarded.
json parse_bounded(const std::string& text) {
  if (find_json_too_deep(text)) return json(json::value_t::discarded);
  return json::parse(text, nullptr, false);
}

// Splits on '\n'; a missing final newline leaves a last non-empty piece, reported as not canonical.
std::vector<std::string> split_lines(const std::string& text, bool& ends_with_newline) {
  std::vector<std::string> lines;
  std::string::size_type start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));
      ends_with_newline = false;
      return lines;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  ends_with_newline = true;
  return lines;
}

bool is_hex(const json& j, std::size_t chars) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() != chars) return false;
  for (const char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Parses a line that must be canonical JSON of an object; on failure adds a "json" problem.
std::optional<json> parse_line(const std::string& line, int line_no, std::int64_t entry, VerifyReport& report) {
  if (find_json_too_deep(line)) {
    report.problems.push_back({line_no, entry, "json", fmt::format("nested deeper than {} levels", kMaxJsonDepth)});
    return std::nullopt;
  }
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    report.problems.push_back({line_no, entry, "json", "not a JSON object"});
    return std::nullopt;
  }
  if (canonical_json(j) != line) {
    report.problems.push_back({line_no, entry, "json", "not in canonical form (sorted keys, compact)"});
    return std::nullopt;
  }
  return j;
}


// The sender's part of an authentic body: its signature over the message it signed, with the key
// the body names, and the data the entry records being what that message says.
template <typename Add>
void check_sender(const json& body, const Add& add) {
  const json& message = body.value("message", json());
  const json& signature = body.value("signature", json());
  const std::string type = body.value("type", "");
  if (!message.is_object() || !is_hex(signature, 128) || !body.value("actor", json()).is_string() ||
      !body.value("public_key", json()).is_string()) {
    add("signature", "the entry lacks the sender's signed message");
    return;
  }
  const SignedMessage signed_message{message, signature.get<std::string>()};
  const std::string declaration = type == "submit" ? "" : body.value("declaration_id", "");
  if (!message_signature_verifies(body["public_key"], body["actor"], declaration, signed_message)) {
    add("signature", "the sender's signature does not verify over its message");
    return;
  }
  // data = the message without message_id (plus the leg and its country for an operation).
  const json& data = body.value("data", json());
  bool same = data.is_object() && message.value("message_id", json()) == body.value("message_id", json()) &&
              (type == "submit" || message.value("type", json()) == type);
  for (const auto& [key, value] : message.items())
    if (key != "message_id") same &= data.contains(key) && data[key] == value;
  if (data.is_object())
    for (const auto& [key, value] : data.items())
      same &= message.contains(key) || (type != "submit" && (key == "leg" || key == "country"));
  if (!same) add("data", "differs from the message the sender signed");
}

// The header's signed head: well-formed, signed by the header's server key, and naming the last
// entry of the file. When the signature fails, the field that was changed is found by trying the
// values the server would have signed (the header's declaration, the file's length, the last
// entry's hash). Problems that another check already names are not repeated: a wrong server key
// (no entry countersigned), a changed header declaration, a last entry whose hash is not
// established.
void check_header_head(const json& head, const std::string& server_key, bool key_countersigned, bool header_id_wrong,
                       const std::optional<std::string>& last_hash, std::size_t entries, VerifyReport& report) {
  auto add = [&](std::string field, std::string message) {
    report.problems.push_back({1, 0, "head." + field, std::move(message)});
  };
  if (!head.is_object()) return add("signature", "the head is not a signed head object");
  for (const char* key : {"declaration_id", "hash", "sequence", "signature"})
    if (!head.contains(key)) return report.problems.push_back({1, 0, "json", fmt::format("the head lacks {}", key)});
  if (head.size() != 4) return report.problems.push_back({1, 0, "json", "head fields are not declaration_id, hash, sequence, signature"});
  if (!head["declaration_id"].is_string()) return add("declaration_id", "not a string");
  if (!head["sequence"].is_number_unsigned()) return add("sequence", "not a count");
  if (!is_hex(head["hash"], 64)) return add("hash", "not 64 lowercase hex digits");
  if (!is_hex(head["signature"], 128)) return add("signature", "not 128 lowercase hex digits");
  const SignedHead h{head["declaration_id"], head["sequence"].get<std::int64_t>(), head["hash"], head["signature"]};
  const auto file_length = static_cast<std::int64_t>(entries);
  if (!head_signature_verifies(server_key, h)) {
    if (!key_countersigned || server_key.empty()) return;  // the header's key is named already
    auto signed_with = [&](const std::string& id, std::int64_t sequence, const std::string& hash) {
      return head_signature_verifies(server_key, {id, sequence, hash, h.signature});
    };
    if (!report.declaration_id.empty() && signed_with(report.declaration_id, h.sequence, h.hash))
      return add("declaration_id", "the server signed this head for declaration " + report.declaration_id);
    if (signed_with(h.declaration_id, file_length, h.hash))
      return add("sequence", fmt::format("the server signed this head for sequence {}", file_length));
    if (last_hash && signed_with(h.declaration_id, h.sequence, *last_hash))
      return add("hash", "the server signed this head for the last entry's hash");
    return add("signature", "the server's signature does not verify over the head");
  }
  if (h.declaration_id != report.declaration_id && !header_id_wrong && !report.declaration_id.empty())
    add("declaration_id", "the head is of declaration " + h.declaration_id);
  if (h.sequence != file_length)
    add("sequence", fmt::format("the head is entry {}, the file has {} entries: {}", h.sequence, file_length,
                                h.sequence > file_length ? "entries are missing" : "entries were added"));
  else if (last_hash && h.hash != *last_hash)
    add("hash", "the head is not the last entry of the file");
}

}  // namespace

VerifyReport verify_audit_export(const std::string& text) {
  VerifyReport report;
  bool newline_end = true;
  const auto lines = split_lines(text, newline_end);
  if (lines.empty()) {
    report.problems.push_back({1, 0, "json", "empty file"});
    return report;
  }
  // Header.
  std::int64_t declared = -1;
  std::string server_key;  // the header's: it checks the countersignatures (a roster checks it)
  json head;               // the header's signed head, checked once the entries are
  if (const auto header = parse_line(lines[0], 1, 0, report)) {
    const std::set<std::string> keys{"declaration_id", "entries", "format", "head", "server_public_key"};
    bool shape = header->size() == keys.size();
    for (const auto& [k, v] : header->items()) shape &= keys.contains(k);
    if (!shape) {
      report.problems.push_back({1, 0, "json", "header fields are not declaration_id, entries, format, head, server_public_key"});
    } else {
      head = (*header)["head"];
      if ((*header)["format"] != kAuditFormat)
        report.problems.push_back({1, 0, "format", fmt::format("format is not {}", kAuditFormat)});
      if ((*header)["declaration_id"].is_string()) report.declaration_id = (*header)["declaration_id"];
      else report.problems.push_back({1, 0, "declaration_id", "not a string"});
      if ((*header)["entries"].is_number_unsigned()) declared = (*header)["entries"].get<std::int64_t>();
      else report.problems.push_back({1, 0, "entries", "not a count"});
      if (is_hex((*header)["server_public_key"], 64)) server_key = (*header)["server_public_key"];
      else report.problems.push_back({1, 0, "server_public_key", "not 64 lowercase hex digits"});
    }
  }
  if (declared >= 0 && static_cast<std::size_t>(declared) != lines.size() - 1)
    report.problems.push_back({1, 0, "entries",
                               fmt::format("header announces {} entries, the file has {}", declared, lines.size() - 1)});
  if (!newline_end)
    report.problems.push_back({static_cast<int>(lines.size()), static_cast<std::int64_t>(lines.size() - 1), "json",
                               "the last line does not end with a newline"});

  // The hash of the previous entry as established by its own content (or its countersignature when
  // withheld), so one changed field is reported once, where it is.
  std::optional<std::string> previous_hash = std::string();
  // Entries whose signed body names another declaration than the header: all of them means the
  // header was changed, some of them means those entries belong elsewhere.
  std::vector<VerifyProblem> foreign;
  std::size_t authentic_bodies = 0;
  std::size_t countersigned = 0;
  const std::set<std::string> full_keys{"actor", "canonical", "countersignature", "hash", "previous_hash", "public_key", "sequence"};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    const auto seq = static_cast<std::int64_t>(i);
    ++report.entries;
    auto add = [&](std::string field, std::string message) {
      report.problems.push_back({line_no, seq, std::move(field), std::move(message)});
    };
    const auto entry = parse_line(lines[i], line_no, seq, report);
    if (!entry) {
      previous_hash.reset();
      continue;
    }
    const json& e = *entry;
    const bool redacted = e.contains("redacted");
    {
      std::set<std::string> expected = full_keys;
      if (redacted) expected.insert("redacted");
      bool shape = e.size() == expected.size();
      for (const auto& [k, v] : e.items()) shape &= expected.contains(k);
      if (!shape) {
        add("json", "entry fields are not actor, canonical, countersignature, hash, previous_hash, public_key, sequence");
        previous_hash.reset();
        continue;
      }
    }
    if (redacted && (e["redacted"] != true || !e["canonical"].is_null())) {
      add("redacted", "a withheld entry has \"canonical\":null and \"redacted\":true");
      previous_hash.reset();
      continue;
    }
    if (!redacted && !e["canonical"].is_string()) {
      add("canonical", "not a string");
      previous_hash.reset();
      continue;
    }
    if (!is_hex(e["hash"], 64)) add("hash", "not 64 lowercase hex digits");
    if (!is_hex(e["public_key"], 64)) add("public_key", "not 64 lowercase hex digits");
    if (!is_hex(e["countersignature"], 128)) add("countersignature", "not 128 lowercase hex digits");
    const std::string stored_hash = e["hash"].is_string() ? e["hash"].get<std::string>() : "";
    const std::string sig = e["countersignature"].is_string() ? e["countersignature"].get<std::string>() : "";
    const bool sig_on_stored = verify_hex(server_key, stored_hash, sig);
    countersigned += sig_on_stored ? 1 : 0;

    std::optional<std::string> established;  // this entry's authentic hash, if established
    json body;
    if (redacted) {
      ++report.redacted;
      if (sig_on_stored) established = stored_hash;
      else add("countersignature", "the server's countersignature does not verify over hash (hash or countersignature changed)");
    } else {
      const std::string& canonical = e["canonical"].get_ref<const std::string&>();
      const std::string computed = sha256_hex(canonical);
      if (computed != stored_hash) {
        if (sig_on_stored) add("canonical", "content does not match its countersigned hash");
        else if (verify_hex(server_key, computed, sig)) add("hash", "hash does not match the countersigned content");
        else add("canonical", "content, hash and countersignature disagree");
      } else if (!sig_on_stored) {
        add("countersignature", "the server's countersignature does not verify");
      } else {
        established = computed;
      }
      if (established) {
        body = parse_bounded(canonical);
        if (body.is_discarded() || !body.is_object() || canonical_json(body) != canonical) {
          add("canonical", "signed content is not canonical JSON");
        } else {
          // The signed body is authentic: outer fields must repeat it.
          if (body.value("public_key", json()) != e["public_key"]) add("public_key", "differs from the signed content");
          if (body.value("actor", json()) != e["actor"]) add("actor", "differs from the signed content");
          if (body.value("sequence", json()) != e["sequence"]) add("sequence", "differs from the signed content");
          if (body.value("previous_hash", json()) != e["previous_hash"])
            add("previous_hash", "differs from the signed content");
          if (!report.declaration_id.empty() && body.value("declaration_id", json()) != report.declaration_id)
            foreign.push_back({line_no, seq, "canonical", "signed for another declaration"});
          ++authentic_bodies;
          check_sender(body, add);
        }
      }
    }
    // Sequence and chain link (from the established content when there is one).
    const json& seq_value = established && !redacted ? body["sequence"] : e["sequence"];
    if (!(seq_value.is_number_integer() && seq_value.get<std::int64_t>() == seq) && (redacted || established))
      add("sequence", fmt::format("expected {}", seq));
    const json& prev_value = established && !redacted ? body["previous_hash"] : e["previous_hash"];
    if (previous_hash && (redacted || established) && prev_value != *previous_hash)
      add("previous_hash", "does not match the hash of the previous entry");
    previous_hash = established;
  }
  // Not one entry countersigned by the header's key: the key was changed, not every entry.
  const auto countersignature_problems = std::count_if(report.problems.begin(), report.problems.end(),
                                                       [](const VerifyProblem& p) { return p.field == "countersignature"; });
  if (countersigned == 0 && report.entries >= 2 && !server_key.empty() &&
      static_cast<std::size_t>(countersignature_problems) == report.entries) {
    std::erase_if(report.problems, [](const VerifyProblem& p) { return p.field == "countersignature"; });
    report.problems.push_back({1, 0, "server_public_key", "no entry is countersigned by this key"});
  }
  const bool header_id_wrong = !foreign.empty() && foreign.size() == authentic_bodies;
  if (header_id_wrong)
    report.problems.push_back({1, 0, "declaration_id", "differs from the declaration every entry was signed for"});
  else
    report.problems.insert(report.problems.end(), foreign.begin(), foreign.end());
  if (!head.is_null()) check_header_head(head, server_key, countersigned > 0, header_id_wrong, previous_hash, lines.size() - 1, report);
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const VerifyProblem& a, const VerifyProblem& b) { return a.line < b.line; });
  return report;
}

}  // namespace caravan::transit
