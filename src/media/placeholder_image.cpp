#include "media/placeholder_image.hpp"
#include "media/media.hpp"

#include <array>
#include <mutex>

#include <fmt/format.h>
#include <vips/vips8>

namespace dossier::media {

namespace {

constexpr int kMargin = 72;

std::optional<std::array<double, 3>> parse_hex(std::string const& text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  std::array<double, 3> rgb{};
  for (int i = 0; i < 3; ++i) {
    int v = 0;
    for (int k = 0; k < 2; ++k) {
      char c = text[1 + i * 2 + k];
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    rgb[i] = v;
  }
  return rgb;
}

void ensure_vips() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    if (VIPS_INIT("dossier") != 0) throw std::runtime_error("libvips failed to start");
  });
}

}  // namespace

Result<Media> make_placeholder_image(std::filesystem::path const& media_dir,
                                     std::string const& rel_path, PlaceholderSpec const& spec) {
  auto from = parse_hex(spec.color_from);
  auto to = parse_hex(spec.color_to);
  if (!from || !to)
    return invalid(
        fmt::format("'{}' / '{}' are not #rrggbb colours", spec.color_from, spec.color_to));
  ensure_vips();
  using vips::VImage;
  try {
    int w = spec.width, h = spec.height;
    // A diagonal gradient: t runs from 0 at the top left to 1 at the bottom right.
    VImage xy = VImage::xyz(w, h);
    VImage t = (xy[0] / static_cast<double>(w) + xy[1] / static_cast<double>(h)) / 2.0;
    std::vector<VImage> bands;
    for (int i = 0; i < 3; ++i) bands.push_back(t * ((*to)[i] - (*from)[i]) + (*from)[i]);
    VImage img = VImage::bandjoin(bands);
    if (!spec.label.empty()) {
      VImage text = VImage::text(
          spec.label.c_str(),
          VImage::option()->set("font", "DejaVu Sans Bold 64")->set("width", w - 2 * kMargin));
      VImage mask = text.embed(kMargin, h - text.height() - kMargin, w, h) / 255.0;
      img = img * (1.0 - mask) + mask * 255.0;
    }
    img = img.cast(VIPS_FORMAT_UCHAR)
              .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
    auto path = media_dir / rel_path;
    std::filesystem::create_directories(path.parent_path());
    img.jpegsave(path.c_str(), VImage::option()->set("Q", kJpegQuality)->set("strip", true));
    Media m;
    m.file = rel_path;
    m.mime = "image/jpeg";
    m.width = w;
    m.height = h;
    m.bytes = static_cast<long long>(std::filesystem::file_size(path));
    return m;
  } catch (vips::VError const& e) {
    return Error{ErrorKind::Internal, fmt::format("cannot draw {}: {}", rel_path, e.what())};
  }
}

}  // namespace dossier::media
