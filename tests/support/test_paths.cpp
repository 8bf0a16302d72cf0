#include "support/test_paths.hpp"

namespace dossier::test {

std::string test_dir() {
  return DOSSIER_TEST_DIR;
}

std::string source_dir() {
  return DOSSIER_SOURCE_DIR;
}

std::string built_dossier_binary() {
#ifdef DOSSIER_BINARY
  return DOSSIER_BINARY;
#else
  return source_dir() + "/build/dossier";
#endif
}

}  // namespace dossier::test
