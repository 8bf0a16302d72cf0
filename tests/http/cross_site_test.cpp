// Where a form's POST comes from (http/cross_site.hpp): Fetch Metadata first, then Origin
// against the Host header or the configured site URL; clients sending neither are let in.
#include <gtest/gtest.h>

#include "http/cross_site.hpp"

namespace dossier::http {
namespace {

constexpr char const* kSite = "https://news.example.org";

Request post_with(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = Method::Post;
  r.headers = std::move(headers);
  return r;
}

TEST(CrossSite, FetchMetadataDecides) {
  EXPECT_EQ(provenance(post_with({{"sec-fetch-site", "cross-site"}}), kSite),
            Provenance::AnotherSite);
  for (auto const* same : {"same-origin", "same-site", "none", "Same-Origin"})
    EXPECT_EQ(provenance(post_with({{"sec-fetch-site", same}}), kSite), Provenance::ThisSite)
        << same;
  // A sibling host of the same registrable domain: the browser says same-site, and it is let
  // in although its Origin is not this host's.
  EXPECT_EQ(provenance(post_with({{"sec-fetch-site", "same-site"},
                                  {"origin", "https://blog.example.org"},
                                  {"host", "news.example.org"}}),
                       kSite),
            Provenance::ThisSite);
  EXPECT_EQ(provenance(post_with({{"sec-fetch-site", "cross-site"},
                                  {"origin", "https://news.example.org"},
                                  {"host", "news.example.org"}}),
                       kSite),
            Provenance::AnotherSite);
}

TEST(CrossSite, WithoutFetchMetadataOriginMustBeThisSite) {
  auto with_origin = [](std::string origin, std::string host) {
    return provenance(post_with({{"origin", origin}, {"host", host}}), kSite);
  };
  EXPECT_EQ(with_origin("http://127.0.0.1:8080", "127.0.0.1:8080"), Provenance::ThisSite);
  EXPECT_EQ(with_origin("https://NEWS.example.org", "news.example.org:443"), Provenance::ThisSite);
  EXPECT_EQ(with_origin("http://127.0.0.1:8081", "127.0.0.1:8080"), Provenance::AnotherSite);
  EXPECT_EQ(with_origin("https://evil.example", "news.example.org"), Provenance::AnotherSite);
  EXPECT_EQ(with_origin("https://news.example.org.evil.example", "news.example.org"),
            Provenance::AnotherSite);
  EXPECT_EQ(with_origin("null", "news.example.org"), Provenance::AnotherSite);
  // Behind a proxy the Host may be the backend's address: the configured site URL matches.
  EXPECT_EQ(with_origin("https://news.example.org", "127.0.0.1:8080"), Provenance::ThisSite);
  EXPECT_EQ(provenance(post_with({{"origin", "https://evil.example"}}), ""),
            Provenance::AnotherSite)
      << "no Host, no site URL";
}

TEST(CrossSite, ClientsSendingNeitherHeaderAreLetIn) {
  EXPECT_EQ(provenance(post_with({}), kSite), Provenance::ThisSite);
  EXPECT_EQ(provenance(post_with({{"host", "news.example.org"}}), ""), Provenance::ThisSite);
}

TEST(CrossSite, OriginOfAUrl) {
  EXPECT_EQ(origin_of("https://News.Example.org/path?q=1"), "https://news.example.org");
  EXPECT_EQ(origin_of("http://127.0.0.1:80"), "http://127.0.0.1");
  EXPECT_EQ(origin_of("https://example.org:8443/"), "https://example.org:8443");
  EXPECT_EQ(origin_of("null"), "");
  EXPECT_EQ(origin_of("ftp://example.org"), "");
}

}  // namespace
}  // namespace dossier::http
