#pragma once
// A fresh directory under the system temp dir per call, removed at process exit only if empty of
// failures is not needed: the files are small and the OS cleans /tmp.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace caravan::transit::testing {

inline std::filesystem::path fresh_temp_dir(const std::string& tag) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("caravan_transit_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace caravan::transit::testing
