#pragma once
// What the server does to every answer once its handler is done, before it is written:
//   - an answer its handler marks cacheable (a Cache-Control header, GET or HEAD, status 200) gets
//     an entity tag (ETag) of its bytes, and a request whose If-None-Match names it gets 304 and
//     no body (RFC 9110 §13.1.2, weak comparison);
//   - an answer over kCompressMinBytes of a text type is compressed with the coding the client's
//     Accept-Encoding prefers (br, else gzip; api/content_coding.hpp) and says
//     Vary: Accept-Encoding. A compressed answer's tag is weak (W/"…"), as nginx does, since its
//     bytes differ from the identity answer's.
// Cacheable answers are compressed once per tag and coding and kept (up to kCacheBytes).
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/content_coding.hpp"

namespace httplib {
struct Response;
}

namespace caravan::api {

inline constexpr std::size_t kCompressMinBytes = 8192;

// The request headers the shaping reads (the server takes Accept-Encoding away from httplib,
// which would otherwise compress on its own; see ApiServer::install_observability).
struct AnswerRequest {
  std::string_view method;
  std::string_view accept_encoding;
  std::string_view if_none_match;
};

// The strong entity tag of a body: "…" around 32 hex digits of its BLAKE2b-128 digest. The same
// bytes give the same tag on every replica.
std::string entity_tag(std::string_view body);

// Whether If-None-Match's list names `etag` (weak comparison: W/ ignored on both sides), or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// JSON (application/json, application/*+json), text/*, JavaScript and SVG.
bool compressible_type(std::string_view content_type);

class AnswerShaper {
 public:
  static constexpr std::size_t kCacheBytes = 64u << 20;

  void finish(const AnswerRequest& request, httplib::Response& res);

 private:
  std::shared_ptr<const std::string> compressed(const std::string& etag, std::string_view body, ContentCoding coding);

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> cache_;  // by coding + tag
  std::size_t cache_bytes_ = 0;
};

}  // namespace caravan::api
