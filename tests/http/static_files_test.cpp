// Static files: the path-segment guard, serve_file below a root, fingerprinted theme assets.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "http/static_files.hpp"
#include "support/temp_dir.hpp"

namespace dossier::http {
namespace {

namespace fs = std::filesystem;

TEST(SafeSegment, AcceptsOrdinaryNames) {
  EXPECT_TRUE(is_safe_segment("style.css"));
  EXPECT_TRUE(is_safe_segment("2026"));
  EXPECT_TRUE(is_safe_segment("photo-1.jpg"));
}

TEST(SafeSegment, RejectsTraversalAndHiddenNames) {
  EXPECT_FALSE(is_safe_segment(""));
  EXPECT_FALSE(is_safe_segment("."));
  EXPECT_FALSE(is_safe_segment(".."));
  EXPECT_FALSE(is_safe_segment(".env"));
  EXPECT_FALSE(is_safe_segment("a/b"));
  EXPECT_FALSE(is_safe_segment("a\\b"));
  EXPECT_FALSE(is_safe_segment("..\\x"));
}

TEST(SafeSegment, RejectsControlCharacters) {
  EXPECT_FALSE(is_safe_segment(std::string("a\0b", 3)));
  EXPECT_FALSE(is_safe_segment("a\nb"));
  EXPECT_FALSE(is_safe_segment("a\tb"));
  EXPECT_FALSE(is_safe_segment("a\x7f"));
}

class ServeFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("media/2026/photo.jpg", "JPEGDATA");
    dir_.write("media/notes.txt", "hello");
    dir_.write("media/.secret", "hidden");
    dir_.write("outside.txt", "outside the root");
  }
  fs::path root() const { return dir_.path() / "media"; }
  test::TempDir dir_{"dossier-static"};
};

TEST_F(ServeFile, ServesARealFileWithItsType) {
  auto r = serve_file(root(), "2026/photo.jpg");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "JPEGDATA");
  EXPECT_EQ(r->content_type, "image/jpeg");
  EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(r->header("Cache-Control").empty());

  auto t = serve_file(root(), "notes.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->content_type, "text/plain; charset=utf-8");
}

TEST_F(ServeFile, RefusesTraversal) {
  EXPECT_FALSE(serve_file(root(), "../outside.txt"));
  EXPECT_FALSE(serve_file(root(), "2026/../../outside.txt"));
  EXPECT_FALSE(serve_file(root(), "./notes.txt"));
  EXPECT_FALSE(serve_file(root(), "/etc/passwd"));
  EXPECT_FALSE(serve_file(root(), "2026//photo.jpg"));
}

TEST_F(ServeFile, RefusesDotfilesDirectoriesAndMissingFiles) {
  EXPECT_FALSE(serve_file(root(), ".secret"));
  EXPECT_FALSE(serve_file(root(), "2026"));
  EXPECT_FALSE(serve_file(root(), ""));
  EXPECT_FALSE(serve_file(root(), "missing.jpg"));
}

TEST_F(ServeFile, RefusesSymlinks) {
  std::error_code ec;
  fs::create_symlink(dir_.path() / "outside.txt", root() / "link.txt", ec);
  if (ec) GTEST_SKIP() << "cannot create a symlink here: " << ec.message();
  EXPECT_FALSE(serve_file(root(), "link.txt"));
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.SVG"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.webp"), "image/webp");
  EXPECT_EQ(content_type_for("a.exe"), "application/octet-stream");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

class Assets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("assets/style.css", "body { color: black; }");
    dir_.write("assets/icon.svg", "<svg/>");
    dir_.write("assets/.hidden.css", "x");
    assets_ = StaticAssets::load(dir_.path() / "assets");
  }
  test::TempDir dir_{"dossier-assets"};
  StaticAssets assets_;
};

TEST_F(Assets, UrlForIsFingerprinted) {
  auto url = assets_.url_for("style.css");
  EXPECT_TRUE(std::regex_match(url, std::regex("/static/style\\.[0-9a-f]{8}\\.css"))) << url;
  EXPECT_NE(url, assets_.url_for("icon.svg"));
  // Unknown names are left plain.
  EXPECT_EQ(assets_.url_for("missing.css"), "/static/missing.css");
}

TEST_F(Assets, FingerprintFollowsTheContent) {
  test::TempDir other("dossier-assets");
  other.write("assets/style.css", "body { color: red; }");
  auto changed = StaticAssets::load(other.path() / "assets");
  EXPECT_NE(changed.url_for("style.css"), assets_.url_for("style.css"));
}

TEST_F(Assets, FingerprintedNameIsImmutable) {
  auto name = assets_.url_for("style.css").substr(std::string("/static/").size());
  auto r = assets_.serve(name);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "body { color: black; }");
  EXPECT_EQ(r->content_type, "text/css; charset=utf-8");
  auto cache = std::string(r->header("Cache-Control"));
  EXPECT_NE(cache.find("immutable"), std::string::npos) << cache;
  EXPECT_NE(cache.find("max-age=31536000"), std::string::npos) << cache;
}

TEST_F(Assets, PlainNameIsRevalidated) {
  auto r = assets_.serve("style.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "body { color: black; }");
  EXPECT_EQ(r->header("Cache-Control"), "no-cache");
}

TEST_F(Assets, UnknownAndHiddenNamesAreNotServed) {
  EXPECT_FALSE(assets_.serve("missing.css"));
  EXPECT_FALSE(assets_.serve("style.00000000.css"));
  EXPECT_FALSE(assets_.serve(".hidden.css"));
  EXPECT_FALSE(assets_.serve("../assets/style.css"));
}

TEST(AssetsLoad, MissingDirectoryGivesNoAssets) {
  auto assets = StaticAssets::load("/nonexistent/dossier/assets");
  EXPECT_FALSE(assets.serve("style.css"));
  EXPECT_EQ(assets.url_for("style.css"), "/static/style.css");
}

}  // namespace
}  // namespace dossier::http
