#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace dossier::test {

// A fresh directory under the system temp directory, removed with everything in it when the
// object goes. The name holds the process id and a counter, so tests run in parallel
// processes (ctest -j) never share one.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "dossier-unit") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("{}-{}-{}", prefix, ::getpid(), counter++);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(TempDir const&) = delete;
  TempDir& operator=(TempDir const&) = delete;

  std::filesystem::path const& path() const { return path_; }

  // Writes text to rel (below the directory), creating its folders; returns the full path.
  std::filesystem::path write(std::string const& rel, std::string_view text) const {
    auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return p;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace dossier::test
