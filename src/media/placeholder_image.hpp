#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "media/media.hpp"

namespace dossier::media {

struct PlaceholderSpec {
  std::string label;       // drawn on the picture
  std::string color_from;  // "#1f3a5f"
  std::string color_to;
  int width = 1200;
  int height = 675;
};

// Draws a gradient picture with a label (libvips) and saves it as JPEG at media_dir/rel_path.
// Returns the Media record to store (without alt, caption and credit).
Result<Media> make_placeholder_image(std::filesystem::path const& media_dir,
                                     std::string const& rel_path, PlaceholderSpec const& spec);

}  // namespace dossier::media
