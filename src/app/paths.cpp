#include "app/paths.hpp"

#include <unistd.h>

namespace dossier::app {

namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::optional<std::filesystem::path> find_resource(std::string const& name) {
  std::filesystem::path candidates[] = {
      std::filesystem::current_path() / name,
      executable_dir() / ".." / name,
      executable_dir() / ".." / "share" / "dossier" / name,
      std::filesystem::path(DOSSIER_SOURCE_DIR) / name,
  };
  for (auto const& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(c, ec)) return std::filesystem::weakly_canonical(c);
  }
  return std::nullopt;
}

}  // namespace dossier::app
