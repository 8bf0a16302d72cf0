#pragma once

#include <string>
#include <string_view>

namespace dossier {

constexpr std::size_t kMaxSlugLength = 80;

// A URL-safe slug from any Unicode title: transliterated to Latin, then ASCII
// ("Kýiv talks" -> "kyiv-talks", "Москва" -> "moskva"), lower case, words joined by
// hyphens, at most kMaxSlugLength characters cut at a word boundary. Text with no
// letters or digits left gives "untitled".
std::string make_slug(std::string_view title);

// True when text is already a valid slug: [a-z0-9]+ joined by single hyphens.
bool is_valid_slug(std::string_view text);

}  // namespace dossier
