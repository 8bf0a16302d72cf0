#pragma once

// What every fuzz target uses to state a property: a failed check prints what was expected and
// aborts, which libFuzzer reports as a crash and saves the input that caused it.
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace dossier::fuzz {

[[noreturn]] inline void fail(char const* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz property failed: %s\n", what);
  if (!detail.empty())
    std::fprintf(stderr, "  in: %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void check(bool ok, char const* what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

}  // namespace dossier::fuzz
