#include "api/http_json.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include "core/json_depth.hpp"

namespace caravan::api {

void problem(httplib::Response& res, int status, std::string_view slug, std::string_view title, std::string_view detail,
             nlohmann::json errors) {
  nlohmann::json body = {{"type", fmt::format("urn:caravan:problem:{}", slug)},
                         {"title", title},
                         {"status", status},
                         {"detail", detail}};
  if (!errors.is_null()) body["errors"] = std::move(errors);
  res.status = status;
  // Details may quote request text (a query parameter) that is not valid UTF-8: replace, never throw.
  res.set_content(json_text(body), kProblemType);
}

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(json_text(body), "application/json");
}

std::string json_text(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool read_json_object(const httplib::Request& req, httplib::Response& res, nlohmann::json& out) {
  // Before parsing: a deeply nested body would overflow the stack in the code that uses it.
  if (const auto deep = find_json_too_deep(req.body)) {
    const std::string where = fmt::format("line {}, column {}", deep->line, deep->column);
    problem(res, 400, "invalid-json", "Invalid JSON",
            fmt::format("the request body nests arrays or objects deeper than {} levels ({})", kMaxJsonDepth, where),
            nlohmann::json::array({{{"pointer", ""}, {"detail", fmt::format("nested deeper than {} levels at {}", kMaxJsonDepth, where)}}}));
    return false;
  }
  out = nlohmann::json::parse(req.body, nullptr, false);
  if (out.is_discarded()) {
    problem(res, 400, "invalid-json", "Invalid JSON", "the request body is not valid JSON",
            nlohmann::json::array({{{"pointer", ""}, {"detail", "not valid JSON"}}}));
    return false;
  }
  if (!out.is_object()) {
    problem(res, 400, "invalid-request", "Invalid request", "the request body must be a JSON object",
            nlohmann::json::array({{{"pointer", ""}, {"detail", "must be an object"}}}));
    return false;
  }
  return true;
}

}  // namespace caravan::api
