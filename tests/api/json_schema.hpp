#pragma once
// A small JSON Schema checker for the subset the OpenAPI 3.0 document uses: type (with nullable),
// properties, required, additionalProperties, items, enum, $ref (into the same document), oneOf,
// allOf, minimum/maximum, minItems/maxItems. It answers the JSON pointer of the first mismatch and
// why, or an empty string when the value conforms.
#include <string>

#include <nlohmann/json.hpp>

namespace caravan::testing {

class JsonSchemaChecker {
 public:
  explicit JsonSchemaChecker(nlohmann::json document) : doc_(std::move(document)) {}

  // "" when `value` conforms to `schema`, else "<pointer>: <reason>".
  [[nodiscard]] std::string check(const nlohmann::json& schema, const nlohmann::json& value,
                                  const std::string& pointer = "") const {
    using nlohmann::json;
    if (schema.contains("$ref")) return check(resolve(schema["$ref"].get<std::string>()), value, pointer);
    if (value.is_null() && schema.value("nullable", false)) return {};
    if (schema.contains("allOf"))
      for (const auto& part : schema["allOf"])
        if (auto why = check(part, value, pointer); !why.empty()) return why;
    if (schema.contains("oneOf")) {
      int matches = 0;
      std::string reasons;
      for (const auto& option : schema["oneOf"]) {
        const auto why = check(option, value, pointer);
        if (why.empty()) ++matches;
        else reasons += (reasons.empty() ? "" : "; ") + why;
      }
      if (matches != 1)
        return at(pointer, matches == 0 ? "matches none of oneOf (" + reasons + ")" : "matches several of oneOf");
    }
    if (schema.contains("type")) {
      const std::string type = schema["type"];
      if (!has_type(value, type)) return at(pointer, "expected " + type + ", got " + value.dump().substr(0, 80));
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == value;
      if (!found) return at(pointer, value.dump() + " is not one of " + schema["enum"].dump());
    }
    if (value.is_number()) {
      if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) return at(pointer, "below minimum");
      if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) return at(pointer, "above maximum");
    }
    if (value.is_object()) {
      for (const auto& name : schema.value("required", json::array()))
        if (!value.contains(name.get<std::string>())) return at(pointer, "required property '" + name.get<std::string>() + "' is missing");
      const json properties = schema.value("properties", json::object());
      for (const auto& [key, item] : value.items()) {
        const std::string child = pointer + "/" + token(key);
        if (properties.contains(key)) {
          if (auto why = check(properties[key], item, child); !why.empty()) return why;
        } else if (schema.contains("additionalProperties")) {
          const json& extra = schema["additionalProperties"];
          if (extra.is_boolean() && !extra.get<bool>()) return at(child, "property not in the schema");
          if (extra.is_object())
            if (auto why = check(extra, item, child); !why.empty()) return why;
        }
      }
    }
    if (value.is_array()) {
      if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) return at(pointer, "too few items");
      if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) return at(pointer, "too many items");
      if (schema.contains("items"))
        for (std::size_t i = 0; i < value.size(); ++i)
          if (auto why = check(schema["items"], value[i], pointer + "/" + std::to_string(i)); !why.empty()) return why;
    }
    return {};
  }

  // The schema at a "#/components/…" reference; throws when it does not exist.
  [[nodiscard]] const nlohmann::json& resolve(const std::string& ref) const {
    if (ref.rfind("#", 0) != 0) throw std::runtime_error("only local $ref are supported: " + ref);
    return doc_.at(nlohmann::json::json_pointer(ref.substr(1)));
  }

 private:
  static bool has_type(const nlohmann::json& v, const std::string& type) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    throw std::runtime_error("unknown schema type " + type);
  }
  static std::string token(const std::string& key) {
    std::string out;
    for (const char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  }
  static std::string at(const std::string& pointer, const std::string& why) {
    return (pointer.empty() ? std::string("(root)") : pointer) + ": " + why;
  }
  nlohmann::json doc_;
};

}  // namespace caravan::testing
