// The real dossier binary's feeds and sitemaps, checked by outside tools: every document must
// pass `xmllint --noout`, and every feed must parse in feedparser (tests/feeds/parse_feed.py,
// run with Debian's python3) without the "bozo" flag, with dates it can read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

namespace fs = std::filesystem;

constexpr char const* kSiteUrl = "https://meridian.example";
constexpr char const* kNewest = "critical-minerals-supply-chains-special-report";
constexpr char const* kNewestTitle = "Brittle Links: Critical Minerals and the Security of Supply";
constexpr int kFeedItems = 5;
constexpr int kPublicDemoArticles = 11;  // 12 demo files, one of them a page (/about)

fs::path parse_feed_script() {
  // Not __FILE__: ccache's base_dir makes it relative to the build folder.
  return fs::path(::dossier::test::test_dir()) / "feeds" / "parse_feed.py";
}

class FeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-feeds-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto demo = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // The newest demo article becomes an hour old, so the news sitemap (two days) has it;
    // the link tables carry the article's time too.
    auto bump = run({"/usr/bin/sqlite3", "-cmd", ".timeout 10000", data_ + "/dossier.db",
                     "UPDATE articles SET published_at = CAST(strftime('%s', 'now') AS INTEGER)"
                     " - 3600 WHERE slug = '" +
                         std::string(kNewest) +
                         "';"
                         "UPDATE article_categories SET published_at = (SELECT published_at FROM"
                         " articles WHERE id = article_id);"
                         "UPDATE article_tags SET published_at = (SELECT published_at FROM"
                         " articles WHERE id = article_id);"
                         "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', published_at, 'unixepoch')"
                         " FROM articles WHERE slug = '" +
                         kNewest + "';"});
    ASSERT_EQ(bump.exit_code, 0) << bump.err;
    newest_published_ = bump.out.substr(0, bump.out.find('\n'));
    server_ = std::make_unique<ServerProcess>(
        data_,
        std::map<std::string, std::string>{{"DOSSIER_SITE_URL", kSiteUrl},
                                           {"DOSSIER_FEEDS_FULL_CONTENT", "true"},
                                           {"DOSSIER_FEEDS_ITEMS", std::to_string(kFeedItems)}});
    ASSERT_TRUE(server_->started()) << "server did not start: " << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }

  static HttpResponse get(std::string const& target) {
    auto r = request(server_->port(), "GET", target);
    EXPECT_TRUE(r.has_value()) << "no response for " << target;
    return r.value_or(HttpResponse{});
  }

  // Writes a response body where the outside tools can read it.
  static std::string save(std::string const& body) {
    auto path = data_ + "/fetched.xml";
    std::ofstream out(path, std::ios::binary);
    out << body;
    return path;
  }

  static void expect_well_formed(std::string const& target, std::string const& body) {
    auto lint = run({"/usr/bin/xmllint", "--noout", save(body)});
    EXPECT_EQ(lint.exit_code, 0) << target << ": " << lint.err;
  }

  static nlohmann::json parse_feed(std::string const& target, std::string const& body) {
    auto parsed = run({"/usr/bin/python3", parse_feed_script().string(), save(body)});
    EXPECT_EQ(parsed.exit_code, 0) << target << ": " << parsed.err;
    auto json = nlohmann::json::parse(parsed.out, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << target << ": " << parsed.out;
    return json.is_discarded() ? nlohmann::json::object() : json;
  }

  static inline std::string data_;
  static inline std::string newest_published_;
  static inline std::unique_ptr<ServerProcess> server_;
};

struct FeedCase {
  std::string path;
  int entries;
  std::string first_slug;
};

TEST_F(FeedsTest, EveryFeedIsWellFormedAndParsesWithoutBozo) {
  std::vector<FeedCase> cases{
      {"", kFeedItems, kNewest},
      {"/category/europe", 2, "bosnia-herzegovina-election-result"},
      {"/category/reports", 1, kNewest},
      {"/tag/diplomacy", 3, "imec-corridor-geography-and-politics"},
      {"/author/kenji-morrow", 2, kNewest},
  };
  for (auto const& c : cases) {
    for (auto const* format : {"feed.xml", "atom.xml"}) {
      auto target = c.path + "/" + format;
      bool rss = std::string(format) == "feed.xml";
      auto r = get(target);
      ASSERT_EQ(r.status, 200) << target;
      EXPECT_EQ(r.header("content-type"),
                rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8")
          << target;
      expect_well_formed(target, r.body);
      auto feed = parse_feed(target, r.body);
      EXPECT_EQ(feed.value("bozo", true), false) << target << ": " << feed.dump();
      EXPECT_EQ(feed.value("version", ""), rss ? "rss20" : "atom10") << target;
      EXPECT_EQ(feed.value("entries", -1), c.entries) << target;
      EXPECT_EQ(feed.value("all_dates_parse", false), true) << target;
      auto url = std::string(kSiteUrl) + "/articles/" + c.first_slug;
      EXPECT_EQ(feed["first"].value("link", ""), url) << target;
      EXPECT_EQ(feed["first"].value("id", ""), url) << target;
      EXPECT_EQ(feed["first"].value("has_content", false), true) << target;  // full_content
    }
  }
}

TEST_F(FeedsTest, FirstEntryIsTheNewestDemoArticleWithItsImage) {
  auto image_bytes = fs::file_size(fs::path(data_) / "media/demo/critical-minerals.jpg");
  for (auto const* target : {"/feed.xml", "/atom.xml"}) {
    auto feed = parse_feed(target, get(target).body);
    EXPECT_EQ(feed.value("title", ""), "Meridian Institute for Global Affairs") << target;
    auto const& first = feed["first"];
    EXPECT_EQ(first.value("title", ""), kNewestTitle) << target;
    EXPECT_EQ(first.value("published", ""), newest_published_) << target;
    EXPECT_EQ(first.value("author", ""), "Kenji Morrow") << target;
    ASSERT_TRUE(first["enclosure"].is_object()) << target << ": " << feed.dump();
    EXPECT_EQ(first["enclosure"].value("href", ""),
              std::string(kSiteUrl) + "/media/demo/critical-minerals.jpg")
        << target;
    EXPECT_EQ(first["enclosure"].value("type", ""), "image/jpeg") << target;
    EXPECT_EQ(first["enclosure"].value("length", ""), std::to_string(image_bytes)) << target;
  }
  // The enclosure's URL serves that very image.
  auto image = get("/media/demo/critical-minerals.jpg");
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.body.size(), image_bytes);
}

TEST_F(FeedsTest, SitemapsAreWellFormedAndListTheSite) {
  auto index = get("/sitemap.xml");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "application/xml; charset=utf-8");
  expect_well_formed("/sitemap.xml", index.body);
  EXPECT_NE(index.body.find(std::string("<loc>") + kSiteUrl + "/sitemaps/pages.xml</loc>"),
            std::string::npos);
  EXPECT_NE(index.body.find(std::string("<loc>") + kSiteUrl + "/sitemaps/articles-1.xml</loc>"),
            std::string::npos);

  auto pages = get("/sitemaps/pages.xml");
  ASSERT_EQ(pages.status, 200);
  expect_well_formed("/sitemaps/pages.xml", pages.body);
  for (auto const* path :
       {"/", "/latest", "/category/europe", "/tag/diplomacy", "/author/kenji-morrow", "/about"})
    EXPECT_NE(pages.body.find(std::string("<loc>") + kSiteUrl + path + "</loc>"), std::string::npos)
        << path;

  auto articles = get("/sitemaps/articles-1.xml");
  ASSERT_EQ(articles.status, 200);
  expect_well_formed("/sitemaps/articles-1.xml", articles.body);
  std::size_t urls = 0;
  for (auto p = articles.body.find("<url>"); p != std::string::npos;
       p = articles.body.find("<url>", p + 1))
    ++urls;
  EXPECT_EQ(urls, static_cast<std::size_t>(kPublicDemoArticles));
  EXPECT_EQ(articles.body.find("/about<"), std::string::npos);
  EXPECT_EQ(get("/sitemaps/articles-2.xml").status, 404);

  // Only the article published an hour ago is recent enough for Google News.
  auto news = get("/news-sitemap.xml");
  ASSERT_EQ(news.status, 200);
  expect_well_formed("/news-sitemap.xml", news.body);
  EXPECT_NE(news.body.find(std::string("<loc>") + kSiteUrl + "/articles/" + kNewest + "</loc>"),
            std::string::npos);
  EXPECT_NE(
      news.body.find("<news:publication_date>" + newest_published_ + "</news:publication_date>"),
      std::string::npos);
  EXPECT_EQ(news.body.find("<url>", news.body.find("<url>") + 1), std::string::npos);
}

TEST_F(FeedsTest, RobotsTxtPointsAtBothSitemaps) {
  auto r = get("/robots.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(r.body.find("User-agent: *\nAllow: /\n"), std::string::npos);
  EXPECT_NE(r.body.find(std::string("Sitemap: ") + kSiteUrl + "/sitemap.xml\n"), std::string::npos);
  EXPECT_NE(r.body.find(std::string("Sitemap: ") + kSiteUrl + "/news-sitemap.xml\n"),
            std::string::npos);
}

TEST_F(FeedsTest, UnknownScopesGetTheThemed404) {
  for (auto const* target : {"/category/none/feed.xml", "/tag/none/atom.xml",
                             "/author/nobody/feed.xml", "/sitemaps/articles-0.xml"}) {
    auto r = get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_NE(r.body.find("Page not found"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace dossier::test
