#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace dossier::app {

// Finds a folder shipped with Dossier ("themes/default", "demo"): next to the working
// directory first, then beside the binary (build/dossier -> ../NAME), then in the source
// tree the binary was built from.
std::optional<std::filesystem::path> find_resource(std::string const& name);

}  // namespace dossier::app
