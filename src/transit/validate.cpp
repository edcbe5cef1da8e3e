#include "transit/validate.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <set>
#include <string_view>

#include "core/time.hpp"
#include "transit/check_digits.hpp"
#include "transit/reference_data.hpp"

namespace caravan::transit {

namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kModes{"road", "rail", "sea", "inland_waterway", "air"};

// Collects problems while walking a message.
class Checker {
 public:
  explicit Checker(Problems& out) : out_(out) {}

  void add(Code code, std::string pointer, std::string message) {
    out_.push_back({code, std::move(pointer), std::move(message)});
  }

  // Unknown fields of an object; false (with a 102) when `j` is not an object.
  bool object(const json& j, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) {
      add(Code::wrong_type, ptr, "must be an object");
      return false;
    }
    for (const auto& [key, value] : j.items()) {
      bool known = false;
      for (const auto a : allowed) known |= a == key;
      if (!known) add(Code::unknown_field, ptr + "/" + escape(key), fmt::format("unknown field '{}'", key));
    }
    return true;
  }

  const json* field(const json& obj, const std::string& ptr, std::string_view key, bool required) {
    const auto it = obj.find(std::string(key));
    if (it == obj.end() || it->is_null()) {
      if (required) add(Code::missing, ptr + "/" + std::string(key), fmt::format("'{}' is required", key));
      return nullptr;
    }
    return &*it;
  }

  const std::string* string(const json& obj, const std::string& ptr, std::string_view key, bool required,
                            std::size_t max_len) {
    const json* v = field(obj, ptr, key, required);
    if (!v) return nullptr;
    const std::string p = ptr + "/" + std::string(key);
    if (!v->is_string()) {
      add(Code::wrong_type, p, "must be a string");
      return nullptr;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (s.empty()) {
      add(Code::out_of_range, p, "must not be empty");
      return nullptr;
    }
    if (s.size() > max_len) {
      add(Code::out_of_range, p, fmt::format("at most {} characters", max_len));
      return nullptr;
    }
    return &s;
  }

  std::optional<double> positive_number(const json& obj, const std::string& ptr, std::string_view key) {
    const json* v = field(obj, ptr, key, true);
    if (!v) return std::nullopt;
    const std::string p = ptr + "/" + std::string(key);
    if (!v->is_number()) {
      add(Code::wrong_type, p, "must be a number");
      return std::nullopt;
    }
    const double d = v->get<double>();
    if (!(d > 0) || d > 1e12) {
      add(Code::out_of_range, p, "must be greater than 0");
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::int64_t> integer(const json& obj, const std::string& ptr, std::string_view key, bool required,
                                      std::int64_t min, std::int64_t max) {
    const json* v = field(obj, ptr, key, required);
    if (!v) return std::nullopt;
    const std::string p = ptr + "/" + std::string(key);
    if (!v->is_number_integer()) {
      add(Code::wrong_type, p, "must be an integer");
      return std::nullopt;
    }
    const auto i = v->get<std::int64_t>();
    if (i < min || i > max) {
      add(Code::out_of_range, p, fmt::format("must be between {} and {}", min, max));
      return std::nullopt;
    }
    return i;
  }

  const json* array(const json& obj, const std::string& ptr, std::string_view key, bool required, std::size_t min,
                    std::size_t max) {
    const json* v = field(obj, ptr, key, required);
    if (!v) return nullptr;
    const std::string p = ptr + "/" + std::string(key);
    if (!v->is_array()) {
      add(Code::wrong_type, p, "must be an array");
      return nullptr;
    }
    if (v->size() < min || v->size() > max) {
      add(Code::out_of_range, p, fmt::format("must have {} to {} elements", min, max));
      return nullptr;
    }
    return v;
  }

  void country(const json& obj, const std::string& ptr, std::string_view key) {
    const auto* s = string(obj, ptr, key, true, 2);
    if (s && !is_iso3166_country(*s))
      add(Code::invalid_code, ptr + "/" + std::string(key), fmt::format("'{}' is not an ISO 3166-1 alpha-2 country", *s));
  }

  void mode(const json& obj, const std::string& ptr, bool required) {
    const auto* s = string(obj, ptr, "mode", required, 20);
    if (s && !kModes.contains(*s))
      add(Code::invalid_code, ptr + "/mode", fmt::format("'{}' is not a mode (road, rail, sea, inland_waterway, air)", *s));
  }

  static std::string escape(std::string_view key) {
    std::string out;
    for (const char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  }

 private:
  Problems& out_;
};

void check_office(Checker& c, const json& entry, const std::string& ptr) {
  const auto* code = c.string(entry, ptr, "office", true, 8);
  if (!code) return;
  if (!is_office_code_format(*code)) {
    c.add(Code::invalid_format, ptr + "/office",
          fmt::format("'{}' is not a customs office code ([A-Z]{{2}}[A-Z0-9]{{6}})", *code));
  } else if (!is_iso3166_country(code->substr(0, 2))) {
    c.add(Code::invalid_code, ptr + "/office",
          fmt::format("'{}' does not start with an ISO 3166-1 alpha-2 country", *code));
  }
}

void check_item(Checker& c, const json& item, const std::string& ptr) {
  if (!c.object(item, ptr, {"hs6", "national_code", "description", "gross_mass_kg", "packages"})) return;
  const auto* hs6 = c.string(item, ptr, "hs6", true, 6);
  if (hs6 && !is_hs6(*hs6)) c.add(Code::invalid_format, ptr + "/hs6", fmt::format("'{}' is not six digits", *hs6));
  if (const auto* national = c.string(item, ptr, "national_code", false, 10)) {
    bool digits = national->size() >= 8;
    for (const char ch : *national) digits &= ch >= '0' && ch <= '9';
    if (!digits)
      c.add(Code::invalid_format, ptr + "/national_code", fmt::format("'{}' is not 8 to 10 digits", *national));
    else if (hs6 && is_hs6(*hs6) && national->compare(0, 6, *hs6) != 0)
      c.add(Code::inconsistent, ptr + "/national_code",
            fmt::format("national code '{}' does not start with the HS-6 subheading '{}'", *national, *hs6));
  }
  c.string(item, ptr, "description", true, 512);
  c.positive_number(item, ptr, "gross_mass_kg");
  c.integer(item, ptr, "packages", true, 1, 999999);
}

void check_equipment(Checker& c, const json& eq, const std::string& ptr, std::set<std::string>& containers,
                     std::set<std::string>& seal_ids) {
  if (!c.object(eq, ptr, {"container", "number_of_seals", "seals"})) return;
  if (const auto* container = c.string(eq, ptr, "container", true, 11)) {
    if (!is_iso6346_format(*container))
      c.add(Code::invalid_format, ptr + "/container",
            fmt::format("'{}' is not an ISO 6346 container number (AAAU1234567)", *container));
    else if (!is_valid_iso6346(*container))
      c.add(Code::check_digit, ptr + "/container",
            fmt::format("'{}': ISO 6346 check digit should be {}", *container,
                        *iso6346_check_digit(std::string_view(*container).substr(0, 10))));
    else if (!containers.insert(*container).second)
      c.add(Code::duplicate_value, ptr + "/container", fmt::format("container '{}' listed twice", *container));
  }
  const auto count = c.integer(eq, ptr, "number_of_seals", true, 0, 99);
  const json* seals = c.array(eq, ptr, "seals", false, 0, 99);
  const std::size_t listed = seals ? seals->size() : 0;
  if (count && (seals || !eq.contains("seals")) && static_cast<std::size_t>(*count) != listed)
    c.add(Code::inconsistent, ptr + "/seals",
          fmt::format("number_of_seals is {} but {} seal(s) are listed", *count, listed));
  if (seals)
    for (std::size_t i = 0; i < seals->size(); ++i) {
      const std::string p = ptr + "/seals/" + std::to_string(i);
      const auto& s = (*seals)[i];
      if (!s.is_string() || s.get_ref<const std::string&>().empty() || s.get_ref<const std::string&>().size() > 35)
        c.add(Code::wrong_type, p, "a seal id is a string of 1 to 35 characters");
      else if (!seal_ids.insert(s.get<std::string>()).second)
        c.add(Code::duplicate_value, p, fmt::format("seal '{}' listed twice", s.get<std::string>()));
    }
}

}  // namespace

bool is_message_id(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 64) return false;
  for (const char ch : s) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {
void check_message_id(Checker& c, const json& msg) {
  const auto it = msg.find("message_id");
  if (it == msg.end() || it->is_null())
    c.add(Code::missing, "/message_id", "'message_id' is required");
  else if (!is_message_id(*it))
    c.add(Code::invalid_format, "/message_id", "a message id is 1 to 64 characters of A-Z a-z 0-9 . _ : -");
}
}  // namespace

Problems validate_declaration(const json& msg) {
  Problems out;
  Checker c(out);
  if (!c.object(msg, "", {"message_id", "local_reference", "mode", "departure", "holder", "guarantee", "consignments",
                          "itinerary"}))
    return out;
  check_message_id(c, msg);
  c.string(msg, "", "local_reference", false, 22);
  // The planned departure (ISO 8601): a declaration lodged before it qualifies for green lanes.
  if (const auto* departure = c.string(msg, "", "departure", false, 40)) {
    std::string why;
    if (!parse_iso8601(*departure, &why))
      c.add(Code::invalid_format, "/departure", fmt::format("'{}' is not an ISO 8601 time: {}", *departure, why));
  }
  c.mode(msg, "", true);
  if (const json* holder = c.field(msg, "", "holder", true); holder && c.object(*holder, "/holder", {"id", "name", "country"})) {
    c.string(*holder, "/holder", "id", true, 35);
    c.string(*holder, "/holder", "name", true, 70);
    c.country(*holder, "/holder", "country");
  }
  if (const json* g = c.field(msg, "", "guarantee", true); g && c.object(*g, "/guarantee", {"reference", "amount", "currency"})) {
    if (const auto* ref = c.string(*g, "/guarantee", "reference", true, 24)) {
      bool ok = true;
      for (const char ch : *ref) ok &= (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
      if (!ok) c.add(Code::invalid_format, "/guarantee/reference", "a guarantee reference is 1 to 24 of A-Z 0-9");
    }
    c.positive_number(*g, "/guarantee", "amount");
    const auto* cur = c.string(*g, "/guarantee", "currency", true, 3);
    if (cur && !is_iso4217_currency(*cur))
      c.add(Code::invalid_code, "/guarantee/currency", fmt::format("'{}' is not an ISO 4217 currency", *cur));
  }
  std::set<std::string> containers, seal_ids;
  if (const json* cons = c.array(msg, "", "consignments", true, 1, 99)) {
    for (std::size_t i = 0; i < cons->size(); ++i) {
      const std::string p = "/consignments/" + std::to_string(i);
      const json& con = (*cons)[i];
      if (!c.object(con, p, {"items", "transport_equipment"})) continue;
      if (const json* items = c.array(con, p, "items", true, 1, 999))
        for (std::size_t k = 0; k < items->size(); ++k) check_item(c, (*items)[k], p + "/items/" + std::to_string(k));
      if (const json* eqs = c.array(con, p, "transport_equipment", false, 0, 999))
        for (std::size_t k = 0; k < eqs->size(); ++k)
          check_equipment(c, (*eqs)[k], p + "/transport_equipment/" + std::to_string(k), containers, seal_ids);
    }
  }
  if (const json* it = c.array(msg, "", "itinerary", true, 2, 99)) {
    std::string previous;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string p = "/itinerary/" + std::to_string(i);
      const json& e = (*it)[i];
      if (!c.object(e, p, {"office", "mode", "transshipment"})) continue;
      check_office(c, e, p);
      c.mode(e, p, false);
      c.string(e, p, "transshipment", false, 200);
      const std::string code = e.value("office", json()).is_string() ? e["office"].get<std::string>() : "";
      if (!code.empty() && code == previous)
        c.add(Code::duplicate_value, p + "/office", fmt::format("office '{}' twice in a row", code));
      previous = code;
    }
  }
  return out;
}

Problems validate_event(const json& msg) {
  Problems out;
  Checker c(out);
  if (!c.object(msg, "", {"message_id", "type", "operation_id", "sequence", "office", "leg", "reason", "changes"}))
    return out;
  check_message_id(c, msg);
  const auto* type = c.string(msg, "", "type", true, 20);
  static const std::set<std::string, std::less<>> customs{"start", "terminate", "discharge", "refuse"};
  static const std::set<std::string, std::less<>> holder{"amend", "cancel"};
  if (type && !customs.contains(*type) && !holder.contains(*type)) {
    c.add(Code::invalid_code, "/type",
          fmt::format("'{}' is not an event (start, terminate, discharge, refuse, amend, cancel)", *type));
    return out;
  }
  const bool is_customs = type && customs.contains(*type);
  auto forbid = [&](std::string_view key) {
    if (msg.contains(key)) c.add(Code::unknown_field, "/" + std::string(key), fmt::format("'{}' is not part of a {} event", key, type ? *type : ""));
  };
  if (is_customs) {
    c.string(msg, "", "operation_id", true, 35);
    c.integer(msg, "", "sequence", true, 1, 999999999);
    check_office(c, msg, "");
    c.integer(msg, "", "leg", false, 1, 99);
    if (*type == "refuse") c.string(msg, "", "reason", true, 512);
    else forbid("reason");
    forbid("changes");
  } else if (type) {
    for (const auto* k : {"operation_id", "sequence", "office", "leg"}) forbid(k);
    c.string(msg, "", "reason", false, 512);
    if (*type == "amend") {
      if (const json* changes = c.array(msg, "", "changes", true, 1, 99))
        for (std::size_t i = 0; i < changes->size(); ++i) {
          const std::string p = "/changes/" + std::to_string(i);
          const json& ch = (*changes)[i];
          if (!c.object(ch, p, {"pointer", "value"})) continue;
          if (const auto* ptr = c.string(ch, p, "pointer", true, 200); ptr && (*ptr)[0] != '/')
            c.add(Code::invalid_format, p + "/pointer", "a JSON pointer starts with '/'");
          if (!ch.contains("value")) c.add(Code::missing, p + "/value", "'value' is required");
        }
    } else {
      forbid("changes");
    }
  }
  return out;
}

json country_legs(const json& itinerary, const std::string& default_mode) {
  json legs = json::array();
  for (std::size_t i = 0; i < itinerary.size(); ++i) {
    const json& e = itinerary[i];
    const std::string office = e.at("office").get<std::string>();
    const std::string country = office.substr(0, 2);
    if (legs.empty() || legs.back()["country"] != country) {
      json leg = {{"number", legs.size() + 1},
                  {"country", country},
                  {"offices", json::array()},
                  {"start_office", office},
                  {"mode", e.value("mode", default_mode)},
                  {"previous_country", legs.empty() ? json(nullptr) : legs.back()["country"]},
                  {"next_country", nullptr},
                  {"transshipments", json::array()},
                  {"state", "pending"},
                  {"operations", json::array()}};
      if (!legs.empty()) legs.back()["next_country"] = country;
      legs.push_back(std::move(leg));
    }
    json& leg = legs.back();
    leg["offices"].push_back(office);
    leg["end_office"] = office;
    if (e.contains("transshipment"))
      leg["transshipments"].push_back({{"office", office}, {"note", e["transshipment"]}});
  }
  return legs;
}

}  // namespace caravan::transit
