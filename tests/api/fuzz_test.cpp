// Thousands of random and mutated requests at every endpoint of a real `caravan serve` (the
// core ones and whatever endpoint groups add, from /v1/openapi.json): valid bodies with fields
// deleted or their types swapped, huge numbers, nesting a million levels deep, invalid UTF-8,
// truncations, bodies over the limit (chunked too), lying framing, wrong content types and odd
// methods. Every answer must be 2xx, 4xx or 503, errors a
// well-formed problem+json, never a 500 or a hang; afterwards the server still answers a known
// route exactly as before.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <random>
#include <regex>

#include "in_process_server.hpp"
#include "serve_process.hpp"

namespace caravan::testing {
namespace {

using nlohmann::json;

struct Operation {
  std::string method, path;  // path with its {parameters} filled in
  json schema;               // request body schema (resolved), or null
};

// A plausible body for a schema: its example, else every required property from its example or type.
json example_of(const json& doc, const json& schema, int depth = 0) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    return example_of(doc, doc.at(json::json_pointer(ref.substr(1))), depth + 1);
  }
  if (schema.contains("example")) return schema["example"];
  if (depth > 8) return nullptr;
  if (schema.contains("enum")) return schema["enum"][0];
  const std::string type = schema.value("type", "object");
  if (type == "object") {
    json out = json::object();
    for (const auto& name : schema.value("required", json::array()))
      out[name.get<std::string>()] = example_of(doc, schema["properties"][name.get<std::string>()], depth + 1);
    return out;
  }
  if (type == "array") return json::array({example_of(doc, schema.value("items", json::object()), depth + 1)});
  if (type == "string") return "x";
  if (type == "integer") return 1;
  if (type == "number") return 1.5;
  if (type == "boolean") return true;
  return nullptr;
}

// Raw bytes on a fresh connection; the status line answered ("" when the server just closed).
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)!::write(fd, bytes.data(), bytes.size());
    ::shutdown(fd, SHUT_WR);
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply.substr(0, reply.find("\r\n"));
}

class ApiFuzz : public ::testing::Test {
 protected:
  void check(const httplib::Result& r, const std::string& what) {
    ++sent_;
    if (r) ++statuses_[r->status];
    ASSERT_TRUE(r) << "no answer (" << httplib::to_string(r.error()) << ") to " << what.substr(0, 300);
    const int s = r->status;
    ASSERT_TRUE((s >= 200 && s < 300) || (s >= 400 && s < 500) || s == 503)
        << "status " << s << " for " << what.substr(0, 300) << "\n" << r->body.substr(0, 300);
    if (s < 400 || what.rfind("HEAD", 0) == 0) return;
    ASSERT_EQ(r->get_header_value("Content-Type"), "application/problem+json") << what.substr(0, 300) << "\n" << r->body.substr(0, 300);
    const auto p = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(p.is_object()) << r->body.substr(0, 300);
    EXPECT_TRUE(p["type"].is_string() && p["title"].is_string() && p["detail"].is_string()) << r->body.substr(0, 300);
    EXPECT_EQ(p.value("status", 0), s) << r->body.substr(0, 300);
    if (p.contains("errors")) {
      ASSERT_TRUE(p["errors"].is_array()) << r->body;
      for (const auto& e : p["errors"]) EXPECT_TRUE(e.contains("pointer") || e.contains("parameter")) << r->body;
    }
  }
  int sent_ = 0;
  std::map<int, int> statuses_;
};

TEST_F(ApiFuzz, RandomAndMutatedRequestsNeverBreakTheServer) {
  // A body limit of 2.1 MB lets a million nested arrays (2 MB) through to the nesting check.
  ServeProcess serve({"--max-body-bytes", "2100000"});
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(10, 0);
  c.set_write_timeout(10, 0);
  const std::string known = R"({"from":"Xian","to":"Tashkent","depart":"2026-12-07T08:00Z"})";
  const auto before = c.Post("/v1/route", known, "application/json");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);

  const auto doc = json::parse(c.Get("/v1/openapi.json")->body);
  std::vector<Operation> operations;
  const std::regex parameter(R"(\{[^}]*\})");
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      if (method != "get" && method != "post" && method != "put" && method != "patch" && method != "delete") continue;
      json schema;
      if (op.contains("requestBody")) schema = op["requestBody"]["content"]["application/json"]["schema"];
      operations.push_back({method, std::regex_replace(path, parameter, "0"), schema});
    }
  ASSERT_GE(operations.size(), 7u);

  // Seed bodies per operation: real requests for the core ones, examples for the others.
  std::map<std::string, std::vector<json>> seeds;
  seeds["/v1/route"] = {json::parse(known), json::parse(R"({"from":"Urumqi","to":"Almaty","objectives":["time"],"max_results":2})"),
                        json::parse(R"({"from":"Xian","to":"Tashkent","via":["Almaty"],"modes":["rail"],"containers":3,"container":"20ft"})"),
                        json::parse(R"({"from":"Lianyungang","to":"Baku","avoid_countries":["RU","KZ"],"reliability":"p90","optimize":"cost","scenario":"cku-open"})")};
  seeds["/v1/matrix"] = {json::parse(R"({"from":["Xian","Urumqi"],"to":["Tashkent"],"depart":"2026-12-07T08:00Z"})")};
  for (const auto& op : operations)
    if (!op.schema.is_null() && seeds[op.path].empty()) seeds[op.path].push_back(example_of(doc, op.schema));

  std::string deep(1000000, '[');
  deep += std::string(1000000, ']');
  const std::vector<json> odd_values = {nullptr, true, -1, 0, 1e308, -1e308, 18446744073709551615ull,
                                        -9223372036854775807ll - 1, "", "xian", json::array(), json::object(),
                                        json::array({""}), json::array({1, 2}), std::string(1, '\0'),
                                        "9999-12-31T23:59Z", 0.5, "RU,,IR,", std::string(5000, 'a'),
                                        json::parse("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")};
  const std::vector<std::string> raw_fragments = {"\xff\xfe", "\xc0\x80", "\"\\ud800\"", "\xed\xa0\x80", "\"\\u0000\"", "1e99999",
                                                  "-", "{", "}", "[", "]", ",", ":", "\"", "\\", "nul", "NaN", "Infinity"};
  const std::vector<std::string> content_types = {"application/json", "text/plain", "application/x-www-form-urlencoded",
                                                  "multipart/form-data; boundary=xyz", "application/json; charset=latin1", ""};
  std::mt19937 rng(20261207);
  auto pick = [&](const auto& v) -> const auto& { return v[rng() % v.size()]; };

  auto send = [&](const Operation& op, const std::string& body, const std::string& type) {
    const std::string what = op.method + " " + op.path + " [" + type + "] " + body;
    if (op.method == "get") return check(c.Get(op.path.c_str()), what);
    if (op.method == "delete") return check(c.Delete(op.path.c_str(), body, type.c_str()), what);
    if (op.method == "put") return check(c.Put(op.path.c_str(), body, type.c_str()), what);
    if (op.method == "patch") return check(c.Patch(op.path.c_str(), body, type.c_str()), what);
    check(c.Post(op.path.c_str(), body, type.c_str()), what);
  };

  for (int round = 0; round < 2500; ++round) {
    const Operation& op = pick(operations);
    if (op.method == "get") {  // random query strings
      const char* keys[] = {"q", "scenario", "id", "from", ""};
      std::string value;
      for (int k = static_cast<int>(rng() % 12); k > 0; --k) value += fmt::format("%{:02X}", static_cast<unsigned>(rng() % 256));
      check(c.Get((op.path + "?" + keys[rng() % 5] + "=" + value).c_str()), "GET " + op.path + " ?" + value);
      continue;
    }
    const auto& pool = seeds[op.path];
    json body = pool.empty() ? json::object() : pick(pool);
    std::string text;
    switch (rng() % 6) {
      case 0:  // delete fields
        if (body.is_object() && !body.empty()) {
          auto it = body.begin();
          std::advance(it, static_cast<long>(rng() % body.size()));
          body.erase(it.key());
        }
        text = body.dump();
        break;
      case 1:  // swap a field's type or value (or add an unknown field)
        for (int k = 1 + static_cast<int>(rng() % 3); k > 0 && body.is_object(); --k) {
          std::string key = "zzz";
          if (!body.empty() && rng() % 5) {
            auto it = body.begin();
            std::advance(it, static_cast<long>(rng() % body.size()));
            key = it.key();
          }
          body[key] = pick(odd_values);
        }
        text = body.dump(-1, ' ', false, json::error_handler_t::replace);
        break;
      case 2: {  // byte mutations
        text = body.dump();
        for (int k = 1 + static_cast<int>(rng() % 4); k > 0 && !text.empty(); --k) {
          const std::size_t at = rng() % text.size();
          switch (rng() % 3) {
            case 0: text[at] = static_cast<char>(rng() % 256); break;
            case 1: text.erase(at, 1 + rng() % 5); break;
            default: text.insert(at, pick(raw_fragments)); break;
          }
        }
        break;
      }
      case 3:  // truncation
        text = body.dump();
        text.resize(rng() % (text.size() + 1));
        break;
      case 4:  // random bytes
        text.resize(rng() % 300);
        for (auto& ch : text) ch = static_cast<char>(rng() % 256);
        break;
      default:  // deep nesting, as the whole body or a field
        text = rng() % 2 ? deep : body.dump().insert(1, "\"deep\":" + deep + ",");
        break;
    }
    send(op, text, rng() % 4 ? std::string("application/json") : pick(content_types));
    if (::testing::Test::HasFatalFailure()) return;
  }

  // Every operation: over-size bodies, odd methods, HEAD, OPTIONS, an unknown method.
  const std::string huge = "{\"from\":\"" + std::string(2100000 + 10, 'x') + "\"}";
  for (const auto& op : operations) {
    if (op.method != "get") send(op, huge, "application/json");
    check(c.Put(op.path.c_str(), "{}", "application/json"), "PUT " + op.path);
    check(c.Patch(op.path.c_str(), "{}", "application/json"), "PATCH " + op.path);
    check(c.Delete(op.path.c_str()), "DELETE " + op.path);
    check(c.Options(op.path.c_str()), "OPTIONS " + op.path);
    check(c.Head(op.path.c_str()), "HEAD " + op.path);
    httplib::Request brew;
    brew.method = "BREW";
    brew.path = op.path;
    check(c.send(brew), "BREW " + op.path);
    if (::testing::Test::HasFatalFailure()) return;
  }
  // Malformed HTTP on raw connections: an answer of 4xx, or a closed connection, never a crash.
  for (const std::string& bytes : {std::string("GARBAGE\r\n\r\n"), std::string("POST /v1/route HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
                                  std::string("GET /v1/health HTTP/1.1\r\n") + std::string(100000, 'X') + "\r\n\r\n",
                                  std::string("POST /v1/route HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                                  // lying framing: more announced than sent, in a chunk and in Content-Length
                                  std::string("POST /v1/route HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffff\r\n{}\r\n"),
                                  std::string("POST /v1/route HTTP/1.1\r\nContent-Length: 5000\r\n\r\n{\"from\":"),
                                  // a chunked body over the limit
                                  [] {
                                    std::string r = "POST /v1/route HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
                                    for (int i = 0; i < 300; ++i) r += "2000\r\n" + std::string(0x2000, ' ') + "\r\n";
                                    return r + "0\r\n\r\n";
                                  }(),
                                  std::string("\x00\x01\x02\xff", 4)}) {
    const std::string status = raw_exchange(serve.port(), bytes);
    EXPECT_TRUE(status.empty() || status.rfind("HTTP/1.1 4", 0) == 0) << status;
  }
  EXPECT_GE(sent_, 2500);
  // The mutations reach the planner (successes) as well as every kind of rejection.
  EXPECT_GT(statuses_[200], 100);
  EXPECT_GT(statuses_[400], 500);
  EXPECT_GE(statuses_[413], 2);
  std::string seen;
  for (const auto& [status, n] : statuses_) seen += fmt::format(" {}×{}", status, n);
  std::cout << "statuses:" << seen << " over " << operations.size() << " operations\n";

  const auto health = c.Get("/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const auto after = c.Post("/v1/route", known, "application/json");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body, before->body);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

}  // namespace
}  // namespace caravan::testing
