#pragma once

#include <memory>
#include <string_view>

namespace dossier {

// Bytes kept in an anonymous in-memory file (memfd_create), so that the kernel can send them
// to a socket with sendfile() without copying them from this process first: the page cache
// sends a large page this way, as nginx sends a static file. Linux only. Closed when the
// last owner lets go.
class MemoryFile {
 public:
  // Null when the system refuses (no memfd, or no file descriptor left): the caller then
  // sends from memory, as before.
  static std::shared_ptr<MemoryFile const> make(std::string_view first, std::string_view second);

  ~MemoryFile();
  MemoryFile(MemoryFile const&) = delete;
  MemoryFile& operator=(MemoryFile const&) = delete;

  int fd() const { return fd_; }
  std::size_t size() const { return size_; }

 private:
  MemoryFile(int fd, std::size_t size) : fd_(fd), size_(size) {}
  int fd_;
  std::size_t size_;
};

}  // namespace dossier
