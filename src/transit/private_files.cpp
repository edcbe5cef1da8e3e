#include "transit/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace caravan::transit {

void create_private_directories(const std::filesystem::path& dir) {
  if (dir.empty()) return;
  std::vector<std::filesystem::path> missing;
  for (auto p = dir; !p.empty() && !std::filesystem::exists(p); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
      throw std::runtime_error(fmt::format("{}: cannot create the folder: {}", it->string(), std::strerror(errno)));
    // mkdir's mode is masked by the umask (which may also be too open): set it exactly.
    if (::chmod(it->c_str(), 0700) != 0)
      throw std::runtime_error(fmt::format("{}: cannot set mode 0700: {}", it->string(), std::strerror(errno)));
  }
}

void ensure_private_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot create: {}", file.string(), std::strerror(errno)));
  const int rc = ::fchmod(fd, 0600);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error(fmt::format("{}: cannot set mode 0600: {}", file.string(), std::strerror(err)));
}

void refuse_if_shared(const std::filesystem::path& file, const std::string& what) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return;  // absent: the caller reports it
  if ((st.st_mode & 077) == 0) return;
  throw std::runtime_error(fmt::format("{}: {} is readable by group or others (mode {:04o}); run: chmod 600 {}",
                                       file.string(), what, st.st_mode & 07777, file.string()));
}

}  // namespace caravan::transit
