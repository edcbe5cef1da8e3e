#include "api/access_log.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace caravan::api {

std::string request_id(std::string_view offered) {
  const bool usable = !offered.empty() && offered.size() <= 128 && std::all_of(offered.begin(), offered.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
  });
  if (usable) return std::string(offered);
  static const std::uint64_t prefix = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{:016x}-{:x}", prefix, counter.fetch_add(1, std::memory_order_relaxed));
}

std::string access_line(const AccessRecord& r, std::string_view time_utc) {
  // Paths and headers are the client's bytes: nlohmann escapes them and replaces invalid UTF-8.
  nlohmann::ordered_json j;
  j["time"] = time_utc;
  j["request_id"] = r.request_id;
  j["method"] = r.method;
  j["path"] = r.path;
  j["endpoint"] = r.endpoint;
  j["status"] = r.status;
  j["duration_ms"] = std::round(r.duration_ms * 1000) / 1000;
  j["request_bytes"] = r.request_bytes;
  j["response_bytes"] = r.response_bytes;
  j["client"] = r.client;
  if (!r.forwarded_for.empty()) j["forwarded_for"] = r.forwarded_for;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

AccessLog::AccessLog(const std::string& target) {
  if (target == "-") {
    out_ = stderr;
    return;
  }
  out_ = std::fopen(target.c_str(), "a");
  if (!out_) throw std::runtime_error(fmt::format("cannot open the access log {}: {}", target, std::strerror(errno)));
  owned_ = true;
}

AccessLog::~AccessLog() {
  if (owned_ && out_) std::fclose(out_);
}

void AccessLog::write(const AccessRecord& r) {
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(now);
  std::string line =
      access_line(r, fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", seconds, static_cast<int>((now - seconds).count())));
  line += '\n';
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace caravan::api
