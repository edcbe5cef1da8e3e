#include "api/answer_shaping.hpp"

#include <httplib.h>
#include <sodium.h>

#include <array>

#include "core/text.hpp"

namespace caravan::api {
namespace {

std::string_view without_weak_prefix(std::string_view tag) {
  tag = trim(tag);
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

void replace_header(httplib::Response& res, const char* name, const std::string& value) {
  res.headers.erase(name);
  res.set_header(name, value);
}

}  // namespace

std::string entity_tag(std::string_view body) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                     nullptr, 0);
  std::string tag = "\"";
  constexpr char kHex[] = "0123456789abcdef";
  for (const unsigned char b : digest) {
    tag += kHex[b >> 4];
    tag += kHex[b & 15];
  }
  tag += '"';
  return tag;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  const std::string_view mine = without_weak_prefix(etag);
  while (!if_none_match.empty()) {
    // Tags are quoted and contain no comma (RFC 9110 §8.8.3), so the list splits on commas.
    const auto comma = if_none_match.find(',');
    const std::string_view tag = without_weak_prefix(if_none_match.substr(0, comma));
    if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    if (tag == "*" || tag == mine) return true;
  }
  return false;
}

bool compressible_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  const std::string type = to_lower_ascii(trim(content_type.substr(0, semi)));
  if (type.rfind("text/", 0) == 0) return type != "text/event-stream";
  if (type == "application/json" || type == "application/javascript" || type == "image/svg+xml") return true;
  return type.rfind("application/", 0) == 0 && type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0;
}

std::shared_ptr<const std::string> AnswerShaper::compressed(const std::string& etag, std::string_view body,
                                                            ContentCoding coding) {
  const std::string key = std::string(coding_name(coding)) + etag;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  // Compressed outside the lock: two requests may both compress the same answer once; the bytes are the same.
  auto text = std::make_shared<const std::string>(compress(body, coding));
  std::lock_guard lock(mutex_);
  if (cache_bytes_ + text->size() > kCacheBytes) {
    cache_.clear();
    cache_bytes_ = 0;
  }
  if (cache_.emplace(key, text).second) cache_bytes_ += text->size();
  return text;
}

void AnswerShaper::finish(const AnswerRequest& request, httplib::Response& res) {
  if (res.status != 200 || res.has_header("Content-Encoding")) return;
  const bool cacheable = (request.method == "GET" || request.method == "HEAD") && res.has_header("Cache-Control") &&
                         !res.body.empty();
  std::string etag;
  if (cacheable) {
    etag = res.has_header("ETag") ? res.get_header_value("ETag") : entity_tag(res.body);
    replace_header(res, "ETag", etag);
  }
  const bool compressible = res.body.size() > kCompressMinBytes && compressible_type(res.get_header_value("Content-Type"));
  const ContentCoding coding = compressible ? negotiate_coding(request.accept_encoding) : ContentCoding::identity;
  if (compressible) replace_header(res, "Vary", "Accept-Encoding");
  if (coding != ContentCoding::identity && !etag.empty()) replace_header(res, "ETag", "W/" + etag);

  if (cacheable && !request.if_none_match.empty() && etag_matches(request.if_none_match, etag)) {
    res.status = 304;
    res.body.clear();
    res.headers.erase("Content-Length");
    res.headers.erase("Content-Type");
    return;
  }
  if (coding == ContentCoding::identity) return;
  if (cacheable) res.body = *compressed(etag, res.body, coding);
  else res.body = compress(res.body, coding);
  replace_header(res, "Content-Encoding", std::string(coding_name(coding)));
  replace_header(res, "Content-Length", std::to_string(res.body.size()));
}

}  // namespace caravan::api
