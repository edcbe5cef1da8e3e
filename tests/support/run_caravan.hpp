#pragma once
// Runs the built `caravan` binary as a user would, capturing exit code, stdout and stderr.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace caravan::testing {

struct Run {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `args` is passed to the shell as written.
inline Run run_caravan(const std::string& args) {
  static int counter = 0;
  const auto err_path = std::filesystem::temp_directory_path() /
                        ("caravan_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".err");
  const std::string command = shell_quote(CARAVAN_BINARY) + " " + args + " 2>" + shell_quote(err_path.string());
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "popen failed: " << command;
    return run;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  std::filesystem::remove(err_path);
  return run;
}

// `caravan ARGS --format json`, parsed (discarded when it is not JSON); a non-zero exit fails the test.
inline nlohmann::json run_caravan_json(const std::string& args) {
  const Run run = run_caravan(args + " --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return nlohmann::json::parse(run.out, nullptr, false);
}

}  // namespace caravan::testing
