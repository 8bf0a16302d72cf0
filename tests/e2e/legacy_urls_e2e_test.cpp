// An imported WordPress site's old addresses against the real binary (issue 20: "every old
// permalink answers 301 to the new page, without a redirect chain"): a small export written
// for this test goes through `dossier import wordpress`, then `dossier serve` answers each
// address the old site had with one 301 to a page that answers 200.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

// An invented newsroom's export: two authors, a category under another, a tag, a published
// post, a page under a parent path, and a draft whose old addresses must stay 404.
constexpr char const* kExport = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Lantern Valley Gazette</title>
  <link>https://lantern.example.net</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://lantern.example.net</wp:base_site_url>
  <wp:base_blog_url>https://lantern.example.net</wp:base_blog_url>
  <wp:author><wp:author_id>7</wp:author_id><wp:author_login>rowan</wp:author_login><wp:author_email>rowan@lantern.example.net</wp:author_email><wp:author_display_name>Rowan Pike</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>31</wp:term_id><wp:category_nicename>region</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Region</wp:cat_name></wp:category>
  <wp:category><wp:term_id>32</wp:term_id><wp:category_nicename>uplands</wp:category_nicename><wp:category_parent>region</wp:category_parent><wp:cat_name>Uplands</wp:cat_name></wp:category>
  <wp:tag><wp:term_id>41</wp:term_id><wp:tag_slug>ferries</wp:tag_slug><wp:tag_name>Ferries</wp:tag_name></wp:tag>
  <item>
    <title>Ferry timetable returns to summer hours</title>
    <link>https://lantern.example.net/2024/05/06/ferry-summer-hours/</link>
    <dc:creator>rowan</dc:creator>
    <content:encoded><![CDATA[<p>The valley ferry runs every half hour again from Monday.</p>]]></content:encoded>
    <wp:post_id>501</wp:post_id>
    <wp:post_date>2024-05-06 08:00:00</wp:post_date>
    <wp:post_date_gmt>2024-05-06 07:00:00</wp:post_date_gmt>
    <wp:post_name>ferry-summer-hours</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="uplands">Uplands</category>
    <category domain="post_tag" nicename="ferries">Ferries</category>
  </item>
  <item>
    <title>About the Gazette</title>
    <link>https://lantern.example.net/who-we-are/about-the-gazette/</link>
    <dc:creator>rowan</dc:creator>
    <content:encoded><![CDATA[<p>A weekly paper for the valley since 1911.</p>]]></content:encoded>
    <wp:post_id>502</wp:post_id>
    <wp:post_date>2024-01-02 08:00:00</wp:post_date>
    <wp:post_date_gmt>2024-01-02 08:00:00</wp:post_date_gmt>
    <wp:post_name>about-the-gazette</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title>Bridge repairs: the council's unfinished plan</title>
    <link>https://lantern.example.net/?p=503</link>
    <dc:creator>rowan</dc:creator>
    <content:encoded><![CDATA[<p>Not ready yet.</p>]]></content:encoded>
    <wp:post_id>503</wp:post_id>
    <wp:post_date>2024-05-07 08:00:00</wp:post_date>
    <wp:post_date_gmt>2024-05-07 07:00:00</wp:post_date_gmt>
    <wp:post_name>bridge-repairs-plan</wp:post_name>
    <wp:status>draft</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
)";

class LegacyUrlsE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-legacy-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto file = data_ + "/export.xml";
    std::ofstream(file) << kExport;
    auto imported = run({dossier_binary(), "--data", data_, "import", "wordpress", file});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    // Renamed after the import, as an editor would: the old permalinks must still take one hop.
    auto renamed = run({"/usr/bin/sqlite3", "-cmd", ".timeout 10000", data_ + "/dossier.db",
                        "UPDATE articles SET slug = 'ferries-back-on-summer-hours'"
                        " WHERE slug = 'ferry-summer-hours';"});
    ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
    server_ = std::make_unique<ServerProcess>(data_);
    ASSERT_TRUE(server_->started()) << "server did not start: " << server_->first_line();
  }
  static void TearDownTestSuite() {
    server_.reset();
    remove_tree(data_);
  }

  // One 301 to `location`, cacheable for a day, and the page there answers 200.
  static void expect_one_hop(std::string const& target, std::string const& location) {
    auto r = request(server_->port(), "GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_EQ(r->status, 301) << target;
    EXPECT_EQ(r->header("location"), location) << target;
    EXPECT_EQ(r->header("cache-control"), "public, max-age=86400") << target;
    auto there = request(server_->port(), "GET", location);
    ASSERT_TRUE(there.has_value());
    EXPECT_EQ(there->status, 200) << target << " -> " << location;
  }

  static int status_of(std::string const& target, std::string const& method = "GET") {
    auto r = request(server_->port(), method, target);
    return r ? r->status : 0;
  }

  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(LegacyUrlsE2e, EveryOldPermalinkTakesOneHopToTheRenamedArticle) {
  for (auto path : {"/2024/05/06/ferry-summer-hours/", "/2024/05/06/ferry-summer-hours",
                    "/2024/05/06/Ferry-Summer-Hours/", "/index.php/2024/05/06/ferry-summer-hours/",
                    "/?p=501", "/?p=501&utm_source=newsletter"})
    expect_one_hop(path, "/articles/ferries-back-on-summer-hours");
  EXPECT_EQ(status_of("/2024/05/06/ferry-summer-hours/", "HEAD"), 301);
  EXPECT_NE(status_of("/2024/05/06/ferry-summer-hours/", "POST"), 301);
}

TEST_F(LegacyUrlsE2e, PagesArchivesAndFeedsRedirect) {
  for (auto path : {"/who-we-are/about-the-gazette/", "/?page_id=502", "/?p=502"})
    expect_one_hop(path, "/about-the-gazette");
  for (auto path : {"/category/region/uplands/", "/?cat=32"})
    expect_one_hop(path, "/category/uplands");
  expect_one_hop("/category/region/uplands/feed/", "/category/uplands/feed.xml");
  expect_one_hop("/tag/ferries/", "/tag/ferries");
  expect_one_hop("/tag/ferries/feed/", "/tag/ferries/feed.xml");
  expect_one_hop("/author/rowan/", "/author/rowan");
  expect_one_hop("/author/rowan/feed/", "/author/rowan/feed.xml");
  for (auto path : {"/feed/", "/?feed=rss2"}) expect_one_hop(path, "/feed.xml");
}

TEST_F(LegacyUrlsE2e, UnpublishedAndUnknownAddressesStay404) {
  EXPECT_EQ(status_of("/?p=503"), 200) << "a draft's ?p= is the home page, no redirect";
  auto home = request(server_->port(), "GET", "/?p=503");
  ASSERT_TRUE(home.has_value());
  EXPECT_TRUE(home->header("location").empty());
  for (auto path : {"/2024/05/07/bridge-repairs-plan/", "/never/was/here/", "/bad%zz/"})
    EXPECT_GE(status_of(path), 400) << path;
  EXPECT_EQ(status_of("/never/was/here/"), 404);
  EXPECT_EQ(status_of("/" + std::string(3000, 'a')), 404);
  EXPECT_EQ(status_of("/"), 200);
}

}  // namespace
}  // namespace dossier::test
