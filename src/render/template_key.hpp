#pragma once

#include <algorithm>
#include <cstddef>

#include <ctemplate/template_string.h>

namespace dossier::render {

// The text of a template key as a template argument, so that each key spelled in the code
// gets one interned copy of its own (see operator""_key).
template <std::size_t N>
struct KeyText {
  char text[N];
  constexpr KeyText(char const (&s)[N]) { std::copy_n(s, N, text); }  // NOLINT: implicit on purpose
};

// One key, interned with ctemplate once, the first time it is used: its id is computed then
// and the key is entered in ctemplate's global id-to-name map then.
template <KeyText K>
ctemplate::TemplateString const& interned_key() {
  struct Interned {
    ctemplate::StaticTemplateString key{{K.text, sizeof(K.text) - 1, 0}};
    ctemplate::StaticTemplateStringInitializer init{&key};
  };
  static Interned const interned;
  static ctemplate::TemplateString const key(interned.key);
  return key;
}

// "TITLE"_key: a dictionary key (for SetValue, ShowSection, AddSectionDictionary ...) whose
// id ctemplate knows. A plain string key is hashed again on every call and looked up in
// ctemplate's global, reader-writer-locked name map: a fifth of an uncached article page,
// with the lock shared by every worker thread (issue 16, perf). Static template strings are
// ctemplate's own answer (STS_INIT), but they must be declared at namespace scope, one by
// one; this gives the same at the call site.
template <KeyText K>
ctemplate::TemplateString const& operator""_key() {
  return interned_key<K>();
}

}  // namespace dossier::render
