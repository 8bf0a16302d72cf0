// What every response is checked for and given on its way out: no header that could split
// the response (CR, LF, NUL), the site-wide security headers unless a handler set its own,
// safe redirect targets, and no CSRF token in a logged URL.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::http {
namespace {

Request get_request() {
  Request r;
  r.method = Method::Get;
  r.target = r.path = "/";
  return r;
}

TEST(UnsafeHeader, FindsCrLfAndNulInAnyValue) {
  auto ok = Response::redirect(303, "/admin/articles");
  ok.headers.emplace_back("Set-Cookie", "a=b; Path=/; HttpOnly");
  EXPECT_EQ(unsafe_header(ok), std::nullopt);
  for (std::string const& bad :
       std::vector<std::string>{"/admin\r\nSet-Cookie: x=y", "/admin\nSet-Cookie: x=y",
                                "/admin\rX: y", std::string("/admin\0x", 8)}) {
    auto r = Response::redirect(303, bad);
    auto found = unsafe_header(r);
    ASSERT_TRUE(found.has_value()) << bad;
    EXPECT_EQ(*found, "Location");
  }
  auto cookie = Response::text(200, "ok");
  cookie.headers.emplace_back("X-Fine", "yes");
  cookie.headers.emplace_back("Set-Cookie", "a=1\r\n\r\n<script>");
  EXPECT_EQ(unsafe_header(cookie), "Set-Cookie");
}

TEST(UnsafeHeader, FindsBadNamesAndContentTypes) {
  auto name = Response::text(200, "ok");
  name.headers.emplace_back("X-Bad\r\nSet-Cookie", "v");
  EXPECT_TRUE(unsafe_header(name).has_value());
  auto spaced = Response::text(200, "ok");
  spaced.headers.emplace_back("X Bad", "v");
  EXPECT_TRUE(unsafe_header(spaced).has_value());
  auto empty = Response::text(200, "ok");
  empty.headers.emplace_back("", "v");
  EXPECT_TRUE(unsafe_header(empty).has_value());
  auto type = Response::text(200, "ok");
  type.content_type = "text/html\r\nSet-Cookie: x=y";
  EXPECT_EQ(unsafe_header(type), "Content-Type");
}

TEST(SecurityHeaders, FinalizeAddsThemToEveryResponse) {
  for (int status : {200, 404, 500}) {
    auto r = Response::text(status, "body");
    finalize(get_request(), r);
    EXPECT_EQ(r.header("Content-Security-Policy"), kDefaultContentSecurityPolicy) << status;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  }
}

TEST(SecurityHeaders, PreparedResponsesGetThemToo) {
  // The page cache's responses come finalized (their ETag and encoding are decided).
  Response r;
  r.finalized = true;
  r.shared_body = std::make_shared<std::string const>("<p>cached</p>");
  finalize(get_request(), r);
  EXPECT_EQ(r.header("Content-Security-Policy"), kDefaultContentSecurityPolicy);
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
}

TEST(SecurityHeaders, AHandlersOwnHeadersWin) {
  auto r = Response::text(200, "newsroom");
  r.set_header("Content-Security-Policy", "default-src 'none'");
  r.set_header("referrer-policy", "same-origin");  // any case: one field either way
  finalize(get_request(), r);
  int csp = 0, referrer = 0;
  for (auto const& [k, v] : r.headers) {
    csp += k == "Content-Security-Policy";
    referrer += k == "Referrer-Policy" || k == "referrer-policy";
  }
  EXPECT_EQ(csp, 1);
  EXPECT_EQ(referrer, 1);
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
}

TEST(SecurityHeaders, TheDefaultPolicyAllowsNoInlineScriptOrForeignSource) {
  std::string csp = kDefaultContentSecurityPolicy;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(csp.find("http"), std::string::npos);
  EXPECT_EQ(csp.find('*'), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
}

TEST(LocalPath, OnlyPathsOnThisSite) {
  for (auto ok : {"/", "/admin", "/admin/articles?q=a%20b", "/admin/media#top", "/caf\xc3\xa9"})
    EXPECT_TRUE(is_local_path(ok)) << ok;
  for (std::string const& bad : std::vector<std::string>{
           "", "admin", "//evil.example", "//evil.example/admin", "/\\evil.example", "/admin\\..",
           "https://evil.example/admin", "/admin\r\nSet-Cookie: x=y", "/admin\nX: y",
           std::string("/admin\0", 7), "/admin\t", "/admin x", "/admin\x7f"})
    EXPECT_FALSE(is_local_path(bad)) << bad;
}

TEST(RedactQuery, HidesTheCsrfTokenInLogs) {
  EXPECT_EQ(redact_query("/admin/media?csrf=s3cr3t"), "/admin/media?csrf=REDACTED");
  EXPECT_EQ(redact_query("/admin/media?page=2&csrf=s3cr3t&q=x"),
            "/admin/media?page=2&csrf=REDACTED&q=x");
  EXPECT_EQ(redact_query("/search?q=csrf"), "/search?q=csrf");
  EXPECT_EQ(redact_query("/admin/media"), "/admin/media");
  EXPECT_EQ(redact_query("/x?"), "/x?");
}

}  // namespace
}  // namespace dossier::http
