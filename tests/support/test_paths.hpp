#pragma once

#include <string>

namespace dossier::test {

// Where the tests find their fixtures, the source tree and the built binary. These paths are
// compiled into one translation unit (test_paths.cpp) rather than given to every test as a
// define: a define holding an absolute path makes every file's compile command differ between
// two clones, and then ccache can reuse nothing in CI.
std::string test_dir();    // tests/
std::string source_dir();  // the repository's top folder
std::string built_dossier_binary();

}  // namespace dossier::test
