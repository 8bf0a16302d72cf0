// The public site as a pure function of the request (no sockets): routes, redirects for
// renamed articles, what readers must never see, escaping of hostile content, themed errors.
#include <gtest/gtest.h>

#include <optional>

#include <filesystem>
#include <fstream>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/static_files.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/theme.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/site_stack.hpp"
#include "support/test_database.hpp"

namespace dossier {
namespace {

using publishing::ArticleInput;
using publishing::ArticleKind;
using publishing::ArticleStatus;
using publishing::Visibility;

constexpr UnixTime kNow = 1'790'000'000;  // a fixed clock: 2026-09-21

class SiteDispatchTest : public ::testing::Test, protected test::SiteStack {
 protected:
  SiteDispatchTest() : SiteStack("dossier-dispatch", kNow) {}

  void SetUp() override {
    soci::session sql(db_->pool());
    author_ = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada-reporter", "Ada Reporter", "Covers Europe.", "author"}, "", kNow);
    category_ = publishing::TaxonomyStore::insert_category(sql, {0, {}, "europe", "Europe", "", 1});
  }

  publishing::Id add(std::string title, ArticleStatus status = ArticleStatus::Published,
                     Visibility visibility = Visibility::Public, std::string body = "Text.") {
    ArticleInput in;
    in.title = std::move(title);
    in.body_markdown = std::move(body);
    in.status = status;
    in.visibility = visibility;
    in.author_id = author_;
    in.published_at = kNow - 3600;
    in.category_ids = {category_};
    auto id = publishing_->add_article(in);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  publishing::Id author_ = 0;
  publishing::Id category_ = 0;
};

TEST_F(SiteDispatchTest, EmptySiteStillRendersItsHomePage) {
  auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Nothing has been published yet."), std::string::npos);
}

TEST_F(SiteDispatchTest, RenamedArticleRedirectsPermanentlyFromItsOldSlug) {
  auto id = add("Border talks resume");
  ArticleInput in;
  in.title = "Border talks resume in Vienna";
  in.slug = "border-talks-vienna";
  in.body_markdown = "Text.";
  in.status = ArticleStatus::Published;
  in.author_id = author_;
  in.published_at = kNow - 3600;
  in.category_ids = {category_};
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  auto old = get("/articles/border-talks-resume");
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(old.header("Location"), "/articles/border-talks-vienna");
  EXPECT_EQ(get("/articles/border-talks-vienna").status, 200);
}

TEST_F(SiteDispatchTest, OldSlugOfAnUnpublishedArticleRevealsNothing) {
  auto id = add("Ceasefire draft text");
  ArticleInput in;
  in.title = "Ceasefire draft text";
  in.slug = "secret-new-slug";
  in.body_markdown = "Text.";
  in.status = ArticleStatus::Draft;
  in.author_id = author_;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  auto old = get("/articles/ceasefire-draft-text");
  EXPECT_EQ(old.status, 404);
  EXPECT_EQ(old.body.find("secret-new-slug"), std::string::npos);
  EXPECT_TRUE(old.header("Location").empty());
}

TEST_F(SiteDispatchTest, UnicodeTitlesGetReadableSlugs) {
  add("Kýiv and Zürich: talks on “grain”");
  auto r = get("/articles/kyiv-and-zurich-talks-on-grain");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Kýiv and Zürich"), std::string::npos);
}

TEST_F(SiteDispatchTest, DraftsScheduledAndRestrictedArticlesAreInvisible) {
  add("A draft not for readers", ArticleStatus::Draft, Visibility::Public);
  add("A scheduled piece", ArticleStatus::Scheduled, Visibility::Public);
  add("A client report", ArticleStatus::Published, Visibility::Clients,
      "The confidential finding reads quixotically.");
  add("Public and visible");
  for (auto path : {"/articles/a-draft-not-for-readers", "/articles/a-scheduled-piece"})
    EXPECT_EQ(get(path).status, 404) << path;
  // A client report shows an anonymous reader its teaser: the title, never the text, and the
  // page is theirs alone (publishing/access.hpp).
  auto teaser = get("/articles/a-client-report");
  EXPECT_EQ(teaser.status, 200);
  EXPECT_NE(teaser.body.find("A client report"), std::string::npos);
  EXPECT_EQ(teaser.body.find("quixotically"), std::string::npos);
  EXPECT_NE(teaser.body.find("\"isAccessibleForFree\":false"), std::string::npos);
  EXPECT_EQ(teaser.header("Cache-Control"), "private, no-store");
  EXPECT_TRUE(teaser.cache_keys.empty()) << "never in the page cache";
  for (auto path : {"/", "/latest", "/category/europe", "/author/ada-reporter", "/feed.xml"}) {
    auto body = get(path).body;
    EXPECT_NE(body.find("Public and visible"), std::string::npos) << path;
    EXPECT_EQ(body.find("A draft not for readers"), std::string::npos) << path;
    EXPECT_EQ(body.find("A scheduled piece"), std::string::npos) << path;
    EXPECT_EQ(body.find("A client report"), std::string::npos) << path;
  }
}

TEST_F(SiteDispatchTest, HostileTitlesAndBodiesAreEscaped) {
  add("<script>alert('t')</script> & \"quotes\"", ArticleStatus::Published, Visibility::Public,
      "Hello <script>alert('b')</script> <img src=x onerror=alert(1)> [x](javascript:alert(2))");
  for (auto path : {std::string("/"), std::string("/latest"), std::string("/feed.xml"),
                    std::string("/articles/script-alert-t-script-quotes")}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("onerror=alert"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("javascript:alert"), std::string::npos) << path;
  }
  auto article = get("/articles/script-alert-t-script-quotes");
  EXPECT_NE(
      article.body.find("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"),
      std::string::npos);
}

// Every <script type="application/ld+json"> of a page, parsed.
std::vector<nlohmann::json> json_ld_of(std::string const& html) {
  std::vector<nlohmann::json> out;
  std::string const open = "<script type=\"application/ld+json\">";
  for (auto p = html.find(open); p != std::string::npos; p = html.find(open, p + 1)) {
    auto start = p + open.size();
    out.push_back(nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start)));
  }
  return out;
}

TEST_F(SiteDispatchTest, PagesCarrySocialCardsAndStructuredData) {
  add("Grain corridor reopens");
  auto article = get("/articles/grain-corridor-reopens").body;
  EXPECT_NE(article.find("<meta property=\"og:type\" content=\"article\">"), std::string::npos);
  EXPECT_NE(article.find("<meta property=\"og:title\" content=\"Grain corridor reopens\">"),
            std::string::npos);
  EXPECT_NE(article.find("<meta property=\"og:url\" content=\"https://example.org/articles/"
                         "grain-corridor-reopens\">"),
            std::string::npos);
  EXPECT_NE(article.find("<meta name=\"twitter:card\" content=\"summary\">"), std::string::npos);
  EXPECT_NE(article.find("<meta property=\"article:published_time\""), std::string::npos);
  auto ld = json_ld_of(article);
  ASSERT_EQ(ld.size(), 2u);
  EXPECT_EQ(ld[0]["@type"], "NewsArticle");
  EXPECT_EQ(ld[0]["headline"], "Grain corridor reopens");
  EXPECT_EQ(ld[0]["author"][0]["name"], "Ada Reporter");
  EXPECT_EQ(ld[1]["@type"], "BreadcrumbList");
  EXPECT_EQ(ld[1]["itemListElement"][1]["name"], "Europe");

  auto home = json_ld_of(get("/").body);
  ASSERT_EQ(home.size(), 1u);
  EXPECT_EQ(home[0][0]["@type"], "Organization");
  auto category = get("/category/europe").body;
  EXPECT_EQ(json_ld_of(category).at(0)["@type"], "BreadcrumbList");
  EXPECT_NE(category.find("href=\"/category/europe/feed.xml\""), std::string::npos);
}

TEST_F(SiteDispatchTest, ArchivesPaginateAtTheConfiguredSize) {
  for (int i = 0; i < 12; ++i) add("Item number " + std::to_string(i));
  auto first = get("/category/europe");
  EXPECT_NE(first.body.find("Page 1 of 2"), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/category/europe/page/2\""), std::string::npos);
  auto second = get("/category/europe/page/2");
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Page 2 of 2"), std::string::npos);
  EXPECT_EQ(get("/category/europe/page/3").status, 404);
}

TEST_F(SiteDispatchTest, FailureInsideAHandlerGivesTheThemed500) {
  add("Something to read");
  {
    soci::session sql(db_->pool());
    sql << "DROP TABLE article_tags";  // the article page's related-articles query needs it
  }
  auto r = get("/articles/something-to-read");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("Something went wrong"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"site-header\""), std::string::npos);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST_F(SiteDispatchTest, WrongMethodOnAKnownPathIs405) {
  http::Request req;
  req.method = http::Method::Post;
  req.target = req.path = "/latest";
  auto r = app::dispatch(router_, *site_, req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD");
}

}  // namespace
}  // namespace dossier

namespace dossier {
namespace {

// Issue 17: a restricted article's images (main image, variants, images in its text) are its
// readers' only; an image a public article shows stays public.
class MediaGateTest : public SiteDispatchTest {
 protected:
  publishing::Id image(std::string const& file) {
    auto path = dir_.path() / "media" / file;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << "not really a JPEG";
    auto variant = file.substr(0, file.size() - 4) + "-640.jpg";
    std::ofstream(dir_.path() / "media" / variant) << "the narrow one";
    soci::session sql(db_->pool());
    std::string variants = "[{\"file\":\"" + variant + "\",\"mime\":\"image/jpeg\",\"width\":640," +
                           "\"height\":360}]";
    sql << "INSERT INTO media (file, mime, width, height, bytes, variants, created_at)"
           " VALUES (:f, 'image/jpeg', 1200, 675, 17, :v, 1)",
        soci::use(file), soci::use(variants);
    long long id = 0;
    sql << "SELECT id FROM media WHERE file = :f", soci::use(file), soci::into(id);
    return id;
  }

  void set_hero(publishing::Id article, publishing::Id media) {
    soci::session sql(db_->pool());
    sql << "UPDATE articles SET hero_media_id = :m WHERE id = :a", soci::use(media),
        soci::use(article);
  }

  http::Response get_as(std::string const& path, publishing::Viewer viewer) {
    site_->sections().set_viewer([viewer](http::Request const&) { return viewer; });
    auto r = get(path);
    site_->sections().set_viewer({});
    return r;
  }
};

TEST_F(MediaGateTest, ARestrictedArticlesImagesGoToItsReadersOnly) {
  auto report = add("A client report", ArticleStatus::Published, Visibility::Clients,
                    "See the chart: ![chart](/media/2026/09/chart.jpg)");
  set_hero(report, image("2026/09/hero.jpg"));
  image("2026/09/chart.jpg");
  auto open = add("An open piece");
  set_hero(open, image("2026/09/open.jpg"));
  auto shared = image("2026/09/shared.jpg");
  set_hero(add("Another client report", ArticleStatus::Published, Visibility::Clients), shared);
  set_hero(add("A public piece with the same image"), shared);

  for (auto path :
       {"/media/2026/09/hero.jpg", "/media/2026/09/hero-640.jpg", "/media/2026/09/chart.jpg"})
    EXPECT_EQ(get(path).status, 404) << path << ": an anonymous reader";
  for (auto path :
       {"/media/2026/09/open.jpg", "/media/2026/09/open-640.jpg", "/media/2026/09/shared.jpg"})
    EXPECT_EQ(get(path).status, 200) << path << ": public";

  publishing::Viewer member;
  member.kind = publishing::ViewerKind::Client;
  member.client_id = 3;
  EXPECT_EQ(get_as("/media/2026/09/hero.jpg", member).status, 404) << "no grant";
  member.grants.push_back({publishing::GrantScope::Article, report});
  auto granted = get_as("/media/2026/09/hero-640.jpg", member);
  EXPECT_EQ(granted.status, 200);
  EXPECT_EQ(granted.body, "the narrow one");
  EXPECT_EQ(granted.header("Cache-Control"), "private, max-age=3600");
  EXPECT_EQ(get_as("/media/2026/09/chart.jpg", member).status, 200) << "an image in its text";
  publishing::Viewer newsroom;
  newsroom.kind = publishing::ViewerKind::Newsroom;
  EXPECT_EQ(get_as("/media/2026/09/hero.jpg", newsroom).status, 200);

  // Made public, the report's images are everyone's (the answer is kept until a commit).
  {
    soci::session sql(db_->pool());
    // SQLite's commit hook moves the counter for any commit; on PostgreSQL it is the
    // WriteTransaction every store's writes go through that moves it (libpq has no hook).
    std::optional<store::WriteTransaction> tx;
    if (test::on_postgres()) tx.emplace(sql);
    sql << "UPDATE articles SET visibility = 'public' WHERE id = :a", soci::use(report);
    if (tx) tx->commit();
  }
  EXPECT_EQ(get("/media/2026/09/hero.jpg").status, 200);
}

}  // namespace
}  // namespace dossier
