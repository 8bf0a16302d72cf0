// The media library over its routes, in-process: uploads of good, oversized, mislabelled and
// corrupt files (each refused with a clear message and nothing stored), editing, deleting
// (refused while an article shows the image), and uploads refused with 503 or 429 and
// Retry-After while the media pool has no room.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include <soci/soci.h>
#include <vips/vips8>

#include "media/media_pool.hpp"
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

// The same stack with a media pool of one thread, a queue of one and one upload per user, which
// the test fills with jobs that wait until it lets them go.
class MediaPoolFullTest : public MediaHandlersTest {
 protected:
  MediaPoolFullTest() {
    author_ = add_user("busy@example.org", auth::Role::Author).id;
    UploadLimits limits;
    limits.max_bytes = kTestUploadLimit;
    media_handlers_ = std::make_unique<MediaHandlers>(
        MediaContext{*newsroom_, *db_, dir_.path() / "media", limits, moving_clock(), {}, &pool_});
    // The routes point at the handlers: register them again for the new ones.
    router_ = http::Router{};
    app::add_admin_routes(
        router_, {*newsroom_, *auth_handlers_, *newsroom_handlers_, media_handlers_.get(),
                  *site_admin_handlers_, *newsletter_admin_, comment_handlers_.get(), *site_,
                  *publishing_, insight_admin_.get()});
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
  }
  ~MediaPoolFullTest() override {
    gate_.set_value();
    for (auto& t : holders_) t.join();
  }

  // A job of `user` that keeps its place in the pool until the test ends.
  void hold(long long user) {
    int before = pool_.in_flight();
    holders_.emplace_back([this, user] { pool_.run(user, [this] { open_.wait(); }); });
    while (pool_.in_flight() == before) std::this_thread::yield();
  }

  MediaPool pool_{MediaPoolOptions{1, 1, 1}};
  long long author_ = 0;
  std::promise<void> gate_;
  std::shared_future<void> open_ = gate_.get_future().share();
  std::vector<std::thread> holders_;
};

TEST_F(MediaPoolFullTest, AFullQueueAnswers503WithRetryAfterAndStoresNothing) {
  Client c;
  auto csrf = sign_in(c, "busy@example.org");
  hold(9001);  // converting
  hold(9002);  // waiting: the queue is full
  auto r = upload(c, csrf, "late.jpg", jpeg_of(800, 600));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Retry-After"), "10");
  EXPECT_NE(r.body.find("Other images are being converted right now. Please upload this one "
                        "again in 10 seconds."),
            std::string::npos)
      << r.body.substr(0, 300);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(files(), 0u);
}

TEST_F(MediaPoolFullTest, AUserWithAnUploadInFlightGets429WithRetryAfter) {
  Client c;
  auto csrf = sign_in(c, "busy@example.org");
  hold(author_);  // this author's earlier upload, still converting
  auto r = upload(c, csrf, "second.jpg", jpeg_of(800, 600));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "10");
  EXPECT_NE(r.body.find("Your earlier uploads are still being converted (at most 1 at a time)."),
            std::string::npos)
      << r.body.substr(0, 300);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(files(), 0u);
}

TEST_F(MediaPoolFullTest, AnotherUserIsTakenAndConvertedOnceTheThreadIsFree) {
  Client c;
  auto csrf = sign_in(c, "busy@example.org");
  hold(9001);
  auto upload_done = std::async(std::launch::async,
                                [&] { return upload(c, csrf, "queued.jpg", jpeg_of(800, 600)); });
  // It waits in the queue (not refused) until the job before it ends.
  while (pool_.in_flight() < 2) std::this_thread::yield();
  EXPECT_EQ(upload_done.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  gate_.set_value();
  auto r = upload_done.get();
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
  EXPECT_EQ(rows(), 1);
  gate_ = std::promise<void>();  // the destructor opens it again
}

}  // namespace
}  // namespace dossier::media
