#include "app/data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace dossier::app {

namespace {

// Enough for "pid 4194304 serve".
constexpr std::size_t kMaxHolderBytes = 200;

std::string holder_of(int fd) {
  char buffer[kMaxHolderBytes];
  auto n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

Result<DataDirLock> DataDirLock::take(std::filesystem::path const& data_dir,
                                      std::string const& purpose) {
  auto file = data_dir / kDataDirLockFile;
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error{ErrorKind::Internal,
                 fmt::format("cannot open {}: {}", file.string(), std::strerror(errno))};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int saved = errno;
    auto holder = holder_of(fd);
    ::close(fd);
    if (saved != EWOULDBLOCK)
      return Error{ErrorKind::Internal,
                   fmt::format("cannot lock {}: {}", file.string(), std::strerror(saved))};
    // "pid 1234 serve" -> "dossier serve (pid 1234)".
    std::string who = "another dossier process";
    if (auto space = holder.find(' ', 4); holder.starts_with("pid ") && space != std::string::npos)
      who =
          fmt::format("dossier {} (pid {})", holder.substr(space + 1), holder.substr(4, space - 4));
    return Error{ErrorKind::Conflict, fmt::format("{} is in use by {}: it holds {}",
                                                  data_dir.string(), who, file.string())};
  }
  auto text = fmt::format("pid {} {}\n", ::getpid(), purpose);
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) < 0) {
    // The lock holds all the same; only the next one's message is less precise.
  }
  return DataDirLock(fd);
}

DataDirLock::DataDirLock(DataDirLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DataDirLock::~DataDirLock() {
  // Closing the descriptor releases the lock; the file stays, empty of meaning.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace dossier::app
