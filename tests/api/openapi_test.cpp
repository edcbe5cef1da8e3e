// The OpenAPI document against the server: every path and method it lists — including those
// endpoint groups add in `caravan serve` — is routed by a real `caravan serve`. That the real
// answers conform to the document's schemas is checked by tests/api/test_openapi_answers.py.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "serve_process.hpp"

namespace caravan::testing {
namespace {

using nlohmann::json;

// True when httplib's router found no handler (our error handler's answer), as opposed to a
// handler saying that a resource does not exist.
bool unrouted(const httplib::Result& r) {
  if (r->status == 405) return true;
  if (r->status != 404) return false;
  const auto j = json::parse(r->body, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.value("type", "") == "urn:caravan:problem:not-found" &&
         j.value("detail", "").rfind("no endpoint", 0) == 0;
}

TEST(OpenApiRoutes, EveryDocumentedPathAndMethodIsServedByCaravanServe) {
  ServeProcess serve;
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  c.set_read_timeout(30, 0);
  const auto r = c.Get("/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const auto doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const std::regex parameter(R"(\{[^}]*\})");
  int operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    const std::string concrete = std::regex_replace(path, parameter, "0");  // any value: routing is what counts
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      auto send = [&, &method = method]() {
        if (method == "post") return c.Post(concrete.c_str(), "{}", "application/json");
        if (method == "put") return c.Put(concrete.c_str(), "{}", "application/json");
        if (method == "patch") return c.Patch(concrete.c_str(), "{}", "application/json");
        if (method == "delete") return c.Delete(concrete.c_str());
        EXPECT_EQ(method, "get") << "a method the test does not know, at " << path;
        return c.Get(concrete.c_str());
      };
      const auto res = send();
      ASSERT_TRUE(res) << method << " " << concrete << ": no answer";
      EXPECT_FALSE(unrouted(res)) << method << " " << path << " is in the document but not served: " << res->body;
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
      ++operations;
    }
  }
  // The core operations at least; groups add more.
  EXPECT_GE(operations, 7);
  EXPECT_EQ(serve.stop(), 0) << serve.log();
}

}  // namespace
}  // namespace caravan::testing
