// The media library over its routes, in-process: uploads of good, oversized, mislabelled and
// corrupt files (each refused with a clear message and nothing stored), editing, and
// deleting (refused while an article shows the image).
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <vips/vips8>

#include "media/media_store.hpp"
#include "media/upload.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::media {
namespace {

std::string jpeg_of(int width, int height) {
  start_vips();
  auto image = vips::VImage::black(width, height, vips::VImage::option()->set("bands", 3)) + 90;
  void* buf = nullptr;
  std::size_t size = 0;
  image.cast(VIPS_FORMAT_UCHAR).write_to_buffer(".jpg", &buf, &size);
  std::string out(static_cast<char*>(buf), size);
  g_free(buf);
  return out;
}

std::string png_of(int width, int height) {
  start_vips();
  auto image = vips::VImage::black(width, height) + 200;
  void* buf = nullptr;
  std::size_t size = 0;
  image.cast(VIPS_FORMAT_UCHAR).write_to_buffer(".png", &buf, &size);
  std::string out(static_cast<char*>(buf), size);
  g_free(buf);
  return out;
}

class MediaHandlersTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  MediaHandlersTest() : NewsroomStack("dossier-media-http") {
    add_user("author@example.org", auth::Role::Author);
    add_user("other@example.org", auth::Role::Author);
    add_user("editor@example.org", auth::Role::Editor);
  }

  http::Response upload(Client& c, std::string const& csrf, std::string const& filename,
                        std::string const& bytes, std::string const& alt = "Alt text") {
    std::string b =
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf +
        "\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n" + alt +
        "\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nA caption"
        "\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"credit\"\r\n\r\nPhoto: Desk"
        "\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
        filename + "\"\r\nContent-Type: image/jpeg\r\n\r\n" + bytes + "\r\n--BOUNDARY--\r\n";
    return request(c, http::Method::Post, "/admin/media", b,
                   "multipart/form-data; boundary=BOUNDARY");
  }

  long long rows() {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM media", soci::into(n);
    return n;
  }

  std::size_t files() {
    std::size_t n = 0;
    auto dir = dir_.path() / "media";
    if (!std::filesystem::exists(dir)) return 0;
    for (auto const& e : std::filesystem::recursive_directory_iterator(dir))
      n += e.is_regular_file();
    return n;
  }
};

TEST_F(MediaHandlersTest, AGoodUploadIsStoredWithItsSizes) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto r = upload(c, csrf, "Harbour at dawn.jpg", jpeg_of(1000, 500));
  ASSERT_EQ(r.status, 303) << r.body;
  auto id = parse_id(
      std::string(r.header("Location")).substr(std::string("/admin/media?uploaded=").size()));
  ASSERT_TRUE(id);
  soci::session sql(db_->pool());
  auto m = MediaStore::find(sql, *id);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->mime, "image/jpeg");
  EXPECT_EQ(m->width, 1000);
  EXPECT_EQ(m->caption, "A caption");
  EXPECT_EQ(m->credit, "Photo: Desk");
  EXPECT_EQ(m->original_name, "Harbour at dawn.jpg");
  EXPECT_EQ(m->variants.size(), 4u);  // 400 and 800, WebP and JPEG
  for (auto const& v : m->variants)
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "media" / v.file));
  auto page = get(c, "/admin/media");
  EXPECT_NE(page.body.find("Number " + std::to_string(*id)), std::string::npos);
  EXPECT_NE(get(c, "/admin/media?q=harbour").body.find("Harbour at dawn.jpg"), std::string::npos);
  EXPECT_NE(get(c, "/admin/media?q=nothing-like-it").body.find("No image matches"),
            std::string::npos);
}

TEST_F(MediaHandlersTest, BadFilesAreRefusedAndNothingIsStored) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto jpeg = jpeg_of(600, 400);
  struct Case {
    std::string name;
    std::string bytes;
    int status;
    std::string words;
  };
  std::vector<Case> cases{
      {"big.jpg", std::string(kTestUploadLimit + 1, 'x'), 413, "limit"},
      {"report.jpg", "%PDF-1.7 this is not an image at all", 415, "not a JPEG, PNG, WebP or GIF"},
      {"cut.jpg", jpeg.substr(0, jpeg.size() / 2), 400, "damaged"},
      {"empty.jpg", "", 400, "Choose an image"},
  };
  for (auto const& k : cases) {
    auto r = upload(c, csrf, k.name, k.bytes);
    EXPECT_EQ(r.status, k.status) << k.name;
    EXPECT_NE(r.body.find(k.words), std::string::npos) << k.name << ": " << r.body.substr(0, 200);
  }
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(files(), 0u);
}

TEST_F(MediaHandlersTest, TheTypeComesFromTheContentNotTheName) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  ASSERT_EQ(upload(c, csrf, "photo.jpg", png_of(300, 200)).status, 303);
  soci::session sql(db_->pool());
  std::string mime, file;
  sql << "SELECT mime, file FROM media", soci::into(mime), soci::into(file);
  EXPECT_EQ(mime, "image/png");
  EXPECT_TRUE(file.ends_with(".png")) << file;
}

TEST_F(MediaHandlersTest, UploadsNeedTheCsrfToken) {
  Client c;
  sign_in(c, "author@example.org");
  EXPECT_EQ(upload(c, "forged", "a.jpg", jpeg_of(100, 100)).status, 403);
  EXPECT_EQ(rows(), 0);
}

TEST_F(MediaHandlersTest, OnlyTheUploaderOrAnEditorChangesAnImageAndUsedOnesStay) {
  Client owner, other, editor;
  auto owner_csrf = sign_in(owner, "author@example.org");
  auto other_csrf = sign_in(other, "other@example.org");
  auto editor_csrf = sign_in(editor, "editor@example.org");
  auto r = upload(owner, owner_csrf, "map.png", png_of(500, 300));
  auto id = std::string(r.header("Location")).substr(std::string("/admin/media?uploaded=").size());
  EXPECT_EQ(post(other, "/admin/media/" + id, {{"_csrf", other_csrf}, {"alt", "hijacked"}}).status,
            403);
  EXPECT_EQ(post(other, "/admin/media/" + id + "/delete", {{"_csrf", other_csrf}}).status, 403);
  EXPECT_EQ(post(owner, "/admin/media/" + id,
                 {{"_csrf", owner_csrf},
                  {"alt", "A map of the region"},
                  {"caption", "c"},
                  {"credit", "d"}})
                .status,
            303);
  // An article shows it: deleting is refused and says where it is used.
  auto made = post(editor, "/admin/articles",
                   {{"_csrf", editor_csrf},
                    {"title", "Mapped"},
                    {"kind", "news"},
                    {"hero_media_id", id},
                    {"action", "publish"}});
  ASSERT_EQ(made.status, 303) << made.body;
  auto refused = post(editor, "/admin/media/" + id + "/delete", {{"_csrf", editor_csrf}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("article: Mapped"), std::string::npos);
  EXPECT_EQ(rows(), 1);
  // The public page shows it with its sizes and the new alt text.
  auto page = get("/articles/mapped");
  EXPECT_NE(page.body.find("alt=\"A map of the region\""), std::string::npos);
  EXPECT_NE(page.body.find("-400.webp 400w"), std::string::npos);
  EXPECT_NE(page.body.find("width=\"500\" height=\"300\""), std::string::npos);
}

TEST_F(MediaHandlersTest, AnUnusedImageIsDeletedWithItsFiles) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto r = upload(c, csrf, "spare.jpg", jpeg_of(900, 600));
  auto id = std::string(r.header("Location")).substr(std::string("/admin/media?uploaded=").size());
  EXPECT_GT(files(), 1u);
  EXPECT_EQ(post(c, "/admin/media/" + id + "/delete", {{"_csrf", csrf}}).status, 303);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(files(), 0u);
}

}  // namespace
}  // namespace dossier::media
