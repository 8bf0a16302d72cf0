// The syndication routes through the site's route table, without sockets: content types,
// cache keys, 404s, RSS/Atom/sitemap markup, and escaping of hostile content into XML that
// stays well formed (checked with xmllint).
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "feeds/feed_fixture.hpp"

namespace dossier::test {
namespace {

using feeds::FeedContent;
using publishing::ArticleKind;

using FeedHandlersTest = FeedSiteTest;

constexpr char const* kRss = "application/rss+xml; charset=utf-8";
constexpr char const* kAtom = "application/atom+xml; charset=utf-8";
constexpr char const* kXml = "application/xml; charset=utf-8";

// xmllint's verdict on a document: true when it is well formed.
bool well_formed(TempDir const& dir, std::string const& body) {
  auto file = dir.write("doc.xml", body);
  auto command = "/usr/bin/xmllint --noout '" + file.string() + "'";
  int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::size_t count(std::string const& text, std::string const& part) {
  std::size_t n = 0;
  for (auto p = text.find(part); p != std::string::npos; p = text.find(part, p + 1)) ++n;
  return n;
}

TEST_F(FeedHandlersTest, EveryRouteAnswersWithItsTypeAndCacheKeys) {
  add({.title = "Something", .tag = energy_});
  struct Case {
    std::string path;
    std::string type;
    std::vector<std::string> keys;
  };
  auto id = [](publishing::Id n) { return std::to_string(n); };
  std::vector<Case> cases{
      {"/feed.xml", kRss, {"latest", "site"}},
      {"/atom.xml", kAtom, {"latest", "site"}},
      {"/category/europe/feed.xml", kRss, {"category:" + id(europe_), "site"}},
      {"/category/europe/atom.xml", kAtom, {"category:" + id(europe_), "site"}},
      {"/tag/energy/feed.xml", kRss, {"tag:" + id(energy_), "site"}},
      {"/tag/energy/atom.xml", kAtom, {"tag:" + id(energy_), "site"}},
      {"/author/ada/feed.xml", kRss, {"author:" + id(ada_), "site"}},
      {"/author/ada/atom.xml", kAtom, {"author:" + id(ada_), "site"}},
      {"/sitemap.xml", kXml, {"latest", "site"}},
      {"/sitemaps/pages.xml", kXml, {"latest", "site"}},
      {"/sitemaps/articles-1.xml", kXml, {"latest", "site"}},
      {"/news-sitemap.xml", kXml, {"latest", "site"}},
      {"/robots.txt", "text/plain; charset=utf-8", {"site"}},
  };
  for (auto const& c : cases) {
    auto r = get(c.path);
    EXPECT_EQ(r.status, 200) << c.path;
    EXPECT_EQ(r.content_type, c.type) << c.path;
    EXPECT_EQ(r.cache_keys, c.keys) << c.path;
    if (c.type != "text/plain; charset=utf-8") {
      EXPECT_EQ(r.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u) << c.path;
      EXPECT_TRUE(well_formed(dir_, r.body)) << c.path << "\n" << r.body;
    }
  }
}

TEST_F(FeedHandlersTest, UnknownScopesAndFilesGetTheThemed404) {
  add({.title = "Something"});
  for (auto path :
       {"/category/none/feed.xml", "/category/none/atom.xml", "/tag/none/feed.xml",
        "/tag/none/atom.xml", "/author/nobody/feed.xml", "/author/nobody/atom.xml",
        "/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml",
        "/sitemaps/articles-x.xml", "/sitemaps/articles-.xml", "/sitemaps/articles-1.txt",
        "/sitemaps/other.xml", "/sitemaps/articles-99999999999999999999.xml"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(contains(r.body, "Page not found")) << path;
    EXPECT_TRUE(contains(r.body, "class=\"site-header\"")) << path;
    EXPECT_TRUE(r.cache_keys.empty()) << path;
  }
}

TEST_F(FeedHandlersTest, RssItemsHaveDatesGuidsAuthorsCategoriesAndEnclosures) {
  publishing::ArticleInput in;
  in.title = "Gas deal signed";
  in.dek = "Warsaw and Oslo agree.";
  in.body_markdown = "Text.";
  in.status = publishing::ArticleStatus::Published;
  in.author_id = ada_;
  in.published_at = kFeedNow - kHour;
  in.category_ids = {europe_};
  in.tag_ids = {energy_};
  in.hero_media_id = image_;
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto body = get("/feed.xml").body;
  EXPECT_TRUE(contains(body, "<title>Meridian Test</title>"));
  EXPECT_TRUE(contains(body, "<link>https://example.org/</link>"));
  EXPECT_TRUE(contains(body, "<language>en</language>"));
  EXPECT_TRUE(contains(body,
                       "<atom:link href=\"https://example.org/feed.xml\" rel=\"self\" "
                       "type=\"application/rss+xml\"/>"));
  EXPECT_TRUE(contains(
      body, "<guid isPermaLink=\"true\">https://example.org/articles/gas-deal-signed</guid>"));
  EXPECT_TRUE(contains(body, "<link>https://example.org/articles/gas-deal-signed</link>"));
  EXPECT_TRUE(contains(body, "<pubDate>Mon, 21 Sep 2026 13:13:20 GMT</pubDate>"));
  EXPECT_TRUE(contains(body, "<lastBuildDate>Mon, 21 Sep 2026 14:13:20 GMT</lastBuildDate>"));
  EXPECT_TRUE(contains(body, "<dc:creator>Ada Reporter</dc:creator>"));
  EXPECT_TRUE(
      contains(body, "<category domain=\"https://example.org/category/\">Europe</category>"));
  EXPECT_TRUE(contains(body, "<category domain=\"https://example.org/tag/\">Energy</category>"));
  EXPECT_TRUE(contains(body, "<description>Warsaw and Oslo agree.</description>"));
  EXPECT_TRUE(contains(body,
                       "<enclosure url=\"https://example.org/media/2026/09/pipeline.jpg\" "
                       "length=\"48213\" type=\"image/jpeg\"/>"));
  // Excerpt feeds carry no body.
  EXPECT_FALSE(contains(body, "content:encoded>"));
}

TEST_F(FeedHandlersTest, AtomEntriesHaveIdsDatesAuthorsAndEnclosures) {
  add({.title = "Gas deal signed", .hours_ago = 1, .tag = energy_, .hero = image_});
  auto body = get("/tag/energy/atom.xml").body;
  EXPECT_TRUE(contains(body, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
  EXPECT_TRUE(contains(body, "<id>https://example.org/tag/energy/atom.xml</id>"));
  EXPECT_TRUE(contains(body, "<title>Energy | Meridian Test</title>"));
  EXPECT_TRUE(contains(body, "<updated>2026-09-21T14:13:20Z</updated>"));
  EXPECT_TRUE(contains(body,
                       "<link rel=\"self\" type=\"application/atom+xml\" "
                       "href=\"https://example.org/tag/energy/atom.xml\"/>"));
  EXPECT_TRUE(contains(
      body,
      "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/tag/energy\"/>"));
  EXPECT_TRUE(contains(body, "<id>https://example.org/articles/gas-deal-signed</id>"));
  EXPECT_TRUE(contains(body, "<published>2026-09-21T13:13:20Z</published>"));
  EXPECT_TRUE(contains(
      body, "<author><name>Ada Reporter</name><uri>https://example.org/author/ada</uri></author>"));
  EXPECT_TRUE(contains(
      body, "<category term=\"energy\" label=\"Energy\" scheme=\"https://example.org/tag/\"/>"));
  EXPECT_TRUE(contains(body, "<summary>A short dek.</summary>"));
  EXPECT_TRUE(contains(body,
                       "<link rel=\"enclosure\" href=\"https://example.org/media/2026/09/"
                       "pipeline.jpg\" length=\"48213\" type=\"image/jpeg\"/>"));
  EXPECT_FALSE(contains(body, "<content"));
}

TEST_F(FeedHandlersTest, FullContentIsEscapedHtmlInsideTheFeed) {
  use_options({FeedContent::Full, 3});
  add({.title = "Full text",
       .body = "A *stressed* word & a [link](https://example.com/?a=1&b=2)."});
  auto rss = get("/feed.xml").body;
  EXPECT_TRUE(contains(rss,
                       "<content:encoded>&lt;p&gt;A &lt;em&gt;stressed&lt;/em&gt; word &amp;amp; "
                       "a &lt;a href=&quot;https://example.com/?a=1&amp;amp;b=2&quot;&gt;link"
                       "&lt;/a&gt;.&lt;/p&gt;\n</content:encoded>"))
      << rss;
  EXPECT_FALSE(contains(rss, "<em>"));
  EXPECT_TRUE(well_formed(dir_, rss));
  auto atom = get("/atom.xml").body;
  EXPECT_TRUE(contains(atom, "<content type=\"html\">&lt;p&gt;A &lt;em&gt;stressed&lt;/em&gt;"));
  EXPECT_FALSE(contains(atom, "<em>"));
  EXPECT_TRUE(well_formed(dir_, atom));
}

TEST_F(FeedHandlersTest, HostileTextIsEscapedAndTheXmlStaysWellFormed) {
  use_options({FeedContent::Full, 3});
  std::string hostile = "<script>alert('x')</script> & ]]> \"q\" \x01\x1f end";
  add({.title = hostile,
       .hours_ago = 1,
       .dek = hostile,
       .body = "Raw <script>alert(2)</script> and ]]> and <![CDATA[ x ]]>",
       .tag = energy_});
  {
    soci::session sql(db_->pool());
    publishing::SiteSettings s;
    s.title = "Site <b>&</b> ]]>";
    s.tagline = "Tag\x02line";
    s.language = "en\"><x";
    publishing::SiteSettingsStore::save(sql, s);
  }
  for (auto path : {"/feed.xml", "/atom.xml", "/category/europe/feed.xml", "/tag/energy/atom.xml",
                    "/author/ada/feed.xml", "/news-sitemap.xml", "/sitemaps/articles-1.xml",
                    "/sitemaps/pages.xml", "/sitemap.xml"}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_FALSE(contains(r.body, "<script>")) << path;
    EXPECT_FALSE(contains(r.body, "]]>")) << path;
    EXPECT_FALSE(contains(r.body, "<b>")) << path;
    EXPECT_FALSE(contains(r.body, "\x01")) << path;
    EXPECT_TRUE(well_formed(dir_, r.body)) << path << "\n" << r.body;
  }
  auto rss = get("/feed.xml").body;
  EXPECT_TRUE(contains(
      rss,
      "<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ]]&gt; &quot;q&quot;  end"))
      << rss;
  auto news = get("/news-sitemap.xml").body;
  EXPECT_TRUE(contains(news, "<news:name>Site &lt;b&gt;&amp;&lt;/b&gt; ]]&gt;</news:name>"));
}

TEST_F(FeedHandlersTest, SitemapIndexNamesPagesAndArticleFilesWithAbsoluteUrls) {
  add({.title = "One"});
  add({.title = "About", .kind = ArticleKind::Page});
  auto index = get("/sitemap.xml").body;
  EXPECT_TRUE(
      contains(index, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
  EXPECT_TRUE(contains(index, "<loc>https://example.org/sitemaps/pages.xml</loc>"));
  EXPECT_TRUE(contains(index, "<loc>https://example.org/sitemaps/articles-1.xml</loc>"));
  EXPECT_EQ(count(index, "<sitemap>"), 2u);

  auto pages = get("/sitemaps/pages.xml").body;
  EXPECT_TRUE(contains(
      pages, "<url><loc>https://example.org/</loc><lastmod>2026-09-21T13:13:20Z</lastmod></url>"));
  EXPECT_TRUE(contains(pages, "<loc>https://example.org/latest</loc>"));
  EXPECT_TRUE(contains(pages, "<loc>https://example.org/category/europe</loc>"));
  EXPECT_TRUE(contains(pages, "<loc>https://example.org/author/ada</loc>"));
  EXPECT_TRUE(contains(pages, "<loc>https://example.org/about</loc>"));
  EXPECT_FALSE(contains(pages, "/articles/"));

  auto articles = get("/sitemaps/articles-1.xml").body;
  EXPECT_TRUE(contains(articles,
                       "<url><loc>https://example.org/articles/one</loc>"
                       "<lastmod>2026-09-21T14:13:20Z</lastmod></url>"));
  EXPECT_FALSE(contains(articles, "/about<"));
}

TEST_F(FeedHandlersTest, NewsSitemapFollowsGoogleNewsMarkup) {
  add({.title = "Fresh news", .hours_ago = 1});
  add({.title = "Old news", .hours_ago = 60});
  auto body = get("/news-sitemap.xml").body;
  EXPECT_TRUE(contains(body, "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
  EXPECT_TRUE(contains(body,
                       "<url><loc>https://example.org/articles/fresh-news</loc><news:news>"
                       "<news:publication><news:name>Meridian Test</news:name>"
                       "<news:language>en</news:language></news:publication>"
                       "<news:publication_date>2026-09-21T13:13:20Z</news:publication_date>"
                       "<news:title>Fresh news</news:title></news:news></url>"));
  EXPECT_FALSE(contains(body, "old-news"));
}

TEST_F(FeedHandlersTest, RobotsAllowsAllAndNamesTheSitemaps) {
  auto r = get("/robots.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "User-agent: *\nAllow: /\n\n"
            "Sitemap: https://example.org/sitemap.xml\n"
            "Sitemap: https://example.org/news-sitemap.xml\n");
}

TEST_F(FeedHandlersTest, FeedTemplatesUseXmlEscaping) {
  auto dir = theme_->dir() / "templates" / "feeds";
  for (auto name :
       {"rss.tpl", "atom.tpl", "sitemap_index.tpl", "sitemap.tpl", "news_sitemap.tpl"}) {
    std::ifstream in(dir / name, std::ios::binary);
    ASSERT_TRUE(in) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str().rfind("{{%AUTOESCAPE context=\"XML\"}}\n", 0), 0u) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(theme_->dir() / "templates" / "feed_rss.tpl"));
}

}  // namespace
}  // namespace dossier::test
