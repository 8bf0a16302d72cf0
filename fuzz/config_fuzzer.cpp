// The TOML configuration loader (src/app/config.hpp): any file gives a Config or an Invalid
// error, never a crash and never an exception that escapes load_config. An input is a TOML
// file, optionally followed by a line "#%env" and NAME=VALUE lines read as the environment,
// so the DOSSIER_* variables are fuzzed too.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "core/strings.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr std::string_view kEnvMarker = "\n#%env\n";

std::filesystem::path const& config_file() {
  static std::filesystem::path const path =
      std::filesystem::temp_directory_path() /
      ("dossier-config-fuzz-" + std::to_string(::getpid()) + ".toml");
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  auto marker = input.find(kEnvMarker);
  auto toml = input.substr(0, marker);
  std::map<std::string, std::string> env;
  if (marker != std::string_view::npos) {
    for (auto line : dossier::split(input.substr(marker + kEnvMarker.size()), '\n')) {
      auto eq = line.find('=');
      if (eq != std::string_view::npos) env.emplace(line.substr(0, eq), line.substr(eq + 1));
    }
  }
  {
    std::ofstream out(config_file(), std::ios::binary | std::ios::trunc);
    out.write(toml.data(), static_cast<std::streamsize>(toml.size()));
  }
  try {
    auto config = dossier::app::load_config(config_file(), env);
    if (config) {
      (void)dossier::app::parse_listen(config->server.host + ":" +
                                       std::to_string(config->server.port));
    } else {
      dossier::fuzz::check(!config.error().message.empty(), "an error without a message");
    }
  } catch (std::exception const& e) {
    dossier::fuzz::fail("an exception escaped load_config", e.what());
  }
  if (auto eol = input.find('\n'); eol != std::string_view::npos)
    (void)dossier::app::parse_listen(std::string(input.substr(0, eol)));
  return 0;
}
