#pragma once
// How a long analysis reports progress and learns it should stop: the CLI draws a progress bar
// and sets the flag on SIGINT; the API streams progress events. Analyses check the flag between
// units of work and return what they finished, marked partial.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string_view>

namespace caravan::analysis {

struct RunControl {
  // Called from worker threads (serialised by the analysis) with units done out of total.
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;

  [[nodiscard]] bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
  void report(std::string_view stage, std::size_t done, std::size_t total) const {
    if (progress) progress(stage, done, total);
  }
};

}  // namespace caravan::analysis
