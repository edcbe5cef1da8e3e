#include "api/content_coding.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "core/text.hpp"

namespace caravan::api {
namespace {

// zlib's default: most of level 9's ratio on JSON at a third of its time.
constexpr int kGzipLevel = 6;
// Route answers are compressed per request: quality 5 compresses JSON better than gzip -6 in
// about the same time; 10 and 11 cost ten times more.
constexpr int kBrotliQuality = 5;

// Codings are case-insensitive tokens; `lower` is already lower case.
bool same_token(std::string_view token, std::string_view lower) { return to_lower_ascii(token) == lower; }

// The q-value of one list element's parameters ("q=0.5"); 1 without one; nullopt when malformed
// (such an element is ignored, as if absent).
std::optional<double> q_value(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    const std::string text(trim(param.substr(2)));
    if (text.empty() || text.size() > 5) return std::nullopt;
    char* end = nullptr;
    q = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || q < 0 || q > 1) return std::nullopt;
  }
  return q;
}

}  // namespace

ContentCoding negotiate_coding(std::string_view accept_encoding) {
  std::optional<double> br, gzip, any;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const auto semi = element.find(';');
    const std::string_view token = trim(element.substr(0, semi));
    const auto q = q_value(semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1));
    if (!q) continue;
    if (same_token(token, "br")) br = *q;
    else if (same_token(token, "gzip") || same_token(token, "x-gzip")) gzip = *q;
    else if (token == "*") any = *q;
  }
  const double q_br = br.value_or(any.value_or(0.0));
  const double q_gzip = gzip.value_or(any.value_or(0.0));
  if (q_br <= 0 && q_gzip <= 0) return ContentCoding::identity;
  return q_br >= q_gzip ? ContentCoding::br : ContentCoding::gzip;
}

std::string_view coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::gzip: return "gzip";
    case ContentCoding::br: return "br";
    case ContentCoding::identity: break;
  }
  return "identity";
}

std::string compress(std::string_view body, ContentCoding coding) {
  if (coding == ContentCoding::identity) return std::string(body);
  if (coding == ContentCoding::br) {
    std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
    std::size_t size = out.size();
    if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                               reinterpret_cast<const uint8_t*>(body.data()), &size, reinterpret_cast<uint8_t*>(out.data())))
      throw std::runtime_error("brotli compression failed");
    out.resize(size);
    return out;
  }
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip compression failed to start");
  std::string out(deflateBound(&z, body.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  return out;
}

std::string decompress(std::string_view body, ContentCoding coding) {
  if (coding == ContentCoding::identity) return std::string(body);
  std::string out;
  char chunk[1 << 14];
  if (coding == ContentCoding::br) {
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (!state) throw std::runtime_error("brotli decoder failed to start");
    std::size_t in_left = body.size();
    const auto* in = reinterpret_cast<const uint8_t*>(body.data());
    BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
      std::size_t out_left = sizeof chunk;
      auto* next = reinterpret_cast<uint8_t*>(chunk);
      rc = BrotliDecoderDecompressStream(state, &in_left, &in, &out_left, &next, nullptr);
      out.append(chunk, sizeof chunk - out_left);
    }
    BrotliDecoderDestroyInstance(state);
    if (rc != BROTLI_DECODER_RESULT_SUCCESS || in_left != 0) throw std::runtime_error("not a valid brotli stream");
    return out;
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::runtime_error("gzip decoder failed to start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END || z.avail_in != 0) throw std::runtime_error("not a valid gzip stream");
  return out;
}

}  // namespace caravan::api
