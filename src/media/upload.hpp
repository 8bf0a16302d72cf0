#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "media/media.hpp"

namespace dossier::media {

// 20 MB holds any camera JPEG a newsroom sends, while keeping one request's memory bounded.
constexpr std::size_t kDefaultMaxUploadBytes = 20 * 1024 * 1024;
// The side limit is checked from the header, before any pixel is decoded: a small file can
// declare a 100000 x 100000 picture that would take 30 GB to decode (a decompression bomb).
constexpr int kDefaultMaxPixelsSide = 12000;
// 40 megapixels hold any camera's picture (a 45-megapixel body's JPEG aside, which editors
// shrink anyway) and cost about 120 MB decoded (three bytes a pixel), which bounds the memory
// of one media thread. Also checked from the header, before decoding.
constexpr long long kDefaultMaxPixels = 40'000'000;
// A 36-megapixel image took 1.0 s (JPEG) to 1.3 s (PNG) of CPU on the 2-core machine; 10 s
// leaves room for a busy machine (the media thread runs at a low priority) while refusing files
// built to be slow to decode.
constexpr std::chrono::milliseconds kDefaultTimeBudget{10'000};

struct UploadLimits {
  std::size_t max_bytes = kDefaultMaxUploadBytes;
  // Applies to the width and to the height of one frame.
  int max_pixels_side = kDefaultMaxPixelsSide;
  // Applies to width x height of a still image, and to the pixels of all frames together of
  // an animation (which may hold no more than max_pixels_side squared either).
  long long max_pixels = kDefaultMaxPixels;
  // Decoding, checking, resizing and encoding must end within this time, counted from the
  // moment a media thread starts on the image; a slower image is refused and nothing written.
  std::chrono::milliseconds time_budget = kDefaultTimeBudget;
  // Widths of the resized copies that pages offer in srcset. A width is skipped when the
  // original is not wider, because enlarging adds bytes without adding detail.
  std::vector<int> widths = {400, 800, 1600};
};

struct Variant {
  std::string file;  // relative to media_dir, e.g. "2026/11/geneva-talks-400.webp"
  std::string mime;
  int width = 0;
  int height = 0;  // of one frame when the image is animated
  long long bytes = 0;
};

struct ProcessedImage {
  std::string file;  // relative to media_dir, e.g. "2026/11/geneva-talks.jpg"
  std::string mime;
  int width = 0;
  int height = 0;  // of one frame when the image is animated
  long long bytes = 0;
  std::vector<Variant> variants;  // by width, narrowest first; WebP before the original format
};

// Starts libvips once per process; safe to call from any thread, any number of times. Code that
// builds VImage objects itself (tests, other media code) calls it first. libvips then computes
// each image on one thread of its own (vips_concurrency_set), and keeps no operation cache.
void start_vips();

// The MIME type of an image we take, read from its first bytes ("magic numbers": JPEG FF D8 FF,
// PNG 89 50 4E 47 0D 0A 1A 0A, GIF87a / GIF89a, WebP "RIFF" size "WEBP"), never from its name
// or a declared Content-Type, which the sender controls. nullopt for anything else.
std::optional<std::string> sniff_image_type(std::string_view bytes);

// Turns uploaded bytes into files under media_dir/YYYY/MM/ (the month of now, UTC):
//   - the size, the type (by content) and the pixel dimensions (from the header: each side and
//     the total) are checked before anything is decoded;
//   - the image is decoded in full, so damaged or cut-off files are refused rather than stored
//     with grey or missing parts;
//   - still images' narrower copies are made from a fresh load of the file, shrunk while it is
//     decoded where the format allows (JPEG's scaled DCT, WebP's scaled decoding), rather than
//     from the decoded original;
//   - all of it must end within limits.time_budget; libvips stops a computation running past
//     it (vips_image_set_kill), and the image is refused;
//   - it is turned upright (EXIF orientation) and into sRGB, then every file is saved without
//     metadata, because EXIF may carry the GPS position of a source or photographer;
//   - the original is re-encoded in its own format as "<slug>.<ext>", and each width of
//     limits.widths narrower than it gets "<slug>-<width>.webp" plus "<slug>-<width>.jpg" or
//     ".png" for JPEG and PNG originals. GIF originals get WebP variants only: a resized GIF
//     would be squeezed back into 256 colours, and WebP, unlike PNG, keeps the animation.
// The slug comes from base_name (its image extension dropped); when any file of the set exists,
// "-2", "-3", ... is added, so nothing is ever overwritten, even by concurrent uploads.
// Errors: TooLarge (bytes, pixels or time), UnsupportedType (not one of the four types), Invalid
// (empty, damaged), Conflict (no free name), Internal (encoder or disk). A refused upload writes
// nothing; when writing fails midway, the files already written are removed (the month folder
// stays, as a concurrent upload may be about to write into it).
Result<ProcessedImage> process_upload(std::string_view bytes, std::string const& base_name,
                                      std::filesystem::path const& media_dir, UnixTime now,
                                      UploadLimits const& limits = {});

// The media library's record of a processed image (its texts and uploader left to the caller).
Media media_of(ProcessedImage const& image, std::string const& original_name);

}  // namespace dossier::media
