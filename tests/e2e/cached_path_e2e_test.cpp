// The page cache's prepared path (issue 16): an HTTP/1.1 keep-alive request for a cached
// page gets bytes serialized when the page was stored, sent with one sendfile() (large
// bodies) or one sendmsg(). These tests hold it to what the general path, Beast's serializer,
// sends for the same request, and to HTTP's rules when the socket's buffer fills or requests
// come pipelined.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/test_paths.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kArticle = "/articles/geneva-ceasefire-talks-end-without-deal";
// Bodies from this size on go out with sendfile (app/cached_site.cpp, kSendFileMinBytes).
constexpr std::size_t kSendFileMinBytes = 16 * 1024;
constexpr auto kReadTimeout = std::chrono::seconds(10);

// A raw connection that returns the exact bytes of each response.
class RawConnection {
 public:
  explicit RawConnection(int port, int receive_buffer = 0)
      : fd_(connect_local(port, receive_buffer)) {}
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }

  bool send(std::string const& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // One whole response, head and body, byte for byte; `no_body` for HEAD. Empty on timeout.
  std::string read_one(bool no_body = false) {
    auto deadline = std::chrono::steady_clock::now() + kReadTimeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) return {};
    end += 4;
    std::size_t length = 0;
    auto head = buffer_.substr(0, end);
    if (auto at = head.find("Content-Length: "); at != std::string::npos && !no_body)
      length = std::stoul(head.substr(at + 16));
    if (head.starts_with("HTTP/1.1 304")) length = 0;
    while (buffer_.size() < end + length)
      if (!fill(deadline)) return {};
    auto out = buffer_.substr(0, end + length);
    buffer_.erase(0, end + length);
    return out;
  }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[16384];
    auto n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string request_text(std::string const& method, std::string const& target,
                         std::string const& extra = {}) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

// The body of a raw response (after the blank line).
std::string body_of(std::string const& response) {
  auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

// The general path's answer to the same request, asked with "Connection: close" (the
// prepared head says keep-alive, so such a request never gets it), without that one field.
std::string without_connection_close(std::string response) {
  constexpr std::string_view kField = "Connection: close\r\n";
  if (auto at = response.find(kField); at != std::string::npos) response.erase(at, kField.size());
  return response;
}

class CachedPathTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-e2e");
    auto init = run({dossier_binary(), "--data", data_, "init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto demo = run({dossier_binary(), "--data", data_, "demo", "--articles", "25"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // Analysed before the server starts: otherwise its jobs thread adds the "In this article"
    // box to a page while a test compares two fetches of it.
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "reindex", "--insight"}).exit_code, 0);
    server_ = std::make_unique<ServerProcess>(data_);
    ASSERT_TRUE(server_->started()) << "server did not start: " << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }
  static int port() { return server_->port(); }

  // One request on a fresh connection, its exact bytes.
  static std::string exchange(std::string const& request, bool no_body = false) {
    RawConnection c(port());
    EXPECT_TRUE(c.send(request));
    return c.read_one(no_body);
  }

  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(CachedPathTest, CachedPagesGoOutByteForByteAsTheGeneralPathSendsThem) {
  bool saw_file = false, saw_memory = false;
  for (std::string target : {kArticle, "/", "/feed.xml", "/category/news"}) {
    for (std::string encoding : {"", "Accept-Encoding: gzip\r\n"}) {
      SCOPED_TRACE(target + " " + encoding);
      exchange(request_text("GET", target, encoding));  // stores the page
      auto prepared = exchange(request_text("GET", target, encoding));
      auto general = exchange(request_text("GET", target, encoding + "Connection: close\r\n"));
      ASSERT_TRUE(prepared.starts_with("HTTP/1.1 200 OK\r\n")) << prepared.substr(0, 200);
      EXPECT_TRUE(prepared == without_connection_close(general));
      (body_of(prepared).size() >= kSendFileMinBytes ? saw_file : saw_memory) = true;

      auto head = exchange(request_text("HEAD", target, encoding), true);
      auto general_head =
          exchange(request_text("HEAD", target, encoding + "Connection: close\r\n"), true);
      EXPECT_EQ(head, without_connection_close(general_head));
      EXPECT_EQ(head, prepared.substr(0, prepared.size() - body_of(prepared).size()))
          << "HEAD announces the GET's headers, length included";

      auto etag_at = prepared.find("ETag: ");
      ASSERT_NE(etag_at, std::string::npos);
      auto etag = prepared.substr(etag_at + 6, prepared.find("\r\n", etag_at) - etag_at - 6);
      auto conditional = encoding + "If-None-Match: " + etag + "\r\n";
      auto not_modified = exchange(request_text("GET", target, conditional));
      EXPECT_TRUE(not_modified.starts_with("HTTP/1.1 304 ")) << not_modified;
      EXPECT_EQ(not_modified, without_connection_close(exchange(request_text(
                                  "GET", target, conditional + "Connection: close\r\n"))));
    }
  }
  EXPECT_TRUE(saw_file) << "no page was large enough to go out with sendfile";
  EXPECT_TRUE(saw_memory) << "no page was small enough to go out from memory";
}

TEST_F(CachedPathTest, PipelinedRequestsAreAnsweredInOrder) {
  auto article = exchange(request_text("GET", kArticle));
  auto home_gzip = exchange(request_text("GET", "/", "Accept-Encoding: gzip\r\n"));
  auto missing = exchange(request_text("GET", "/no-such-page"));
  ASSERT_TRUE(missing.starts_with("HTTP/1.1 404")) << missing.substr(0, 100);
  RawConnection c(port());
  // A cached page, an uncached 404 (the workers' path) between two cached ones, and a HEAD:
  // all in one write, answered one after the other on the same connection.
  ASSERT_TRUE(c.send(request_text("GET", kArticle) + request_text("GET", "/no-such-page") +
                     request_text("GET", "/", "Accept-Encoding: gzip\r\n") +
                     request_text("HEAD", kArticle)));
  EXPECT_TRUE(c.read_one() == article);
  EXPECT_TRUE(c.read_one().starts_with("HTTP/1.1 404"));
  EXPECT_TRUE(c.read_one() == home_gzip);
  EXPECT_EQ(c.read_one(true), article.substr(0, article.size() - body_of(article).size()));
}

TEST_F(CachedPathTest, AReaderWhoseBufferIsFullStillGetsEveryByte) {
  auto article = exchange(request_text("GET", kArticle));
  ASSERT_GE(body_of(article).size(), kSendFileMinBytes);
  // Far more than the socket buffers hold between the two ends: the server's sendfile stops
  // part way, and it must wait until the reader drains, then go on where it stopped.
  constexpr int kRequests = 400;
  RawConnection c(port(), 4096);
  std::string all;
  for (int i = 0; i < kRequests; ++i) all += request_text("GET", kArticle);
  ASSERT_TRUE(c.send(all));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // (EXPECT_TRUE on ==: a failure would print 25 KB pages otherwise.)
  for (int i = 0; i < kRequests; ++i) {
    auto got = c.read_one();
    ASSERT_TRUE(got == article) << "response " << i << " " << got.size() << " vs " << article.size()
                                << " " << got.substr(0, 300);
  }
}

}  // namespace
}  // namespace dossier::test
