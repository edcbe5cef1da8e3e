#include "api/body_reader.hpp"

#include <httplib.h>

#include <algorithm>

#include <fmt/format.h>

#include "api/http_json.hpp"

namespace caravan::api {

using nlohmann::json;

namespace {

json candidate_json(const Network& net, const PlaceCandidate& c) {
  if (c.node.valid()) {
    const auto& n = net.nodes[c.node];
    return {{"type", "node"}, {"id", n.id}, {"name", n.name}, {"country", to_string(n.country)}};
  }
  const auto& x = net.crossings[c.crossing];
  return {{"type", "crossing"}, {"id", x.id}, {"name", x.name}};
}

}  // namespace

FieldReader::FieldReader(const json& object, std::string pointer, ProblemList& problems)
    : object_(object), pointer_(std::move(pointer)), problems_(problems) {}

std::string FieldReader::pointer(std::string_view key) const {
  std::string out = pointer_;  // appended rather than a + b, which trips GCC 12's -Wrestrict false positive
  out += '/';
  out += pointer_token(key);
  return out;
}

bool FieldReader::has(std::string_view key) const {
  const auto it = object_.find(key);
  return it != object_.end() && !it->is_null();
}

void FieldReader::error(std::string pointer, std::string detail) {
  problems_.items.push_back({{"pointer", std::move(pointer)}, {"detail", std::move(detail)}});
}

void FieldReader::add(json problem, std::string_view slug, std::string_view title) {
  if (problems_.items.empty()) {
    problems_.slug = slug;
    problems_.title = title;
  }
  problems_.items.push_back(std::move(problem));
}

void FieldReader::string(std::string_view key, std::string& out) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (v.is_string()) out = v.get<std::string>();
  else error(pointer(key), "must be a string");
}

void FieldReader::string(std::string_view key, std::optional<std::string>& out) {
  if (!has(key)) return;
  std::string text;
  const std::size_t before = problems_.items.size();
  string(key, text);
  if (problems_.items.size() == before) out = std::move(text);
}

void FieldReader::string_or_strings(std::string_view key, std::vector<std::string>& out) {
  if (has(key) && object_.at(std::string(key)).is_string()) out = {object_.at(std::string(key)).get<std::string>()};
  else strings(key, out);
}

void FieldReader::strings(std::string_view key, std::vector<std::string>& out) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (!v.is_array()) return error(pointer(key), "must be an array of strings");
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_string()) out.push_back(v[i].get<std::string>());
    else error(fmt::format("{}/{}", pointer(key), i), "must be a string");
  }
}

void FieldReader::integer(std::string_view key, int& out, long long lo, long long hi) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (!v.is_number_integer()) return error(pointer(key), "must be an integer");
  const bool too_big = v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(hi);
  const long long x = too_big ? hi + 1 : v.get<long long>();
  if (x < lo || x > hi) return error(pointer(key), fmt::format("must be within {}..{}", lo, hi));
  out = static_cast<int>(x);
}

void FieldReader::integer(std::string_view key, std::optional<int>& out, long long lo, long long hi) {
  if (!has(key)) return;
  int x = 0;
  const std::size_t before = problems_.items.size();
  integer(key, x, lo, hi);
  if (problems_.items.size() == before) out = x;
}

void FieldReader::unsigned_integer(std::string_view key, std::uint64_t& out) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (v.is_number_unsigned()) out = v.get<std::uint64_t>();
  else error(pointer(key), "must be an integer ≥ 0");
}

void FieldReader::number(std::string_view key, double& out) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (v.is_number()) out = v.get<double>();
  else error(pointer(key), "must be a number");
}

void FieldReader::number(std::string_view key, std::optional<double>& out) {
  if (!has(key)) return;
  double x = 0;
  const std::size_t before = problems_.items.size();
  number(key, x);
  if (problems_.items.size() == before) out = x;
}

void FieldReader::boolean(std::string_view key, bool& out) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (v.is_boolean()) out = v.get<bool>();
  else error(pointer(key), "must be true or false");
}

void FieldReader::required(std::string_view key) {
  if (!has(key)) error(pointer(key), "required");
}

void FieldReader::only(std::initializer_list<std::string_view> known) {
  only(std::span<const std::string_view>(known.begin(), known.size()));
}

void FieldReader::only(std::span<const std::string_view> known) {
  for (const auto& [key, _] : object_.items())
    if (std::find(known.begin(), known.end(), key) == known.end()) error(pointer(key), fmt::format("unknown field '{}'", key));
}

void FieldReader::objects(std::string_view key, const std::function<void(FieldReader&, std::size_t)>& read) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (!v.is_array()) return error(pointer(key), "must be an array of objects");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = fmt::format("{}/{}", pointer(key), i);
    if (!v[i].is_object()) {
      error(at, "must be an object");
      continue;
    }
    FieldReader item(v[i], at, problems_);
    read(item, i);
  }
}

void FieldReader::object(std::string_view key, const std::function<void(FieldReader&)>& read) {
  if (!has(key)) return;
  const json& v = object_.at(std::string(key));
  if (!v.is_object()) return error(pointer(key), "must be an object");
  FieldReader inner(v, pointer(key), problems_);
  read(inner);
}

void FieldReader::request_errors(const RequestErrors& errors, const Network* net) {
  for (const auto& e : errors) {
    json j = {{"pointer", e.pointer.empty() ? pointer_ : e.pointer}, {"detail", e.detail}};
    if (!e.unknown_place && e.candidates.empty()) {
      add(std::move(j), {}, {});
      continue;
    }
    j["candidates"] = json::array();
    if (net)
      for (const auto& c : e.candidates) j["candidates"].push_back(candidate_json(*net, c));
    add(std::move(j), "unknown-place", "Unknown or ambiguous place");
  }
}

BodyReader::BodyReader(json body) : BodyStorage{std::move(body), {}}, FieldReader(BodyStorage::body, "", problems) {}

std::unique_ptr<BodyReader> BodyReader::open(const httplib::Request& req, httplib::Response& res) {
  json body;
  if (!read_json_object(req, res, body)) return nullptr;
  return std::make_unique<BodyReader>(std::move(body));
}

bool BodyReader::reject(httplib::Response& res, std::string_view title) {
  if (problems.items.empty()) return false;
  const bool own = !problems.slug.empty();
  problem(res, 400, own ? problems.slug : "invalid-request", own ? problems.title : std::string(title),
          problems.items.front()["detail"].get<std::string>(), problems.items);
  return true;
}

}  // namespace caravan::api
