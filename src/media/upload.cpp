#include "media/upload.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <vips/vips8>

#include "core/slug.hpp"
#include "core/thread_annotations.hpp"
#include "media/media.hpp"

namespace dossier::media {

namespace {

using vips::VImage;
namespace fs = std::filesystem;

// User-facing messages of this module, in one place (STYLE.md, Errors).
namespace msg {
constexpr char const* kEmpty = "The file is empty.";
constexpr char const* kTooLarge = "The file is {}; the limit is {}.";
constexpr char const* kNotAnImage =
    "This file is not a JPEG, PNG, WebP or GIF image (its content says otherwise, whatever its "
    "name).";
constexpr char const* kDamaged = "The image could not be read: the file is damaged or incomplete.";
constexpr char const* kTooManyPixels =
    "The image is {} × {} pixels; the limit is {} pixels on each side.";
constexpr char const* kTooManyMegapixels =
    "The image is {} × {} pixels ({} megapixels); the limit is {} megapixels.";
constexpr char const* kAnimationTooLarge =
    "The animation has {} frames of {} × {} pixels; the limit is {} megapixels over all frames.";
constexpr char const* kTooSlow =
    "The image could not be converted within {:g} seconds, the limit for one image. Please "
    "upload a smaller or simpler file.";
constexpr char const* kNotConverted = "The image could not be converted. Please try again.";
constexpr char const* kNotSaved = "The image could not be saved ({}). Please try again.";
constexpr char const* kNoFreeName =
    "Too many images are named '{}' this month. Please rename the file and upload it again.";
}  // namespace msg

constexpr int kVipsThreadsPerImage = 1;
constexpr int kWebpQuality = 80;
// After "-2" ... "-1000" something is wrong (a script uploading in a loop), so stop.
constexpr int kMaxNameAttempts = 1000;
constexpr std::size_t kBytesPerKb = 1024;
constexpr std::size_t kBytesPerMb = 1024 * 1024;
// vips_thumbnail fits the image into width x height; a height no image reaches leaves only the
// width as a constraint, so the aspect ratio decides the height.
constexpr int kUnboundedHeight = VIPS_MAX_COORD;

enum class ImageType { Jpeg, Png, Gif, Webp };

struct TypeInfo {
  ImageType type;
  char const* mime;
  char const* extension;
};

constexpr std::array<TypeInfo, 4> kTypes = {{
    {ImageType::Jpeg, "image/jpeg", "jpg"},
    {ImageType::Png, "image/png", "png"},
    {ImageType::Gif, "image/gif", "gif"},
    {ImageType::Webp, "image/webp", "webp"},
}};

TypeInfo const& info(ImageType type) {
  return *std::find_if(kTypes.begin(), kTypes.end(),
                       [type](TypeInfo const& t) { return t.type == type; });
}

bool starts_with_at(std::string_view bytes, std::size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

// Signatures from the format specifications: JPEG (ITU T.81, SOI marker followed by the next
// marker's FF), PNG (RFC 2083, 3.1), GIF (GIF89a, 17. Header) and WebP (RFC 9649, 2.5: a RIFF
// container whose form type is "WEBP").
std::optional<ImageType> detect(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts_with_at(bytes, 0, "\xFF\xD8\xFF"sv)) return ImageType::Jpeg;
  if (starts_with_at(bytes, 0, "\x89PNG\r\n\x1A\n"sv)) return ImageType::Png;
  if (starts_with_at(bytes, 0, "GIF87a"sv) || starts_with_at(bytes, 0, "GIF89a"sv))
    return ImageType::Gif;
  if (starts_with_at(bytes, 0, "RIFF"sv) && starts_with_at(bytes, 8, "WEBP"sv))
    return ImageType::Webp;
  return std::nullopt;
}

// GIF89a section 27: every GIF ends with the Trailer byte 0x3B. The GIF decoder stops quietly at
// the last complete frame of a cut-off animation, so without this check such a file would be
// stored with frames missing.
bool has_gif_trailer(std::string_view bytes) {
  constexpr char kGifTrailer = 0x3B;
  return !bytes.empty() && bytes.back() == kGifTrailer;
}

enum class Rounding { Up, Down };

// "25.3 MB", "800 KB", "512 bytes". The uploaded size is rounded up and the limit down, so a
// file just over the limit never reads as the same size as the limit.
std::string describe_size(std::size_t bytes, Rounding rounding) {
  if (bytes < kBytesPerKb) return fmt::format("{} bytes", bytes);
  std::size_t unit = bytes < kBytesPerMb ? kBytesPerKb : kBytesPerMb;
  char const* name = bytes < kBytesPerMb ? "KB" : "MB";
  std::size_t tenths =
      rounding == Rounding::Up ? (bytes * 10 + unit - 1) / unit : bytes * 10 / unit;
  if (tenths % 10 == 0) return fmt::format("{} {}", tenths / 10, name);
  return fmt::format("{}.{} {}", tenths / 10, tenths % 10, name);
}

// "36", "40.25": megapixels to two decimals, rounded like describe_size, so an image just over
// the limit never reads as the limit itself.
std::string megapixels(long long pixels, Rounding rounding) {
  constexpr long long kPixelsPerHundredth = 10'000;
  long long hundredths = rounding == Rounding::Up
                             ? (pixels + kPixelsPerHundredth - 1) / kPixelsPerHundredth
                             : pixels / kPixelsPerHundredth;
  std::string out = fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

// "Geneva talks.JPG" -> "geneva-talks": the extension names a type the content may contradict,
// and the stored file gets the extension of the type actually found.
std::string stem_of(std::string const& base_name) {
  std::string_view name = base_name;
  if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
    std::string ext(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    constexpr std::array<std::string_view, 6> kImageExtensions = {"jpg", "jpeg", "jpe",
                                                                  "png", "gif",  "webp"};
    if (std::find(kImageExtensions.begin(), kImageExtensions.end(), ext) != kImageExtensions.end())
      name = name.substr(0, dot);
  }
  return make_slug(name);
}

// "2026/11": uploads are spread over one folder per month, so no folder grows without bound.
std::string month_folder(UnixTime now) {
  using namespace std::chrono;
  year_month_day day{floor<days>(sys_seconds{seconds{now}})};
  return fmt::format("{:04}/{:02}", static_cast<int>(day.year()),
                     static_cast<unsigned>(day.month()));
}

// One file to write: the original or a variant, already encoded.
struct Encoded {
  std::string suffix;  // "" for the original, "-400" for a variant
  ImageType type;
  int width;
  int height;
  std::string data;
};

struct BlobUnref {
  void operator()(VipsBlob* blob) const { vips_area_unref(VIPS_AREA(blob)); }
};
using BlobPtr = std::unique_ptr<VipsBlob, BlobUnref>;

// Decodes the header only; pixels are decoded on first use.
VImage load(ImageType type, VipsBlob* blob) {
  auto options = VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR);
  switch (type) {
    case ImageType::Jpeg: return VImage::jpegload_buffer(blob, options);
    case ImageType::Png: return VImage::pngload_buffer(blob, options);
    // n = -1 loads every frame of an animation, stacked as one tall image with "page-height".
    case ImageType::Gif: return VImage::gifload_buffer(blob, options->set("n", -1));
    case ImageType::Webp: return VImage::webpload_buffer(blob, options->set("n", -1));
  }
  throw std::logic_error("unknown image type");
}

int frame_height(VImage const& img) {
  return vips_image_get_page_height(img.get_image());
}

// Metadata that only describes the pixels of an animation; everything else goes.
constexpr std::array<std::string_view, 6> kKeptMetadata = {"page-height", "n-pages",   "delay",
                                                           "loop",        "gif-delay", "gif-loop"};

// A copy of img with every metadata field removed but the animation timing: EXIF with any GPS
// position, XMP, IPTC, PNG text chunks, the ICC profile. The savers' strip option should do this,
// but libvips 8.14's webpsave ignores it (EXIF came through in our tests), so the image itself is
// cleaned and strip stays as a second guard.
VImage without_metadata(VImage const& img) {
  VImage out = img.copy();
  char** fields = vips_image_get_fields(out.get_image());
  for (char** f = fields; *f != nullptr; ++f) {
    std::string_view name = *f;
    if (std::find(kKeptMetadata.begin(), kKeptMetadata.end(), name) != kKeptMetadata.end())
      continue;
    // Header fields such as "width" are not metadata; removing them does nothing.
    out.remove(*f);
  }
  g_strfreev(fields);
  return out;
}

// Turns the picture upright and into sRGB, then drops its metadata: in that order, so that losing
// the orientation tag and the ICC profile leaves it looking the same in a browser.
VImage normalise(VImage img) {
  bool animated = frame_height(img) != img.height();
  // autorot would turn the whole strip of frames, and animations carry no orientation anyway.
  if (!animated) img = img.autorot();
  if (img.get_typeof(VIPS_META_ICC_NAME) != 0)
    img = img.icc_transform("srgb", VImage::option()->set("embedded", true));
  else if (img.interpretation() == VIPS_INTERPRETATION_CMYK)
    img = img.colourspace(VIPS_INTERPRETATION_sRGB);
  return without_metadata(img);
}

std::uint32_t read_le32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

void write_le32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// libvips 8.14's webpsave writes an EXIF chunk (resolution, orientation) even with strip set,
// so the chunks are filtered here. The container is RIFF (RFC 9649, 2.4-2.7): a 12-byte header
// whose size field counts everything after its first 8 bytes, then chunks of a FourCC, a
// little-endian size and a payload padded to an even length; the VP8X chunk's first byte flags
// which optional chunks follow.
std::string without_webp_metadata(std::string const& webp) {
  constexpr std::size_t kRiffHeaderSize = 12;
  constexpr std::size_t kChunkHeaderSize = 8;
  constexpr unsigned char kMetadataFlags = 0x20 | 0x08 | 0x04;  // ICC, EXIF, XMP
  constexpr std::array<std::string_view, 3> kMetadataChunks = {"ICCP", "EXIF", "XMP "};
  std::string out = webp.substr(0, kRiffHeaderSize);
  std::size_t pos = kRiffHeaderSize;
  while (pos < webp.size()) {
    if (pos + kChunkHeaderSize > webp.size()) throw vips::VError("webp: cut chunk header");
    std::string_view fourcc = std::string_view(webp).substr(pos, 4);
    std::size_t size = read_le32(webp, pos + 4);
    std::size_t end = std::min(pos + kChunkHeaderSize + size + (size & 1), webp.size());
    if (pos + kChunkHeaderSize + size > webp.size()) throw vips::VError("webp: cut chunk");
    if (std::find(kMetadataChunks.begin(), kMetadataChunks.end(), fourcc) == kMetadataChunks.end())
      out.append(webp, pos, end - pos);
    pos = end;
  }
  if (std::string_view(out).substr(kRiffHeaderSize, 4) == "VP8X")
    out[kRiffHeaderSize + kChunkHeaderSize] &= static_cast<char>(~kMetadataFlags);
  write_le32(out, 4, static_cast<std::uint32_t>(out.size() - kChunkHeaderSize));
  return out;
}

constexpr int kWebpEffort = 2;

std::string encode(VImage const& img, ImageType type) {
  // The image has no metadata left (without_metadata); strip guards savers that add their own.
  auto options = VImage::option()->set("strip", true);
  VipsBlob* raw = nullptr;
  switch (type) {
    case ImageType::Jpeg:
      raw = img.jpegsave_buffer(
          options->set("Q", kJpegQuality)->set("optimize_coding", true)->set("interlace", true));
      break;
    case ImageType::Png: raw = img.pngsave_buffer(options); break;
    case ImageType::Gif: raw = img.gifsave_buffer(options); break;
    // effort 2 of 0-6: a 3-megapixel upload took 729 ms with the default 4 and 567 ms with
    // 2 (bench/newsroom_bench.cpp, BM_ProcessUpload), at the same quality setting.
    case ImageType::Webp:
      raw = img.webpsave_buffer(options->set("Q", kWebpQuality)->set("effort", kWebpEffort));
      break;
  }
  BlobPtr blob(raw);
  std::string data(static_cast<char const*>(VIPS_AREA(blob.get())->data),
                   VIPS_AREA(blob.get())->length);
  return type == ImageType::Webp ? without_webp_metadata(data) : data;
}

// Variants are WebP, which every current browser shows, plus the original's format for JPEG
// and PNG so that a page can offer a fallback. WebP originals need nothing more; GIF variants
// would be squeezed back into a 256-colour palette after resampling, and PNG would lose the
// animation, so GIFs get WebP only.
std::vector<ImageType> variant_types(ImageType original) {
  if (original == ImageType::Jpeg || original == ImageType::Png) return {ImageType::Webp, original};
  return {ImageType::Webp};
}

// A deadline for the work on one image. libvips reports progress ("eval" signals) on the image
// where reporting was switched on, for every computation of it or of an image made from it
// (a loader forwards the signals of its own decoding too). Once the deadline has passed, the
// handler sets the kill flag of the image being computed, which libvips checks right after
// signalling (sinks, and libwebp's and cgif's progress hooks), and the computation fails with
// an error. Work between two signals (one strip of tiles, the end of a progressive JPEG) still
// runs; the deadline is checked again between steps.
class Budget {
 public:
  explicit Budget(std::chrono::milliseconds limit)
      : limit_(limit), deadline_(std::chrono::steady_clock::now() + limit) {}
  ~Budget() {
    tsan_acquire(this);  // what libvips' workers did in on_eval is done (core/thread_annotations)
    for (auto const& w : watched_) {
      if (w->image == nullptr) continue;  // already gone, and its handler with it
      g_object_remove_weak_pointer(G_OBJECT(w->image), reinterpret_cast<gpointer*>(&w->image));
      g_signal_handler_disconnect(w->image, w->handler);
    }
  }
  Budget(Budget const&) = delete;
  Budget& operator=(Budget const&) = delete;

  // img must be a root (a loader's output): reporting on an image downstream of another that
  // reports already would be switched off instead (vips_image_set_progress toggles).
  void watch(VImage const& img) {
    VipsImage* image = img.get_image();
    vips_image_set_progress(image, TRUE);
    gulong handler = g_signal_connect(image, "eval", G_CALLBACK(on_eval), this);
    // A weak pointer, not a reference: the decoded pixels of an image no longer used are freed
    // at once rather than when the budget ends; GObject clears the pointer when it goes.
    auto& w = watched_.emplace_back(std::make_unique<Watched>(Watched{image, handler}));
    g_object_add_weak_pointer(G_OBJECT(image), reinterpret_cast<gpointer*>(&w->image));
    tsan_release(this);  // the budget as it is now goes to the workers that call on_eval
  }
  bool expired() {
    if (std::chrono::steady_clock::now() > deadline_) expired_ = true;
    return expired_;
  }
  Error error() const {
    auto seconds = std::chrono::duration<double>(limit_).count();
    return Error{ErrorKind::TooLarge, fmt::format(msg::kTooSlow, seconds)};
  }

 private:
  // Runs on libvips' worker threads; GLib orders them with the thread that owns the budget,
  // invisibly to ThreadSanitizer, hence the annotations (core/thread_annotations.hpp).
  static void on_eval(VipsImage* watched, VipsProgress* progress, void* self) {
    tsan_acquire(self);
    bool over = static_cast<Budget*>(self)->expired();
    tsan_release(self);
    if (!over) return;
    // progress->im is the image being computed (a loader's buffer while it decodes, a saver's
    // input while it encodes), the one whose flag the running sink checks next; the watched
    // image's flag stops whatever computes from it later.
    if (progress != nullptr && progress->im != nullptr) vips_image_set_kill(progress->im, TRUE);
    vips_image_set_kill(watched, TRUE);
  }
  struct Watched {
    VipsImage* image;
    gulong handler;
  };
  std::chrono::milliseconds limit_;
  std::chrono::steady_clock::time_point deadline_;
  // Written by the eval handler, which libvips may call from its own threads.
  std::atomic<bool> expired_ = false;
  std::vector<std::unique_ptr<Watched>> watched_;  // fixed addresses for the weak pointers
};

enum class Animation { Still, Animated };

// The narrower copy of a still image, w pixels wide: loaded again from the file and shrunk while
// decoding where the format allows (JPEG decodes at 1/2, 1/4 or 1/8 of its size, WebP at any
// scale), then reduced to the exact width. Much cheaper than resizing the decoded original: the
// 400-pixel WebP of a 6000 x 6000 JPEG took 30 ms of CPU this way, 960 ms from the original;
// even a PNG, decoded again in full for each width, took 154 ms against 985 ms.
// Turned upright like the original (thumbnail applies the EXIF orientation).
VImage shrunk_load(VipsBlob* blob, int w, Budget& budget) {
  VImage small = VImage::thumbnail_buffer(
      blob, w, VImage::option()->set("height", kUnboundedHeight)->set("size", VIPS_SIZE_DOWN));
  budget.watch(small);
  // thumbnail reads the file once, in order; the copy in memory (at most 1600 pixels wide)
  // serves both encodings of this width.
  return normalise(small).copy_memory();
}

Result<std::vector<Encoded>> decode_and_encode(std::string_view bytes, ImageType type,
                                               UploadLimits const& limits) {
  Budget budget(limits.time_budget);
  // The blob points at the caller's bytes without copying them; the operation cache, which
  // could keep it past this call, is off (start_vips).
  BlobPtr blob(vips_blob_new(nullptr, bytes.data(), bytes.size()));
  VImage img;
  try {
    img = load(type, blob.get());
  } catch (vips::VError const&) {
    return invalid(msg::kDamaged);
  }

  int width = img.width();
  int height = frame_height(img);
  if (width > limits.max_pixels_side || height > limits.max_pixels_side)
    return Error{ErrorKind::TooLarge,
                 fmt::format(msg::kTooManyPixels, width, height, limits.max_pixels_side)};
  long long frame_pixels = static_cast<long long>(width) * height;
  if (frame_pixels > limits.max_pixels)
    return Error{ErrorKind::TooLarge, fmt::format(msg::kTooManyMegapixels, width, height,
                                                  megapixels(frame_pixels, Rounding::Up),
                                                  megapixels(limits.max_pixels, Rounding::Down))};
  long long max_pixels = std::min(
      limits.max_pixels, static_cast<long long>(limits.max_pixels_side) * limits.max_pixels_side);
  if (static_cast<long long>(img.width()) * img.height() > max_pixels)
    return Error{ErrorKind::TooLarge,
                 fmt::format(msg::kAnimationTooLarge, img.height() / height, width, height,
                             megapixels(max_pixels, Rounding::Down))};
  Animation animation = height == img.height() ? Animation::Still : Animation::Animated;

  budget.watch(img);
  try {
    // avg() reads every pixel: with fail_on, a cut-off or corrupt file fails here, before any
    // output is made. Random access (the default) keeps the decoded pixels for the save below.
    static_cast<void>(img.avg());
    img = normalise(img);
  } catch (vips::VError const&) {
    if (budget.expired()) return budget.error();
    return invalid(msg::kDamaged);
  }

  std::vector<int> widths = limits.widths;
  std::sort(widths.begin(), widths.end());
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());

  std::vector<Encoded> out;
  try {
    if (budget.expired()) return budget.error();
    out.push_back({"", type, img.width(), frame_height(img), encode(img, type)});
    int original_width = img.width();
    if (animation == Animation::Still) img = VImage();  // the decoded pixels are not needed now
    for (int w : widths) {
      if (w <= 0 || w >= original_width) continue;
      if (budget.expired()) return budget.error();
      // An animation's frames are resized from the decoded strip: thumbnail would load the
      // first frame only.
      VImage small = animation == Animation::Still
                         ? shrunk_load(blob.get(), w, budget)
                         : img.thumbnail_image(w, VImage::option()
                                                      ->set("height", kUnboundedHeight)
                                                      ->set("size", VIPS_SIZE_DOWN)
                                                      ->set("no_rotate", true));
      for (ImageType t : variant_types(type))
        out.push_back(
            {fmt::format("-{}", w), t, small.width(), frame_height(small), encode(small, t)});
    }
  } catch (vips::VError const&) {
    if (budget.expired()) return budget.error();
    return Error{ErrorKind::Internal, msg::kNotConverted};
  }
  if (budget.expired()) return budget.error();
  return out;
}

std::string file_name(std::string const& stem, Encoded const& e) {
  return fmt::format("{}{}.{}", stem, e.suffix, info(e.type).extension);
}

void remove_all(std::vector<fs::path> const& paths) {
  std::error_code ignored;
  for (auto const& p : paths) fs::remove(p, ignored);
}

Error save_failed(int err) {
  return Error{
      ErrorKind::Internal,
      fmt::format(msg::kNotSaved, std::error_code(err, std::generic_category()).message())};
}

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

// Claims every name of the set for one stem, or none: "x" mode (C11 7.21.5.3) creates a file
// only if it does not exist, so two uploads racing for a name cannot both get it. When one name
// is taken, the files made so far are removed and the next stem is tried. Returns the stem.
Result<std::string> write_files(fs::path const& dir, std::string const& slug,
                                std::vector<Encoded> const& files) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return save_failed(ec.value());

  for (int attempt = 1; attempt <= kMaxNameAttempts; ++attempt) {
    std::string stem = attempt == 1 ? slug : fmt::format("{}-{}", slug, attempt);
    std::vector<fs::path> created;
    std::vector<FilePtr> handles;
    bool taken = false;
    for (auto const& e : files) {
      fs::path path = dir / file_name(stem, e);
      std::FILE* f = std::fopen(path.c_str(), "wbx");
      if (f == nullptr) {
        int err = errno;
        remove_all(created);
        if (err != EEXIST) return save_failed(err);
        taken = true;
        break;
      }
      created.push_back(path);
      handles.emplace_back(f);
    }
    if (taken) continue;

    for (std::size_t i = 0; i < files.size(); ++i) {
      auto const& data = files[i].data;
      bool written = std::fwrite(data.data(), 1, data.size(), handles[i].get()) == data.size();
      // fclose flushes the buffer, so its result counts as much as fwrite's.
      bool closed = std::fclose(handles[i].release()) == 0;
      if (!written || !closed) {
        // A short write need not set errno; report it as an I/O error then.
        int err = errno != 0 ? errno : EIO;
        remove_all(created);
        return save_failed(err);
      }
    }
    return stem;
  }
  return Error{ErrorKind::Conflict, fmt::format(msg::kNoFreeName, slug)};
}

}  // namespace

void start_vips() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    if (VIPS_INIT("dossier") != 0) throw std::runtime_error("libvips failed to start");
    // One libvips thread per image: the media pool decides how many images run at once, and
    // libvips' default (one thread per core) let a single decode take every core from pages.
    vips_concurrency_set(kVipsThreadsPerImage);
    // Every upload is a different file, so a cached operation is never used again; the cache
    // would only keep decoded pixels (up to 120 MB an image) in memory after the upload.
    vips_cache_set_max(0);
  });
}

std::optional<std::string> sniff_image_type(std::string_view bytes) {
  auto type = detect(bytes);
  if (!type) return std::nullopt;
  return std::string(info(*type).mime);
}

Result<ProcessedImage> process_upload(std::string_view bytes, std::string const& base_name,
                                      fs::path const& media_dir, UnixTime now,
                                      UploadLimits const& limits) {
  if (bytes.empty()) return invalid(msg::kEmpty);
  if (bytes.size() > limits.max_bytes)
    return Error{ErrorKind::TooLarge,
                 fmt::format(msg::kTooLarge, describe_size(bytes.size(), Rounding::Up),
                             describe_size(limits.max_bytes, Rounding::Down))};
  auto type = detect(bytes);
  if (!type) return Error{ErrorKind::UnsupportedType, msg::kNotAnImage};
  if (*type == ImageType::Gif && !has_gif_trailer(bytes)) return invalid(msg::kDamaged);

  start_vips();
  auto encoded = decode_and_encode(bytes, *type, limits);
  if (!encoded) return encoded.error();

  std::string folder = month_folder(now);
  auto stem = write_files(media_dir / folder, stem_of(base_name), *encoded);
  if (!stem) return stem.error();

  auto relative = [&](Encoded const& e) { return folder + "/" + file_name(*stem, e); };
  auto const& original = encoded->front();
  ProcessedImage out;
  out.file = relative(original);
  out.mime = info(original.type).mime;
  out.width = original.width;
  out.height = original.height;
  out.bytes = static_cast<long long>(original.data.size());
  for (auto it = encoded->begin() + 1; it != encoded->end(); ++it)
    out.variants.push_back({relative(*it), info(it->type).mime, it->width, it->height,
                            static_cast<long long>(it->data.size())});
  return out;
}

Media media_of(ProcessedImage const& image, std::string const& original_name) {
  Media m;
  m.file = image.file;
  m.mime = image.mime;
  m.width = image.width;
  m.height = image.height;
  m.bytes = image.bytes;
  m.original_name = original_name.substr(0, kMaxOriginalName);
  for (auto const& var : image.variants)
    m.variants.push_back({var.file, var.mime, var.width, var.height});
  return m;
}

}  // namespace dossier::media
