// Compression and caching headers of `caravan serve`: Accept-Encoding negotiation, gzip and brotli
// answers that decompress to the identity answer's bytes, ETag / If-None-Match → 304 on the data
// endpoints and the web assets.
#include <httplib.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "api/answer_shaping.hpp"
#include "api/content_coding.hpp"
#include "api/web_static.hpp"
#include "in_process_server.hpp"

namespace caravan::api {
namespace {

using caravan::testing::InProcessServer;

TEST(Negotiation, PicksTheHighestQualityOfBrAndGzip) {
  EXPECT_EQ(negotiate_coding(""), ContentCoding::identity);
  EXPECT_EQ(negotiate_coding("identity"), ContentCoding::identity);
  EXPECT_EQ(negotiate_coding("gzip"), ContentCoding::gzip);
  EXPECT_EQ(negotiate_coding("gzip, deflate, br"), ContentCoding::br);
  EXPECT_EQ(negotiate_coding("br;q=0, gzip"), ContentCoding::gzip);
  EXPECT_EQ(negotiate_coding("br;q=0.5, gzip;q=0.8"), ContentCoding::gzip);
  EXPECT_EQ(negotiate_coding("BR ; Q=1, GZIP;q=1"), ContentCoding::br);
  EXPECT_EQ(negotiate_coding("gzip;q=0"), ContentCoding::identity);
  EXPECT_EQ(negotiate_coding("*"), ContentCoding::br);
  EXPECT_EQ(negotiate_coding("*;q=0.3, br;q=0"), ContentCoding::gzip);
  EXPECT_EQ(negotiate_coding("x-gzip"), ContentCoding::gzip);
  EXPECT_EQ(negotiate_coding("deflate, compress"), ContentCoding::identity);
  // Substrings are not codings; a malformed q ignores its element.
  EXPECT_EQ(negotiate_coding("brotli, gzipped"), ContentCoding::identity);
  EXPECT_EQ(negotiate_coding("br;q=2, gzip;q=abc"), ContentCoding::identity);
}

TEST(Negotiation, TagsMatchWeaklyAndOnlyWhole) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("abc", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
  EXPECT_EQ(entity_tag("hello"), entity_tag("hello"));
  EXPECT_NE(entity_tag("hello"), entity_tag("hello!"));
  EXPECT_EQ(entity_tag("hello").size(), 34u);
}

TEST(Negotiation, CompressibleTypes) {
  EXPECT_TRUE(compressible_type("application/json"));
  EXPECT_TRUE(compressible_type("application/geo+json"));
  EXPECT_TRUE(compressible_type("application/problem+json"));
  EXPECT_TRUE(compressible_type("text/html; charset=utf-8"));
  EXPECT_TRUE(compressible_type("text/javascript"));
  EXPECT_TRUE(compressible_type("image/svg+xml"));
  EXPECT_FALSE(compressible_type("image/png"));
  EXPECT_FALSE(compressible_type("application/octet-stream"));
  EXPECT_FALSE(compressible_type("text/event-stream"));
}

TEST(Codings, RoundTripExactly) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{\"leg\":" + std::to_string(i * 7919 % 1000) + "},";
  for (const auto coding : {ContentCoding::gzip, ContentCoding::br}) {
    const std::string packed = compress(text, coding);
    EXPECT_LT(packed.size(), text.size() / 4) << coding_name(coding);
    EXPECT_EQ(decompress(packed, coding), text) << coding_name(coding);
  }
  EXPECT_THROW(decompress("not gzip", ContentCoding::gzip), std::runtime_error);
  EXPECT_THROW(decompress("not brotli at all", ContentCoding::br), std::runtime_error);
}

class Compression : public ::testing::Test {
 protected:
  static InProcessServer& server() {
    static InProcessServer s(InProcessServer::bundled(), {});
    return s;
  }
  // A raw client: it neither adds its own Accept-Encoding nor decompresses.
  static httplib::Result get(const std::string& path, const httplib::Headers& headers) {
    auto c = server().client();
    c.set_decompress(false);
    return c.Get(path, headers);
  }
  static httplib::Result post(const std::string& body, const std::string& accept_encoding) {
    auto c = server().client();
    c.set_decompress(false);
    return c.Post("/v1/route", {{"Accept-Encoding", accept_encoding}}, body, "application/json");
  }
};

constexpr const char* kRoute = R"({"from":"Xian","to":"Duisburg","depart":"2026-12-07T08:00Z"})";

TEST_F(Compression, RouteAnswersDecompressToTheIdentityBytes) {
  const auto plain = post(kRoute, "identity");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  ASSERT_GT(plain->body.size(), kCompressMinBytes);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->get_header_value("Vary"), "Accept-Encoding");
  for (const auto& [accept, coding] : {std::pair{"gzip", ContentCoding::gzip}, std::pair{"gzip, deflate, br", ContentCoding::br},
                                       std::pair{"br;q=0, gzip;q=0.5", ContentCoding::gzip}}) {
    const auto packed = post(kRoute, accept);
    ASSERT_TRUE(packed);
    ASSERT_EQ(packed->status, 200);
    EXPECT_EQ(packed->get_header_value("Content-Encoding"), coding_name(coding)) << accept;
    EXPECT_EQ(packed->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_EQ(packed->get_header_value("Content-Length"), std::to_string(packed->body.size()));
    EXPECT_LT(packed->body.size(), plain->body.size() / 4) << accept;
    EXPECT_EQ(decompress(packed->body, coding), plain->body) << accept;
  }
}

TEST_F(Compression, SmallAnswersAndErrorsStayUncompressed) {
  const auto small = get("/v1/scenarios", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(small);
  ASSERT_EQ(small->status, 200);
  ASSERT_LE(small->body.size(), kCompressMinBytes);
  EXPECT_FALSE(small->has_header("Content-Encoding"));
  EXPECT_FALSE(small->has_header("Vary"));
  EXPECT_EQ(small->body.front(), '{');
  const auto bad = post(R"({"from":"Xian"})", "gzip");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_FALSE(bad->has_header("Content-Encoding"));
  EXPECT_EQ(bad->body.front(), '{');
}

TEST_F(Compression, NetworkHasATagAndAnswers304ToIt) {
  const auto plain = get("/v1/network", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  const std::string etag = plain->get_header_value("ETag");
  EXPECT_EQ(etag, entity_tag(plain->body));
  EXPECT_EQ(plain->get_header_value("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(plain->get_header_value("Vary"), "Accept-Encoding");

  const auto again = get("/v1/network", {{"Accept-Encoding", "identity"}, {"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  EXPECT_EQ(again->get_header_value("Cache-Control"), "public, max-age=300");

  // The gzip answer: a weak tag of the same bytes; twice the same bytes (kept after the first time).
  const auto packed = get("/v1/network", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(packed);
  ASSERT_EQ(packed->status, 200);
  EXPECT_EQ(packed->get_header_value("ETag"), "W/" + etag);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(decompress(packed->body, ContentCoding::gzip), plain->body);
  const auto packed_again = get("/v1/network", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(packed_again);
  EXPECT_EQ(packed_again->body, packed->body);
  const auto weak = get("/v1/network", {{"Accept-Encoding", "gzip"}, {"If-None-Match", "W/" + etag}});
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->status, 304);
  EXPECT_EQ(weak->get_header_value("ETag"), "W/" + etag);

  const auto other = get("/v1/network", {{"Accept-Encoding", "identity"}, {"If-None-Match", "\"0123\""}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(other->body, plain->body);

  // A scenario's network is other bytes: another tag.
  const auto scenario = get("/v1/network?scenario=dostyk-closed", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(scenario);
  ASSERT_EQ(scenario->status, 200);
  EXPECT_NE(scenario->get_header_value("ETag"), etag);
  EXPECT_EQ(scenario->get_header_value("ETag"), entity_tag(scenario->body));
}

TEST_F(Compression, PlacesHaveATagAndAnswer304ToIt) {
  const auto plain = get("/v1/places?q=almaty", {});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  const std::string etag = plain->get_header_value("ETag");
  EXPECT_EQ(etag, entity_tag(plain->body));
  EXPECT_EQ(plain->get_header_value("Cache-Control"), "public, max-age=300");
  const auto again = get("/v1/places?q=almaty", {{"If-None-Match", "\"x\", " + etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  // Routes are not cacheable: no tag.
  const auto route = post(kRoute, "identity");
  ASSERT_TRUE(route);
  EXPECT_FALSE(route->has_header("ETag"));
}

TEST(WebCompression, AssetsHaveTagsAnd304AndCompress) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("caravan-web-" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  std::string script;
  for (int i = 0; i < 2000; ++i) script += "export const v" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  std::ofstream(dir / "index.html") << "<!doctype html><title>map</title>";
  std::ofstream(dir / "assets" / "app-1234.js") << script;

  ServerSettings settings;
  settings.port = 0;
  ApiServer server(InProcessServer::bundled(), settings, {web_static_group(dir.string())});
  ASSERT_TRUE(server.bind());
  std::thread thread([&] { server.listen(); });
  for (int i = 0; i < 400 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  httplib::Client c("127.0.0.1", server.port());
  c.set_decompress(false);

  const auto plain = c.Get("/assets/app-1234.js", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_EQ(plain->body, script);
  EXPECT_EQ(plain->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  const std::string etag = plain->get_header_value("ETag");
  EXPECT_EQ(etag, entity_tag(script));
  const auto br = c.Get("/assets/app-1234.js", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(decompress(br->body, ContentCoding::br), script);
  const auto again = c.Get("/assets/app-1234.js", {{"Accept-Encoding", "br"}, {"If-None-Match", br->get_header_value("ETag")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);

  const auto index = c.Get("/", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(index);
  ASSERT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  EXPECT_FALSE(index->has_header("Content-Encoding"));  // under 8 KB
  const auto index_again = c.Get("/", {{"If-None-Match", index->get_header_value("ETag")}});
  ASSERT_TRUE(index_again);
  EXPECT_EQ(index_again->status, 304);

  server.stop();
  thread.join();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace caravan::api
