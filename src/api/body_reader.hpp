#pragma once
// The one way an endpoint reads its JSON request body. BodyReader::open parses it through
// read_json_object (the single place where size and nesting limits apply), then FieldReader reads
// typed fields, collecting every problem as {pointer, detail} so that a request with several
// mistakes hears of all of them in one 400 answer.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http_json.hpp"  // read_json_object, problem(), and the httplib declarations
#include "network/network.hpp"
#include "request/request_error.hpp"

namespace caravan::api {

// The problems found in one request body, in the order found. The first one decides the answer's
// problem type: a plain invalid request unless it came with its own (an unknown place or scenario).
struct ProblemList {
  nlohmann::json items = nlohmann::json::array();  // {"pointer", "detail", ["candidates"]}
  std::string slug, title;                         // of the first problem, when it has its own
};

// One JSON object at `pointer` inside a request body. Each read leaves `out` as it was when the
// field is absent or null, and adds an error when it has the wrong type or is out of range.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::string pointer, ProblemList& problems);

  [[nodiscard]] const nlohmann::json& object() const { return object_; }
  // The pointer of a field of this object: "/pairs/0" + "from" → "/pairs/0/from".
  [[nodiscard]] std::string pointer(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;  // present and not null

  void string(std::string_view key, std::string& out);
  void string(std::string_view key, std::optional<std::string>& out);
  void strings(std::string_view key, std::vector<std::string>& out);  // an array of strings
  void string_or_strings(std::string_view key, std::vector<std::string>& out);  // one string or an array of them
  void integer(std::string_view key, int& out, long long lo, long long hi);
  void integer(std::string_view key, std::optional<int>& out, long long lo, long long hi);
  void unsigned_integer(std::string_view key, std::uint64_t& out);
  void number(std::string_view key, double& out);
  void number(std::string_view key, std::optional<double>& out);
  void boolean(std::string_view key, bool& out);
  void required(std::string_view key);
  // Every field not named is an error: "unknown field 'colour'".
  void only(std::initializer_list<std::string_view> known);
  void only(std::span<const std::string_view> known);
  // Calls read(reader, i) for each object of an array field; other elements are errors.
  void objects(std::string_view key, const std::function<void(FieldReader&, std::size_t)>& read);
  // Calls read(reader) for an object field (nested request parts such as "cargo").
  void object(std::string_view key, const std::function<void(FieldReader&)>& read);

  void error(std::string pointer, std::string detail);
  // A problem with more than a pointer and a detail (candidates); `slug` and `title` name the
  // answer's problem type when it is the first.
  void add(nlohmann::json problem, std::string_view slug, std::string_view title);
  // The request layer's errors, each with its pointer; unknown or ambiguous places list their
  // candidates.
  // `net` names the candidates (none without it).
  void request_errors(const RequestErrors& errors, const Network* net = nullptr);
  [[nodiscard]] bool ok() const { return problems_.items.empty(); }

 private:
  const nlohmann::json& object_;
  std::string pointer_;
  ProblemList& problems_;
};

namespace detail {
// Owned before FieldReader is built over it (base-from-member).
struct BodyStorage {
  nlohmann::json body;
  ProblemList problems;
};
}  // namespace detail

class BodyReader : private detail::BodyStorage, public FieldReader {
 public:
  // Parses the body; null after answering 400 when it is not a JSON object.
  static std::unique_ptr<BodyReader> open(const httplib::Request& req, httplib::Response& res);
  explicit BodyReader(nlohmann::json body);
  BodyReader(const BodyReader&) = delete;
  BodyReader& operator=(const BodyReader&) = delete;

  // When there are errors, answers 400 with all of them (unknown-place when the first is a place
  // that matches none or several, else invalid-request with `title`) and returns true.
  bool reject(httplib::Response& res, std::string_view title);
  [[nodiscard]] const nlohmann::json& errors() const { return problems.items; }
};

}  // namespace caravan::api
