#include "core/slug.hpp"

#include <memory>
#include <mutex>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace dossier {

namespace {

// ICU transliterators are not thread-safe for concurrent transliterate() calls on one
// instance, and creating one costs ~1 ms, so one instance is shared behind a mutex.
struct Transliterator {
  std::mutex mutex;
  std::unique_ptr<icu::Transliterator> impl;
};

Transliterator& transliterator() {
  static Transliterator t;
  static std::once_flag once;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    t.impl.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower",
                                                     UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.impl.reset();
  });
  return t;
}

std::string to_ascii(std::string_view text) {
  auto& t = transliterator();
  auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  if (t.impl) {
    std::lock_guard lock(t.mutex);
    t.impl->transliterate(u);
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string make_slug(std::string_view title) {
  std::string ascii = to_ascii(title);
  std::string slug;
  bool pending_hyphen = false;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      // Apostrophes join a word ("Ukraine's" -> "ukraines"), everything else splits.
      if (c != '\'') pending_hyphen = !slug.empty();
      continue;
    }
    if (pending_hyphen) slug.push_back('-');
    pending_hyphen = false;
    slug.push_back(c);
  }
  if (slug.size() > kMaxSlugLength) {
    auto cut = slug.rfind('-', kMaxSlugLength);
    slug.resize(cut == std::string::npos || cut == 0 ? kMaxSlugLength : cut);
  }
  return slug.empty() ? "untitled" : slug;
}

bool is_valid_slug(std::string_view text) {
  if (text.empty() || text.size() > kMaxSlugLength) return false;
  if (text.front() == '-' || text.back() == '-') return false;
  char prev = 0;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

}  // namespace dossier
