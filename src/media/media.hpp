#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace dossier::media {

// An image's alt text, caption and credit: at most this many bytes each (the editor, the
// media library and the save all check it).
constexpr std::size_t kMaxImageText = 1000;
// The uploaded file's own name is kept to this many bytes (the library shows it).
constexpr std::size_t kMaxOriginalName = 255;
// JPEG quality of every encoded image: uploads' variants and the demo's drawn pictures alike.
constexpr int kJpegQuality = 82;

using Id = long long;

// A resized copy made at upload (media/upload.hpp), offered to browsers in srcset.
struct ImageVariant {
  std::string file;
  std::string mime;
  int width = 0;
  int height = 0;
};

struct Media {
  Id id = 0;
  std::string file;  // relative to DATA/media, e.g. "2026/11/geneva-talks.jpg"
  std::string mime;
  int width = 0;
  int height = 0;
  long long bytes = 0;
  std::string alt;
  std::string caption;
  std::string credit;
  std::vector<ImageVariant> variants;  // narrowest first
  std::string original_name;
  std::optional<Id> uploaded_by;
  UnixTime created_at = 0;
};

// One query of the media library.
struct MediaQuery {
  std::string text;  // in the file name, alt text, caption or credit
  int page = 1;
  int per_page = 24;
};

}  // namespace dossier::media
