#pragma once
// What every endpoint shares: JSON and RFC 9457 problem responses, JSON pointer tokens, and
// reading a JSON object body with a problem answer when it is not one.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace caravan::api {

inline constexpr const char* kProblemType = "application/problem+json";

// RFC 9457 problem details; `slug` becomes the type urn:caravan:problem:<slug>. `errors` is a list
// of {"pointer", "detail", ...} objects, one per problem found.
void problem(httplib::Response& res, int status, std::string_view slug, std::string_view title, std::string_view detail,
             nlohmann::json errors = nullptr);

void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);

// The compact text of `body`; text that is not valid UTF-8 is replaced, never thrown on.
std::string json_text(const nlohmann::json& body);

// A request error at a JSON pointer, thrown while reading a body and answered as 400 problem+json.
struct BadField : std::runtime_error {
  std::string pointer;
  BadField(std::string p, const std::string& detail) : std::runtime_error(detail), pointer(std::move(p)) {}
};

// RFC 6901 escaping of one reference token.
std::string pointer_token(std::string_view key);

// Parses the request body as a JSON object into `out`; on failure answers 400 (invalid-json or
// invalid-request with pointer "") and returns false. A body nested deeper than kMaxJsonDepth
// (core/json_depth.hpp) is refused before it is parsed.
bool read_json_object(const httplib::Request& req, httplib::Response& res, nlohmann::json& out);

}  // namespace caravan::api
