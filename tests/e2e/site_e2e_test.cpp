// The real dossier binary over HTTP: every page type, headers, and hostile input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "support/test_paths.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kArticle = "/articles/geneva-ceasefire-talks-end-without-deal";

class SiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-e2e");
    auto init = run({dossier_binary(), "--data", data_, "init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto demo = run({dossier_binary(), "--data", data_, "demo", "--articles", "25"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(
        data_, std::map<std::string, std::string>{{"DOSSIER_SERVER_HEADER_TIMEOUT_S", "2"},
                                                  {"DOSSIER_SERVER_KEEPALIVE_TIMEOUT_S", "3"},
                                                  {"DOSSIER_SERVER_MAX_BODY_BYTES", "65536"}});
    ASSERT_TRUE(server_->started()) << "server did not start: " << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0) << "SIGTERM must drain and exit 0";
    server_.reset();
    remove_tree(data_);
  }
  static int port() { return server_->port(); }
  static HttpResponse get(std::string const& target,
                          std::map<std::string, std::string> const& headers = {}) {
    auto r = request(port(), "GET", target, headers);
    EXPECT_TRUE(r.has_value()) << "no response for " << target;
    return r.value_or(HttpResponse{});
  }
  // After hostile input, the server must still serve a normal page.
  static void expect_still_serving() {
    auto r = request(port(), "GET", "/");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
  }

  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(SiteTest, HomePageShowsLeadLatestSectionsAndMostCommented) {
  auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<title>Meridian Institute for Global Affairs</title>"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"lead\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"latest-heading\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"section-news\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"most-commented-heading\""), std::string::npos);
  EXPECT_NE(r.body.find("/static/style."), std::string::npos);
  EXPECT_FALSE(r.header("etag").empty());
}

TEST_F(SiteTest, ArticlePageHasEverythingAReaderSees) {
  auto r = get(kArticle);
  ASSERT_EQ(r.status, 200);
  auto const& b = r.body;
  EXPECT_EQ(std::count(b.begin(), b.end(), '\0'), 0);
  EXPECT_NE(b.find("<h1 class=\"article__title\">Swiss mediator Anaïs Favre"), std::string::npos);
  EXPECT_NE(b.find("class=\"article__dek\""), std::string::npos);
  EXPECT_NE(b.find("aria-label=\"Breadcrumb\""), std::string::npos);
  EXPECT_NE(b.find("<a href=\"/category/europe\">Europe</a>"), std::string::npos);
  EXPECT_NE(b.find("href=\"/author/tomas-ferreira-lind\" rel=\"author\""), std::string::npos);
  EXPECT_NE(b.find("<time datetime=\"2026-09-04T16:45:00Z\">4 September 2026</time>"),
            std::string::npos);
  EXPECT_NE(b.find("min read"), std::string::npos);
  EXPECT_NE(b.find("No comments"), std::string::npos);
  EXPECT_NE(b.find("<h2>A prisoner exchange, and little else</h2>"), std::string::npos);
  EXPECT_NE(b.find("<figcaption>"), std::string::npos);
  EXPECT_NE(b.find("Image credit: Illustration: MIGA graphics desk"), std::string::npos);
  EXPECT_NE(b.find("id=\"related-heading\""), std::string::npos);
  EXPECT_NE(b.find("id=\"comments\""), std::string::npos);
  EXPECT_NE(b.find("action=\"/subscribe\""), std::string::npos);
  EXPECT_NE(b.find("href=\"/feed.xml\""), std::string::npos);
  EXPECT_NE(b.find("Back to top"), std::string::npos);
  EXPECT_NE(b.find("Copyright &copy; 2014–"), std::string::npos);
  EXPECT_NE(b.find("<link rel=\"canonical\" href=\"http://127.0.0.1:8080" + std::string(kArticle)),
            std::string::npos);
  // Exactly one h1 on the page.
  std::size_t h1 = 0;
  for (auto p = b.find("<h1"); p != std::string::npos; p = b.find("<h1", p + 1)) ++h1;
  EXPECT_EQ(h1, 1u);
  EXPECT_FALSE(r.header("last-modified").empty());
}

TEST_F(SiteTest, ArchivesPaginateWithStableUrls) {
  auto first = get("/category/news");
  EXPECT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("<h1>News</h1>"), std::string::npos);
  EXPECT_NE(first.body.find("Page 1 of"), std::string::npos);

  auto latest = get("/latest");
  EXPECT_EQ(latest.status, 200);
  EXPECT_NE(latest.body.find("rel=\"next\" href=\"/latest/page/2\""), std::string::npos);
  auto page2 = get("/latest/page/2");
  EXPECT_EQ(page2.status, 200);
  EXPECT_NE(page2.body.find("Page 2 of"), std::string::npos);
  EXPECT_NE(page2.body.find("rel=\"prev\" href=\"/latest\""), std::string::npos);
  // Page 1 has one URL; pages past the end and malformed numbers do not exist.
  auto one = get("/latest/page/1");
  EXPECT_EQ(one.status, 301);
  EXPECT_EQ(one.header("location"), "/latest");
  EXPECT_EQ(get("/latest/page/999").status, 404);
  EXPECT_EQ(get("/latest/page/0").status, 404);
  EXPECT_EQ(get("/latest/page/02").status, 404);
  EXPECT_EQ(get("/latest/page/abc").status, 404);
}

TEST_F(SiteTest, TagAuthorAndStaticPages) {
  auto tag = get("/tag/diplomacy");
  EXPECT_EQ(tag.status, 200);
  EXPECT_NE(tag.body.find("<h1>Diplomacy</h1>"), std::string::npos);
  EXPECT_NE(tag.body.find("Swiss mediator"), std::string::npos);
  auto author = get("/author/kenji-morrow");
  EXPECT_EQ(author.status, 200);
  EXPECT_NE(author.body.find("<h1>Kenji Morrow</h1>"), std::string::npos);
  auto about = get("/about");
  EXPECT_EQ(about.status, 200);
  EXPECT_NE(about.body.find("<h1 class=\"article__title\">About the Institute</h1>"),
            std::string::npos);
  // A page has one URL: /articles/about points to /about.
  auto moved = get("/articles/about");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("location"), "/about");
}

TEST_F(SiteTest, RssFeedListsArticles) {
  auto r = get("/feed.xml");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(r.body.rfind("<?xml", 0), 0u);
  EXPECT_NE(r.body.find("<item>"), std::string::npos);
  EXPECT_NE(r.body.find("<guid isPermaLink=\"true\">http://127.0.0.1:8080/articles/"),
            std::string::npos);
}

TEST_F(SiteTest, StaticAssetsAreFingerprintedAndImmutable) {
  auto home = get("/");
  auto at = home.body.find("/static/style.");
  ASSERT_NE(at, std::string::npos);
  auto url = home.body.substr(at, home.body.find('"', at) - at);
  auto css = get(url);
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(css.header("cache-control").find("immutable"), std::string::npos);
  auto image = get("/media/demo/geneva-talks.jpg");
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  EXPECT_EQ(image.body.substr(0, 3), "\xFF\xD8\xFF");
}

TEST_F(SiteTest, UnknownPagesGetTheThemed404) {
  for (auto target : {"/no-such-page", "/articles/no-such-article", "/category/none", "/tag/none",
                      "/author/none", "/static/none.css", "/a/b/c/d"}) {
    auto r = get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_NE(r.body.find("Page not found"), std::string::npos) << target;
    EXPECT_NE(r.body.find("class=\"site-header\""), std::string::npos) << target;
  }
}

TEST_F(SiteTest, HeadAnswersLikeGetWithoutABody) {
  auto g = get(kArticle);
  auto h = request(port(), "HEAD", kArticle);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->status, 200);
  EXPECT_TRUE(h->body.empty());
  EXPECT_EQ(h->header("content-length"), std::to_string(g.body.size()));
  EXPECT_EQ(h->header("etag"), g.header("etag"));
}

TEST_F(SiteTest, GzipWhenAcceptedAndIdenticalOnceInflated) {
  auto plain = get(kArticle);
  auto zipped = get(kArticle, {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.header("vary"), "Accept-Encoding");
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_EQ(gunzip(zipped.body), plain.body);
  EXPECT_NE(zipped.header("etag"), plain.header("etag"));
  auto refused = get(kArticle, {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_TRUE(refused.header("content-encoding").empty());
}

TEST_F(SiteTest, ConditionalGetGives304) {
  auto first = get(kArticle);
  auto etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = get(kArticle, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto other = get(kArticle, {{"If-None-Match", "\"something-else\""}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(SiteTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Connection c(port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value()) << "request " << i;
    EXPECT_EQ(r->status, 200);
  }
}

TEST_F(SiteTest, NewsletterFormAsksToConfirm) {
  auto r =
      request(port(), "POST", "/subscribe", {{"Content-Type", "application/x-www-form-urlencoded"}},
              "email=reader%40example.org");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("Check your mail"), std::string::npos);
  auto bad =
      request(port(), "POST", "/subscribe", {{"Content-Type", "application/x-www-form-urlencoded"}},
              "email=not-an-address");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  auto wrong_method = request(port(), "DELETE", "/subscribe");
  ASSERT_TRUE(wrong_method.has_value());
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->header("allow"), "GET, HEAD, POST");
  auto page = get("/subscribe");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"subscribe-email\""), std::string::npos);
}

// --- Hostile and malformed input: a 4xx, never a crash or a hang. ---

TEST_F(SiteTest, BadRequestLineGets400) {
  for (std::string raw : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
                          "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"}) {
    Connection c(port());
    ASSERT_TRUE(c.send(raw));
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value()) << raw;
    EXPECT_EQ(r->status, 400) << raw;
  }
  expect_still_serving();
}

TEST_F(SiteTest, HugeHeaderGets431) {
  Connection c(port());
  ASSERT_TRUE(
      c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 431);
  expect_still_serving();
}

TEST_F(SiteTest, LongUrlGets414) {
  auto r = request(port(), "GET", "/" + std::string(6000, 'a'));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 414);
  expect_still_serving();
}

TEST_F(SiteTest, OversizeBodyGets413) {
  Connection c(port());
  ASSERT_TRUE(c.send("POST /subscribe HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  expect_still_serving();
}

TEST_F(SiteTest, BadPercentEncodingGets400) {
  for (auto target : {"/tag/%zz", "/tag/%", "/tag/a%00b", "/tag/%C0%AF"}) {
    auto r = request(port(), "GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_EQ(r->status, 400) << target;
  }
  expect_still_serving();
}

TEST_F(SiteTest, PathTraversalNeverLeavesTheServedFolders) {
  for (auto target : {"/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
                      "/media/%2e%2e/dossier.db", "/media/demo/..%2f..%2fdossier.db",
                      "/media/demo/.hidden", "/media/../dossier.db", "/static/.htaccess"}) {
    auto r = request(port(), "GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_GE(r->status, 400) << target;
    EXPECT_LT(r->status, 500) << target;
    EXPECT_EQ(r->body.find("SQLite format"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << target;
  }
  expect_still_serving();
}

TEST_F(SiteTest, SlowHeadersAreCutOff) {
  Connection c(port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n"));  // never finishes the header
  EXPECT_TRUE(c.closed_by_peer(std::chrono::milliseconds(6000)));
  expect_still_serving();
}

TEST_F(SiteTest, IdleKeepAliveConnectionsAreClosed) {
  Connection c(port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(c.read_response().has_value());
  EXPECT_TRUE(c.closed_by_peer(std::chrono::milliseconds(8000)));
}

// --- Start-up: configuration and data directory errors are clear and change nothing. ---

TEST(StartupTest, UnknownConfigKeyIsAClearError) {
  auto dir = make_temp_dir("dossier-config");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  {
    std::FILE* f = std::fopen((dir + "/bad.toml").c_str(), "w");
    std::fputs("[server]\nlisen = \"127.0.0.1:1\"\n", f);
    std::fclose(f);
  }
  auto r = run({dossier_binary(), "--data", dir, "--config", dir + "/bad.toml", "serve"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown key 'server.lisen'"), std::string::npos) << r.err;
  remove_tree(dir);
}

TEST(StartupTest, BadEnvironmentValueIsAClearError) {
  auto dir = make_temp_dir("dossier-env");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  auto r = run({dossier_binary(), "--data", dir, "serve"}, {{"DOSSIER_SERVER_THREADS", "many"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("DOSSIER_SERVER_THREADS must be an integer"), std::string::npos) << r.err;
  auto bad_listen = run({dossier_binary(), "--data", dir, "serve", "--listen", "nowhere"});
  EXPECT_EQ(bad_listen.exit_code, 2);
  EXPECT_NE(bad_listen.err.find("--listen"), std::string::npos) << bad_listen.err;
  remove_tree(dir);
}

TEST(StartupTest, MissingDataDirectoryIsAClearError) {
  auto r = run({dossier_binary(), "--data", "/nonexistent/dossier-data", "serve"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("dossier init"), std::string::npos) << r.err;
}

TEST(StartupTest, DatabaseNewerThanTheBinaryIsRefused) {
  auto dir = make_temp_dir("dossier-newer");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  auto bump = run(
      {"/usr/bin/sqlite3", dir + "/dossier.db",
       "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0);"});
  ASSERT_EQ(bump.exit_code, 0) << bump.err;
  auto r = run({dossier_binary(), "--data", dir, "serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newer than this binary"), std::string::npos) << r.err;
  remove_tree(dir);
}

// Without its AUTOESCAPE pragma a template prints every value as it is, markup included: the
// binary refuses to serve such a theme at all and names the template, while the very same
// theme with the pragma in place serves.
TEST(StartupTest, AThemeTemplateWithoutItsEscapingPragmaIsRefused) {
  auto dir = make_temp_dir("dossier-theme-pragma");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  auto theme = dir + "/theme";
  std::filesystem::copy(source_dir() + "/themes/default", theme,
                        std::filesystem::copy_options::recursive);
  std::map<std::string, std::string> env{{"DOSSIER_THEME_DIR", theme}};
  {
    ServerProcess intact(dir, env);
    ASSERT_TRUE(intact.started()) << intact.first_line();
    EXPECT_EQ(intact.terminate(), 0);
  }
  auto victim = theme + "/templates/partials/pagination.tpl";
  std::stringstream text;
  text << std::ifstream(victim).rdbuf();
  auto body = text.str();
  ASSERT_TRUE(body.starts_with("{{%AUTOESCAPE")) << body;
  std::ofstream(victim, std::ios::trunc) << body.substr(body.find('\n') + 1);
  // timeout(1): should the guard ever break, the server would run; this ends it (exit 124).
  auto r = run({"/usr/bin/timeout", "20", dossier_binary(), "--data", dir, "serve", "--listen",
                "127.0.0.1:0"},
               env);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("partials/pagination.tpl does not start with its AUTOESCAPE pragma"),
            std::string::npos)
      << r.err;
  remove_tree(dir);
}

TEST(StartupTest, InitAndDemoAreIdempotent) {
  auto dir = make_temp_dir("dossier-idem");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  auto first = run({dossier_binary(), "--data", dir, "demo"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Demo loaded: 15 articles"), std::string::npos) << first.out;
  auto second = run({dossier_binary(), "--data", dir, "demo"});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("already"), std::string::npos) << second.out;
  auto count = run({"/usr/bin/sqlite3", dir + "/dossier.db", "SELECT COUNT(*) FROM articles;"});
  EXPECT_EQ(count.out, "15\n");  // 12 public and 3 client-only
  remove_tree(dir);
}

TEST(StartupTest, VersionAndHelp) {
  auto v = run({dossier_binary(), "version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("dossier ", 0), 0u);
  auto h = run({dossier_binary(), "--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (auto sub : {"init", "demo", "serve", "version"})
    EXPECT_NE(h.out.find(sub), std::string::npos) << sub;
}

TEST(ShutdownTest, SigtermClosesIdleConnectionsAndExitsZero) {
  auto dir = make_temp_dir("dossier-drain");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  ServerProcess server(dir);
  ASSERT_TRUE(server.started());
  Connection idle(server.port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.read_response().has_value());
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.terminate(), 0);
  // The idle keep-alive connection is closed at once, not after its timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(idle.closed_by_peer(std::chrono::milliseconds(1000)));
  remove_tree(dir);
}

}  // namespace
}  // namespace dossier::test
