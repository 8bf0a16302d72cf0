// process_upload and sniff_image_type: type by content, size and pixel limits, refusal of damaged
// files with nothing left on disk, variants and their sizes, metadata stripping, orientation and
// colour, animated GIFs, unique names (also under concurrent uploads). Every test image is made
// here with libvips, so no binary fixture is checked in.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <zlib.h>
#include <vips/vips8>

#include "core/time.hpp"
#include "media/upload.hpp"
#include "support/temp_dir.hpp"

namespace dossier::media {
namespace {

using vips::VImage;
namespace fs = std::filesystem;

constexpr char const* kNow = "2026-11-28T09:30:00Z";
constexpr char const* kMonth = "2026/11/";
constexpr char const* kDamaged = "The image could not be read: the file is damaged or incomplete.";

std::string take(VipsBlob* blob) {
  std::string out(static_cast<char const*>(VIPS_AREA(blob)->data), VIPS_AREA(blob)->length);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

// A colour gradient: unlike a flat image it has detail for the encoders to keep, so truncated
// files really lose pixel data.
VImage gradient(int width, int height) {
  VImage xy = VImage::xyz(width, height);
  VImage r = xy[0] * (255.0 / width);
  VImage g = xy[1] * (255.0 / height);
  VImage b = (xy[0] + xy[1]) * (255.0 / (width + height));
  return VImage::bandjoin({r, g, b})
      .cast(VIPS_FORMAT_UCHAR)
      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

std::string jpeg(VImage const& img) {
  return take(img.jpegsave_buffer());
}
std::string png(VImage const& img) {
  return take(img.pngsave_buffer());
}
std::string webp(VImage const& img) {
  return take(img.webpsave_buffer());
}
std::string gif(VImage const& img) {
  return take(img.gifsave_buffer());
}

// Three visibly different frames of width x frame_height, as one animated GIF.
std::string animated_gif(int width, int frame_height) {
  std::vector<VImage> frames;
  for (int i = 0; i < 3; ++i) frames.push_back(gradient(width, frame_height).invert() * 0.3 * i);
  VImage strip = VImage::arrayjoin(frames, VImage::option()->set("across", 1))
                     .cast(VIPS_FORMAT_UCHAR)
                     .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  strip.set("page-height", frame_height);
  return gif(strip);
}

void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

// A PNG chunk (RFC 2083, 3.2): length, type, data, and the CRC-32 of type and data.
std::string png_chunk(std::string const& type, std::string const& data) {
  std::string out;
  append_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string body = type + data;
  out += body;
  append_be32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<Bytef const*>(body.data()),
                                                    static_cast<uInt>(body.size()))));
  return out;
}

// A PNG whose header declares width x height RGB pixels but whose data holds one pixel: any
// decoder reading the pixels finds it cut off.
std::string png_claiming(int width, int height) {
  std::string ihdr;
  append_be32(ihdr, static_cast<std::uint32_t>(width));
  append_be32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, filters, no interlace
  std::string row(4, '\0');                        // filter byte and one pixel
  uLongf size = compressBound(static_cast<uLong>(row.size()));
  std::string idat(size, '\0');
  compress(reinterpret_cast<Bytef*>(idat.data()), &size, reinterpret_cast<Bytef const*>(row.data()),
           static_cast<uLong>(row.size()));
  idat.resize(size);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) +
         png_chunk("IEND", "");
}

std::string read_file(fs::path const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int pages(VImage const& img) {
  return vips_image_get_n_pages(img.get_image());
}
int page_height(VImage const& img) {
  return vips_image_get_page_height(img.get_image());
}

class UploadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_vips(); }

  Result<ProcessedImage> upload(std::string const& bytes, std::string const& name,
                                UploadLimits const& limits = {}) const {
    return process_upload(bytes, name, dir_.path(), *parse_rfc3339(kNow), limits);
  }

  fs::path path_of(std::string const& rel) const { return dir_.path() / rel; }

  // Opens a stored file; all_frames reads every frame of a GIF or WebP animation.
  VImage open(std::string const& rel, bool all_frames = false) const {
    auto options = VImage::option();
    if (all_frames) options->set("n", -1);
    return VImage::new_from_file(path_of(rel).c_str(), options);
  }

  bool nothing_written() const { return fs::is_empty(dir_.path()); }

  // Checks that a result entry names a file on disk of that type, size and pixel dimensions.
  void expect_stored(std::string const& rel, std::string const& mime, int width, int height,
                     long long bytes) const {
    SCOPED_TRACE(rel);
    ASSERT_TRUE(fs::is_regular_file(path_of(rel)));
    EXPECT_EQ(static_cast<long long>(fs::file_size(path_of(rel))), bytes);
    EXPECT_EQ(sniff_image_type(read_file(path_of(rel))), mime);
    VImage img = open(rel);
    EXPECT_EQ(img.width(), width);
    EXPECT_EQ(img.height(), height);
  }

  test::TempDir dir_;
};

TEST(UploadSniff, RecognisesEachTypeByItsContent) {
  start_vips();
  VImage img = gradient(64, 48);
  EXPECT_EQ(sniff_image_type(jpeg(img)), "image/jpeg");
  EXPECT_EQ(sniff_image_type(png(img)), "image/png");
  EXPECT_EQ(sniff_image_type(gif(img)), "image/gif");
  EXPECT_EQ(sniff_image_type(webp(img)), "image/webp");
  EXPECT_EQ(sniff_image_type("GIF87a\x40\x00\x30\x00"), "image/gif");
}

TEST(UploadSniff, RefusesEverythingElse) {
  using namespace std::string_literals;
  EXPECT_EQ(sniff_image_type(""), std::nullopt);
  EXPECT_EQ(sniff_image_type("hello, world"), std::nullopt);
  EXPECT_EQ(sniff_image_type("%PDF-1.7\n"), std::nullopt);
  EXPECT_EQ(sniff_image_type("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), std::nullopt);
  EXPECT_EQ(sniff_image_type("BM\x36\x00\x0c\x00"), std::nullopt);
  // A RIFF container of another kind (WAVE audio) is not WebP.
  EXPECT_EQ(sniff_image_type("RIFF\x24\x00\x00\x00WAVEfmt "s), std::nullopt);
  // Cut-off signatures and a PNG signature with its line-ending check byte changed.
  EXPECT_EQ(sniff_image_type("\xFF\xD8"), std::nullopt);
  EXPECT_EQ(sniff_image_type("\x89PNG\r\n\x1A"), std::nullopt);
  EXPECT_EQ(sniff_image_type("\x89PNG\n\n\x1A\n"), std::nullopt);
  EXPECT_EQ(sniff_image_type("GIF88a"), std::nullopt);
  EXPECT_EQ(sniff_image_type("RIFF\x24\x00\x00\x00WEB"s), std::nullopt);
}

TEST_F(UploadTest, JpegGetsOriginalAndWebpAndJpegVariantsKeepingTheAspect) {
  auto result = upload(jpeg(gradient(2000, 1200)), "Geneva talks.JPG");
  ASSERT_TRUE(result.ok()) << result.error().message;

  EXPECT_EQ(result->file, "2026/11/geneva-talks.jpg");
  EXPECT_EQ(result->mime, "image/jpeg");
  EXPECT_EQ(result->width, 2000);
  EXPECT_EQ(result->height, 1200);
  expect_stored(result->file, "image/jpeg", 2000, 1200, result->bytes);

  struct Expected {
    std::string file;
    std::string mime;
    int width;
    int height;
  };
  std::vector<Expected> expected = {
      {"2026/11/geneva-talks-400.webp", "image/webp", 400, 240},
      {"2026/11/geneva-talks-400.jpg", "image/jpeg", 400, 240},
      {"2026/11/geneva-talks-800.webp", "image/webp", 800, 480},
      {"2026/11/geneva-talks-800.jpg", "image/jpeg", 800, 480},
      {"2026/11/geneva-talks-1600.webp", "image/webp", 1600, 960},
      {"2026/11/geneva-talks-1600.jpg", "image/jpeg", 1600, 960},
  };
  ASSERT_EQ(result->variants.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto const& v = result->variants[i];
    EXPECT_EQ(v.file, expected[i].file);
    EXPECT_EQ(v.mime, expected[i].mime);
    EXPECT_EQ(v.width, expected[i].width);
    EXPECT_EQ(v.height, expected[i].height);
    expect_stored(v.file, expected[i].mime, expected[i].width, expected[i].height, v.bytes);
  }
}

TEST_F(UploadTest, SmallPngGetsOnlyTheNarrowerVariants) {
  auto result = upload(png(gradient(600, 300)), "chart.png");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->file, "2026/11/chart.png");
  ASSERT_EQ(result->variants.size(), 2u);
  EXPECT_EQ(result->variants[0].file, "2026/11/chart-400.webp");
  EXPECT_EQ(result->variants[1].file, "2026/11/chart-400.png");
  for (auto const& v : result->variants) expect_stored(v.file, v.mime, 400, 200, v.bytes);
  EXPECT_FALSE(fs::exists(path_of("2026/11/chart-800.webp")));
  EXPECT_FALSE(fs::exists(path_of("2026/11/chart-800.png")));
}

TEST_F(UploadTest, VariantAsWideAsTheOriginalIsSkipped) {
  UploadLimits limits;
  limits.widths = {800, 400, 400};
  auto result = upload(jpeg(gradient(800, 400)), "wide", limits);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->variants.size(), 2u);
  EXPECT_EQ(result->variants[0].width, 400);
  EXPECT_EQ(result->variants[1].width, 400);
}

TEST_F(UploadTest, TypeComesFromTheContentNotTheName) {
  auto result = upload(png(gradient(500, 250)), "chart.jpg");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->file, "2026/11/chart.png");
  EXPECT_EQ(result->mime, "image/png");
  expect_stored(result->file, "image/png", 500, 250, result->bytes);
  ASSERT_EQ(result->variants.size(), 2u);
  EXPECT_EQ(result->variants[1].file, "2026/11/chart-400.png");
  EXPECT_EQ(result->variants[1].mime, "image/png");
  EXPECT_FALSE(fs::exists(path_of("2026/11/chart.jpg")));
}

TEST_F(UploadTest, RefusesTooManyBytesBeforeLookingAtThem) {
  UploadLimits limits;
  limits.max_bytes = 1000;
  auto result = upload(jpeg(gradient(400, 300)), "big.jpg", limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, SizeMessageRoundsTheFileUpAndTheLimitDown) {
  // 26,528,000 bytes are 25.299 MB: shown as 25.3 MB, never as the 25 MB it is not under.
  auto result = upload(std::string(26'528'000, '\0'), "huge.jpg");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message, "The file is 25.3 MB; the limit is 20 MB.");

  UploadLimits limits;
  limits.max_bytes = 1500;
  auto small = upload(std::string(2000, '\0'), "x.jpg", limits);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().message, "The file is 2 KB; the limit is 1.4 KB.");
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, RefusesTooManyPixelsFromTheHeader) {
  UploadLimits limits;
  limits.max_pixels_side = 1500;
  auto result = upload(jpeg(gradient(2000, 1000)), "wide.jpg", limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message,
            "The image is 2000 × 1000 pixels; the limit is 1500 pixels on each side.");
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, RefusesMorePixelsThanTheBudgetFromTheHeader) {
  UploadLimits limits;
  limits.max_pixels = 2'000'000;
  auto result = upload(jpeg(gradient(2000, 1200)), "wide.jpg", limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message,
            "The image is 2000 × 1200 pixels (2.4 megapixels); the limit is 2 megapixels.");
  EXPECT_TRUE(nothing_written());
  // Exactly the budget passes.
  limits.max_pixels = 2000 * 1200;
  EXPECT_TRUE(upload(jpeg(gradient(2000, 1200)), "wide.jpg", limits).ok());
}

TEST_F(UploadTest, TheDefaultPixelBudgetRefusesBeforeDecoding) {
  // The file is cut off after one pixel: decoding it would find it damaged (the control below).
  // Refused as too large, and at once, it was judged by its header alone.
  auto started = std::chrono::steady_clock::now();
  auto result = upload(png_claiming(8000, 8000), "bomb.png");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message,
            "The image is 8000 × 8000 pixels (64 megapixels); the limit is 40 megapixels.");
  EXPECT_LT(took, std::chrono::seconds(1));
  EXPECT_TRUE(nothing_written());

  auto small = upload(png_claiming(800, 800), "cut.png");
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(small.error().message, kDamaged);
}

TEST_F(UploadTest, AnImageOverItsTimeBudgetIsStoppedAndNothingIsWritten) {
  VImage big = gradient(4000, 4000);
  std::string bytes = take(big.pngsave_buffer(VImage::option()->set("compression", 1)));
  using Clock = std::chrono::steady_clock;
  // How long decoding alone takes on this machine now, for comparison.
  auto started = Clock::now();
  static_cast<void>(VImage::new_from_buffer(bytes, "").avg());
  auto decode = Clock::now() - started;

  UploadLimits limits;
  limits.time_budget = std::chrono::milliseconds(1);
  started = Clock::now();
  auto result = upload(bytes, "slow.png", limits);
  auto refused_after = Clock::now() - started;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message,
            "The image could not be converted within 0.001 seconds, the limit for one image. "
            "Please upload a smaller or simpler file.");
  EXPECT_TRUE(nothing_written());
  // Stopped inside the decoding (libvips' kill flag), not after it: a check between steps
  // alone would have let the whole decode run first.
  EXPECT_LT(refused_after, decode / 2)
      << std::chrono::duration<double, std::milli>(refused_after).count() << " ms against "
      << std::chrono::duration<double, std::milli>(decode).count() << " ms to decode";

  // With its default budget the same file goes through.
  EXPECT_TRUE(upload(bytes, "slow.png").ok());
}

TEST_F(UploadTest, RefusesWhatIsNotAnImageWhateverItsName) {
  auto result = upload("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "scan.jpg");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::UnsupportedType);
  EXPECT_EQ(result.error().message,
            "This file is not a JPEG, PNG, WebP or GIF image (its content says otherwise, "
            "whatever its name).");
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, RefusesAnEmptyFile) {
  auto result = upload("", "nothing.jpg");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, RefusesTruncatedFilesOfEachType) {
  VImage img = gradient(800, 600);
  std::vector<std::pair<char const*, std::string>> files = {
      {"jpeg", jpeg(img)}, {"png", png(img)}, {"webp", webp(img)}, {"gif", gif(img)}};
  for (auto const& [type, bytes] : files) {
    SCOPED_TRACE(type);
    auto result = upload(bytes.substr(0, bytes.size() / 2), "cut");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::Invalid);
    EXPECT_EQ(result.error().message, kDamaged);
    EXPECT_TRUE(nothing_written());
  }
}

TEST_F(UploadTest, RefusesAnAnimationCutBetweenFrames) {
  // The GIF decoder itself accepts this file, showing only the frames before the cut.
  std::string bytes = animated_gif(400, 200);
  auto result = upload(bytes.substr(0, bytes.size() / 2), "cut.gif");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(result.error().message, kDamaged);
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, RefusesRandomBytesBehindAJpegSignature) {
  std::string bytes = "\xFF\xD8\xFF";
  std::mt19937 random(42);
  for (int i = 0; i < 20000; ++i) bytes.push_back(static_cast<char>(random() & 0xFF));
  ASSERT_EQ(sniff_image_type(bytes), "image/jpeg");
  auto result = upload(bytes, "photo.jpg");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(result.error().message, kDamaged);
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, StripsExifWithTheGpsPosition) {
  VImage img = gradient(1000, 600).copy();
  img.set("exif-ifd3-GPSLatitude", "46/1 12/1 3000/100");
  img.set("exif-ifd3-GPSLatitudeRef", "N");
  img.set("exif-ifd0-ImageDescription", "Source's flat, Geneva");
  std::string bytes = jpeg(img);
  // The input really carries the position, or the test below would prove nothing.
  VImage input = VImage::new_from_buffer(bytes, "");
  ASSERT_NE(input.get_typeof("exif-data"), 0u);
  ASSERT_NE(input.get_typeof("exif-ifd3-GPSLatitude"), 0u);

  auto result = upload(bytes, "source.jpg");
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::vector<std::string> files = {result->file};
  for (auto const& v : result->variants) files.push_back(v.file);
  ASSERT_EQ(files.size(), 5u);
  for (auto const& file : files) {
    SCOPED_TRACE(file);
    VImage out = open(file);
    EXPECT_EQ(out.get_typeof("exif-data"), 0u);
    EXPECT_EQ(out.get_typeof("exif-ifd3-GPSLatitude"), 0u);
    EXPECT_EQ(out.get_typeof("exif-ifd0-ImageDescription"), 0u);
  }
  EXPECT_EQ(read_file(path_of(result->file)).find("Geneva"), std::string::npos);
}

TEST_F(UploadTest, TurnsPhotosUprightBeforeDroppingTheOrientationTag) {
  // Orientation 6: the camera was turned, viewers rotate the 600 x 400 pixels by 90 degrees.
  VImage img = gradient(600, 400).copy();
  img.set("orientation", 6);
  UploadLimits limits;
  limits.widths = {200};
  auto result = upload(jpeg(img), "portrait.jpg", limits);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->width, 400);
  EXPECT_EQ(result->height, 600);
  expect_stored(result->file, "image/jpeg", 400, 600, result->bytes);
  ASSERT_EQ(result->variants.size(), 2u);
  EXPECT_EQ(result->variants[0].width, 200);
  EXPECT_EQ(result->variants[0].height, 300);
}

TEST_F(UploadTest, ConvertsCmykToSrgbBeforeDroppingTheProfile) {
  VImage cmyk = gradient(500, 300).icc_transform("cmyk");
  ASSERT_EQ(cmyk.bands(), 4);
  auto result = upload(jpeg(cmyk), "print.jpg");
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::vector<std::string> files = {result->file};
  for (auto const& v : result->variants) files.push_back(v.file);
  ASSERT_EQ(files.size(), 3u);  // the variants come from their own, shrunk load of the file
  for (auto const& file : files) {
    SCOPED_TRACE(file);
    VImage out = open(file);
    EXPECT_EQ(out.bands(), 3);
    EXPECT_EQ(out.interpretation(), VIPS_INTERPRETATION_sRGB);
    EXPECT_EQ(out.get_typeof(VIPS_META_ICC_NAME), 0u);
  }
}

TEST_F(UploadTest, KeepsGifAnimationAndMakesWebpVariantsOnly) {
  UploadLimits limits;
  limits.widths = {300};
  auto result = upload(animated_gif(600, 200), "Loop.gif", limits);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->file, "2026/11/loop.gif");
  EXPECT_EQ(result->mime, "image/gif");
  EXPECT_EQ(result->width, 600);
  EXPECT_EQ(result->height, 200);
  VImage original = open(result->file, true);
  EXPECT_EQ(pages(original), 3);
  EXPECT_EQ(page_height(original), 200);

  ASSERT_EQ(result->variants.size(), 1u);
  auto const& v = result->variants[0];
  EXPECT_EQ(v.file, "2026/11/loop-300.webp");
  EXPECT_EQ(v.mime, "image/webp");
  EXPECT_EQ(v.width, 300);
  EXPECT_EQ(v.height, 100);
  VImage variant = open(v.file, true);
  EXPECT_EQ(pages(variant), 3);
  EXPECT_EQ(page_height(variant), 100);
}

TEST_F(UploadTest, RefusesAnAnimationWithTooManyPixelsOverAllFrames) {
  UploadLimits limits;
  limits.max_pixels_side = 500;  // 250,000 pixels; three frames of 400 x 300 hold 360,000.
  auto result = upload(animated_gif(400, 300), "loop.gif", limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::TooLarge);
  EXPECT_EQ(result.error().message,
            "The animation has 3 frames of 400 × 300 pixels; the limit is 0.25 megapixels over "
            "all frames.");
  EXPECT_TRUE(nothing_written());
}

TEST_F(UploadTest, SlugsTheNameAndFilesByMonth) {
  auto january = *parse_rfc3339("2027-01-05T00:10:00Z");
  auto result = process_upload(jpeg(gradient(300, 200)), "../../Genève Talks (final).JPEG",
                               dir_.path(), january, UploadLimits{});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->file, "2027/01/geneve-talks-final.jpg");
  EXPECT_TRUE(fs::is_regular_file(path_of("2027/01/geneve-talks-final.jpg")));

  auto unnamed = upload(jpeg(gradient(300, 200)), ".jpg");
  ASSERT_TRUE(unnamed.ok()) << unnamed.error().message;
  EXPECT_EQ(unnamed->file, std::string(kMonth) + "untitled.jpg");
}

TEST_F(UploadTest, CollidingNamesGetANumber) {
  std::string bytes = jpeg(gradient(500, 300));
  auto first = upload(bytes, "Press photo.jpg");
  auto second = upload(bytes, "press photo.jpeg");
  auto third = upload(bytes, "PRESS-PHOTO.jpg");
  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  EXPECT_EQ(first->file, "2026/11/press-photo.jpg");
  EXPECT_EQ(second->file, "2026/11/press-photo-2.jpg");
  EXPECT_EQ(third->file, "2026/11/press-photo-3.jpg");
  ASSERT_EQ(second->variants.size(), 2u);
  EXPECT_EQ(second->variants[0].file, "2026/11/press-photo-2-400.webp");
  EXPECT_EQ(second->variants[1].file, "2026/11/press-photo-2-400.jpg");
  for (auto const* r : {&first, &second, &third}) {
    EXPECT_TRUE(fs::is_regular_file(path_of((*r)->file)));
    for (auto const& v : (*r)->variants) EXPECT_TRUE(fs::is_regular_file(path_of(v.file)));
  }
}

TEST_F(UploadTest, NameIsTakenWhenAnyFileOfTheSetExists) {
  // Another image's file holds one of the variant names: the whole set moves to "-2", and the
  // names claimed before the clash was found are given back.
  dir_.write(std::string(kMonth) + "portrait-400.jpg", "someone else's picture");
  auto result = upload(jpeg(gradient(500, 300)), "portrait.jpg");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->file, "2026/11/portrait-2.jpg");
  EXPECT_FALSE(fs::exists(path_of("2026/11/portrait.jpg")));
  EXPECT_FALSE(fs::exists(path_of("2026/11/portrait-400.webp")));
  EXPECT_EQ(read_file(path_of("2026/11/portrait-400.jpg")), "someone else's picture");
}

TEST_F(UploadTest, ConcurrentUploadsOfOneNameNeverShareAFile) {
  constexpr int kUploads = 8;
  std::string bytes = jpeg(gradient(300, 200));
  UploadLimits limits;
  limits.widths = {100};
  std::vector<std::string> files(kUploads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kUploads; ++i)
    threads.emplace_back([&, i] {
      auto result = upload(bytes, "same.jpg", limits);
      if (result.ok()) files[i] = result->file;
    });
  for (auto& t : threads) t.join();

  std::set<std::string> distinct(files.begin(), files.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kUploads));
  EXPECT_EQ(distinct.count(""), 0u);
  for (auto const& f : distinct) EXPECT_TRUE(fs::is_regular_file(path_of(f))) << f;
  int stored = 0;
  for (auto const& entry : fs::recursive_directory_iterator(dir_.path()))
    stored += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(stored, kUploads * 3);
}

}  // namespace
}  // namespace dossier::media
