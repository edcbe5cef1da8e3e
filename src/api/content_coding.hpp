#pragma once
// Content codings of answers (RFC 9110 §8.4, §12.5.3): which one a client's Accept-Encoding
// allows, and compressing a body with it. Debian's httplib compresses on its own, for any size and
// without reading q-values; the server takes that decision away from it (api/answer_shaping.hpp).
#include <string>
#include <string_view>

namespace caravan::api {

enum class ContentCoding { identity, gzip, br };

// The coding to answer with for an Accept-Encoding value: of br and gzip the one with the highest
// q-value above 0 (br on a tie, it is the smaller), "*" standing for any not named; identity when
// neither is acceptable or the header is absent.
ContentCoding negotiate_coding(std::string_view accept_encoding);

// "br", "gzip" or "identity": the Content-Encoding token.
std::string_view coding_name(ContentCoding coding);

// `body` in `coding` (gzip: zlib level 6 with a gzip header; br: quality 5, window 22). identity
// returns the body unchanged. Throws std::runtime_error only when the library fails (out of memory).
std::string compress(std::string_view body, ContentCoding coding);

// The inverse, for tests and clients: throws std::runtime_error on a stream that is not valid.
std::string decompress(std::string_view body, ContentCoding coding);

}  // namespace caravan::api
