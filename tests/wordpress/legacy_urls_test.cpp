// The old WordPress addresses (wordpress/legacy_urls.hpp, legacy_url_handler.hpp): how a path
// or a home query becomes a key, remembering and replacing them in a real database, and the
// site's answer through the same dispatch as the server, over the real publishing service.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "app/site_routes.hpp"
#include "core/strings.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/taxonomy_store.hpp"
#include "support/site_stack.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "wordpress/legacy_url_handler.hpp"
#include "wordpress/legacy_urls.hpp"

namespace dossier::wordpress {
namespace {

using publishing::ArticleInput;
using publishing::ArticleKind;
using publishing::ArticleStatus;
using publishing::Visibility;

constexpr UnixTime kNow = 1'790'000'000;

std::string key(std::string_view path) {
  return LegacyUrls::key_for_path(path).value_or("<none>");
}
std::string query_key(std::string_view query) {
  return LegacyUrls::key_for_home_query(query).value_or("<none>");
}

TEST(LegacyUrlKeys, PathsLoseHostCaseTrailingSlashAndFrontScript) {
  EXPECT_EQ(key("/2019/03/04/talks-resume/"), "/2019/03/04/talks-resume");
  EXPECT_EQ(key("https://old.example.org/2019/03/04/Talks-Resume/"), "/2019/03/04/talks-resume");
  EXPECT_EQ(key("http://old.example.org:8080/tag/x/#comments"), "/tag/x");
  EXPECT_EQ(key("//old.example.org/category/world/africa/"), "/category/world/africa");
  EXPECT_EQ(key("/index.php/2019/03/slug/"), "/2019/03/slug");
  EXPECT_EQ(key("/INDEX.PHP/archives/42"), "/archives/42");
  EXPECT_EQ(key("/about//team///"), "/about/team");
  EXPECT_EQ(key("//about//team///"), "/team") << "a protocol-relative URL's host goes";
  // Percent-decoded (UTF-8 slugs as WordPress escapes them), then lower case.
  EXPECT_EQ(key("/caf%C3%A9-Talks/"), "/caf\xC3\xA9-talks");
  EXPECT_EQ(key("/a%2Fb/"), "/a/b");
  EXPECT_EQ(key("/a+b/"), "/a+b") << "a path's + is a plus";
  // A query on a path is ignored; on the home it is the home query's key.
  EXPECT_EQ(key("/slug/?utm_source=mail&p=4"), "/slug");
  EXPECT_EQ(key("https://old.example.org/?p=123"), "p=123");
  EXPECT_EQ(key("/index.php?page_id=7"), "page_id=7");
  EXPECT_EQ(key("/?cat=4&paged=2"), "cat=4");
}

TEST(LegacyUrlKeys, BadOrHomeAddressesHaveNoKey) {
  EXPECT_EQ(key("/"), "<none>");
  EXPECT_EQ(key("https://old.example.org"), "<none>");
  EXPECT_EQ(key("/index.php"), "<none>");
  EXPECT_EQ(key("/?utm_source=x"), "<none>");
  EXPECT_EQ(key("/bad%zzescape/"), "<none>");
  EXPECT_EQ(key("/truncated%2"), "<none>");
  EXPECT_EQ(key("/nul%00byte"), "<none>");
  std::string longest = "/" + std::string(kMaxLegacyAddressBytes - 1, 'a');
  EXPECT_EQ(key(longest), longest);
  EXPECT_EQ(key(longest + "a"), "<none>");
}

TEST(LegacyUrlKeys, HomeQueriesFollowWordPressPrecedence) {
  EXPECT_EQ(query_key("p=123"), "p=123");
  EXPECT_EQ(query_key("?p=0123"), "p=123");
  EXPECT_EQ(query_key("utm_source=x&page_id=7"), "page_id=7");
  EXPECT_EQ(query_key("cat=4&p=9"), "p=9") << "a single post before an archive";
  EXPECT_EQ(query_key("tag=Climate%20Talks"), "tag=climate talks");
  EXPECT_EQ(query_key("tag=climate+talks"), "tag=climate talks");
  EXPECT_EQ(query_key("author=3"), "author=3");
  EXPECT_EQ(query_key("feed=rss2"), "feed=rss2");
  EXPECT_EQ(query_key("feed=ATOM"), "feed=rss2");
  EXPECT_EQ(query_key("feed=rdf"), "feed=rss2");
  EXPECT_EQ(query_key("cat=4&feed=rss2"), "cat=4");
  for (auto bad : {"", "s=search", "p=", "p=abc", "p=-3", "p=0", "p=12abc", "feed=comments-rss2",
                   "tag=", "p=%zz", "p=1234567890123456789"})
    EXPECT_EQ(query_key(bad), "<none>") << bad;
}

class LegacyUrlsTest : public ::testing::Test, protected test::SiteStack {
 protected:
  LegacyUrlsTest() : SiteStack("dossier-legacy-urls", kNow), urls_(*db_), handler_(*db_) {}

  void SetUp() override {
    soci::session sql(db_->pool());
    author_ = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada-reporter", "Ada Reporter", "Covers Europe.", "author"}, "", kNow);
    world_ = publishing::TaxonomyStore::insert_category(sql, {0, {}, "world", "World", "", 1});
    africa_ =
        publishing::TaxonomyStore::insert_category(sql, {0, world_, "africa", "Africa", "", 2});
    tag_ = publishing::TaxonomyStore::insert_tag(sql, {0, "climate", "Climate"});
  }

  publishing::Id add(std::string title, ArticleKind kind = ArticleKind::News,
                     std::string slug = "") {
    ArticleInput in;
    in.title = std::move(title);
    in.slug = std::move(slug);
    in.kind = kind;
    in.body_markdown = "Text.";
    in.status = ArticleStatus::Published;
    in.visibility = Visibility::Public;
    in.author_id = author_;
    in.published_at = kNow - 3600;
    if (kind != ArticleKind::Page) {
      in.category_ids = {africa_};
      in.tag_ids = {tag_};
    }
    auto id = publishing_->add_article(in);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  ArticleInput input_of(publishing::Id id) {
    auto view = publishing_->read_any(id);
    EXPECT_TRUE(view.has_value());
    ArticleInput in;
    in.title = view->article.title;
    in.slug = view->article.slug;
    in.kind = view->article.kind;
    in.body_markdown = view->article.body_markdown;
    in.status = view->article.status;
    in.visibility = view->article.visibility;
    in.author_id = author_;
    in.published_at = view->article.published_at;
    if (in.kind != ArticleKind::Page) {
      in.category_ids = {africa_};
      in.tag_ids = {tag_};
    }
    return in;
  }

  http::Response request(std::string const& target, http::Method method = http::Method::Get) {
    http::Request req;
    req.method = method;
    req.target = target;
    auto q = target.find('?');
    // The server answers a malformed escape 400 before dispatch; here it reaches the routes
    // as it is, to show the old addresses give it no key either.
    req.path = percent_decode(target.substr(0, q)).value_or(target.substr(0, q));
    if (q != std::string::npos) req.query = target.substr(q + 1);
    return app::dispatch(router_, *site_, req, &handler_);
  }

  // One 301 to `location`, and the page there answers 200 (no second hop).
  void expect_one_hop(std::string const& target, std::string const& location) {
    auto r = request(target);
    EXPECT_EQ(r.status, 301) << target;
    EXPECT_EQ(r.header("Location"), location) << target;
    EXPECT_EQ(r.header("Cache-Control"), kLegacyRedirectCacheControl) << target;
    EXPECT_EQ(request(location).status, 200) << target << " -> " << location;
  }

  LegacyUrls urls_;
  LegacyUrlHandler handler_;
  publishing::Id author_ = 0, world_ = 0, africa_ = 0, tag_ = 0;
};

TEST_F(LegacyUrlsTest, RememberStoresNormalizedKeysAndReplacesTargets) {
  ASSERT_TRUE(
      urls_
          .remember({{"https://old.example.org/2019/03/04/Talks/", LegacyTarget::Article, 5},
                     {"?p=5", LegacyTarget::Article, 5},
                     {"page_id=7", LegacyTarget::Article, 7},
                     {"/feed/", LegacyTarget::SiteFeed, 0}})
          .ok());
  EXPECT_EQ(urls_.count(), 4);
  auto found = urls_.find("/2019/03/04/talks");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->target, LegacyTarget::Article);
  EXPECT_EQ(found->id, 5);
  EXPECT_TRUE(urls_.find("p=5").has_value());
  EXPECT_TRUE(urls_.find("page_id=7").has_value());
  EXPECT_FALSE(urls_.find("/2019/03/04/talks/").has_value()) << "find takes a key";
  // The same address again points elsewhere: replaced, not added.
  ASSERT_TRUE(urls_.remember({{"/2019/03/04/talks", LegacyTarget::Category, 9}}).ok());
  EXPECT_EQ(urls_.count(), 4);
  EXPECT_EQ(urls_.find("/2019/03/04/talks")->target, LegacyTarget::Category);
  EXPECT_EQ(urls_.find("/2019/03/04/talks")->id, 9);
}

TEST_F(LegacyUrlsTest, RememberRefusesABadAddressAndStoresNothing) {
  auto bad = urls_.remember(
      {{"/fine/", LegacyTarget::Article, 1}, {"/broken%zz/", LegacyTarget::Article, 2}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Invalid);
  EXPECT_NE(bad.error().message.find("/broken%zz/"), std::string::npos);
  auto no_id = urls_.remember({{"/fine/", LegacyTarget::Tag, 0}});
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(urls_.count(), 0);
  // The home (a static front page's link) is passed over, not refused.
  ASSERT_TRUE(urls_
                  .remember({{"https://old.example.org/", LegacyTarget::Article, 1},
                             {"/fine/", LegacyTarget::Article, 1}})
                  .ok());
  EXPECT_EQ(urls_.count(), 1);
}

TEST_F(LegacyUrlsTest, EveryShapeAnswersOneHopToTheCurrentPage) {
  auto post = add("Talks resume");
  auto about = add("About us", ArticleKind::Page, "about-us");
  ASSERT_TRUE(
      urls_
          .remember({
              {"https://old.example.org/2019/03/04/talks-resume/", LegacyTarget::Article, post},
              {"/2019/03/talks-resume/", LegacyTarget::Article, post},
              {"/talks-resume/", LegacyTarget::Article, post},
              {"/archives/11", LegacyTarget::Article, post},
              {"p=11", LegacyTarget::Article, post},
              {"page_id=7", LegacyTarget::Article, about},
              {"/company/about/", LegacyTarget::Article, about},
              {"/category/world/africa/", LegacyTarget::Category, africa_},
              {"cat=4", LegacyTarget::Category, africa_},
              {"/tag/climate-change/", LegacyTarget::Tag, tag_},
              {"tag=climate-change", LegacyTarget::Tag, tag_},
              {"/author/ada/", LegacyTarget::Author, author_},
              {"author=2", LegacyTarget::Author, author_},
              {"/feed/", LegacyTarget::SiteFeed, 0},
              {"feed=rss2", LegacyTarget::SiteFeed, 0},
              {"/category/world/africa/feed/", LegacyTarget::CategoryFeed, africa_},
              {"/tag/climate-change/feed/", LegacyTarget::TagFeed, tag_},
              {"/author/ada/feed/", LegacyTarget::AuthorFeed, author_},
          })
          .ok());
  for (auto path : {"/2019/03/04/talks-resume/", "/2019/03/04/talks-resume",
                    "/2019/03/talks-resume/", "/talks-resume/", "/Talks-Resume", "/archives/11",
                    "/?p=11", "/?p=11&utm_source=x", "/index.php/2019/03/04/talks-resume/"})
    expect_one_hop(path, "/articles/talks-resume");
  for (auto path : {"/?page_id=7", "/company/about/"}) expect_one_hop(path, "/about-us");
  for (auto path : {"/category/world/africa/", "/?cat=4"}) expect_one_hop(path, "/category/africa");
  for (auto path : {"/tag/climate-change/", "/?tag=climate-change"})
    expect_one_hop(path, "/tag/climate");
  for (auto path : {"/author/ada/", "/?author=2"}) expect_one_hop(path, "/author/ada-reporter");
  for (auto path : {"/feed/", "/?feed=rss2", "/?feed=atom"}) expect_one_hop(path, "/feed.xml");
  for (auto path : {"/category/world/africa/feed/", "/?cat=4&feed=rss2"})
    expect_one_hop(path, "/category/africa/feed.xml");
  expect_one_hop("/tag/climate-change/feed/", "/tag/climate/feed.xml");
  expect_one_hop("/author/ada/feed/", "/author/ada-reporter/feed.xml");
  // HEAD too; other methods never.
  EXPECT_EQ(request("/talks-resume/", http::Method::Head).status, 301);
  EXPECT_NE(request("/talks-resume/", http::Method::Post).status, 301);
}

TEST_F(LegacyUrlsTest, ARenamedArticleStillTakesOneHop) {
  auto post = add("Talks resume");
  ASSERT_TRUE(urls_
                  .remember({{"/2019/03/04/talks-resume/", LegacyTarget::Article, post},
                             {"/talks-resume/", LegacyTarget::Article, post}})
                  .ok());
  auto in = input_of(post);
  in.slug = "talks-resume-in-vienna";
  ASSERT_TRUE(publishing_->edit_article(post, in).ok());
  expect_one_hop("/2019/03/04/talks-resume/", "/articles/talks-resume-in-vienna");
  expect_one_hop("/talks-resume/", "/articles/talks-resume-in-vienna");
}

TEST_F(LegacyUrlsTest, ATargetWithNoPublicPageKeepsThe404) {
  auto post = add("Talks resume");
  auto report = add("Client report");
  ASSERT_TRUE(urls_
                  .remember({{"/2019/03/04/talks-resume/", LegacyTarget::Article, post},
                             {"p=11", LegacyTarget::Article, post},
                             {"/2019/client-report/", LegacyTarget::Article, report},
                             {"/author/gone/", LegacyTarget::Author, author_},
                             {"/tag/deleted/", LegacyTarget::Tag, 999}})
                  .ok());
  auto in = input_of(post);
  in.status = ArticleStatus::Draft;
  ASSERT_TRUE(publishing_->edit_article(post, in).ok());
  auto client = input_of(report);
  client.visibility = Visibility::Clients;
  ASSERT_TRUE(publishing_->edit_article(report, client).ok());
  {
    soci::session sql(db_->pool());
    sql << "UPDATE users SET status = 'disabled' WHERE id = :id", soci::use(author_);
  }
  for (auto path : {"/2019/03/04/talks-resume/", "/2019/client-report/", "/author/gone/",
                    "/tag/deleted/", "/never/imported/"}) {
    auto r = request(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(r.header("Location").empty()) << path;
  }
  // A home query that finds nothing is the home page, kept out of the page cache.
  auto home = request("/?p=11");
  EXPECT_EQ(home.status, 200);
  EXPECT_TRUE(home.cache_keys.empty());
  EXPECT_FALSE(request("/").cache_keys.empty()) << "the home page itself is still cached";
  EXPECT_FALSE(request("/?utm_source=x").cache_keys.empty()) << "no WordPress query form";
}

TEST_F(LegacyUrlsTest, LiveRoutesWinAndMalformedAddressesAre404) {
  auto post = add("Talks resume");
  add("About us", ArticleKind::Page, "about-us");
  // An old address that is a live page now answers that page, not the redirect.
  ASSERT_TRUE(urls_
                  .remember({{"/about-us/", LegacyTarget::Article, post},
                             {"/latest/", LegacyTarget::Article, post}})
                  .ok());
  EXPECT_EQ(request("/about-us").status, 200);
  EXPECT_EQ(request("/latest").status, 200);
  EXPECT_EQ(request("/broken%zz/").status, 404);
  EXPECT_EQ(request("/" + std::string(kMaxLegacyAddressBytes + 1, 'a')).status, 404);
}

// The router ignores empty segments, so `/latest/` would be a second address of `/latest`:
// a page that exists is reached without its trailing slash in one 301 (query kept), an
// unknown one stays a 404, and a trimmed path that would begin with `//` (another host to a
// browser) is never a Location.
TEST_F(LegacyUrlsTest, ATrailingSlashGoesToThePageWithoutIt) {
  add("About us", ArticleKind::Page, "about-us");
  auto latest = request("/latest/?page=x");
  EXPECT_EQ(latest.status, 301);
  EXPECT_EQ(latest.header("Location"), "/latest?page=x");
  EXPECT_EQ(request("/about-us/").header("Location"), "/about-us");
  EXPECT_EQ(request("/about-us//").header("Location"), "/about-us");
  EXPECT_EQ(request("/no-such-page/").status, 404);
  for (auto target : {"//evil.example/", "///evil.example//"}) {
    auto r = request(target);
    EXPECT_NE(r.status, 301) << target;
    EXPECT_TRUE(r.header("Location").empty()) << target;
  }
  EXPECT_EQ(request("/about-us/", http::Method::Post).status, 405) << "only GET and HEAD move";
}

}  // namespace
}  // namespace dossier::wordpress
