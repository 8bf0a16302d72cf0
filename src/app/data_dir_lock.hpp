#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace dossier::app {

// The lock file a server holds in its data directory for as long as it runs.
constexpr char const* kDataDirLockFile = "serve.lock";

// An exclusive lock on a data directory (flock(2) on DATA/serve.lock), held until the object
// goes or the process ends: the kernel drops it even after kill -9, so a crash never leaves a
// stale lock behind. `serve` takes it for its whole life, so a second server on the same
// directory is refused, and so is `restore` while a server runs; `restore` takes it too, so no
// server starts in the middle of a restore. The file keeps the holder's pid and purpose for
// the message the next one gets.
class DataDirLock {
 public:
  // Takes the lock without waiting; Conflict, naming the holder, when another process has it.
  static Result<DataDirLock> take(std::filesystem::path const& data_dir,
                                  std::string const& purpose);
  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(DataDirLock const&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace dossier::app
