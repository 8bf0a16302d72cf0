// finalize(): strong ETags, 304 for If-None-Match, gzip negotiation and Vary; status_for.
#include <gtest/gtest.h>

#include <zlib.h>

#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::http {
namespace {

// Inflates a gzip stream (windowBits 15 + 16 = gzip wrapper only); empty on any error.
std::string gunzip(std::string const& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return {};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

Request get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = Method::Get;
  r.target = r.path = "/";
  r.headers = std::move(headers);
  return r;
}

// An HTML page comfortably above the gzip threshold.
std::string big_html() {
  std::string body = "<!DOCTYPE html><html><body>";
  for (int i = 0; i < 100; ++i) body += "<p>Paragraph " + std::to_string(i) + " of the story.</p>";
  return body + "</body></html>";
}

Response html(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

TEST(Finalize, AddsAStrongEtagTo200Get) {
  auto r = html("<p>hi</p>");
  finalize(get(), r);
  auto etag = std::string(r.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_FALSE(etag.starts_with("W/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<p>hi</p>");
  // Same body, same tag; another body, another tag.
  auto same = html("<p>hi</p>");
  finalize(get(), same);
  EXPECT_EQ(same.header("ETag"), etag);
  auto other = html("<p>ho</p>");
  finalize(get(), other);
  EXPECT_NE(other.header("ETag"), etag);
}

TEST(Finalize, NoEtagForErrorsOrPost) {
  auto missing = html("<p>not found</p>");
  missing.status = 404;
  finalize(get(), missing);
  EXPECT_TRUE(missing.header("ETag").empty());

  Request post = get();
  post.method = Method::Post;
  auto r = html("<p>ok</p>");
  finalize(post, r);
  EXPECT_TRUE(r.header("ETag").empty());
}

TEST(Finalize, MatchingIfNoneMatchGives304WithEmptyBody) {
  auto first = html("<p>cached</p>");
  finalize(get(), first);
  std::string etag(first.header("ETag"));

  auto again = html("<p>cached</p>");
  finalize(get({{"if-none-match", etag}}), again);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);

  // A list holding the tag, a weak form of it, and "*" match too (RFC 9110 13.1.2).
  for (auto const& inm : {"\"other\", " + etag, "W/" + etag, std::string("*")}) {
    auto r = html("<p>cached</p>");
    finalize(get({{"if-none-match", inm}}), r);
    EXPECT_EQ(r.status, 304) << inm;
  }

  auto changed = html("<p>changed</p>");
  finalize(get({{"if-none-match", etag}}), changed);
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "<p>changed</p>");
}

TEST(Finalize, HeadIsCacheableLikeGet) {
  auto first = html("<p>x</p>");
  finalize(get(), first);
  Request head = get({{"if-none-match", std::string(first.header("ETag"))}});
  head.method = Method::Head;
  auto r = html("<p>x</p>");
  finalize(head, r);
  EXPECT_EQ(r.status, 304);
}

TEST(Finalize, GzipsLargeHtmlWhenAccepted) {
  auto body = big_html();
  ASSERT_GE(body.size(), 512u);
  auto r = html(body);
  finalize(get({{"accept-encoding", "deflate, gzip, br"}}), r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  EXPECT_LT(r.body.size(), body.size());
  EXPECT_EQ(gunzip(r.body), body);
}

TEST(Finalize, GzipRepresentationHasItsOwnEtag) {
  auto plain = html(big_html());
  finalize(get(), plain);
  auto zipped = html(big_html());
  finalize(get({{"accept-encoding", "gzip"}}), zipped);
  ASSERT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_FALSE(plain.header("ETag").empty());
  EXPECT_FALSE(zipped.header("ETag").empty());
  EXPECT_NE(plain.header("ETag"), zipped.header("ETag"));
  // And each revalidates against its own tag.
  auto again = html(big_html());
  finalize(
      get({{"accept-encoding", "gzip"}, {"if-none-match", std::string(zipped.header("ETag"))}}),
      again);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST(Finalize, AHandlersOwnEtagAlsoGetsAGzipVariant) {
  auto plain = html(big_html());
  plain.set_header("ETag", "\"v7\"");
  finalize(get(), plain);
  EXPECT_EQ(plain.header("ETag"), "\"v7\"");
  auto zipped = html(big_html());
  zipped.set_header("ETag", "\"v7\"");
  finalize(get({{"accept-encoding", "gzip"}}), zipped);
  EXPECT_EQ(zipped.header("ETag"), "\"v7-gz\"");
}

TEST(Finalize, NoGzipWhenRefusedOrNotAsked) {
  for (auto const* accept : {"gzip;q=0", "gzip; q=0", "identity", "br"}) {
    auto r = html(big_html());
    finalize(get({{"accept-encoding", accept}}), r);
    EXPECT_TRUE(r.header("Content-Encoding").empty()) << accept;
    EXPECT_EQ(r.body, big_html()) << accept;
    // Vary still says the answer depends on the header.
    EXPECT_EQ(r.header("Vary"), "Accept-Encoding") << accept;
  }
  auto none = html(big_html());
  finalize(get(), none);
  EXPECT_TRUE(none.header("Content-Encoding").empty());
}

TEST(Finalize, ExplicitGzipEntryOverridesTheWildcard) {
  // "*" stands for codings not listed by name (RFC 9110 12.5.3), so "gzip;q=0" wins over it.
  for (auto const* accept : {"*, gzip;q=0", "gzip;q=0, *", "*;q=0", "GZIP;Q=0"}) {
    auto r = html(big_html());
    finalize(get({{"accept-encoding", accept}}), r);
    EXPECT_TRUE(r.header("Content-Encoding").empty()) << accept;
  }
  for (auto const* accept : {"*", "*;q=0, gzip", "br;q=1, *;q=0.5"}) {
    auto r = html(big_html());
    finalize(get({{"accept-encoding", accept}}), r);
    EXPECT_EQ(std::string(r.header("Content-Encoding")), "gzip") << accept;
  }
}

TEST(Finalize, NoGzipForImagesOrSmallBodies) {
  Response jpeg;
  jpeg.content_type = "image/jpeg";
  jpeg.body = std::string(4096, 'x');
  finalize(get({{"accept-encoding", "gzip"}}), jpeg);
  EXPECT_TRUE(jpeg.header("Content-Encoding").empty());
  EXPECT_EQ(jpeg.body, std::string(4096, 'x'));

  auto small = html("<p>short</p>");
  finalize(get({{"accept-encoding", "gzip"}}), small);
  EXPECT_TRUE(small.header("Content-Encoding").empty());
  EXPECT_EQ(small.body, "<p>short</p>");
}

TEST(Finalize, GzipsOtherTextTypes) {
  for (auto const* type : {"application/json", "application/rss+xml; charset=utf-8",
                           "text/css; charset=utf-8", "image/svg+xml"}) {
    Response r;
    r.content_type = type;
    r.body = big_html();
    finalize(get({{"accept-encoding", "gzip"}}), r);
    EXPECT_EQ(r.header("Content-Encoding"), "gzip") << type;
  }
}

TEST(Gzip, RoundTrips) {
  std::string data = big_html();
  EXPECT_EQ(gunzip(gzip(data)), data);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(StatusFor, MapsEveryErrorKind) {
  EXPECT_EQ(status_for(ErrorKind::NotFound), 404);
  EXPECT_EQ(status_for(ErrorKind::Invalid), 400);
  EXPECT_EQ(status_for(ErrorKind::Conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::Forbidden), 403);
  EXPECT_EQ(status_for(ErrorKind::TooLarge), 413);
  EXPECT_EQ(status_for(ErrorKind::Internal), 500);
}

TEST(ResponseHelpers, HeadersRedirectAndReasonPhrases) {
  Response r;
  r.set_header("X-A", "1");
  r.set_header("X-A", "2");
  EXPECT_EQ(r.header("X-A"), "2");
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_TRUE(r.header("X-B").empty());

  auto moved = Response::redirect(301, "/articles/new");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), "/articles/new");

  EXPECT_EQ(reason_phrase(304), "Not Modified");
  EXPECT_EQ(reason_phrase(405), "Method Not Allowed");
  EXPECT_EQ(reason_phrase(413), "Content Too Large");
}

}  // namespace
}  // namespace dossier::http
