#pragma once
// The access log of `caravan serve`: one JSON object per answered request, on one line
// (docs/api.md "Access log"), and the request id it shares with the X-Request-Id answer header.
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace caravan::api {

// The id of a request: the client's (or nginx's $request_id) when `offered` is 1–128 characters of
// A-Z a-z 0-9 . _ : - (anything else could forge log lines or headers), else a new one, unique in
// this process and unlikely to repeat across processes (a random prefix and a counter).
std::string request_id(std::string_view offered);

struct AccessRecord {
  std::string_view request_id, method, path, endpoint, client, forwarded_for;
  int status = 0;
  std::size_t request_bytes = 0, response_bytes = 0;
  double duration_ms = 0;
};

class AccessLog {
 public:
  // `target`: "-" for standard error, else a file appended to (created if missing). Throws
  // std::runtime_error naming the file when it cannot be opened.
  explicit AccessLog(const std::string& target);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;
  // Writes the record's line whole (lines of concurrent requests never interleave).
  void write(const AccessRecord& r);

 private:
  std::mutex mutex_;
  std::FILE* out_ = nullptr;
  bool owned_ = false;
};

// The line `write` prints, without its newline (for tests).
std::string access_line(const AccessRecord& r, std::string_view time_utc);

}  // namespace caravan::api
