#include "api/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace caravan::api {

Histogram::Histogram() = default;

void Histogram::observe(std::chrono::nanoseconds d) {
  const double seconds = std::chrono::duration<double>(d).count();
  const auto at = std::lower_bound(kLatencyBounds.begin(), kLatencyBounds.end(), seconds);  // le: bound >= value
  buckets_[static_cast<std::size_t>(at - kLatencyBounds.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, d.count())), std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::write(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, kLatencyBounds[i], cumulative);
  }
  cumulative += buckets_.back().load(std::memory_order_relaxed);
  // Read after the buckets: a concurrent observe may show in count before its bucket, never after.
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, cumulative);
  const std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
  out += fmt::format("{}_sum{} {}\n", name, braces, static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
  out += fmt::format("{}_count{} {}\n", name, braces, cumulative);
}

std::string endpoint_label(std::string_view method, std::string_view path, int status) {
  constexpr std::string_view kDeclarations = "/v1/transit/declarations/";
  if (path.rfind(kDeclarations, 0) == 0) {
    const std::string_view rest = path.substr(kDeclarations.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::string(kDeclarations) + "{id}";
    const std::string_view tail = rest.substr(slash);
    if (tail == "/events" || tail == "/audit") return std::string(kDeclarations) + "{id}" + std::string(tail);
    return "unmatched";
  }
  if (path.rfind("/v1/", 0) == 0 || path == "/metrics") {
    // A 404 or 405 that httplib answered itself names no endpoint: its path is the client's.
    if (status == 404 || status == 405) return "unmatched";
    return std::string(path);
  }
  // Everything else is the web map (static files, the page itself).
  return method == "GET" || method == "HEAD" ? "web" : "unmatched";
}

void Metrics::request(std::string_view endpoint, std::string_view method, int status, std::chrono::nanoseconds duration,
                      std::string_view problem_type) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(endpoint), std::string(method), status}];
  auto& h = durations_[std::string(endpoint)];
  if (!h) h = std::make_unique<Histogram>();
  h->observe(duration);
  constexpr std::string_view kBudget = "budget-exhausted";
  if (status == 503 && problem_type.size() >= kBudget.size() &&
      problem_type.substr(problem_type.size() - kBudget.size()) == kBudget)
    ++budget_refusals_[std::string(endpoint)];
}

void Metrics::transit_commits(std::size_t committed, std::size_t duplicate, std::size_t stale, std::chrono::nanoseconds duration) {
  commit_latency_.observe(duration);
  std::lock_guard lock(mutex_);
  commits_["committed"] += committed;
  commits_["duplicate_message"] += duplicate;
  commits_["stale_version"] += stale;
}

void Metrics::store_error(std::string_view operation) {
  std::lock_guard lock(mutex_);
  ++store_errors_[std::string(operation)];
}

void Metrics::add_gauge(Gauge gauge) {
  std::lock_guard lock(mutex_);
  gauges_.push_back(std::move(gauge));
}

namespace {

// Label values are ours (endpoint patterns, methods) but may hold a client's path in theory:
// escape as the format requires.
std::string label_value(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// A counter with one label: one sample per label value, in the map's order.
void counter_by(std::string& out, std::string_view name, std::string_view help, std::string_view label,
                const std::map<std::string, std::uint64_t>& counts) {
  header(out, name, "counter", help);
  for (const auto& [value, n] : counts) out += fmt::format("{}{{{}=\"{}\"}} {}\n", name, label, label_value(value), n);
}

}  // namespace

std::string Metrics::render() const {
  std::string out;
  out.reserve(16 * 1024);
  std::lock_guard lock(mutex_);
  header(out, "caravan_http_requests_total", "counter", "HTTP requests answered, by endpoint, method and status.");
  for (const auto& [key, n] : requests_) {
    const auto& [endpoint, method, status] = key;
    out += fmt::format("caravan_http_requests_total{{endpoint=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       label_value(endpoint), label_value(method), status, n);
  }
  header(out, "caravan_http_request_duration_seconds", "histogram",
         "Time from a request's parsed head to its answer ready to send, by endpoint.");
  for (const auto& [endpoint, h] : durations_)
    h->write(out, "caravan_http_request_duration_seconds", fmt::format("endpoint=\"{}\"", label_value(endpoint)));
  counter_by(out, "caravan_budget_refusals_total",
             "Requests answered 503 because their work ran out of its time budget, by endpoint.", "endpoint",
             budget_refusals_);
  header(out, "caravan_search_slot_wait_seconds", "histogram",
         "Time each route or matrix search waited for a free search slot (0 when one was free).");
  search_wait_.write(out, "caravan_search_slot_wait_seconds", "");
  counter_by(out, "caravan_transit_commits_total",
             "Transit messages written to the store, by outcome (committed, duplicate_message, stale_version).",
             "outcome", commits_);
  header(out, "caravan_transit_commit_seconds", "histogram",
         "Latency of each transit store write call until durable (group commit included).");
  commit_latency_.write(out, "caravan_transit_commit_seconds", "");
  counter_by(out, "caravan_transit_store_errors_total",
             "Transit store calls that failed (I/O, lost connection), by operation.", "operation", store_errors_);
  for (const auto& g : gauges_) {
    header(out, g.name, "gauge", g.help);
    out += fmt::format("{} {}\n", g.name, g.value());
  }
  header(out, "caravan_start_time_seconds", "gauge", "When the server started, in seconds since the Unix epoch.");
  out += fmt::format("caravan_start_time_seconds {}\n",
                     std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count());
  return out;
}

}  // namespace caravan::api
