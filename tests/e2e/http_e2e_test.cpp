// The HTTP layer's promises, through the real binary over raw sockets: an early error answer
// reaches a client that is still sending (lingering close), no response ever carries a header
// with CR or LF, HTTP/1.1 needs Host, Expect: 100-continue gets its interim answer, and
// every kind of page carries the security headers, from the page cache too.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using namespace std::chrono_literals;

constexpr char const* kArticle = "/articles/geneva-ceasefire-talks-end-without-deal";
// The server's body limit in this suite; the early-answer tests send well past it.
constexpr std::size_t kMaxBody = 65536;

// name=value of the Set-Cookie field for `name`, or empty.
// True when any header the client received names the injected cookie or field.
bool carries_injection(HttpResponse const& r) {
  if (r.header("set-cookie").find("injected") != std::string::npos) return true;
  return !r.header("x-injected").empty();
}

class HttpE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-http-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto demo = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // The quotes the injection test corrects come from the analysis.
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "reindex", "--insight"}).exit_code, 0);
    std::ifstream login(data_ + "/demo-login.txt");
    std::stringstream text;
    text << login.rdbuf();
    auto at = text.str().find("with the password ");
    ASSERT_NE(at, std::string::npos);
    admin_password_ = text.str().substr(at + 18);
    admin_password_ = admin_password_.substr(0, admin_password_.find_first_of(" \n"));
    server_ = std::make_unique<ServerProcess>(
        data_, std::map<std::string, std::string>{
                   {"DOSSIER_SERVER_MAX_BODY_BYTES", std::to_string(kMaxBody)},
                   {"DOSSIER_MEDIA_MAX_UPLOAD_BYTES", "1048576"},
                   {"DOSSIER_SERVER_HEADER_TIMEOUT_S", "5"}});
    ASSERT_TRUE(server_->started()) << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }
  static int port() { return server_->port(); }

  static HttpResponse send(std::string const& method, std::string const& target,
                           std::map<std::string, std::string> headers = {},
                           std::string const& body = {}) {
    if (method == "POST" && !headers.count("Content-Type"))
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    auto r = request(port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  }

  // Signs in as the demo's admin through the form, with `next` if given; returns the answer.
  static HttpResponse sign_in(std::string const& next = {}) {
    auto page = send("GET", "/admin/login");
    std::vector<std::pair<std::string, std::string>> fields{
        {"_csrf", hidden_field(page.body, "_csrf")},
        {"email", "admin@example.org"},
        {"password", admin_password_}};
    if (!next.empty()) fields.emplace_back("next", next);
    return send("POST", "/admin/login", {{"Cookie", cookie_named(page, "dossier_login")}},
                form_body(fields));
  }

  static std::string session() {
    static std::string cookie = cookie_named(sign_in(), "dossier_session");
    return cookie;
  }

  // Sends `head`, then `body` without reading (as a simple client does), then reads.
  static std::optional<HttpResponse> send_blindly(std::string const& head,
                                                  std::string const& body) {
    Connection c(port());
    if (!c.connected()) return std::nullopt;
    c.send(head);
    c.send(body);  // may fail once the server has answered: what matters is the answer
    return c.read_response();
  }

  static void expect_still_serving() {
    auto r = request(port(), "GET", "/");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
  }

  static inline std::string data_;
  static inline std::string admin_password_;
  static inline std::unique_ptr<ServerProcess> server_;
};

// --- Lingering close: the early answer reaches a client that is still sending. ---

TEST_F(HttpE2e, EarlyErrorAnswersReachAClientStillSending) {
  // Past the body limit, within the upload limit (so the upload gate, not the size, answers).
  std::string const body(1000 * 1024, 'x');
  struct Case {
    std::string head;
    int status;
  };
  std::vector<Case> cases{
      {"POST /subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
       "\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n",
       413},
      {"POST /" + std::string(6000, 'a') +
           " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n",
       414},
      {"POST /subscribe HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n",
       400},
      {"POST /subscribe HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n",
       431},
      {"POST /admin/media HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
       "boundary=b\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n",
       401},
  };
  // Without the lingering close these fail now and then, not always: try each several times.
  constexpr int kTries = 8;
  for (auto const& c : cases) {
    for (int i = 0; i < kTries; ++i) {
      auto r = send_blindly(c.head, body);
      ASSERT_TRUE(r.has_value()) << "no answer for the " << c.status << " case, try " << i;
      EXPECT_EQ(r->status, c.status);
      EXPECT_EQ(r->header("connection"), "close");
    }
  }
  expect_still_serving();
}

TEST_F(HttpE2e, TheLingeringCloseIsBoundedInTime) {
  // A client that never stops sending is cut off after the linger time (2 s), not served.
  Connection c(port());
  ASSERT_TRUE(c.send("POST /subscribe HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  auto started = std::chrono::steady_clock::now();
  std::string chunk(64 * 1024, 'y');
  bool cut_off = false;
  while (std::chrono::steady_clock::now() - started < 10s) {
    if (!c.send(chunk)) {
      cut_off = true;
      break;
    }
    // Slowly (640 KB/s): the time bound ends it, not the byte bound.
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(cut_off);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GT(took, 1s) << "the server lingers before it closes";
  EXPECT_LT(took, 6s);
  expect_still_serving();
}

// --- No response carries a header with CR or LF (response splitting). ---

TEST_F(HttpE2e, SignInNextCannotInjectAHeader) {
  // The vector from the report: the sign-in page with a next= holding CR LF.
  auto page = send("GET", "/admin/login?next=%2Fadmin%0d%0aSet-Cookie:%20injected=1");
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(carries_injection(page));
  // Its form posts the value back; the redirect after signing in must not carry it.
  auto r = sign_in("/admin\r\nSet-Cookie: injected=1\r\nX-Injected: yes");
  EXPECT_EQ(r.status, 303);
  EXPECT_FALSE(carries_injection(r)) << r.header("set-cookie");
  EXPECT_EQ(r.header("location"), "/admin/articles");
  EXPECT_FALSE(cookie_named(r, "dossier_session").empty()) << "signing in still works";
  // Only local paths inside the newsroom: never another host.
  for (std::string next : {"//evil.example/admin", "/\\evil.example", "https://evil.example/admin",
                           "/admin\\..\\x", "/admin\tx"}) {
    auto other = sign_in(next);
    EXPECT_EQ(other.header("location"), "/admin/articles") << next;
  }
  EXPECT_EQ(sign_in("/admin/media?page=2").header("location"), "/admin/media?page=2");
}

TEST_F(HttpE2e, AQuoteCorrectionCannotInjectAHeader) {
  auto ids = run({"/usr/bin/sqlite3", data_ + "/dossier.db",
                  "SELECT id || ' ' || article_id FROM quotes ORDER BY id LIMIT 1;"});
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  std::istringstream in(ids.out);
  std::string quote, article;
  in >> quote >> article;
  ASSERT_FALSE(quote.empty()) << "the demo's analysis found no quote";
  auto page = send("GET", "/admin/quotes?article=" + article, {{"Cookie", session()}});
  ASSERT_EQ(page.status, 200);
  auto csrf = hidden_field(page.body, "_csrf");
  auto r = send("POST", "/admin/quotes/" + quote, {{"Cookie", session()}},
                form_body({{"_csrf", csrf},
                           {"article", article + "\r\nSet-Cookie: injected=1\r\nX-Injected: yes"},
                           {"speaker", ""}}));
  // The field is refused before anything is saved; were it not, the server would refuse to
  // send the header (tests/http/header_safety_test.cpp).
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(carries_injection(r)) << r.header("set-cookie");
  EXPECT_TRUE(r.header("location").empty());
  // The same form with a proper article number still redirects.
  auto ok = send("POST", "/admin/quotes/" + quote, {{"Cookie", session()}},
                 form_body({{"_csrf", csrf}, {"article", article}, {"speaker", ""}}));
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(ok.header("location"), "/admin/quotes?article=" + article + "&done=1");
}

// --- Host and Expect (RFC 9112 section 3.2, RFC 9110 section 10.1.1). ---

TEST_F(HttpE2e, Http11WithoutHostGets400) {
  Connection c(port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Host"), std::string::npos);
  // HTTP/1.0 did not require it.
  Connection old(port());
  ASSERT_TRUE(old.send("GET / HTTP/1.0\r\n\r\n"));
  auto r10 = old.read_response();
  ASSERT_TRUE(r10.has_value());
  EXPECT_EQ(r10->status, 200);
  expect_still_serving();
}

TEST_F(HttpE2e, ExpectContinueGetsItsInterimAnswerBeforeTheBody) {
  std::string body = "email=continue%40example.org";
  Connection c(port());
  ASSERT_TRUE(c.send(
      "POST /subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n"));
  // Nothing of the body is sent until the server says so.
  auto interim = c.read_response(false, 3000ms);
  ASSERT_TRUE(interim.has_value()) << "no 100 Continue";
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send(body));
  auto final_answer = c.read_response();
  ASSERT_TRUE(final_answer.has_value());
  EXPECT_EQ(final_answer->status, 200);
  EXPECT_NE(final_answer->body.find("Check your mail"), std::string::npos);
}

TEST_F(HttpE2e, ExpectContinueGetsAFinalAnswerWhenTheHeadersAreRefused) {
  auto ask = [&](std::string const& head) {
    Connection c(port());
    EXPECT_TRUE(c.send(head));
    return c.read_response(false, 3000ms);
  };
  auto too_large =
      ask("POST /subscribe HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10000000"
          "\r\n\r\n");
  ASSERT_TRUE(too_large.has_value());
  EXPECT_EQ(too_large->status, 413);
  auto signed_out =
      ask("POST /admin/media HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: "
          "multipart/form-data; boundary=b\r\nContent-Length: 900000\r\n\r\n");
  ASSERT_TRUE(signed_out.has_value());
  EXPECT_EQ(signed_out->status, 401);
  auto unknown =
      ask("POST /subscribe HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 5\r\n\r\n");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->status, 417);
  expect_still_serving();
}

// --- Security headers on every kind of answer, from the renderer and from the page cache. ---

TEST_F(HttpE2e, EveryPageTypeCarriesTheSecurityHeaders) {
  auto home = send("GET", "/");
  auto at = home.body.find("/static/style.");
  ASSERT_NE(at, std::string::npos);
  auto asset = home.body.substr(at, home.body.find('"', at) - at);
  for (std::string target :
       {std::string("/"), std::string(kArticle), std::string("/category/news"),
        std::string("/tag/diplomacy"), std::string("/author/kenji-morrow"),
        std::string("/search?q=ceasefire"), std::string("/feed.xml"), std::string("/no-such-page"),
        asset, std::string("/api/search?q=ceasefire"), std::string("/api/entities"),
        std::string("/quotes")}) {
    // Twice: the second answer of a cacheable page comes from the page cache; and once
    // compressed, as browsers ask.
    for (auto const& headers :
         {std::map<std::string, std::string>{}, std::map<std::string, std::string>{},
          std::map<std::string, std::string>{{"Accept-Encoding", "gzip"}}}) {
      auto r = send("GET", target, headers);
      EXPECT_NE(r.status, 0) << target;
      EXPECT_EQ(r.header("content-security-policy"),
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors "
                "'none'; base-uri 'self'; object-src 'none'")
          << target;
      EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << target;
      EXPECT_EQ(r.header("x-frame-options"), "DENY") << target;
      EXPECT_EQ(r.header("referrer-policy"), "strict-origin-when-cross-origin") << target;
    }
  }
  // A 304 and a HEAD too.
  auto page = send("GET", kArticle);
  auto not_modified = send("GET", kArticle, {{"If-None-Match", page.header("etag")}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.header("x-frame-options"), "DENY");
  // The server's own early answers as well.
  auto too_long = send("GET", "/" + std::string(6000, 'a'));
  EXPECT_EQ(too_long.status, 414);
  EXPECT_EQ(too_long.header("x-content-type-options"), "nosniff");
}

TEST_F(HttpE2e, TheNewsroomKeepsItsOwnHeaders) {
  auto r = send("GET", "/admin/articles", {{"Cookie", session()}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_NE(r.header("content-security-policy").find("blob:"), std::string::npos)
      << "the newsroom's own policy, not the site's";
  EXPECT_EQ(r.header("content-security-policy").find('\n'), std::string::npos)
      << "one policy, not two";
}

}  // namespace
}  // namespace dossier::test
