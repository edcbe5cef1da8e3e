#pragma once
// A streaming JSON writer: appends compact JSON straight to a string (an HTTP response body), with
// no document tree in between. It writes exactly what nlohmann::json::dump() writes for the same
// document (numbers by nlohmann's own shortest-digits routine, the same escapes, invalid UTF-8
// replaced by U+FFFD), so answers do not change a byte when a DOM writer is replaced by it. As
// nlohmann's objects are sorted maps, callers write each object's keys in byte order (checked in
// debug builds).
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace caravan {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // An object member's name; the next call writes its value.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);  // not finite: null, as nlohmann writes it
  JsonWriter& value(bool flag);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  JsonWriter& value(T number) {
    if constexpr (std::signed_integral<T>) return integer(static_cast<std::int64_t>(number));
    else return unsigned_integer(static_cast<std::uint64_t>(number));
  }
  JsonWriter& null();

  template <class T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  JsonWriter& null_field(std::string_view name) {
    key(name);
    return null();
  }

  // Appends text that is already JSON (a value written by another writer) as the next value.
  JsonWriter& raw(std::string_view json);

 private:
  JsonWriter& integer(std::int64_t number);
  JsonWriter& unsigned_integer(std::uint64_t number);
  void separate();
  void write_string(std::string_view text);
  void open(char bracket);
  void close(char bracket);

  static constexpr int kMaxDepth = 64;
  std::string& out_;
  int depth_ = 0;
  bool first_[kMaxDepth + 1] = {true};
  bool after_key_ = false;
#ifndef NDEBUG
  std::string last_key_[kMaxDepth + 1];
#endif
};

}  // namespace caravan
