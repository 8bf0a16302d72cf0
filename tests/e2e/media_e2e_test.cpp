// Image uploads through the real binary: large images are converted on the media threads while
// an uncached public page keeps answering promptly, uploads beyond the media queue are refused
// with 503 and Retry-After, and an image over the pixel budget is refused from its header at
// once. The images are PNG files written here (no binary fixture).
#include <gtest/gtest.h>

#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr char const* kArticle = "/articles/geneva-ceasefire-talks-end-without-deal";
// The probe that found request workers decoding images: four uploads of this size made this
// page take 16.6 s.
constexpr int kLargeSide = 6000;
constexpr int kUploads = 4;
// A correctness bound, not a benchmark: the page renders in about a millisecond, so a second
// means it waited for image work.
constexpr auto kPromptly = 1s;
constexpr auto kUploadTimeout = 180s;

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

std::string png_file(int width, int height, std::string const& rows) {
  std::string ihdr;
  append_be32(ihdr, static_cast<std::uint32_t>(width));
  append_be32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, filters, no interlace
  uLongf size = compressBound(static_cast<uLong>(rows.size()));
  std::string idat(size, '\0');
  compress2(reinterpret_cast<Bytef*>(idat.data()), &size,
            reinterpret_cast<Bytef const*>(rows.data()), static_cast<uLong>(rows.size()),
            Z_BEST_SPEED);
  idat.resize(size);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) +
         png_chunk("IEND", "");
}

// A complete width x height RGB PNG: colour ramps across each row, shifted from row to row.
// Every row uses the Sub filter (RFC 2083, 6.3), so its bytes are nearly all the same steps and
// the file stays small, while a decoder still produces every pixel (108 MB at 6000 x 6000).
std::string ramp_png(int width, int height) {
  std::size_t stride = 1 + 3 * static_cast<std::size_t>(width);
  std::string rows(stride * static_cast<std::size_t>(height), '\0');
  for (int y = 0; y < height; ++y) {
    char* row = rows.data() + stride * static_cast<std::size_t>(y);
    row[0] = 1;  // Sub: each byte is stored as its difference from the pixel to its left
    row[1] = static_cast<char>(y);
    row[2] = static_cast<char>(y * 2);
    row[3] = static_cast<char>(y * 3);
    for (std::size_t i = 4; i < stride; i += 3) {
      row[i] = 1;
      row[i + 1] = 2;
      row[i + 2] = 3;
    }
  }
  return png_file(width, height, rows);
}

class MediaE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-media-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto demo = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // Four request workers (2 x cores on the 2-core machine the figures come from), one media
    // thread, and a queue larger than the workers allow: the server cuts it so that two
    // uploads at most wait beside the one converting, and one worker stays free for pages.
    // No access log: the test reads only the server's first line, and hundreds of page
    // fetches would fill the pipe and block the server's logging. A long time budget: the
    // media thread runs at nice 10, and on a machine busy with other work (the page fetches
    // here, other test runs) a large image can take longer than the default 10 s; the budget
    // has its own test (tests/media/upload_test.cpp).
    server_ = std::make_unique<ServerProcess>(
        data_, std::map<std::string, std::string>{{"DOSSIER_CACHE_ENABLED", "false"},
                                                  {"DOSSIER_SERVER_ACCESS_LOG", "false"},
                                                  {"DOSSIER_SERVER_WORKERS", "4"},
                                                  {"DOSSIER_MEDIA_WORKERS", "1"},
                                                  {"DOSSIER_MEDIA_QUEUE", "4"},
                                                  {"DOSSIER_MEDIA_PER_USER", "4"},
                                                  {"DOSSIER_MEDIA_TIME_BUDGET_MS", "300000"}});
    ASSERT_TRUE(server_->started()) << server_->first_line();
    session_ = sign_in_new_editor("uploads@example.org");
    ASSERT_FALSE(session_.empty());
    auto page = send("GET", "/admin/media", session_);
    ASSERT_EQ(page.status, 200);
    csrf_ = hidden_field(page.body, "_csrf");
    ASSERT_FALSE(csrf_.empty());
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }

  static HttpResponse send(std::string const& method, std::string const& target,
                           std::string const& cookie, std::string const& body = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    if (method == "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    auto r = request(server_->port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  }

  // An editor made with the CLI, its password set through the one-time link, signed in.
  static std::string sign_in_new_editor(std::string const& email) {
    auto added = run({dossier_binary(), "--data", data_, "user", "add", "--email", email, "--name",
                      "Picture Desk", "--role", "editor"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    auto at = added.out.find("/admin/password/");
    if (at == std::string::npos) return {};
    auto token = added.out.substr(at + 16, 43);
    std::string password = "a picture editor's password";
    send("POST", "/admin/password/" + token, "",
         form_body({{"password", password}, {"confirm", password}}));
    auto page = send("GET", "/admin/login", "");
    auto r = send("POST", "/admin/login", cookie_named(page, "dossier_login"),
                  form_body({{"_csrf", hidden_field(page.body, "_csrf")},
                             {"email", email},
                             {"password", password}}));
    return cookie_named(r, "dossier_session");
  }

  // Sends an upload on its own connection and waits for the answer (uploads may queue).
  static HttpResponse upload(std::string const& filename, std::string const& bytes) {
    std::string body =
        "--b0undary\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf_ +
        "\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
        "filename=\"" +
        filename + "\"\r\nContent-Type: image/png\r\n\r\n" + bytes + "\r\n--b0undary--\r\n";
    std::string head = "POST /admin/media HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + session_ +
                       "\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
                       "Content-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    Connection c(server_->port());
    if (!c.connected() || !c.send(head + body)) return {};
    return c
        .read_response(false, std::chrono::duration_cast<std::chrono::milliseconds>(kUploadTimeout))
        .value_or(HttpResponse{});
  }

  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string session_;
  static inline std::string csrf_;
};

TEST_F(MediaE2e, APublicPageAnswersPromptlyWhileLargeImagesAreConverted) {
  ASSERT_EQ(send("GET", kArticle, "").status, 200);
  std::string png = ramp_png(kLargeSide, kLargeSide);
  ASSERT_LT(png.size(), 20u * 1024 * 1024);  // within media.max_upload_bytes

  struct Outcome {
    HttpResponse response;
    Clock::time_point finished;
  };
  std::vector<Outcome> outcomes(kUploads);
  std::atomic<int> finished = 0;
  std::vector<std::thread> uploaders;
  for (int i = 0; i < kUploads; ++i)
    uploaders.emplace_back([&, i] {
      outcomes[i].response = upload("large-" + std::to_string(i) + ".png", png);
      outcomes[i].finished = Clock::now();
      ++finished;
    });

  // Fetch the page, one request after another, until every upload has its answer.
  struct Fetch {
    int status;
    Clock::duration took;
    Clock::time_point finished;
  };
  std::vector<Fetch> fetches;
  auto give_up = Clock::now() + kUploadTimeout;
  while (finished < kUploads && Clock::now() < give_up) {
    auto started = Clock::now();
    auto r = request(server_->port(), "GET", kArticle);
    auto done = Clock::now();
    fetches.push_back({r ? r->status : 0, done - started, done});
  }
  for (auto& t : uploaders) t.join();

  int converted = 0;
  Clock::time_point first_converted = Clock::time_point::max();
  for (auto const& o : outcomes) {
    auto const& r = o.response;
    if (r.status == 303) {
      ++converted;
      first_converted = std::min(first_converted, o.finished);
    } else {
      // Beyond the one converting and the two waiting, an upload is refused at once.
      EXPECT_EQ(r.status, 503) << r.body.substr(0, 300);
      EXPECT_EQ(r.header("retry-after"), "300");
    }
  }
  EXPECT_GE(converted, kUploads - 1);

  int during_conversion = 0;
  Clock::duration slowest{};
  for (auto const& f : fetches) {
    EXPECT_EQ(f.status, 200);
    EXPECT_LT(f.took, kPromptly) << std::chrono::duration<double, std::milli>(f.took).count()
                                 << " ms for " << kArticle;
    slowest = std::max(slowest, f.took);
    if (f.finished < first_converted) ++during_conversion;
  }
  // The page was really fetched while images were being converted, not only afterwards.
  EXPECT_GE(during_conversion, 5) << fetches.size() << " fetches";
  std::cout << "[          ] " << fetches.size() << " page fetches, slowest "
            << std::chrono::duration<double, std::milli>(slowest).count() << " ms; " << converted
            << " of " << kUploads << " uploads converted\n";
}

TEST_F(MediaE2e, AnImageOverThePixelBudgetIsRefusedFromItsHeaderAtOnce) {
  // 12000 x 12000 is within the side limit, but 144 megapixels: the probe's file of this size
  // took 57 s to convert. Only its header matters here, so its pixel data stops after one row.
  std::string row(1 + 3 * 12000, '\0');
  std::string png = png_file(12000, 12000, row);
  auto started = Clock::now();
  auto r = upload("huge.png", png);
  auto took = Clock::now() - started;
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("12000 × 12000 pixels (144 megapixels); the limit is 40 megapixels"),
            std::string::npos)
      << r.body.substr(0, 300);
  EXPECT_LT(took, kPromptly);
}

}  // namespace
}  // namespace dossier::test
