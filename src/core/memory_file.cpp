#include "core/memory_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace dossier {

namespace {

// write() until every byte is in, or false.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::shared_ptr<MemoryFile const> MemoryFile::make(std::string_view first,
                                                   std::string_view second) {
  int fd = ::memfd_create("dossier-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return nullptr;
  // Sealed once written: nobody can change or shorten what a response is sent from.
  if (!write_all(fd, first) || !write_all(fd, second) ||
      ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::shared_ptr<MemoryFile const>(new MemoryFile(fd, first.size() + second.size()));
}

MemoryFile::~MemoryFile() {
  ::close(fd_);
}

}  // namespace dossier
